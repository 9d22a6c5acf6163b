"""Worker processes for the offline engine (``batch --jobs N``).

The offline engine is pure Python and CPU-bound: in process it runs on the event
loop, one article at a time, on one core. With ``jobs`` > 1 a batch hands each
article to a pool of worker processes instead; the parent keeps the store, the
results file, the counts and the signals, exactly as with one process.

This module is imported by the CLI for the option check and by every worker
process at start-up, before it ignores SIGINT: it imports nothing heavy at module
level (not even asyncio), so that window stays short.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from summariser.errors import ConfigError, WorkerDied, WorkersKeepDying

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import ProcessPoolExecutor

    from summariser.articles import Article
    from summariser.config import Settings
    from summariser.pipeline import Summariser
    from summariser.schema import ArticleSummary

ARTICLES_PER_JOB = 2  # in flight per process: one running, one queued behind it, so no process waits on the parent
MAX_BREAKS_IN_A_ROW = 3  # pool deaths with no article finished in between: something is wrong with every article

# The worker process's own engine, made by its initializer.
_SUMMARISER: Summariser | None = None


def available_cores() -> int:
    """Cores this process may run on (its affinity mask, e.g. under taskset or a container's cpuset)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int, backend: str) -> int:
    """How many worker processes ``jobs`` means on ``backend``: 0 is one per available core, 1 is none
    (the engine runs in process, as without the option)."""
    if jobs < 0:
        raise ConfigError(f"--jobs must be 0 (one per core) or more, got {jobs}")
    if jobs != 1 and backend != "offline":
        raise ConfigError("--jobs applies to the offline engine only",
                          hint=f"this run uses the {backend} backend; -c sets how many articles are in flight")
    return jobs or available_cores()


# -- In the worker process


def start_worker(settings: Settings) -> None:
    """The pool's initializer: ignore SIGINT (a Ctrl-C reaches the whole process group; the
    parent alone decides what it means), leave if the parent dies, then load the engine."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()

    global _SUMMARISER
    from summariser import offline  # noqa: F401  # the engine's imports, once, before the first article
    from summariser.batch import _freeze_heap
    from summariser.pipeline import Summariser

    _SUMMARISER = Summariser(settings)
    _freeze_heap()


def _exit_with_parent() -> None:
    """A killed parent (SIGKILL, the OOM killer) cannot shut the pool down, and its workers would
    wait for work forever: a thread waits for the parent's end and takes the worker with it."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch(sentinel: int) -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, args=(parent.sentinel,), name="summariser-parent-watch", daemon=True).start()


def _ping() -> int:
    return os.getpid()


def _consume(future: asyncio.Future[ArticleSummary]) -> None:
    """Read the outcome of a future whose article was given up, so that asyncio does not log it as unretrieved."""
    if not future.cancelled():
        future.exception()


def summarise_offline(art: Article) -> ArticleSummary:
    """A worker process's job: one article through the same ``Summariser`` as in process."""
    if _SUMMARISER is None:
        raise RuntimeError("summarise_offline runs in a worker process started by OfflinePool")
    return _SUMMARISER.summarise(art)


# -- In the parent


class OfflinePool:
    """``jobs`` worker processes, started at the first article that needs the engine.

    When a worker dies, every article in flight fails with ``WorkerDied`` and the next article
    starts a fresh pool: one poison article (say, one that runs out of memory) must not stall
    the rest of a nightly run. After ``MAX_BREAKS_IN_A_ROW`` deaths with no article finished
    in between, ``check`` raises ``WorkersKeepDying``: the caller stops the run.
    """

    def __init__(self, settings: Settings, jobs: int, job: Callable[[Article], ArticleSummary] | None = None) -> None:
        # The workers need no key: the offline engine sends nothing anywhere.
        self.settings = replace(settings, backend="offline", api_key=None)
        self.jobs = jobs
        # Looked up now, not at import: a test may swap in another module-level function.
        self.job = job if job is not None else summarise_offline
        self.breaks_in_a_row = 0
        self.startup_s = 0.0
        self._executor: ProcessPoolExecutor | None = None
        self._ready: asyncio.Future[None] | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Not fork: the parent has threads (the store's, the executor's own) whose locks a
            # forked child would inherit mid-use. spawn starts a clean interpreter everywhere.
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=start_worker,
                                                 initargs=(self.settings,))
        return self._executor

    async def ready(self) -> None:
        """Start the workers, once, and wait until they take work: their start-up (a fresh
        interpreter importing the engine, about a second) is no article's latency."""
        import asyncio

        if self._ready is None:
            self._ready = asyncio.ensure_future(self._start())
        await asyncio.shield(self._ready)  # one article's cancellation must not cancel the others' wait

    async def _start(self) -> None:
        import asyncio

        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:
            executor = self._pool()
            pings = [loop.run_in_executor(executor, _ping) for _ in range(self.jobs)]
        except Exception:  # no processes to be had (a process limit?): each article fails with the reason
            return
        # A pool that breaks while starting fails its articles with WorkerDied, not here.
        await asyncio.gather(*pings, return_exceptions=True)
        self.startup_s = time.perf_counter() - started

    async def summarise(self, art: Article) -> ArticleSummary:
        import asyncio
        from concurrent.futures.process import BrokenProcessPool

        executor = self._pool()
        try:
            # meta (extra JSONL fields) plays no part in a summary: not worth the trip.
            future = asyncio.get_running_loop().run_in_executor(executor, self.job, replace(art, meta={}))
            future.add_done_callback(_consume)
            # Shielded: a cancelled article (a stop, a lapsed grace) must not cancel the pool's own future. On
            # Python 3.11 a pool that breaks later fails every pending future and raises InvalidStateError (a
            # traceback on stderr) for one cancelled under it; the work itself cannot be taken back anyway.
            summary = await asyncio.shield(future)
        except BrokenProcessPool:
            self._broken(executor)
            raise WorkerDied("a worker process died while this article was in flight (killed, or out of "
                             "memory?); every article in flight with it failed",
                             hint="it runs again next time; if it fails again, try it with --jobs 1") from None
        except Exception:
            self.breaks_in_a_row = 0  # the pool works: this article failed on its own
            raise
        self.breaks_in_a_row = 0
        return summary

    def _broken(self, executor: ProcessPoolExecutor) -> None:
        if executor is self._executor:  # the first of its articles to hear of it: count the break once
            self._executor = None
            # Not cancel_futures=True: the pool's own thread fails every pending future, and on Python 3.11 it
            # raises InvalidStateError (a traceback on stderr) for one cancelled under it.
            executor.shutdown(wait=False)
            self.breaks_in_a_row += 1

    def check(self) -> None:
        """Raise ``WorkersKeepDying`` when the pool keeps breaking whatever the article."""
        if self.breaks_in_a_row >= MAX_BREAKS_IN_A_ROW:
            raise WorkersKeepDying(f"worker processes died {self.breaks_in_a_row} times in a row with no article "
                                   "finished in between; stopping the run",
                                   hint="the failed articles show which were in flight; try --jobs 1")

    def close(self) -> None:
        """Stop the workers: queued articles are dropped, running ones finish (an offline article takes
        milliseconds)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
