"""Batch runs: concurrency over one client, the shared 429 pause, failures,
cache, resume after SIGKILL, graceful SIGINT, the CLI and its report."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from click.testing import CliRunner
from conftest import API_KEY, BASE_URL, ROOT, SEED, Replay, Sleeps, response_fixture
from fake_server import FakeOpenAI, article_id

from summariser.articles import Article
from summariser.batch import Batch, Observer, price_for
from summariser.config import Settings
from summariser.limits import LLMRun, RateGate, RateLimiter
from summariser.pipeline import Summariser
from summariser.store import Store


def seed_articles(n: int, prefix: str = "a") -> list[Article]:
    text = SEED.read_text(encoding="utf-8")
    return [Article(text=f"{text}\nLine {i}.", id=f"{prefix}{i:03d}") for i in range(n)]


def write_feed(path: Path, n: int, prefix: str = "a", extra: list[str] | None = None) -> set[str]:
    with path.open("w", encoding="utf-8") as f:
        for art in seed_articles(n, prefix):
            f.write(json.dumps({"id": art.id, "text": art.text}) + "\n")
        for line in extra or []:
            f.write(line + "\n")
    return {f"{prefix}{i:03d}" for i in range(n)}


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def llm(handler: Any, *, gate: RateGate | None = None, sleep: Any = None, asleep: Any = None,
        **options: Any) -> Summariser:
    """A Summariser over the real SDK stack, its HTTP served by ``handler``."""
    settings = Settings(backend="llm", base_url=BASE_URL, api_key=API_KEY, mode=options.pop("mode", "tools"),
                        **options)
    import openai

    sync = openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, max_retries=0,
                         http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    async_client = openai.AsyncOpenAI(api_key=API_KEY, base_url=BASE_URL, max_retries=0,
                                      http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    # The SDK detects the platform in a worker thread on its first request; real thread
    # time would race the virtual clock below, so detect it now.
    from openai._base_client import get_platform

    async_client._platform = get_platform()
    extra = {k: v for k, v in {"gate": gate, "sleep": sleep, "asleep": asleep}.items() if v is not None}
    return Summariser(settings, client=sync, async_client=async_client, **extra)


def respond(name: str, request: httpx.Request) -> httpx.Response:
    recorded = response_fixture(name)
    if recorded.get("fault") == "timeout":
        raise httpx.ReadTimeout("timed out", request=request)
    return httpx.Response(recorded["status"], headers=recorded.get("headers"), json=recorded["body"])


class Scripted:
    """Serves per-article scripts (by the article id in the prompt), then seed-good."""

    def __init__(self, script: dict[str, list[str]] | None = None) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.served: list[tuple[str | None, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        aid = article_id(json.loads(request.content))
        queue = self.script.get(aid or "")
        name = queue.pop(0) if queue else "seed-good"
        self.served.append((aid, name))
        return respond(name, request)


class VirtualTime:
    """A clock that only moves when every task is waiting: sleeps cost no real time
    and the order of events is deterministic."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._ids = itertools.count()

    def clock(self) -> float:
        return self.now

    async def asleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + max(0.0, seconds), next(self._ids), future))
        await future

    async def drive(self) -> None:
        while True:
            for _ in range(50):  # let every ready task run until it waits on the clock
                await asyncio.sleep(0)
            if self._timers:
                at, _, future = heapq.heappop(self._timers)
                self.now = max(self.now, at)
                if not future.done():
                    future.set_result(None)

    async def run(self, coro: Any) -> Any:
        # The clock cannot see the run's parser thread: answers are parsed inline here.
        async def inline(self: LLMRun, fn: Any, *args: Any) -> Any:
            return fn(*args)

        driver = asyncio.ensure_future(self.drive())
        try:
            with mock.patch.object(LLMRun, "off_loop", inline):
                return await coro
        finally:
            driver.cancel()


# -- Concurrency, the shared 429 pause, failures


def test_429_storm_pauses_every_worker_then_all_finish(store):
    vt = VirtualTime()
    gate = RateGate(clock=vt.clock)
    arrivals: list[tuple[float, float]] = []  # (virtual time, gate pause left) per request
    storm = {"left": 4}

    async def overloaded(request: httpx.Request) -> httpx.Response:
        arrivals.append((vt.now, gate.remaining()))
        await vt.asleep(0.1)  # network and model time
        if storm["left"]:
            storm["left"] -= 1
            return respond("fault-429-retry-after", request)  # Retry-After: 2
        return respond("seed-good", request)

    summariser = llm(overloaded, gate=gate, asleep=vt.asleep)
    run = Batch(summariser, store, concurrency=4)
    report = asyncio.run(vt.run(run.arun(seed_articles(12))))

    assert report.counts.ok == 12 and report.counts.failed == 0
    assert gate.pauses == 4 and report.rate_limit_pauses == 4
    # Every worker waited at the shared gate, and no request reached the server during the pause.
    gate_waits = [w for w in vt.waits if w > 1.5]
    assert len(gate_waits) >= 4
    assert all(left == 0.0 for _, left in arrivals)
    assert not [t for t, _ in arrivals if 0.1 <= t < 2.1]
    # Paused together, not one after another: 2 s of pause, then 12 articles over 4 workers.
    assert vt.now == pytest.approx(0.1 + 2.0 + 3 * 0.1, abs=0.05)


