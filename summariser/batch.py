"""One batch run: many articles, concurrently, over one shared client, with the
store as the source of truth.

- Cache: an article whose (content hash, model, prompt version, schema version)
  already has a good result is written from the store with no model call.
- Failures are recorded (class, message, attempts) and never stop the run,
  unless ``fail_fast``.
- ``results.jsonl`` gets one complete line per article as it finishes; every
  line is committed to the store first, so a killed run resumes without losing
  or repeating work.
- ``request_stop`` (wired to SIGINT/SIGTERM by the CLI) stops taking new
  articles, lets the ones in flight finish for ``grace`` seconds, then marks
  the rest unfinished.
- ``jobs`` > 1 (offline engine only) runs the engine in that many worker
  processes (``summariser.jobs``); everything else stays in this process.

The library never prints: an ``Observer`` receives progress.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, TYPE_CHECKING, Any

from summariser.articles import Article
from summariser.errors import ArticleError, ConfigError, LLMError, SummariserError
from summariser.jobs import ARTICLES_PER_JOB, OfflinePool, resolve_jobs
from summariser.limits import CURRENT_RUN, LLMRun, RateLimiter
from summariser.schema import SCHEMA_VERSION
from summariser.sources import Item, Problem
from summariser.store import Key, Store, content_hash

if TYPE_CHECKING:
    from summariser.pipeline import Summariser
    from summariser.schema import ArticleSummary

# USD per million tokens (input, output): list prices, for an estimate only.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
}
BATCH_API_DISCOUNT = 0.5  # the OpenAI Batch API bills half the online price
SLOWEST = 5
_MAX_PROBLEMS_KEPT = 50
_CACHED_ITEMS_PER_COMMIT = 1000
_OUTPUT_TOKENS_GUESS = 800  # for --tpm before the answer is known; corrected afterwards


def price_for(model: str, *, backend: str, local: bool = False, price_in: float | None = None,
              price_out: float | None = None) -> tuple[float, float] | None:
    """(input, output) USD per million tokens; None when unknown. Explicit prices win."""
    if price_in is not None or price_out is not None:
        return (price_in or 0.0, price_out or 0.0)
    if backend in ("offline", "local") or local:
        return (0.0, 0.0)
    name = model.split("/")[-1].lower()
    for known in sorted(PRICES, key=len, reverse=True):  # 'gpt-4o-mini-2024-07-18' -> 'gpt-4o-mini'
        if name == known or name.startswith(known + "-"):
            return PRICES[known]
    return None


@dataclass
class Counts:
    total: int | None = None  # articles expected, when known in advance
    ok: int = 0
    failed: int = 0
    cached: int = 0
    unfinished: int = 0
    invalid: int = 0

    @property
    def finished(self) -> int:
        return self.ok + self.failed + self.cached


@dataclass(frozen=True)
class Event:
    """One article's outcome, as observers see it."""

    article_id: str
    status: str  # ok, failed, cached, unfinished, invalid
    latency_ms: float = 0.0
    message: str | None = None


class Observer:
    """Progress callbacks; the default does nothing."""

    def started(self, run_id: int, counts: Counts) -> None:
        pass

    def article(self, event: Event, counts: Counts) -> None:
        pass

    def tick(self, counts: Counts, elapsed: float) -> None:
        pass

    def stopping(self, reason: str, grace: float) -> None:
        pass


@dataclass
class RunReport:
    run_id: int
    counts: Counts
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    wall_s: float = 0.0
    slowest: list[tuple[str, float]] = field(default_factory=list)  # (article id, ms)
    failure_classes: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    rate_limit_pauses: int = 0
    limiter_wait_s: float = 0.0
    startup_s: float = 0.0  # loading the client or model, inside wall_s
    stopped: str | None = None  # SIGINT, SIGTERM, fail-fast

    @property
    def per_minute(self) -> float:
        return self.counts.finished * 60.0 / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def exit_code(self) -> int:
        c = self.counts
        return 0 if not (c.failed or c.invalid or c.unfinished or self.stopped) else 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("counts"))
        data["per_minute"] = round(self.per_minute, 2)
        data["wall_s"] = round(self.wall_s, 3)
        return data


