"""Per-article accounting and limits shared between concurrent workers.
Kept free of openai imports so the offline path stays light."""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


class LLMRun:
    """What the workers of one run against an LLM endpoint share: at most ``n``
    requests in flight, the run's API client and its parser thread.

    A request slot is held for the HTTP exchange only: while one answer is parsed
    and grounded, a queued worker's request is already on its way, so the server
    always has ``n`` requests to work on. Runs start WORKERS_PER_SLOT workers per
    slot so that a request is ready whenever a slot frees.
    """

    @classmethod
    def start(cls, backend: str, concurrency: int) -> tuple[LLMRun | None, int]:
        """(the shared run, how many workers to start) for ``concurrency`` on ``backend``."""
        if backend != "llm":
            return None, max(1, concurrency)
        return cls(concurrency), max(1, concurrency) * WORKERS_PER_SLOT

    def __init__(self, n: int) -> None:
        import asyncio  # here, not at module level: the offline path never needs it

        self._free = asyncio.Semaphore(max(1, n))
        self.queued: set[asyncio.Task[Any]] = set()  # waiting to send an article's first request
        # The run's own API client, made by the engine at first use and closed with the
        # run: async HTTP clients belong to the event loop they were made in.
        self.client: Any = None
        self._worker: Any = None

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` (parsing and grounding an answer: CPU only) on the run's one
        worker thread, in the caller's context. The event loop stays free to send and
        receive meanwhile: requests and answers no longer queue behind a pile of
        parsing, which at high concurrency costs more wall time than the CPU itself."""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="summariser-parse")
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._worker, context.run, fn, *args)

    async def aclose(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.shutdown(wait=False)
        client, self.client = self.client, None
        if client is not None:
            await client.close()

    @contextlib.asynccontextmanager
    async def hold(self, *, first: bool) -> AsyncIterator[None]:
        import asyncio

        task = asyncio.current_task()
        if first and task is not None:
            self.queued.add(task)
        try:
            await self._free.acquire()
        finally:
            self.queued.discard(task)  # type: ignore[arg-type]
        try:
            yield
        finally:
            self._free.release()


# Set by each worker task in its own context; None outside a run (no limit).
CURRENT_RUN: contextvars.ContextVar[LLMRun | None] = contextvars.ContextVar("summariser_run", default=None)
WORKERS_PER_SLOT = 2


@dataclass
class CallStats:
    """Counts for one article, summed over every attempt (failed ones too)."""

    attempts: int = 0
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    waits: list[float] = field(default_factory=list)

    def add_usage(self, usage: Any) -> None:
        if usage is not None:
            self.input_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.output_tokens += getattr(usage, "completion_tokens", 0) or 0


class RateGate:
    """A pause shared by every worker: one 429 holds them all back."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.resume_at = 0.0
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        self.pauses += 1
        self.resume_at = max(self.resume_at, self._clock() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.resume_at - self._clock())


class RateLimiter:
    """Requests- and tokens-per-minute budgets shared by every worker.

    Two token buckets, each holding at most one minute's allowance. ``acquire``
    waits until a request fits; ``settle`` charges what a request really cost
    (re-asks, the real token count), so low estimates slow later requests down
    instead of overshooting the budget.
    """

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        if (rpm is not None and rpm <= 0) or (tpm is not None and tpm <= 0):
            raise ValueError("rpm and tpm must be positive")
        self.rpm, self.tpm = rpm, tpm
        self._clock = clock
        self._sleep = sleep
        self._requests = float(rpm or 0)
        self._tokens = float(tpm or 0)
        self._at = clock()
        self._lock: Any = None
        self.waits: list[float] = []

    @property
    def active(self) -> bool:
        return self.rpm is not None or self.tpm is not None

    def _refill(self) -> None:
        now = self._clock()
        elapsed, self._at = max(0.0, now - self._at), now
        if self.rpm:
            self._requests = min(float(self.rpm), self._requests + elapsed * self.rpm / 60.0)
        if self.tpm:
            self._tokens = min(float(self.tpm), self._tokens + elapsed * self.tpm / 60.0)

    def delay(self, requests: float = 1, tokens: float = 0) -> float:
        """Seconds until a request of this size fits (0 when it fits now)."""
        self._refill()
        wait = 0.0
        if self.rpm:
            need = min(requests, self.rpm)  # a request larger than the bucket waits for a full one
            wait = max(wait, (need - self._requests) * 60.0 / self.rpm)
        if self.tpm:
            need = min(tokens, self.tpm)
            wait = max(wait, (need - self._tokens) * 60.0 / self.tpm)
        return max(0.0, wait)

    def settle(self, requests: float = 0, tokens: float = 0) -> None:
        """Charge usage to the budgets; they may go below zero."""
        self._refill()
        if self.rpm:
            self._requests -= requests
        if self.tpm:
            self._tokens -= tokens

    async def acquire(self, requests: float = 1, tokens: float = 0) -> float:
        """Wait for room, then charge the estimate; returns the seconds waited."""
        import asyncio

        if not self.active:
            return 0.0
        if self._lock is None:
            self._lock = asyncio.Lock()
        waited = 0.0
        async with self._lock:  # first come, first served: no starvation of large requests
            while (pause := self.delay(requests, tokens)) > 0:
                self.waits.append(pause)
                waited += pause
                await (self._sleep or asyncio.sleep)(pause)
            self.settle(requests, tokens)
        return waited