def test_mixed_500s_and_timeouts_are_retried_or_recorded_and_the_run_goes_on(store, tmp_path):
    sleeps = Sleeps()
    handler = Scripted({
        "a000": ["fault-500", "fault-500", "seed-good"],
        "a001": ["fault-timeout", "seed-good"],
        "a002": ["fault-500"] * 5,
        "a003": ["fault-timeout"] * 5,
        "a004": ["fault-500", "fault-timeout", "fault-500", "seed-good"],
    })
    out = tmp_path / "results.jsonl"
    run = Batch(llm(handler, sleep=sleeps, asleep=sleeps.asleep), store, output=str(out), concurrency=3)
    report = run.run(seed_articles(6))

    assert (report.counts.ok, report.counts.failed) == (4, 2)
    assert report.exit_code == 1
    assert report.failure_classes == {"LLMError (HTTP 500)": 1, "LLMError": 1}
    served = Counter(aid for aid, _ in handler.served)
    assert served == {"a000": 3, "a001": 2, "a002": 5, "a003": 5, "a004": 4, "a005": 1}
    assert len(sleeps.calls) == 2 + 1 + 4 + 4 + 3  # one backoff per retry, none for first tries
    lines = {line["id"]: line for line in read_lines(out)}
    assert set(lines) == {f"a{i:03d}" for i in range(6)}
    assert lines["a002"]["status"] == "failed"
    assert lines["a002"]["error"]["class"] == "LLMError" and lines["a002"]["error"]["status_code"] == 500
    assert "timed out" in lines["a003"]["error"]["message"] and lines["a003"]["error"]["attempts"] == 1
    assert lines["a004"]["summary"]["run"]["requests"] == 4
    failed = store.db.execute("SELECT article_id, error_class, error_message, attempts FROM results "
                              "WHERE status='failed' ORDER BY article_id").fetchall()
    assert [(r[0], r[1], r[3]) for r in failed] == [("a002", "LLMError", 1), ("a003", "LLMError", 1)]
    assert "HTTP 500" in failed[0][2]


def test_fail_fast_stops_at_the_first_failure(store, tmp_path):
    handler = Scripted({"a000": ["fault-400"]})
    out = tmp_path / "results.jsonl"
    report = Batch(llm(handler), store, output=str(out), concurrency=1, fail_fast=True).run(seed_articles(5))
    assert report.stopped == "fail-fast" and report.exit_code == 1
    assert (report.counts.failed, report.counts.ok) == (1, 0)
    assert [line["id"] for line in read_lines(out)] == ["a000"]
    assert store.run(report.run_id)["status"] == "stopped"


def test_a_bug_in_one_article_is_recorded_not_fatal(store, monkeypatch):
    summariser = llm(Scripted())
    real = summariser.asummarise

    async def flaky(article: Article) -> Any:
        if article.id == "a001":
            raise KeyError("boom")
        return await real(article)

    monkeypatch.setattr(summariser, "asummarise", flaky)
    report = Batch(summariser, store, concurrency=2).run(seed_articles(3))
    assert (report.counts.ok, report.counts.failed) == (2, 1)
    assert report.failure_classes == {"KeyError": 1}


# -- Cache


def test_cache_hit_makes_no_http_request(store, tmp_path):
    replay = Replay(["seed-good"] * 3)
    summariser = llm(replay)
    first = tmp_path / "first.jsonl"
    Batch(summariser, store, output=str(first)).run(seed_articles(3))
    assert len(replay.requests) == 3

    again = tmp_path / "again.jsonl"
    report = Batch(summariser, store, output=str(again)).run(seed_articles(3))
    assert len(replay.requests) == 3  # not one more
    assert (report.counts.cached, report.counts.ok, report.input_tokens) == (3, 0, 0)
    by_id = {line["id"]: line for line in read_lines(first)}
    for line in read_lines(again):
        assert line["summary"] == by_id[line["id"]]["summary"]
        assert line["run"] == by_id[line["id"]]["run"]  # the run that produced it


def test_changed_text_model_or_prompt_is_a_miss_and_force_redoes(store, monkeypatch):
    from summariser import prompts

    replay = Replay(["seed-good"] * 10)
    arts = seed_articles(2)
    Batch(llm(replay), store).run(arts)
    assert len(replay.requests) == 2

    changed = [Article(text=arts[0].text + " Updated.", id=arts[0].id), arts[1]]
    Batch(llm(replay), store).run(changed)
    assert len(replay.requests) == 3  # only the changed text

    Batch(llm(replay, model="gpt-4.1-mini"), store).run(arts)
    assert len(replay.requests) == 5  # another model: both again

    real = prompts.load()
    monkeypatch.setattr(prompts, "load", lambda name="summarise": type(real)(real.name, "v-next", real.system))
    Batch(llm(replay), store).run(arts[:1])
    assert len(replay.requests) == 6  # another prompt version
    monkeypatch.undo()

    report = Batch(llm(replay), store, force=True).run(arts[:1])
    assert len(replay.requests) == 7 and report.counts.ok == 1


def test_same_text_under_a_new_id_is_served_from_the_cache_with_that_id(store, tmp_path):
    replay = Replay(["seed-good"])
    art = seed_articles(1)[0]
    Batch(llm(replay), store).run([art])
    out = tmp_path / "r.jsonl"
    Batch(llm(replay), store, output=str(out)).run([Article(text=art.text, id="renamed")])
    (line,) = read_lines(out)
    assert len(replay.requests) == 1
    assert line["id"] == "renamed" and line["summary"]["article_id"] == "renamed"


# -- Limits


def test_rate_limiter_buckets_with_a_fake_clock():
    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(rpm=2, tpm=1000, clock=lambda: now[0], sleep=sleep)

    async def go() -> None:
        await limiter.acquire(1, 100)
        await limiter.acquire(1, 100)
        assert waits == []  # a minute's allowance is available at once
        await limiter.acquire(1, 100)  # the request bucket is empty: 30 s for one more
        assert waits == [pytest.approx(30.0)]
        limiter.settle(0, 2000)  # the real usage was far above the estimate: 900 - 2000 tokens left
        await limiter.acquire(1, 100)
        assert waits[-1] == pytest.approx(1200 * 60 / 1000)  # the debt is paid off before the next request

    asyncio.run(go())
    assert not RateLimiter().active
    with pytest.raises(ValueError):
        RateLimiter(rpm=0)