class ResultsWriter:
    """results.jsonl: whole lines, each written with one system call and flushed,
    so a reader (or a killed process) never sees half a line."""

    def __init__(self, target: str | IO[bytes] | None) -> None:
        self._fd: int | None = None
        self._stream: IO[bytes] | None = None
        if target is None:
            return
        if target == "-":
            self._stream = sys.stdout.buffer
        elif isinstance(target, str):
            try:
                os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
                # Rewritten from the start on every run: cached articles are written again.
                self._fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            except OSError as exc:
                raise ConfigError(f"cannot write {target}: {exc.strerror}", hint="choose another -o path") from None
        else:
            self._stream = target

    def write(self, line: str) -> None:
        data = line.encode("utf-8")
        if self._fd is not None:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        elif self._stream is not None:
            self._stream.write(data)
            self._stream.flush()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def result_line(article_id: str, status: str, run_id: int, *, summary_json: str | None = None,
                error: dict[str, Any] | None = None) -> str:
    # Built by hand so a cached summary is copied from the store without a parse.
    parts = ['{"id": ', json.dumps(article_id, ensure_ascii=False), ', "status": "', status, '"']
    if summary_json is not None:
        parts += [', "summary": ', summary_json]
    if error is not None:
        parts += [', "error": ', json.dumps(error, ensure_ascii=False)]
    parts += [', "run": ', str(run_id), "}\n"]
    return "".join(parts)


def error_info(exc: BaseException) -> dict[str, Any]:
    info: dict[str, Any] = {
        "class": type(exc).__name__,
        "message": exc.message if isinstance(exc, SummariserError) else str(exc) or type(exc).__name__,
        "hint": exc.hint if isinstance(exc, SummariserError) else None,
        "attempts": exc.attempts if isinstance(exc, ArticleError) else 0,
    }
    if isinstance(exc, LLMError) and exc.status_code is not None:
        info["status_code"] = exc.status_code
    return info


def warm_up(summariser: Summariser) -> None:
    """Build the engine (openai and instructor, or the in-process model) and load the
    prompt now, rather than inside the first article."""
    if summariser.backend in ("llm", "local"):
        from summariser import prompts

        prompt = prompts.load()
        _ = summariser.engine
        if summariser.backend == "llm":
            summariser.llm.warm_up(prompt.messages(Article(text="", id="warm-up")))
    _freeze_heap()


def _freeze_heap() -> None:
    """Move everything alive now (modules, schemas, clients: ~150k objects) out of the
    garbage collector's sight, once per process. A full collection otherwise rescans
    them all, ~100 ms with every worker stalled, several times per thousand articles.
    They live as long as the process anyway; a collection first frees what is already
    garbage."""
    import gc

    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


