"""Throughput of the offline engine: extract + ground on ~4 KB articles, one core.

Run: python bench/offline.py [--seconds N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summariser.articles import Article  # noqa: E402
from summariser.grounding import ground  # noqa: E402
from summariser.offline import extract  # noqa: E402

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
    args = ap.parse_args()
    articles = build_articles()
    for a in articles[:3]:  # warm up regex caches
        ground(extract(a), a.text, a.published)
    n, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < args.seconds:
        for a in articles:
            ground(extract(a), a.text, a.published)
            n += 1
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    size = sum(len(a.text) for a in articles) / len(articles)
    print(f"{len(articles)} articles, mean {size:.0f} chars, {n} runs")
    print(f"wall: {n / elapsed:.0f} articles/s, {1000 * elapsed / n:.2f} ms/article (extract + ground, one thread)")
    print(f"cpu:  {n / cpu:.0f} articles/s, {1000 * cpu / n:.2f} ms/article")


if __name__ == "__main__":
    main()
