"""Throughput of the offline engine: extract + ground on ~4 KB articles, one core.

Run: python bench/offline.py [--seconds N | --passes N]

Wall and CPU time swing widely on a shared machine; CPU instructions do not. For those, run
``valgrind --tool=callgrind python bench/offline.py --passes N`` with N = 1 and 2: the totals differ by one
pass over the articles (the script prints how many).

It measures the installed summariser (or, if none is installed, this checkout) and says which build that is: pure
Python, or compiled by mypyc (``SUMMARISER_COMPILE=1 pip install .``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("summariser") is None:  # a checkout, not installed; else the installed build
    sys.path.insert(0, str(ROOT))

from summariser.articles import Article  # noqa: E402
from summariser.grounding import ground  # noqa: E402
from summariser.offline import compiled, extract  # noqa: E402

TARGET = 4096


def _sources() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "offline_dev").glob("*.txt"))]
    batch = ROOT / "fixtures" / "articles" / "batch-sample.jsonl"
    if batch.exists():
        texts += [json.loads(line)["text"] for line in batch.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [t for t in texts if t.strip()]


def build_articles() -> list[Article]:
    """~4 KB articles: each source article, topped up with the next ones' paragraphs."""
    sources = _sources()
    if not sources:
        raise SystemExit("no articles found under fixtures/articles or tests/data/offline_dev")
    out = []
    for i, head in enumerate(sources):
        text = head.rstrip("\n")
        j = i + 1
        while len(text) < TARGET:
            extra = sources[j % len(sources)].split("\n", 1)[-1].strip()  # skip the other dateline
            text += "\n" + extra
            j += 1
        out.append(Article(text=text[: TARGET + 400].rsplit("\n", 1)[0] if len(text) > TARGET + 400 else text))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0, help="how long to run (default 3)")
    ap.add_argument("--passes", type=int, help="run exactly this many passes instead (for instruction counts: "
                    "the callgrind totals of --passes 2 and --passes 1 differ by one pass)")
    args = ap.parse_args()
    articles = build_articles()
    for a in articles:  # warm up: first calls compile lazily built patterns
        ground(extract(a), a.text, a.published)
    # Whole passes over the set, each timed on its own: on a shared machine the median pass is a steadier
    # figure than one long average, and the spread shows how noisy the run was.
    passes: list[tuple[float, float]] = []  # (wall, cpu) seconds per pass
    started = time.perf_counter()
    while (len(passes) < args.passes if args.passes is not None
           else time.perf_counter() - started < args.seconds or len(passes) < 3):
        wall, cpu = time.perf_counter(), time.process_time()
        for a in articles:
            ground(extract(a), a.text, a.published)
        passes.append((time.perf_counter() - wall, time.process_time() - cpu))
    n = len(articles)
    size = sum(len(a.text) for a in articles) / n
    runs = n * len(passes)
    total_wall = sum(w for w, _ in passes)
    cpus = sorted(c for _, c in passes)
    median, best = cpus[len(cpus) // 2], cpus[0]
    print(f"{n} articles, mean {size:.0f} chars, {len(passes)} passes ({runs} runs), extract + ground, one thread")
    engine = "compiled by mypyc (SUMMARISER_COMPILE=1)" if compiled() else "pure Python"
    print(f"engine: {engine}, from {Path(sys.modules['summariser'].__file__ or '?').parent}")
    print(f"cpu, median pass: {n / median:.0f} articles/s, {1000 * median / n:.2f} ms/article")
    print(f"cpu, best pass:   {n / best:.0f} articles/s, {1000 * best / n:.2f} ms/article")
    print(f"wall, all passes: {runs / total_wall:.0f} articles/s, {1000 * total_wall / runs:.2f} ms/article")


if __name__ == "__main__":
    main()