def test_rpm_limit_spaces_requests_in_a_run(store):
    vt = VirtualTime()
    times: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        times.append(vt.now)
        return respond("seed-good", request)

    limiter = RateLimiter(rpm=60, clock=vt.clock, sleep=vt.asleep)
    limiter._requests = 1.0  # start nearly empty, so the run is paced from the first request
    run = Batch(llm(handler, asleep=vt.asleep), store, concurrency=4, limiter=limiter)
    report = asyncio.run(vt.run(run.arun(seed_articles(5))))
    assert report.counts.ok == 5
    assert times == pytest.approx([0.0, 1.0, 2.0, 3.0, 4.0], abs=0.01)  # one a second, whatever the concurrency
    assert report.limiter_wait_s == pytest.approx(4.0, abs=0.05)


def test_price_table_and_overrides():
    assert price_for("gpt-4o-mini-2024-07-18", backend="llm") == (0.15, 0.60)
    assert price_for("gpt-4o", backend="llm") == (2.50, 10.00)
    assert price_for("openai/gpt-4.1-mini", backend="llm") == (0.40, 1.60)
    assert price_for("llama3.1", backend="llm") is None
    assert price_for("llama3.1", backend="llm", local=True) == (0.0, 0.0)
    assert price_for("rules-v1", backend="offline") == (0.0, 0.0)
    assert price_for("gpt-4o", backend="llm", price_in=1.0, price_out=2.0) == (1.0, 2.0)


def test_report_counts_tokens_cost_and_slowest(store):
    report = Batch(llm(Replay(["seed-good"] * 3)), store, price=(0.15, 0.60)).run(seed_articles(3), total=3)
    assert (report.input_tokens, report.output_tokens) == (3 * 1012, 3 * 618)
    assert report.cost_usd == pytest.approx((3 * 1012 * 0.15 + 3 * 618 * 0.60) / 1e6, abs=1e-6)
    assert [aid for aid, _ in report.slowest] and len(report.slowest) == 3
    assert report.per_minute > 0 and report.exit_code == 0
    stored = store.run(report.run_id)
    assert stored["status"] == "done" and stored["report"]["ok"] == 3 and stored["report"]["total"] == 3


def test_observer_sees_every_article(store, tmp_path):
    events: list[tuple[str, str]] = []

    class Recorder(Observer):
        def article(self, event: Any, counts: Any) -> None:
            events.append((event.article_id, event.status))

    from summariser.sources import Problem

    items = [*seed_articles(2), Problem("feed.jsonl:3", "invalid JSON")]
    Batch(llm(Replay(["seed-good"] * 2)), store, observer=Recorder()).run(items)
    assert sorted(events) == [("a000", "ok"), ("a001", "ok"), ("feed.jsonl:3", "invalid")]


# -- The CLI, in process


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    from summariser.cli import cli as group

    return CliRunner().invoke(group, list(args), env=env, catch_exceptions=False)


def test_cli_bad_jsonl_lines_are_reported_while_good_lines_run(fake, tmp_path, clean_env):
    feed = tmp_path / "feed.jsonl"
    ids = write_feed(feed, 4, extra=["{oops", json.dumps({"id": "empty", "text": " "})])
    out = tmp_path / "results.jsonl"
    result = cli("batch", str(feed), "-o", str(out), "--store", str(tmp_path / "s.db"), "--base-url",
                 fake.base_url, "--mode", "tools")
    assert result.exit_code == 1
    assert f"{feed}:5: invalid JSON" in result.stderr
    assert f"{feed}:6: missing or empty 'text' field" in result.stderr
    assert "4 ok, 0 cached, 0 failed, 2 invalid input" in result.stderr
    assert {line["id"] for line in read_lines(out)} == ids
    assert all(line["status"] == "ok" for line in read_lines(out))


def test_cli_exit_codes_report_runs_and_export(fake, tmp_path, clean_env):
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 3)
    store_path = str(tmp_path / "s.db")
    common = ["--store", store_path, "--base-url", fake.base_url, "--mode", "tools"]

    ok = cli("batch", str(feed), "-o", str(tmp_path / "r.jsonl"), *common, "--price-in", "1", "--price-out", "2")
    assert ok.exit_code == 0, ok.stderr
    assert "3 ok, 0 cached, 0 failed" in ok.stderr
    assert "tokens: 3,036 in, 1,854 out; estimated cost $0.0067" in ok.stderr
    assert "articles/min" in ok.stderr and "slowest:" in ok.stderr

    fake.script["a001"] = ["fault-400"]
    fail = cli("batch", str(feed), "-o", str(tmp_path / "r2.jsonl"), *common, "--force")
    assert fail.exit_code == 1
    assert "failures: LLMError (HTTP 400) ×1" in fail.stderr

    dupes = tmp_path / "dupes.jsonl"
    dupes.write_text(feed.read_text() + feed.read_text().splitlines()[0] + "\n")
    before = len(fake.chat_requests)
    dup = cli("batch", str(dupes), *common)
    assert dup.exit_code == 2 and "duplicate article id" in dup.stderr and f"{dupes}:4" in dup.stderr
    assert len(fake.chat_requests) == before  # refused before any model call

    assert cli("batch", str(tmp_path / "missing.jsonl"), *common).exit_code == 2
    assert cli("batch", str(feed), *common, "--concurrency", "0").exit_code == 2

    runs = cli("runs", "--store", store_path)
    assert runs.exit_code == 0
    rows = [line.split() for line in runs.stdout.splitlines()[1:] if line.strip()[:1].isdigit()]
    assert [(r[0], r[2]) for r in rows] == [("2", "done"), ("1", "done")]
    as_json = [json.loads(line) for line in cli("runs", "--store", store_path, "--json").stdout.splitlines()]
    assert as_json[0]["report"]["failed"] == 1 and as_json[1]["report"]["ok"] == 3

    exported = tmp_path / "exported.jsonl"
    assert cli("export", "--store", store_path, "-o", str(exported)).exit_code == 0
    lines = read_lines(exported)
    assert sorted((line["id"], line["status"]) for line in lines) == [("a000", "ok"), ("a001", "ok"), ("a002", "ok")]
    # a001 failed under --force, but the good result from run 1 is kept and exported.
    assert {line["id"]: line["run"] for line in lines}["a001"] == 1


