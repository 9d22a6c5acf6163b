"""The library entry points: ``Summariser`` and ``summarise``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summariser import config, grounding, prompts
from summariser.articles import Article, coerce
from summariser.errors import ExtractionError, SummariserError
from summariser.grounding import Grounded, GroundingContext
from summariser.limits import CURRENT_RUN, CallStats, LLMRun, RateGate
from summariser.schema import ArticleSummary, Extraction, RunInfo

if TYPE_CHECKING:
    import openai

    from summariser.client import LLMClient
    from summariser.local import LocalModel

OFFLINE_MODEL = "rules-v1"


class Summariser:
    """Summarise articles with one configuration.

    >>> s = Summariser(backend="offline")
    >>> s.summarise("Paris, May 2 (AFP) Ana Ruiz met Tom Lee on Friday.").run.backend
    'offline'
    """

    def __init__(
        self,
        settings: config.Settings | None = None,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        gate: RateGate | None = None,
        sleep: Callable[[float], None] | None = None,
        asleep: Callable[[float], Awaitable[None]] | None = None,
        **options: Any,
    ) -> None:
        # sleep/asleep replace the backoff waits (tests record them instead).
        self.settings = settings.with_(**options) if settings else config.resolve(**options)
        self._client_args: dict[str, Any] = {
            "client": client, "async_client": async_client, "gate": gate, "sleep": sleep, "asleep": asleep,
        }
        self._llm: LLMClient | None = None
        self._local: LocalModel | None = None

    @property
    def backend(self) -> str:
        return self.settings.effective_backend

    @property
    def llm(self) -> LLMClient:
        if self._llm is None:
            self.settings.require_llm()
            from summariser.client import LLMClient  # heavy: openai + instructor

            self._llm = LLMClient(self.settings, **{k: v for k, v in self._client_args.items() if v is not None})
        return self._llm

    @property
    def engine(self) -> LLMClient | LocalModel:
        """What extracts: the HTTP client, or the in-process model for backend "local"."""
        if self.backend != "local":
            return self.llm
        if self._local is None:
            from summariser.local import LocalModel  # heavy: llama-cpp-python

            self._local = LocalModel(self.settings)
        return self._local

    @property
    def model_name(self) -> str:
        if self.backend == "local":
            from summariser.local import model_name

            return model_name(self.settings)
        return OFFLINE_MODEL if self.backend == "offline" else self.settings.model

    @property
    def prompt_version(self) -> str:
        return OFFLINE_MODEL if self.backend == "offline" else prompts.load().version

    def _context(self, art: Article) -> GroundingContext:
        return GroundingContext(art.text, art.published, max_attempts=self.settings.max_retries + 1)

    def summarise(self, article: Article | str, article_id: str | None = None, published: Any = None) -> ArticleSummary:
        art = coerce(article, article_id=article_id, published=published)
        started, stats = time.perf_counter(), CallStats()
        if self.backend == "offline":
            extraction, grounded = _offline(art)
        else:
            ctx = self._context(art)
            extraction = self.engine.extract(prompts.load().messages(art), ctx, stats)
            grounded = _result(ctx, extraction)
        return self.assemble(art, extraction, grounded, stats, started)

    async def asummarise(
        self, article: Article | str, article_id: str | None = None, published: Any = None
    ) -> ArticleSummary:
        art = coerce(article, article_id=article_id, published=published)
        started, stats = time.perf_counter(), CallStats()
        if self.backend == "offline":
            extraction, grounded = _offline(art)
        else:
            ctx = self._context(art)
            extraction = await self.engine.aextract(prompts.load().messages(art), ctx, stats)
            grounded = _result(ctx, extraction)
        return self.assemble(art, extraction, grounded, stats, started)

    def summarise_many(self, articles: Iterable[Article | str], concurrency: int = 8) -> Iterator[Result]:
        """Yield a Result per article as each completes; input is consumed lazily."""
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        source = iter(articles)
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            running: dict[Future[ArticleSummary], Article] = {}
            while True:
                while len(running) < max(1, concurrency):
                    item = next(source, None)
                    if item is None:
                        break
                    art = coerce(item)
                    running[pool.submit(self.summarise, art)] = art
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield _outcome(running.pop(future), future)

    async def asummarise_many(
        self, articles: Iterable[Article | str] | AsyncIterable[Article | str], concurrency: int = 8
    ) -> AsyncIterator[Result]:
        """Async version of ``summarise_many``: at most ``concurrency`` requests in flight."""
        import asyncio

        source = _aiter(articles)
        running: dict[asyncio.Task[ArticleSummary], Article] = {}
        run, limit = LLMRun.start(self.backend, concurrency)
        exhausted = False
        try:
            while True:
                while not exhausted and len(running) < limit:
                    try:
                        art = coerce(await anext(source))
                    except StopAsyncIteration:
                        exhausted = True
                        break
                    running[asyncio.ensure_future(self._asummarise_in(run, art))] = art
                if not running:
                    return
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield _outcome(running.pop(task), task)
        finally:
            for task in running:  # the caller stopped early
                task.cancel()
            if run is not None:
                await asyncio.gather(*running, return_exceptions=True)
                await run.aclose()

    async def _asummarise_in(self, run: LLMRun | None, art: Article) -> ArticleSummary:
        CURRENT_RUN.set(run)  # in this task's own context
        return await self.asummarise(art)

    def assemble(
        self, art: Article, extraction: Extraction, grounded: Grounded, stats: CallStats, started: float
    ) -> ArticleSummary:
        warnings = [*grounded.notes, *(f"dropped: {p}" for p in grounded.problems)]
        warnings += grounding.unsupported_names(
            [extraction.headline, extraction.summary, *extraction.key_points], art.text
        )
        summary = ArticleSummary(
            article_id=art.id,
            headline=extraction.headline.strip(),
            summary=extraction.summary.strip(),
            key_points=[k.strip() for k in extraction.key_points if k.strip()],
            dateline=grounded.dateline,
            attendees=grounded.attendees,
            meetings=grounded.meetings,
            pledges=grounded.pledges,
            quotes=grounded.quotes,
            warnings=warnings,
            run=RunInfo(
                backend=self.backend, model=self.model_name, prompt_version=self.prompt_version,
                attempts=stats.attempts, requests=stats.requests, input_tokens=stats.input_tokens,
                output_tokens=stats.output_tokens, latency_ms=round((time.perf_counter() - started) * 1000, 3),
            ),
        )
        broken = summary.check_invariants(art.text)
        if broken:  # grounding guarantees these; refuse output rather than ship a violation
            raise ExtractionError("grounding invariant violated: " + "; ".join(broken[:3]))
        return summary


@dataclass(frozen=True)
class Result:
    """One article's outcome in a many-article run: a summary or an error."""

    article: Article
    summary: ArticleSummary | None = None
    error: SummariserError | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None


def _outcome(art: Article, future: Any) -> Result:
    exc = future.exception()
    if exc is None:
        return Result(art, summary=future.result())
    if isinstance(exc, SummariserError):
        return Result(art, error=exc)
    raise exc  # a bug, not an article failure: surface it


async def _aiter(items: Iterable[Any] | AsyncIterable[Any]) -> AsyncIterator[Any]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


def _offline(art: Article) -> tuple[Extraction, Grounded]:
    from summariser import offline

    extraction = offline.extract(art)
    return extraction, grounding.ground(extraction, art.text, art.published)


def _result(ctx: GroundingContext, extraction: Extraction) -> Grounded:
    # The validator stores its grounding; re-ground only if it never ran.
    return ctx.result if ctx.result is not None else grounding.ground(extraction, ctx.article, ctx.published)


def summarise(
    text: Article | str, *, article_id: str | None = None, published: Any = None, **options: Any
) -> ArticleSummary:
    """One-shot helper: ``summarise(text, model=..., base_url=...)``."""
    return Summariser(**options).summarise(text, article_id=article_id, published=published)