class Batch:
    """A run over many articles. ``run`` for one call; ``open``/``process``/``close``
    when results also arrive from elsewhere (batch-file collection)."""

    def __init__(
        self,
        summariser: Summariser,
        store: Store,
        *,
        output: str | IO[bytes] | None = None,
        concurrency: int = 8,
        limiter: RateLimiter | None = None,
        force: bool = False,
        fail_fast: bool = False,
        price: tuple[float, float] | None = None,
        discount: float = 1.0,
        observer: Observer | None = None,
        grace: float = 30.0,
        tick: float = 5.0,
        kind: str = "batch",
        info: dict[str, Any] | None = None,
        model: str | None = None,
        prompt_version: str | None = None,
        jobs: int = 1,
    ) -> None:
        self.summariser = summariser
        # Worker processes for the offline engine: 1 runs it in process; 0 is one per core.
        self.jobs = resolve_jobs(jobs, summariser.backend)
        self.store = store
        self.output = output
        self.concurrency = max(1, concurrency)
        self.limiter = limiter if limiter is not None and limiter.active else None
        self.force = force
        self.fail_fast = fail_fast
        self.price = price
        self.discount = discount
        self.observer = observer or Observer()
        self.grace = grace
        self.tick = tick
        self.kind = kind
        self.info = info or {}
        # The cache key's model and prompt; batch collection uses the job's.
        self.model = model or summariser.model_name
        self.prompt_version = prompt_version or summariser.prompt_version
        self.run_id = 0
        self.counts = Counts()
        self.stop_reason: str | None = None
        self._writer: ResultsWriter | None = None
        self._started = 0.0
        self._seq = 0
        self._tokens = [0, 0]
        self._slowest: list[tuple[float, str]] = []
        self._failures: Counter[str] = Counter()
        self._problems: list[str] = []
        self._pending: list[tuple[Any, ...]] = []
        self._inflight: set[asyncio.Task[Any]] = set()
        self._run: LLMRun | None = None
        self._dropped: set[asyncio.Task[Any]] = set()  # stopped before their first request
        self._source: Iterator[Item] | None = None
        self._cancel_handle: asyncio.TimerHandle | None = None
        self._report: RunReport | None = None
        self._warm = False
        self._startup_s = 0.0
        self._pool: OfflinePool | None = None

    # -- Whole run

    def run(self, items: Iterable[Item], *, total: int | None = None, handle_signals: bool = False) -> RunReport:
        return asyncio.run(self.arun(items, total=total, handle_signals=handle_signals))

    async def arun(self, items: Iterable[Item], *, total: int | None = None,
                   handle_signals: bool = False) -> RunReport:
        self.open(total)
        try:
            await self.process(items, handle_signals=handle_signals)
        finally:
            report = self.close()
        return report

    def open(self, total: int | None = None) -> int:
        s = self.summariser
        self.counts.total = total
        self._writer = ResultsWriter(self.output)  # an unwritable -o fails before a run is recorded
        info = {"concurrency": self.concurrency, "jobs": self.jobs, "force": self.force,
                "base_url": s.settings.base_url, **self.info}
        self.run_id = self.store.start_run(self.kind, backend=s.backend, model=self.model,
                                           prompt_version=self.prompt_version, schema_version=SCHEMA_VERSION,
                                           info=info)
        self._started = time.perf_counter()
        self.observer.started(self.run_id, self.counts)
        return self.run_id

    def warm_up(self) -> None:
        # At the first article that needs the model: a fully cached run never pays for the imports.
        self._warm = True
        started = time.perf_counter()
        warm_up(self.summariser)
        if self.jobs > 1:  # its processes start with the first article sent to them
            self._pool = OfflinePool(self.summariser.settings, self.jobs)
        self._startup_s = time.perf_counter() - started

    def close(self) -> RunReport:
        if self._report is not None:
            return self._report
        self._flush_items()
        report = self.report()
        status = "done" if self.stop_reason is None else ("stopped" if self.stop_reason == "fail-fast" else
                                                          "interrupted")
        self.store.update_run(self.run_id, report.to_dict(), status=status)
        if self._writer is not None:
            self._writer.close()
        self._report = report
        return report

    def report(self) -> RunReport:
        gate = getattr(getattr(self.summariser, "_llm", None), "gate", None)
        tin, tout = self._tokens
        cost = None
        if self.price is not None:
            cost = round((tin * self.price[0] + tout * self.price[1]) / 1e6 * self.discount, 6)
        return RunReport(
            run_id=self.run_id, counts=Counts(**asdict(self.counts)), input_tokens=tin, output_tokens=tout,
            cost_usd=cost, wall_s=time.perf_counter() - self._started,
            slowest=[(aid, round(ms, 1)) for ms, aid in sorted(self._slowest, reverse=True)],
            failure_classes=dict(self._failures.most_common()), problems=list(self._problems),
            rate_limit_pauses=gate.pauses if gate is not None else 0,
            limiter_wait_s=round(sum(self.limiter.waits), 3) if self.limiter else 0.0,
            startup_s=round(self._startup_s + (self._pool.startup_s if self._pool is not None else 0.0), 3),
            stopped=self.stop_reason,
        )

    # -- Workers

    async def process(self, items: Iterable[Item], *, handle_signals: bool = False) -> None:
        """Run every item through workers sharing one client, at most ``concurrency`` requests in flight."""
        loop = asyncio.get_running_loop()
        self._source = iter(items)
        installed: list[int] = []
        if handle_signals:
            for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
                try:
                    loop.add_signal_handler(sig, self.request_stop, name)
                    installed.append(sig)
                except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                    pass
        ticker = asyncio.ensure_future(self._ticker())
        self._run, n_workers = LLMRun.start(self.summariser.backend, self.concurrency)
        if self.jobs > 1:
            # Enough articles in flight to keep every process busy, few enough that memory stays
            # flat however large the input: -c plays no part here.
            n_workers = self.jobs * ARTICLES_PER_JOB
        workers = [asyncio.ensure_future(self._worker()) for _ in range(n_workers)]
        try:
            done, pending = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
            crashed = [t for t in done if not t.cancelled() and t.exception() is not None]
            if crashed:  # a broken store or input, not an article failure: stop everything
                self._stop_now("error")
                await asyncio.gather(*pending, return_exceptions=True)
                raise crashed[0].exception()  # type: ignore[misc]
        except asyncio.CancelledError:
            self._stop_now("cancelled")
            await asyncio.gather(*workers, return_exceptions=True)
            raise
        finally:
            ticker.cancel()
            if self._cancel_handle is not None:
                self._cancel_handle.cancel()
            if self._run is not None:
                await self._run.aclose()
            if self._pool is not None:
                self._pool.close()
            for installed_sig in installed:
                loop.remove_signal_handler(installed_sig)
            self._flush_items()

    def request_stop(self, reason: str = "stop") -> None:
        """Take no new articles; cancel those in flight after ``grace`` seconds (at once if called twice)."""
        if self.stop_reason is not None:
            self._cancel_inflight()
            return
        self.stop_reason = reason
        self._drop_queued()
        self.observer.stopping(reason, self.grace)
        if self.grace <= 0:
            self._cancel_inflight()
        else:
            self._cancel_handle = asyncio.get_running_loop().call_later(self.grace, self._cancel_inflight)

    def _stop_now(self, reason: str) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
        self._drop_queued()
        self._cancel_inflight()

    def _drop_queued(self) -> None:
        """Articles still waiting to send their first request were never started:
        they get no result now and run in full next time."""
        if self._run is not None:
            self._dropped.update(self._run.queued)
            for task in self._run.queued:
                task.cancel()

    def _cancel_inflight(self) -> None:
        for task in list(self._inflight):
            task.cancel()

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(self.tick)
            self._flush_items()
            self.observer.tick(self.counts, time.perf_counter() - self._started)
            self.store.update_run(self.run_id, self.report().to_dict())

    async def _worker(self) -> None:
        assert self._source is not None
        CURRENT_RUN.set(self._run)  # in this task's own context
        while self.stop_reason is None:
            item = next(self._source, None)
            if item is None:
                return
            if isinstance(item, Problem):
                self.record_problem(item)
                continue
            awaited = await self._article(item)
            # A run of cache hits (or an engine that never awaits) must still let the
            # other workers, the ticker and signal handlers in now and then.
            if not awaited and (self.summariser.backend != "llm" or self.counts.cached % 32 == 0):
                await asyncio.sleep(0)

    def key(self, article: Article) -> Key:
        return Key(content_hash(article), self.model, self.prompt_version, SCHEMA_VERSION)

    async def _article(self, art: Article) -> bool:
        """Process one article; True when it waited on the model (so others ran meanwhile)."""
        key = self.key(art)
        if not self.force:
            row = self.store.get(key)
            if row is not None and row["status"] == "ok":
                self.record_cached(art, key, row)
                return False
        if not self._warm:
            self.warm_up()
        if self._pool is not None:
            await self._pool.ready()
            if self.stop_reason is not None:  # stopped during the workers' start-up: never started, left for next time
                return True
        task = asyncio.current_task()
        assert task is not None
        started_at, t0 = time.time(), time.perf_counter()
        estimate = 0
        self._inflight.add(task)
        try:
            if self.limiter is not None:
                estimate = self._estimate(art)
                await self.limiter.acquire(1, estimate)
            summary = await (self.summariser.asummarise(art) if self._pool is None else self._pool.summarise(art))
        except asyncio.CancelledError:
            self._inflight.discard(task)
            if task not in self._dropped:
                self.record_unfinished(art, key, (time.perf_counter() - t0) * 1000)
            raise
        except Exception as exc:  # one article's failure, whatever it is, must not stop the run
            self._inflight.discard(task)
            latency = (time.perf_counter() - t0) * 1000
            self._settle(estimate, exc)
            self.record_failure(art, key, exc, latency_ms=latency, started_at=started_at)
            if self._pool is not None:
                self._pool.check()  # workers that keep dying stop the run, like a broken store
            return self._awaits
        self._inflight.discard(task)
        self._settle(estimate, summary)
        self.record_ok(art, key, summary, latency_ms=(time.perf_counter() - t0) * 1000, started_at=started_at)
        return self._awaits

    @property
    def _awaits(self) -> bool:
        """Whether an article's engine call lets the other tasks run meanwhile."""
        return self.summariser.backend == "llm" or self._pool is not None

    def _estimate(self, art: Article) -> int:
        from summariser import prompts

        out = self.summariser.settings.max_tokens or _OUTPUT_TOKENS_GUESS
        if self.limiter is None or not self.limiter.tpm:
            return 0
        return (len(prompts.load().system) + len(art.text)) // 4 + out

    def _settle(self, estimate: int, outcome: ArticleSummary | BaseException) -> None:
        if self.limiter is None:
            return
        if isinstance(outcome, BaseException):
            attempts = getattr(outcome, "attempts", 1) or 1
            used = getattr(outcome, "input_tokens", 0) + getattr(outcome, "output_tokens", 0)
        else:
            attempts = outcome.run.requests or 1
            used = outcome.run.input_tokens + outcome.run.output_tokens
        self.limiter.settle(attempts - 1, used - estimate if self.limiter.tpm else 0)

    # -- Recording outcomes (store first, then the results line)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _flush_items(self) -> None:
        if self._pending:
            with self.store.transaction():
                self.store.db.executemany("INSERT OR REPLACE INTO run_items VALUES (?,?,?,?,?,?,?,?,?)",
                                          self._pending)
            self._pending.clear()

    def _write(self, line: str) -> None:
        if self._writer is not None:
            self._writer.write(line)

    def _finished(self, art: Article, latency_ms: float) -> None:
        entry = (latency_ms, art.id)
        if len(self._slowest) < SLOWEST:
            heapq.heappush(self._slowest, entry)
        elif entry > self._slowest[0]:
            heapq.heapreplace(self._slowest, entry)

    def record_ok(self, art: Article, key: Key, summary: ArticleSummary, *, latency_ms: float,
                  started_at: float | None = None) -> None:
        run = summary.run
        summary_json = summary.model_dump_json()
        with self.store.transaction():
            self._flush_items()
            self.store.save(key, art.id, status="ok", run_id=self.run_id, summary=summary_json,
                            attempts=run.attempts, requests=run.requests, input_tokens=run.input_tokens,
                            output_tokens=run.output_tokens, latency_ms=latency_ms, started_at=started_at)
            self.store.record_item(self.run_id, art.id, key.content_hash, "ok", seq=self._next_seq(),
                                   latency_ms=latency_ms)
        self._write(result_line(art.id, "ok", self.run_id, summary_json=summary_json))
        self._tokens[0] += run.input_tokens
        self._tokens[1] += run.output_tokens
        self._finished(art, latency_ms)
        self.counts.ok += 1
        self.observer.article(Event(art.id, "ok", latency_ms), self.counts)

    def record_failure(self, art: Article, key: Key, exc: BaseException, *, latency_ms: float = 0.0,
                       started_at: float | None = None) -> None:
        info = error_info(exc)
        tin, tout = getattr(exc, "input_tokens", 0), getattr(exc, "output_tokens", 0)
        with self.store.transaction():
            self._flush_items()
            self.store.save(key, art.id, status="failed", run_id=self.run_id, error_class=info["class"],
                            error_message=info["message"], error_hint=info["hint"], attempts=info["attempts"],
                            input_tokens=tin, output_tokens=tout, latency_ms=latency_ms, started_at=started_at)
            self.store.record_item(self.run_id, art.id, key.content_hash, "failed", seq=self._next_seq(),
                                   latency_ms=latency_ms, error_class=info["class"], error_message=info["message"])
        self._write(result_line(art.id, "failed", self.run_id, error=info))
        self._tokens[0] += tin
        self._tokens[1] += tout
        self._finished(art, latency_ms)
        self.counts.failed += 1
        label = info["class"] + (f" (HTTP {info['status_code']})" if "status_code" in info else "")
        self._failures[label] += 1
        self.observer.article(Event(art.id, "failed", latency_ms, info["message"]), self.counts)
        if self.fail_fast:
            self._stop_now("fail-fast")

    def record_cached(self, art: Article, key: Key, row: Any) -> None:
        summary_json: str = row["summary"]
        if row["article_id"] != art.id:  # same text under another id: the id is the only difference
            summary = json.loads(summary_json)
            summary["article_id"] = art.id
            summary_json = json.dumps(summary, ensure_ascii=False)
        self._pending.append((self.run_id, art.id, key.content_hash, "ok", 1, 0.0, None, None, self._next_seq()))
        if len(self._pending) >= _CACHED_ITEMS_PER_COMMIT:
            self._flush_items()
        self._write(result_line(art.id, "ok", row["run_id"] or self.run_id, summary_json=summary_json))
        self.counts.cached += 1
        self.observer.article(Event(art.id, "cached"), self.counts)

    def record_unfinished(self, art: Article, key: Key, latency_ms: float) -> None:
        message = f"stopped ({self.stop_reason or 'cancelled'}) before this article finished"
        with self.store.transaction():
            self._flush_items()
            self.store.record_item(self.run_id, art.id, key.content_hash, "unfinished", seq=self._next_seq(),
                                   latency_ms=latency_ms, error_class="Unfinished", error_message=message)
        self._write(result_line(art.id, "unfinished", self.run_id,
                                error={"class": "Unfinished", "message": message}))
        self.counts.unfinished += 1
        self.observer.article(Event(art.id, "unfinished", latency_ms, message), self.counts)

    def record_problem(self, problem: Problem) -> None:
        self.counts.invalid += 1
        if len(self._problems) < _MAX_PROBLEMS_KEPT:
            self._problems.append(str(problem))
        self.observer.article(Event(problem.where, "invalid", message=problem.message), self.counts)