def test_cli_plain_progress_lines_when_not_a_terminal(tmp_path, clean_env):
    with FakeOpenAI(latency=0.05) as slow:
        feed = tmp_path / "feed.jsonl"
        write_feed(feed, 6)
        result = cli("batch", str(feed), "--store", str(tmp_path / "s.db"), "--base-url", slow.base_url,
                     "--mode", "tools", "-c", "1", "--log-every", "0.05")
    assert result.exit_code == 0
    progress = [line for line in result.stderr.splitlines() if "/6 done (ok" in line]
    assert progress, result.stderr
    assert "run 1 started of 6 articles" in result.stderr


def test_cli_zero_config_says_which_engine_runs(tmp_path, clean_env):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": "Paris, May 2 (AFP) Ana Ruiz met Tom Lee on Friday."}) + "\n")
    result = cli("batch", str(feed), "--store", str(tmp_path / "s.db"), "-o", str(tmp_path / "r.jsonl"))
    assert "no LLM configured, using the offline engine" in result.stderr
    try:
        from summariser import offline

        has_offline = hasattr(offline, "extract")
    except ImportError:
        has_offline = False
    if has_offline:
        assert result.exit_code == 0, result.stderr
        (line,) = read_lines(tmp_path / "r.jsonl")
        assert line["status"] == "ok" and line["summary"]["run"]["backend"] == "offline"


# -- Real processes: SIGKILL and SIGINT


