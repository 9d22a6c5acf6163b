"""Batch speed and memory against a local OpenAI-compatible server (prints figures).

    python bench/batch.py                      # the full run: 500 articles, then 20,000
    python bench/batch.py --quick              # a small version, for a quick check

1. Throughput: N articles, concurrency C, L seconds per request: wall time
   against the ideal N / C * L (target: within 10%).
2. Client overhead per article: CPU seconds the client spends per article, and
   wall time per article at concurrency 1 with no server latency.
3. Memory: peak RSS of `summariser batch` over M articles and over M/10, to
   show it stays flat (articles are streamed).
4. A fully cached re-run of the M articles: wall time (target: under 10 s) and
   the number of HTTP requests it made (must be 0).

The server runs in its own process so its work is not counted as the client's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "seed-korea-us-alliance.txt"


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_server.py"), "--latency", str(latency)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def served(base_url: str) -> int:
    with urllib.request.urlopen(f"{base_url}/stats") as response:
        return int(json.loads(response.read())["chat_requests"])


def write_feed(path: Path, n: int, prefix: str) -> None:
    seed = SEED.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"{prefix}{i:06d}", "text": f"{seed}\nBench line {prefix}{i}.",
                                "published": "2025-01-02"}) + "\n")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def in_process(base_url: str, feed: Path, store: Path, concurrency: int) -> tuple[float, float, float, Any]:
    """(wall s of the run, wall s including client start-up, client CPU s, report)."""
    from summariser.batch import Batch, warm_up
    from summariser.config import Settings
    from summariser.pipeline import Summariser
    from summariser.sources import Sources
    from summariser.store import Store

    t0, c0 = time.perf_counter(), cpu_seconds()
    summariser = Summariser(Settings(backend="llm", base_url=base_url, api_key="unused", mode="tools"))
    warm_up(summariser)  # imports and the client, before the clock starts
    with Store(store) as db:
        sources = Sources([str(feed)])
        total = sources.scan().articles

        async def run() -> object:
            try:
                return await Batch(summariser, db, concurrency=concurrency).arun(sources, total=total)
            finally:  # close the connections with their loop; this process runs several loops
                await summariser.llm.async_openai.close()

        report: Any = asyncio.run(run())
    return report.wall_s, time.perf_counter() - t0, cpu_seconds() - c0, report


def cli_run(base_url: str, feed: Path, store: Path, out: Path, concurrency: int) -> tuple[float, float, int]:
    """(wall s, peak RSS MiB, exit code) of one `summariser batch` process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARISER_", "OPENAI_"))}
    args = [sys.executable, "-m", "summariser", "batch", str(feed), "-o", str(out), "--store", str(store),
            "--base-url", base_url, "--mode", "tools", "-c", str(concurrency), "--no-progress", "--log-every", "60"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode()[-2000:])
    return wall, usage.ru_maxrss / 1024.0, proc.returncode  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--overhead-articles", type=int, default=200)
    parser.add_argument("--memory-articles", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="100 articles, 50 ms, 1,000 for memory")
    parser.add_argument("--skip-memory", action="store_true", help="only parts 1 and 2")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.latency, args.overhead_articles, args.memory_articles = 100, 0.05, 50, 1000

    slow, slow_url = start_server(args.latency)
    fast, fast_url = start_server(0.0)
    try:
        with tempfile.TemporaryDirectory(prefix="summariser-bench-") as tmp:
            work = Path(tmp)
            print(f"summariser batch bench  (cpus: {os.cpu_count()}, python {sys.version.split()[0]})")

            # 1. Throughput against the ideal.
            feed = work / "throughput.jsonl"
            write_feed(feed, args.articles, "t")
            wall, total_wall, cpu, report = in_process(slow_url, feed, work / "throughput.db", args.concurrency)
            ideal = args.articles / args.concurrency * args.latency
            ms = args.latency * 1000
            print(f"\n1. {args.articles} articles, concurrency {args.concurrency}, {ms:.0f} ms latency")
            print(f"   ideal {ideal:.2f} s; run {wall:.2f} s (ratio {wall / ideal:.3f}, "
                  f"{(wall / ideal - 1) * 100:+.1f}%); with client start-up {total_wall:.2f} s")
            print(f"   ok {report.counts.ok}, failed {report.counts.failed}; {report.per_minute:,.0f} articles/min")

            # 2. Client overhead per article.
            feed0 = work / "overhead.jsonl"
            write_feed(feed0, args.overhead_articles, "o")
            wall0, _, cpu0, _ = in_process(fast_url, feed0, work / "overhead.db", 1)
            print("\n2. client overhead per article")
            print(f"   CPU in the client: {cpu / args.articles * 1000:.1f} ms/article (run 1, start-up included); "
                  f"{cpu0 / args.overhead_articles * 1000:.1f} ms/article (run below)")
            print(f"   concurrency 1, 0 ms server latency: {wall0 / args.overhead_articles * 1000:.1f} ms/article "
                  f"wall over {args.overhead_articles} articles (client, HTTP and the local server together)")

            if args.skip_memory:
                return
            # 3. Peak RSS, small and large, in fresh processes.
            m = args.memory_articles
            small, large = work / "small.jsonl", work / "large.jsonl"
            write_feed(small, max(1, m // 10), "s")
            write_feed(large, m, "l")
            before = served(fast_url)
            w_small, rss_small, rc_small = cli_run(fast_url, small, work / "small.db", work / "small.out",
                                                   args.concurrency)
            w_large, rss_large, rc_large = cli_run(fast_url, large, work / "large.db", work / "large.out",
                                                   args.concurrency)
            asked = served(fast_url) - before
            print(f"\n3. peak RSS of 'summariser batch' (concurrency {args.concurrency}, 0 ms latency)")
            print(f"   {m // 10:>6,} articles: {rss_small:6.1f} MiB  ({w_small:.1f} s, exit {rc_small})")
            print(f"   {m:>6,} articles: {rss_large:6.1f} MiB  ({w_large:.1f} s, exit {rc_large}; "
                  f"{m / w_large * 60:,.0f} articles/min end to end)")
            print(f"   growth for 10x the articles: {rss_large - rss_small:+.1f} MiB; {asked:,} requests served")

            # 4. Fully cached re-run.
            before = served(fast_url)
            w_cached, rss_cached, rc_cached = cli_run(fast_url, large, work / "large.db", work / "large.out",
                                                      args.concurrency)
            lines = sum(1 for _ in (work / "large.out").open("rb"))
            print(f"\n4. fully cached re-run of {m:,} articles")
            print(f"   {w_cached:.2f} s wall (process start included), exit {rc_cached}, "
                  f"{served(fast_url) - before} HTTP requests, {lines:,} result lines, peak RSS {rss_cached:.1f} MiB")
    finally:
        for proc in (slow, fast):
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
