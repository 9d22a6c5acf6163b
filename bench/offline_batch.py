"""Offline-engine batch throughput with --jobs: the whole run (store, results file, counts), one process
against worker processes.

Run: python bench/offline_batch.py [--articles 2000] [--jobs 1 2] [--rounds 1]

Each run is `Batch` over the same ~4 KB articles (bench/offline.py's set, each copy with a line of its own so
no run is served from the cache) into a fresh store, as `summariser batch --backend offline --jobs N` does.
Wall time includes starting the worker processes; the start-up is also shown on its own. Like bench/offline.py,
it measures the installed summariser, or this checkout if none is installed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from offline import build_articles  # bench/offline.py, this script's directory; it finds summariser

from summariser.articles import Article
from summariser.batch import Batch, RunReport
from summariser.config import Settings
from summariser.jobs import available_cores
from summariser.offline import compiled
from summariser.pipeline import Summariser
from summariser.store import Store


def articles(n: int) -> list[Article]:
    base = build_articles()
    return [Article(text=f"{base[i % len(base)].text}\nBench copy {i}.", id=f"b{i:05d}") for i in range(n)]


def run(arts: list[Article], jobs: int, work: Path) -> tuple[RunReport, float]:
    """The run's report, and the CPU seconds of this (the parent) process."""
    tag = f"{jobs}-{time.monotonic_ns()}"
    with Store(work / f"store-{tag}.db") as store:
        batch = Batch(Summariser(Settings(backend="offline")), store, output=str(work / f"results-{tag}.jsonl"),
                      jobs=jobs)
        cpu = time.process_time()
        report = batch.run(arts, total=len(arts))
        cpu = time.process_time() - cpu
    assert report.counts.ok == len(arts), report.counts
    return report, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="the --jobs values to compare (default 1 2)")
    ap.add_argument("--rounds", type=int, default=1, help="runs per --jobs value, interleaved (default 1)")
    args = ap.parse_args()
    arts = articles(args.articles)
    size = sum(len(a.text) for a in arts) / len(arts)
    print(f"{len(arts)} articles, mean {size:.0f} chars; {available_cores()} cores available; "
          f"python {sys.version.split()[0]}; engine {'compiled by mypyc' if compiled() else 'pure Python'}")
    results: dict[int, list[RunReport]] = {jobs: [] for jobs in args.jobs}
    with tempfile.TemporaryDirectory(prefix="summariser-bench-") as tmp:
        for _ in range(args.rounds):
            for jobs in args.jobs:  # interleaved: a change in the machine's load hits every setting alike
                report, cpu = run(arts, jobs, Path(tmp))
                results[jobs].append(report)
                n, wall, startup = report.counts.ok, report.wall_s, report.startup_s
                print(f"--jobs {jobs}: {n / wall:6.1f} articles/s over {wall:.2f} s "
                      f"(start-up {startup:.2f} s; {n / (wall - startup):6.1f}/s without it); "
                      f"main process CPU {1000 * cpu / n:.2f} ms/article", flush=True)
    if args.rounds > 1:
        for jobs, reports in results.items():
            rates = [r.counts.ok / r.wall_s for r in reports]
            print(f"--jobs {jobs}: median {statistics.median(rates):.1f} articles/s, "
                  f"range {min(rates):.1f}-{max(rates):.1f}")


if __name__ == "__main__":  # worker processes are spawned: they import this file, and must not run it
    main()