def run_cli(args: list[str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARISER_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-m", "summariser", *args], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def signal_mid_run(fake: FakeOpenAI, args: list[str], sig: int) -> tuple[subprocess.Popen[str], str]:
    """Run the CLI, send ``sig`` once the server has seen ``fake.notify_at`` requests;
    (the finished process, its stderr)."""
    proc = run_cli(args)
    try:
        assert fake.reached.wait(60), proc.stderr.read() if proc.poll() is not None else "no requests"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc, err


def stored_ok(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM results WHERE status='ok'").fetchone()[0])
    finally:
        db.close()


def test_sigkill_mid_run_then_resume_loses_and_repeats_nothing(tmp_path):
    total, answered, concurrency = 30, 12, 4
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    ids = write_feed(feed, total)
    # The server answers 12 requests, then parks the rest; the kill comes once 16 have
    # arrived, whatever state the answered ones are in (parsed, stored, written).
    with FakeOpenAI(hold_after=answered, notify_at=answered + concurrency) as fake:
        args = ["batch", str(feed), "-o", str(out), "--store", str(db), "--base-url", fake.base_url,
                "--mode", "tools", "-c", str(concurrency)]
        proc, _ = signal_mid_run(fake, args, signal.SIGKILL)
        assert proc.returncode == -signal.SIGKILL
        stored = stored_ok(db)
        assert stored <= answered
        written = [json.loads(line) for line in out.read_text().splitlines()]  # whole lines only
        assert stored - 1 <= len(written) <= stored  # a line follows its article's commit

        fake.hold_after = None
        fake.released.set()
        before = len(fake.chat_requests)
        again = cli(*args)  # the re-run, in process
        assert again.exit_code == 0, again.stderr
        assert len(fake.chat_requests) - before == total - stored  # nothing stored is asked again

    lines = read_lines(out)
    assert len(lines) == total and {line["id"] for line in lines} == ids
    assert all(line["status"] == "ok" for line in lines)
    assert stored_ok(db) == total
    with Store(db) as store:
        runs = store.runs()
        assert [r["status"] for r in runs] == ["done", "killed"]
        assert runs[0]["report"]["cached"] == stored and runs[0]["report"]["ok"] == total - stored


def test_sigint_finishes_or_marks_in_flight_and_leaves_valid_files(tmp_path):
    total, answered, concurrency = 12, 4, 4
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    ids = write_feed(feed, total)
    with FakeOpenAI(hold_after=answered, notify_at=answered + concurrency) as fake:
        args = ["batch", str(feed), "-o", str(out), "--store", str(db), "--base-url", fake.base_url,
                "--mode", "tools", "-c", str(concurrency), "--grace", "0.3"]
        proc, err = signal_mid_run(fake, args, signal.SIGINT)
        assert proc.returncode == 130, err
        assert "SIGINT: taking no new articles" in err
        lines = read_lines(out)  # every line is complete JSON
        statuses = Counter(line["status"] for line in lines)
        assert statuses == {"ok": answered, "unfinished": concurrency}
        assert all("SIGINT" in line["error"]["message"] for line in lines if line["status"] == "unfinished")
        with Store(db) as store:
            (run,) = store.runs()
            assert run["status"] == "interrupted" and run["report"]["stopped"] == "SIGINT"
            assert run["report"]["unfinished"] == concurrency

        fake.hold_after = None
        fake.released.set()
        again = cli(*args)
        assert again.exit_code == 0, again.stderr
        assert f"{answered} cached" in again.stderr
    lines = read_lines(out)
    assert {line["id"] for line in lines} == ids and len(lines) == total


def test_sigterm_lets_in_flight_articles_finish(tmp_path):
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    write_feed(feed, 10)
    with FakeOpenAI(latency=0.3, notify_at=2) as fake:
        proc, err = signal_mid_run(fake, ["batch", str(feed), "-o", str(out), "--store", str(db), "--base-url",
                                          fake.base_url, "--mode", "tools", "-c", "2"], signal.SIGTERM)
    assert proc.returncode == 143, err
    lines = read_lines(out)
    assert lines and all(line["status"] == "ok" for line in lines)  # the grace period let them finish
    assert len(lines) < 10


# -- Stopping and breaking, in process


def slow_handler(vt: VirtualTime, seconds: float) -> Any:
    async def handler(request: httpx.Request) -> httpx.Response:
        await vt.asleep(seconds)
        return respond("seed-good", request)

    return handler


def test_request_stop_takes_no_new_articles_and_a_second_call_cancels(store, tmp_path):
    vt = VirtualTime()
    out = tmp_path / "r.jsonl"
    stops: list[tuple[str, float]] = []

    class Recorder(Observer):
        def stopping(self, reason: str, grace: float) -> None:
            stops.append((reason, grace))

    run = Batch(llm(slow_handler(vt, 10.0), asleep=vt.asleep), store, output=str(out), concurrency=2,
                grace=3600, observer=Recorder())

    async def interrupt() -> None:
        await vt.asleep(1.0)
        run.request_stop("SIGINT")  # in-flight articles may finish...
        await vt.asleep(1.0)
        run.request_stop("SIGINT")  # ...until asked again

    async def go() -> Any:
        stopper = asyncio.ensure_future(interrupt())
        report = await run.arun(seed_articles(6))
        await stopper
        return report

    report = asyncio.run(vt.run(go()))
    assert stops == [("SIGINT", 3600)]
    assert (report.counts.ok, report.counts.unfinished, report.stopped) == (0, 2, "SIGINT")
    lines = read_lines(out)
    assert [line["status"] for line in lines] == ["unfinished", "unfinished"]
    assert store.run(report.run_id)["status"] == "interrupted"
    assert store.item_counts(report.run_id)["unfinished"] == 2
    assert run.close() is report  # closing twice is harmless


def test_zero_grace_cancels_in_flight_at_once(store):
    vt = VirtualTime()
    run = Batch(llm(slow_handler(vt, 10.0), asleep=vt.asleep), store, concurrency=3, grace=0)

    async def go() -> Any:
        async def stop() -> None:
            await vt.asleep(0.5)
            run.request_stop("SIGTERM")

        stopper = asyncio.ensure_future(stop())
        report = await run.arun(seed_articles(5))
        await stopper
        return report

    report = asyncio.run(vt.run(go()))
    assert (report.counts.unfinished, report.counts.ok, report.stopped) == (3, 0, "SIGTERM")
    assert vt.now < 10.0


def test_cancelling_the_run_marks_in_flight_unfinished(store):
    vt = VirtualTime()
    run = Batch(llm(slow_handler(vt, 10.0), asleep=vt.asleep), store, concurrency=2)

    async def go() -> None:
        task = asyncio.ensure_future(run.arun(seed_articles(4)))
        await vt.asleep(1.0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(vt.run(go()))
    assert run.stop_reason == "cancelled"
    assert store.item_counts(run.run_id)["unfinished"] == 2
    assert store.run(run.run_id)["status"] == "interrupted"


def test_a_broken_store_stops_the_run_with_its_error(store, monkeypatch):
    real = store.save

    def failing(*args: Any, **kwargs: Any) -> None:
        if args[1] == "a002":
            raise sqlite3.OperationalError("database or disk is full")
        real(*args, **kwargs)

    monkeypatch.setattr(store, "save", failing)
    run = Batch(llm(Replay(["seed-good"] * 10)), store, concurrency=1)
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        run.run(seed_articles(5))
    assert run.stop_reason == "error"
    saved = store.count_results("ok")
    assert 2 <= saved < 5  # a000 and a001 were saved before a002 broke the store; the run stopped
    assert store.run(run.run_id)["report"]["ok"] == saved


def test_limiter_is_charged_for_failures_too(store):
    limiter = RateLimiter(rpm=1000, tpm=1_000_000, clock=lambda: 0.0)  # no refill during the test
    handler = Scripted({"a000": ["seed-invalid-json"] * 3})
    report = Batch(llm(handler), store, limiter=limiter).run(seed_articles(2))
    assert (report.counts.ok, report.counts.failed) == (1, 1)
    # Two articles estimated at 1 request each; the failed one made 3 (re-asks), so 2 more were charged.
    assert limiter._requests == 1000 - 4


def test_results_go_to_a_stream_and_an_unwritable_path_is_a_config_error(store, tmp_path):
    import io

    from summariser.batch import ResultsWriter
    from summariser.errors import ConfigError

    sink = io.BytesIO()
    Batch(llm(Replay(["seed-good"])), store, output=sink).run(seed_articles(1))
    assert json.loads(sink.getvalue())["id"] == "a000"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="cannot write"):
        ResultsWriter(str(blocker / "results.jsonl"))


def test_cached_items_are_committed_in_groups(store, monkeypatch):
    import summariser.batch as batch_module

    Batch(llm(Replay(["seed-good"] * 5)), store).run(seed_articles(5))
    monkeypatch.setattr(batch_module, "_CACHED_ITEMS_PER_COMMIT", 2)
    report = Batch(llm(Replay()), store).run(seed_articles(5))
    assert report.counts.cached == 5
    assert store.item_counts(report.run_id)["cached"] == 5


def test_cli_progress_bar_and_stdout_results(fake, tmp_path, clean_env):
    feed = tmp_path / "feed.jsonl"
    ids = write_feed(feed, 3, extra=["{oops"])
    result = cli("batch", str(feed), "-o", "-", "--store", str(tmp_path / "s.db"), "--base-url", fake.base_url,
                 "--mode", "tools", "--progress")
    assert result.exit_code == 1
    assert {json.loads(line)["id"] for line in result.stdout.splitlines()} == ids
    assert "run 1" in result.stderr and "skipped" in result.stderr and "3 ok" in result.stderr


def test_cli_runs_and_export_on_an_empty_store(tmp_path, clean_env):
    store_path = str(tmp_path / "s.db")
    assert "no runs yet" in cli("runs", "--store", store_path).stderr
    empty = cli("export", "--store", store_path)
    assert empty.exit_code == 2 and "has no runs yet" in empty.stderr


# -- The library without the store


def test_summarise_many_yields_every_result_and_failure_without_a_store():
    from summariser.errors import LLMError

    results = list(llm(Scripted({"a001": ["fault-400"]})).summarise_many(seed_articles(4), concurrency=2))
    assert sorted(r.article.id for r in results) == ["a000", "a001", "a002", "a003"]
    (failed,) = [r for r in results if not r.ok]
    assert failed.article.id == "a001" and isinstance(failed.error, LLMError) and failed.summary is None
    assert all(r.summary.article_id == r.article.id for r in results if r.ok)


def test_a_freed_request_slot_goes_to_the_next_article_before_the_answer_is_parsed(store, monkeypatch):
    vt = VirtualTime()
    events: list[str] = []
    in_flight, peak = [0], [0]

    async def handler(request: httpx.Request) -> httpx.Response:
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        events.append(f"sent {article_id(json.loads(request.content))}")
        await vt.asleep(1.0)
        in_flight[0] -= 1
        return respond("seed-good", request)

    assemble = Summariser.assemble

    def spy(self: Summariser, art: Article, *args: Any) -> Any:
        events.append(f"parsed {art.id}")
        return assemble(self, art, *args)

    monkeypatch.setattr(Summariser, "assemble", spy)
    run = Batch(llm(handler, asleep=vt.asleep), store, concurrency=2)
    report = asyncio.run(vt.run(run.arun(seed_articles(6))))
    assert report.counts.ok == 6 and peak[0] == 2  # never more requests than --concurrency
    # Each answer's slot is handed on first: the next request leaves before that answer is parsed.
    assert events[:6] == ["sent a000", "sent a001", "sent a002", "parsed a000", "sent a003", "parsed a001"]
    assert vt.now == pytest.approx(3.0)  # 6 articles, 2 at a time, 1 s each: no time lost between requests


def test_asummarise_many_yields_as_completed_with_bounded_concurrency():
    vt = VirtualTime()
    delays = {"a000": 3.0, "a001": 1.0, "a002": 0.5, "a003": 0.1}
    in_flight, peak = [0], [0]

    async def handler(request: httpx.Request) -> httpx.Response:
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        await vt.asleep(delays[article_id(json.loads(request.content)) or ""])
        in_flight[0] -= 1
        return respond("seed-good", request)

    summariser = llm(handler, asleep=vt.asleep)

    async def go() -> list[str]:
        return [r.article.id async for r in summariser.asummarise_many(seed_articles(4), concurrency=2)]

    order = asyncio.run(vt.run(go()))
    # a000 (3 s) holds one slot while a001, a002, a003 pass through the other.
    assert order == ["a001", "a002", "a003", "a000"]
    assert peak[0] == 2


# -- The run's own client (real loopback HTTP)


@pytest.fixture
def run_clients(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every client a run makes for itself, in order."""
    from summariser.client import LLMClient

    made: list[Any] = []
    build = LLMClient._run_client

    def spy(self: LLMClient) -> Any:
        made.append(build(self))
        return made[-1]

    monkeypatch.setattr(LLMClient, "_run_client", spy)
    return made


def test_each_run_sends_over_its_own_client_and_closes_it(fake, store, run_clients):
    import openai

    made = run_clients
    summariser = Summariser(Settings(backend="llm", base_url=fake.base_url, api_key=API_KEY, mode="tools"))
    first = Batch(summariser, store, concurrency=2).run(seed_articles(3))
    second = Batch(summariser, store, concurrency=2, force=True).run(seed_articles(3))  # another event loop
    assert (first.counts.ok, second.counts.ok) == (3, 3)
    assert len(made) == 2 and all(client.is_closed() for client in made)
    assert all(isinstance(client._client, openai.DefaultAioHttpClient) for client in made)
    assert len(fake.chat_requests) == 6


def test_answers_are_parsed_and_grounded_off_the_event_loop(fake, store, monkeypatch):
    import threading

    from summariser.client import LLMClient

    where: list[str] = []
    parse = LLMClient._parse

    def spy(self: LLMClient, *args: Any) -> Any:
        where.append(threading.current_thread().name)
        return parse(self, *args)  # the grounding context must have come along

    monkeypatch.setattr(LLMClient, "_parse", spy)
    summariser = Summariser(Settings(backend="llm", base_url=fake.base_url, api_key=API_KEY, mode="tools"))
    out = store.path.parent / "out.jsonl"
    report = Batch(summariser, store, output=str(out), concurrency=2).run(seed_articles(3))
    assert report.counts.ok == 3 and len(where) == 3
    assert all(name.startswith("summariser-parse") for name in where)
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert all(len(line["summary"]["quotes"]) == 4 for line in lines)  # grounded: spans and all
    assert threading.main_thread().name not in where


def test_a_refused_connection_says_so(store, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(backend="llm", base_url=f"http://127.0.0.1:{port}/v1", api_key=API_KEY, mode="tools",
                        transport_retries=0)
    report = Batch(Summariser(settings), store, output=str(tmp_path / "out.jsonl")).run(seed_articles(1))
    assert report.counts.failed == 1
    (line,) = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert line["error"]["message"] == f"cannot connect to http://127.0.0.1:{port}/v1"
    assert "timed out" not in line["error"]["message"]


def test_asummarise_many_closes_its_client_when_the_caller_stops_early(fake, run_clients):
    made = run_clients
    summariser = Summariser(Settings(backend="llm", base_url=fake.base_url, api_key=API_KEY, mode="tools"))

    async def first_only() -> str:
        results = summariser.asummarise_many(seed_articles(10), concurrency=2)
        try:
            async for result in results:
                return result.article.id
        finally:
            await results.aclose()  # what `async for ... break` leaves to the caller
        raise AssertionError("no result")

    assert asyncio.run(first_only()).startswith("a00")
    assert len(made) == 1 and made[0].is_closed()
    assert len(fake.chat_requests) < 10  # the rest were cancelled, not sent


# -- Worker processes for the offline engine (--jobs)


def offline_engine() -> Summariser:
    return Summariser(Settings(backend="offline"))


def without_timing(summary_json: str) -> dict[str, Any]:
    from summariser.schema import ArticleSummary

    data = ArticleSummary.model_validate_json(summary_json).model_dump()
    data["run"].pop("latency_ms")
    return data


def stored_results(store: Store) -> dict[str, dict[str, Any]]:
    """Every stored result by article id, minus the timing columns."""
    out = {}
    for row in store.db.execute("SELECT * FROM results"):
        result = {k: row[k] for k in row.keys() if k not in ("latency_ms", "started_at", "finished_at")}
        if result["summary"] is not None:
            result["summary"] = without_timing(result["summary"])
        out[result["article_id"]] = result
    return out


def result_lines(path: Path) -> dict[str, dict[str, Any]]:
    lines = {}
    for line in read_lines(path):
        if "summary" in line:
            line["summary"]["run"].pop("latency_ms")
        lines[line["id"]] = line
    return lines


def jobs_cli(args: list[str]) -> subprocess.Popen[str]:
    """The CLI in a real process whose batches send their articles to tests/_jobs_hooks.py,
    in its own session: a worker's SIGINT to its process group stays inside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARISER_", "OPENAI_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    code = "import _jobs_hooks; _jobs_hooks.install(); from summariser.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def jobs_feed(path: Path, n: int, markers: dict[int, str]) -> list[str]:
    """n seed articles, a000 to a(n-1); the article at each index in ``markers`` carries that marker."""
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i, art in enumerate(seed_articles(n)):
            f.write(json.dumps({"id": art.id, "text": art.text + markers.get(i, "")}) + "\n")
            ids.append(art.id)
    return ids


class InFlight(Observer):
    """Counts the articles taken from the input and not yet finished, at their peak."""

    def __init__(self) -> None:
        self.taken = self.peak = 0

    def feed(self, items: Any) -> Any:
        for item in items:
            self.taken += 1
            yield item

    def article(self, event: Any, counts: Any) -> None:
        self.peak = max(self.peak, self.taken - counts.finished)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_2_stores_and_writes_what_jobs_1_does(tmp_path):
    from summariser.sources import Sources

    articles = str(ROOT / "fixtures" / "articles")  # the .txt files and batch-sample.jsonl
    runs = {}
    for jobs in (1, 2):
        out, watch = tmp_path / f"jobs{jobs}.jsonl", InFlight()
        with Store(tmp_path / f"jobs{jobs}.db") as store, Sources([articles]) as sources:
            total = sources.scan().articles
            report = Batch(offline_engine(), store, output=str(out), jobs=jobs, observer=watch).run(
                watch.feed(sources), total=total)
            runs[jobs] = (report, stored_results(store), store.item_counts(report.run_id), result_lines(out))
            assert store.run(report.run_id)["info"]["jobs"] == jobs
            if jobs == 2:
                assert watch.peak <= 2 * 2  # two articles per process in flight, however long the input
                # A re-run is all cache hits: no worker process is ever started.
                again = Batch(offline_engine(), store, output=str(tmp_path / "again.jsonl"), jobs=2)
                cached = again.run(Sources([articles]))
                assert cached.counts.cached == total and cached.counts.ok == 0 and again._pool is None
                assert result_lines(tmp_path / "again.jsonl") == result_lines(out)

    (one, stored_one, items_one, lines_one), (two, stored_two, items_two, lines_two) = runs[1], runs[2]
    assert one.counts == two.counts and one.counts.ok == one.counts.total >= 15
    assert stored_two == stored_one
    assert items_two == items_one
    assert lines_two == lines_one
    assert {s["summary"]["run"]["backend"] for s in stored_two.values()} == {"offline"}


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_an_article_that_raises_in_its_worker_fails_alone(tmp_path, monkeypatch):
    import _jobs_hooks

    from summariser import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "summarise_offline", _jobs_hooks.summarise)
    arts = seed_articles(5)
    arts[2] = Article(text=arts[2].text + _jobs_hooks.RAISE, id=arts[2].id)
    arts.append(Article(text="   ", id="blank"))  # the engine itself refuses it, in the worker
    outcomes = {}
    for jobs in (2, 1):  # 1: the same articles in process, for the failure as it is recorded today
        out = tmp_path / f"r{jobs}.jsonl"
        with Store(tmp_path / f"s{jobs}.db") as store:
            report = Batch(offline_engine(), store, output=str(out), jobs=jobs).run(arts)
        outcomes[jobs] = (report, {line["id"]: line for line in read_lines(out)})

    report, lines = outcomes[2]
    assert (report.counts.ok, report.counts.failed) == (4, 2) and report.exit_code == 1
    assert report.failure_classes == {"ValueError": 1, "InputError": 1}
    error = lines["a002"]["error"]
    assert error["class"] == "ValueError" and "(SIGINT ignored)" in error["message"]
    worker_pid = int(error["message"].split()[3])
    assert worker_pid != os.getpid()  # it really ran in a worker process
    assert lines["blank"]["error"] == outcomes[1][1]["blank"]["error"]
    assert all(lines[a.id]["status"] == "ok" for a in arts if a.id not in ("a002", "blank"))


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_a_killed_worker_fails_its_articles_in_flight_and_the_run_goes_on(tmp_path, monkeypatch, clean_env):
    import _jobs_hooks

    from summariser import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "summarise_offline", _jobs_hooks.summarise)
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    ids = jobs_feed(feed, 10, {0: _jobs_hooks.EXIT})
    result = cli("batch", str(feed), "-o", str(out), "--store", str(db), "--backend", "offline", "--jobs", "2",
                 "--no-progress")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = {line["id"]: line for line in read_lines(out)}
    assert sorted(lines) == ids  # no article lost
    failed = {aid for aid, line in lines.items() if line["status"] == "failed"}
    # Only the articles in flight with it (two per process; which ones depends on timing) failed...
    assert "a000" in failed and len(failed) <= 2 * 2
    assert {lines[aid]["error"]["class"] for aid in failed} == {"WorkerDied"}
    assert "a worker process died while this article was in flight" in lines["a000"]["error"]["message"]
    assert "failed a000: a worker process died" in result.stderr
    assert f"failures: WorkerDied ×{len(failed)}" in result.stderr
    # ...and a fresh pool summarised every other one.
    assert all(line["status"] == "ok" for aid, line in lines.items() if aid not in failed)
    with Store(db) as store:
        (run,) = store.runs()
        assert run["status"] == "done" and run["report"]["failed"] == len(failed)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_workers_that_keep_dying_stop_the_run_with_one_line(tmp_path, monkeypatch, clean_env):
    import _jobs_hooks

    from summariser import jobs as jobs_module

    monkeypatch.setattr(jobs_module, "summarise_offline", _jobs_hooks.summarise)
    monkeypatch.setattr(jobs_module, "MAX_BREAKS_IN_A_ROW", 2)
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    ids = jobs_feed(feed, 12, dict.fromkeys(range(12), _jobs_hooks.EXIT))
    result = cli("batch", str(feed), "-o", str(out), "--store", str(db), "--backend", "offline", "--jobs", "2",
                 "--no-progress")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: worker processes died 2 times in a row with no article finished in between; stopping the run "
        "(the failed articles show which were in flight; try --jobs 1)")
    assert "Traceback" not in result.stderr
    lines = read_lines(out)
    assert lines and {line["status"] for line in lines} <= {"failed", "unfinished"}
    assert len(lines) < len(ids)  # the rest were never started
    with Store(db) as store:
        (run,) = store.runs()
        assert run["status"] == "interrupted" and run["report"]["stopped"] == "error"


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_ctrl_c_reaches_the_workers_too_but_only_the_parent_acts_on_it(tmp_path):
    feed, out, db = tmp_path / "feed.jsonl", tmp_path / "results.jsonl", tmp_path / "store.db"
    from _jobs_hooks import SIGINT_GROUP

    # a004's worker sends SIGINT to the whole process group, as Ctrl-C in a terminal does.
    ids = jobs_feed(feed, 40, {4: SIGINT_GROUP})
    proc = jobs_cli(["batch", str(feed), "-o", str(out), "--store", str(db), "--backend", "offline", "--jobs", "2",
                     "--no-progress"])
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "SIGINT: taking no new articles" in err and "Traceback" not in err
    lines = read_lines(out)
    # The workers ignored it: the articles in flight finished in the grace period, none failed.
    assert {line["status"] for line in lines} == {"ok"} and "a004" in {line["id"] for line in lines}
    assert len(lines) < len(ids)
    with Store(db) as store:
        (run,) = store.runs()
        assert run["status"] == "interrupted" and run["report"]["stopped"] == "SIGINT"


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_workers_leave_with_a_killed_parent(tmp_path):
    import select

    from _jobs_hooks import HANG

    feed = tmp_path / "feed.jsonl"
    jobs_feed(feed, 1, {0: HANG})
    proc = jobs_cli(["batch", str(feed), "-o", str(tmp_path / "r.jsonl"), "--store", str(tmp_path / "s.db"),
                     "--backend", "offline", "--jobs", "2", "--no-progress"])
    try:
        assert proc.stdout is not None
        worker = int(proc.stdout.readline())  # the worker's pid, once it holds the article
        handle = os.pidfd_open(worker)
        proc.kill()  # SIGKILL, as the OOM killer does: no chance to shut the pool down
        proc.wait(60)
        ready, _, _ = select.select([handle], [], [], 30)
        os.close(handle)
        assert ready, "the worker outlived its parent"
    finally:
        with contextlib.suppress(ProcessLookupError):  # the parent's session: whatever is left of it
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # a pool thread's traceback
def test_jobs_is_for_the_offline_engine_only(tmp_path, store, clean_env):
    from summariser.errors import ConfigError
    from summariser.jobs import available_cores, resolve_jobs

    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 1)
    for backend, engine in (("llm", ["--backend", "llm"]), ("local", ["--backend", "local"]),
                            ("llm", ["--base-url", "http://127.0.0.1:9/v1"])):
        # Before any endpoint check or model load: neither an API key nor a model file is needed to hear it.
        result = cli("batch", str(feed), "--store", str(tmp_path / "s.db"), *engine, "--jobs", "2")
        assert result.exit_code == 2, result.stderr
        assert result.stderr.splitlines() == [
            f"Error: --jobs applies to the offline engine only (this run uses the {backend} backend; "
            "-c sets how many articles are in flight)"]
    assert cli("batch", str(feed), "--backend", "offline", "--jobs", "-1").exit_code == 2
    assert "--jobs" in cli("batch", "--help").stdout

    with pytest.raises(ConfigError, match="offline engine only"):
        Batch(llm(Replay()), store, jobs=0)
    assert resolve_jobs(0, "offline") == available_cores() == len(os.sched_getaffinity(0))
    assert resolve_jobs(1, "llm") == 1 and resolve_jobs(3, "offline") == 3
    assert Batch(offline_engine(), store, jobs=1).jobs == 1
    from summariser.jobs import OfflinePool

    pool = OfflinePool(Settings(backend="offline", api_key=API_KEY), 2)
    import pickle

    assert API_KEY.encode() not in pickle.dumps(pool.settings)  # what the workers are sent: never the key
