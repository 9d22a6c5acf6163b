"""Per-article overhead of summariser over a bare openai call.

Both hit the same zero-latency OpenAI-compatible server on 127.0.0.1 and get
the same recorded body; the difference is what summariser adds: instructor's
request/parse, validation, grounding and assembly. Also times `summariser --help`.

    python bench/overhead.py [-n 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import openai

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_server import SEED, FakeOpenAI  # noqa: E402

from summariser import Summariser  # noqa: E402
from summariser.grounding import ground  # noqa: E402
from summariser.schema import Extraction  # noqa: E402


def per_call_ms(fn, n: int) -> float:
    for _ in range(5):  # warm caches and connections
        fn()
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - start) / n * 1000)
    return min(rounds)  # least disturbed by other load


def startup_ms() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "summariser", "--help"], check=True, capture_output=True)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=300, help="articles per round (3 rounds)")
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")

    with FakeOpenAI(latency=0.0) as server:
        sent: list[bytes] = []
        capture = httpx.Client(event_hooks={"request": [lambda r: sent.append(r.read())]})
        probe = openai.OpenAI(api_key="bench", base_url=server.base_url, http_client=capture, max_retries=0)
        Summariser(backend="llm", base_url=server.base_url, api_key="bench", mode="tools",
                   client=probe).summarise(text)
        request = json.loads(sent[-1])  # exactly what summariser sends

        summariser = Summariser(backend="llm", base_url=server.base_url, api_key="bench", mode="tools")
        bare = openai.OpenAI(api_key="bench", base_url=server.base_url, max_retries=0)
        ours = per_call_ms(lambda: summariser.summarise(text, published="2025-01-02"), args.n)
        theirs = per_call_ms(lambda: bare.chat.completions.create(**request), args.n)

    extraction = Extraction.model_validate_json(
        json.loads((ROOT / "fixtures/responses/seed-good.json").read_text())["body"]["choices"][0]["message"]
        ["tool_calls"][0]["function"]["arguments"])
    grounding_ms = per_call_ms(lambda: ground(extraction, text), args.n)

    print(f"articles per round      {args.n} (best of 3 rounds), article {len(text)} chars")
    print(f"bare openai call        {theirs:7.2f} ms/article")
    print(f"summariser.summarise    {ours:7.2f} ms/article")
    print(f"overhead                {ours - theirs:7.2f} ms/article (target <= 5 ms)")
    print(f"ratio                   {ours / theirs:7.2f}x")
    print(f"  of which grounding    {grounding_ms:7.2f} ms/article")
    print(f"`summariser --help`     {startup_ms():7.1f} ms (median of 5; target < 300 ms)")


if __name__ == "__main__":
    main()
