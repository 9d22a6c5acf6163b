"""The only module that imports openai and instructor.

Two bounded retry layers:
- transport (tenacity, here): 429/5xx/timeouts/connection errors, exponential
  backoff with jitter, Retry-After honoured, a per-article deadline;
- validation (instructor's parser and re-ask messages, our loop): re-asks only on
  validation/JSON errors, grounding failures included.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import instructor
import openai
from instructor.core.exceptions import ResponseParsingError
from instructor.processing import handle_response_model
from openai import AsyncOpenAI  # for annotations in Client, whose `openai` property hides the module name
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
)

from summariser.config import Settings
from summariser.errors import ExtractionError, LLMError, SummariserError, TruncatedOutputError
from summariser.grounding import CURRENT, GroundingContext
from summariser.limits import CURRENT_RUN, CallStats, RateGate
from summariser.schema import Extraction

# instructor logs every failed attempt at ERROR; without a handler Python would
# print those to stderr. Users who configure logging still receive them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
# Wrapped once: given a plain model, instructor builds a new subclass (and a new
# JSON schema) on every request, ~10 ms each time.
_RESPONSE_MODEL = instructor.openai_schema(Extraction)
_PARSE_ERRORS = (ValidationError, json.JSONDecodeError, ResponseParsingError)
_RETRY_STATUS = {408, 409, 429}
_MAX_RETRY_AFTER = 300.0


@dataclass
class _Call:
    stats: CallStats
    deadline_at: float

    def left(self) -> float:
        return self.deadline_at - time.monotonic()


_CALL: contextvars.ContextVar[_Call] = contextvars.ContextVar("summariser_call")


def retry_after(exc: BaseException) -> float | None:
    """Seconds from Retry-After / retry-after-ms headers, if the server sent them."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return min(float(ms) / 1000.0, _MAX_RETRY_AFTER)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), _MAX_RETRY_AFTER)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        if when is None:
            return None
        return min(max(when.timestamp() - time.time(), 0.0), _MAX_RETRY_AFTER)


def refuses_response_format(exc: BaseException) -> bool:
    """The server rejected the request's response_format: llama-cpp-python's server
    accepts only "json_object" and answers "json_schema" with HTTP 500."""
    return isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 422, 500) and (
        "response_format" in exc.message)


def _body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The chat-completions JSON body. It is posted as is: the SDK's typed ``create``
    would re-walk every message and the schema on each request (~3 ms), and the
    body is already plain JSON."""
    extra = kwargs.get("extra_body") or {}
    return {**{k: v for k, v in kwargs.items() if k != "extra_body"}, **extra}


def _completion(content: bytes) -> ChatCompletion:
    """The answer as a ChatCompletion. Validated in one pass when it is well formed
    (~30 µs, against ~300 µs for the SDK's field-by-field build); anything else is
    built leniently the way the SDK would, so odd servers still get through."""
    try:
        return ChatCompletion.model_validate_json(content)
    except ValidationError:
        pass
    try:
        data = json.loads(content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise LLMError(f"the server's answer is not a JSON object: {content[:80]!r}",
                       hint="is --base-url an OpenAI-compatible endpoint?")
    return ChatCompletion.construct(**data)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        if refuses_response_format(exc):  # deterministic, whatever the status says
            return False
        return exc.status_code in _RETRY_STATUS or exc.status_code >= 500
    return False


class LLMClient:
    """Structured extraction from an OpenAI-compatible endpoint."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        gate: RateGate | None = None,
        sleep: Callable[[float], None] = time.sleep,
        asleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.mode = _MODES[settings.effective_mode]
        self.gate = gate or RateGate()
        self._client = client
        self._async_client = async_client
        self._own_async = async_client is None  # a caller's client is always the one used
        self._spare: openai.AsyncOpenAI | None = None  # the next run's client, built ahead by warm_up
        self._sleep = sleep
        self._asleep = asleep
        self._prepared: dict[tuple[Any, str], tuple[Any, dict[str, Any]]] = {}

    # -- OpenAI clients: built lazily, the SDK's own retries off so layers don't stack.

    def _openai_kwargs(self) -> dict[str, Any]:
        return {
            # A local server needs no key, but the SDK insists on one.
            "api_key": self.settings.api_key or "unused",
            "base_url": self.settings.base_url,
            "max_retries": 0,
            "timeout": self.settings.timeout,
        }

    @property
    def openai(self) -> openai.OpenAI:
        if self._client is None:
            self._client = openai.OpenAI(**self._openai_kwargs())
        return self._client

    @property
    def async_openai(self) -> AsyncOpenAI:
        run = CURRENT_RUN.get()
        if run is not None and self._own_async:
            if run.client is None:
                run.client, self._spare = self._spare or self._run_client(), None
            return run.client  # type: ignore[no-any-return]
        if self._async_client is None:
            self._async_client = openai.AsyncOpenAI(**self._openai_kwargs())
        return self._async_client

    def warm_up(self, messages: list[dict[str, str]] | None = None) -> None:
        """Import the SDK's resources (~1 s), build the next run's client (its TLS
        context and HTTP layer, ~0.2 s) and prepare the request for the system prompt
        in ``messages`` (the response schema, ~0.1 s) now rather than in the first article."""
        if CURRENT_RUN.get() is None and self._own_async and self._spare is None:
            self._spare = self._run_client()
        _ = (self._spare or self.async_openai).chat.completions
        if messages:
            self._request(messages)

    def _run_client(self) -> AsyncOpenAI:
        """A batch run's client. It sends over aiohttp when the SDK offers it: ~40% less
        CPU per request than the default HTTP stack, which shows at high concurrency
        against a fast server."""
        factory = getattr(openai, "DefaultAioHttpClient", None)
        if factory is not None:
            with contextlib.suppress(RuntimeError, ImportError):  # aiohttp is not installed
                return openai.AsyncOpenAI(**self._openai_kwargs(), http_client=factory())
        return openai.AsyncOpenAI(**self._openai_kwargs())

    # -- Transport layer

    def _options(self, call: _Call) -> Any:
        left = call.left()
        if left <= 0:
            raise LLMError(f"deadline of {self.settings.deadline:g}s per article exceeded",
                           hint="raise SUMMARISER_DEADLINE or --timeout")
        return {"timeout": min(self.settings.timeout, left)}

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        delay = retry_after(exc) if exc else None
        if delay is None:
            ceiling = min(self.settings.backoff_max, self.settings.backoff_base * 2 ** (state.attempt_number - 1))
            delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # jitter spreads retries apart
        if isinstance(exc, openai.RateLimitError):
            self.gate.pause(delay)  # every worker waits at the gate, this one included
            return 0.0
        return delay

    def _stop(self, state: RetryCallState) -> bool:
        if state.attempt_number > self.settings.transport_retries:
            return True
        call = _CALL.get()
        exc = state.outcome.exception() if state.outcome else None
        upcoming = retry_after(exc) if exc else None
        return call.left() <= (upcoming or 0.0)

    def _transport_policy(self) -> dict[str, Any]:
        return {"stop": self._stop, "wait": self._wait, "retry": retry_if_exception(is_transient), "reraise": True}

    def _finish(self, call: _Call, response: Any) -> Any:
        call.stats.add_usage(getattr(response, "usage", None))
        choices = getattr(response, "choices", None) or []
        used = getattr(getattr(response, "usage", None), "completion_tokens", None)
        # Some servers (llama-cpp-python's) say "tool_calls" even when output stopped at the limit.
        at_limit = bool(self.settings.max_tokens and used and used >= self.settings.max_tokens)
        if choices and (choices[0].finish_reason == "length" or at_limit):
            raise TruncatedOutputError(
                f"the model's answer was cut off at {used if used is not None else '?'} tokens",
                hint="raise --max-tokens, or use a model with a larger output limit",
            )
        return response

    @staticmethod
    def _next_attempt() -> _Call:
        call = _CALL.get()
        call.stats.attempts += 1
        ctx = CURRENT.get()
        if ctx is not None:  # the validator is lenient on the last attempt
            ctx.attempt = call.stats.attempts
        return call

    def _transport(self, **kwargs: Any) -> Any:
        call = self._next_attempt()
        for attempt in Retrying(sleep=self._sleep, **self._transport_policy()):
            with attempt:
                while (pause := self.gate.remaining()) > 0:
                    resume_at = self.gate.resume_at
                    call.stats.waits.append(pause)
                    self._sleep(pause)
                    if self.gate.resume_at == resume_at:  # not extended meanwhile
                        break
                call.stats.requests += 1
                response = _completion(self.openai.post(
                    "/chat/completions", cast_to=bytes, body=_body(kwargs), options=self._options(call)
                ))
        return self._finish(call, response)

    async def _atransport(self, **kwargs: Any) -> Any:
        call = self._next_attempt()
        run = CURRENT_RUN.get()
        async for attempt in AsyncRetrying(sleep=self._asleep, **self._transport_policy()):
            with attempt:
                if run is None:
                    response = await self._apost(call, kwargs)
                else:
                    async with run.hold(first=call.stats.requests == 0):  # not held over backoff sleeps
                        response = await self._apost(call, kwargs)
                    await asyncio.sleep(0)  # a worker waiting for the slot sends before this one parses
        return self._finish(call, response)

    async def _apost(self, call: _Call, kwargs: dict[str, Any]) -> Any:
        while (pause := self.gate.remaining()) > 0:
            resume_at = self.gate.resume_at
            call.stats.waits.append(pause)
            await self._asleep(pause)
            if self.gate.resume_at == resume_at:  # another worker may have extended it
                break
        call.stats.requests += 1
        return _completion(await self.async_openai.post(
            "/chat/completions", cast_to=bytes, body=_body(kwargs), options=self._options(call)
        ))

    # -- Validation layer

    def _request(self, messages: list[dict[str, str]]) -> tuple[Any, dict[str, Any]]:
        """(response model, request kwargs) for ``messages`` in the current mode."""
        # The system prompt is prepared once per mode (tool or response-format schema,
        # JSON instructions); instructor's patched create redoes that, and re-checks
        # the model for async validators six times, on every request (~10 ms).
        head, tail = messages[:1], messages[1:]
        key = (self.mode, head[0]["content"] if head else "")
        if key not in self._prepared:
            self._prepared[key] = handle_response_model(_RESPONSE_MODEL, mode=self.mode, messages=head)
        response_model, prepared = self._prepared[key]
        kwargs: dict[str, Any] = {
            **prepared,
            "messages": [*prepared["messages"], *tail],
            "model": self.settings.model,
            "temperature": self.settings.temperature,
        }
        if self.settings.max_tokens:
            kwargs["max_tokens"] = self.settings.max_tokens
        return response_model, kwargs

    # The validation loop: instructor's parser and re-ask formatter for the mode, from its
    # public handler registry. Its own retry loop would re-walk the response model for
    # async validators on every call (~0.8 ms) and copy usage objects; ours re-asks only
    # on bad output, and the transport layer below it retries only transport failures.

    def _handlers(self) -> Any:
        from instructor.v2 import Provider, mode_registry

        return mode_registry.get_handlers(Provider.OPENAI, self.mode)

    def _parse(self, handlers: Any, model: Any, response: Any) -> Extraction:
        parsed: Extraction = handlers.response_parser(
            response=response, response_model=model, validation_context=None, strict=True, stream=False,
            is_async=False,
        )
        return parsed

    def _validated(self, messages: list[dict[str, str]]) -> Extraction:
        model, kwargs = self._request(messages)
        handlers = self._handlers()
        for attempt in range(self.settings.max_retries + 1):
            response = self._transport(**kwargs)
            try:
                return self._parse(handlers, model, response)
            except _PARSE_ERRORS as exc:
                kwargs = self._reask(handlers, kwargs, response, exc, attempt)
        raise AssertionError("unreachable")

    async def _avalidated(self, messages: list[dict[str, str]]) -> Extraction:
        model, kwargs = self._request(messages)
        handlers = self._handlers()
        for attempt in range(self.settings.max_retries + 1):
            response = await self._atransport(**kwargs)
            run = CURRENT_RUN.get()
            try:
                if run is None:
                    return self._parse(handlers, model, response)
                return await run.off_loop(self._parse, handlers, model, response)
            except _PARSE_ERRORS as exc:
                kwargs = self._reask(handlers, kwargs, response, exc, attempt)
        raise AssertionError("unreachable")

    def _reask(self, handlers: Any, kwargs: dict[str, Any], response: Any, exc: Exception,
               attempt: int) -> dict[str, Any]:
        """The next attempt's request, telling the model what was wrong; _Invalid once
        the re-ask budget is spent."""
        if attempt == self.settings.max_retries:
            raise _Invalid(exc, response) from exc
        reasked: dict[str, Any] = handlers.reask_handler(kwargs=kwargs, response=response, exception=exc)
        return reasked

    def extract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats) -> Extraction:
        try:
            return self._extract(messages, ctx, stats)
        except LLMError as exc:
            if not self._fall_back_to_tools(exc, stats):
                raise
        return self._extract(messages, ctx, stats)

    async def aextract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats) -> Extraction:
        try:
            return await self._aextract(messages, ctx, stats)
        except LLMError as exc:
            if not self._fall_back_to_tools(exc, stats):
                raise
        return await self._aextract(messages, ctx, stats)

    def _fall_back_to_tools(self, exc: LLMError, stats: CallStats) -> bool:
        """json_schema was our guess for a self-hosted server; one that refuses it
        (llama-cpp-python's) constrains tool calls by the same schema instead."""
        if self.settings.mode is not None or exc.status_code is None or "response_format" not in exc.message:
            return False
        # Idempotent: concurrent articles may all have been refused before the first switched.
        self.mode = instructor.Mode.TOOLS  # for every later article too
        stats.attempts = 0  # the refused request was no answer: keep the validator's last-attempt count right
        return True

    def _extract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats) -> Extraction:
        ctx.max_attempts = self.settings.max_retries + 1
        tokens = (CURRENT.set(ctx), _CALL.set(_Call(stats, time.monotonic() + self.settings.deadline)))
        try:
            return self._validated(messages)
        except Exception as exc:
            raise self._translate(exc, stats) from None
        finally:
            CURRENT.reset(tokens[0])
            _CALL.reset(tokens[1])

    async def _aextract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats) -> Extraction:
        ctx.max_attempts = self.settings.max_retries + 1
        tokens = (CURRENT.set(ctx), _CALL.set(_Call(stats, time.monotonic() + self.settings.deadline)))
        try:
            return await self._avalidated(messages)
        except Exception as exc:
            raise self._translate(exc, stats) from None
        finally:
            CURRENT.reset(tokens[0])
            _CALL.reset(tokens[1])

    # -- Errors

    def _translate(self, exc: BaseException, stats: CallStats) -> SummariserError:
        cause = exc.cause if isinstance(exc, _Invalid) else exc
        error = self._classify(cause, stats)
        error.message = self.settings.redact(error.message)
        if isinstance(error, LLMError | ExtractionError):
            error.attempts = stats.attempts
            error.input_tokens, error.output_tokens = stats.input_tokens, stats.output_tokens
            error.last_completion = getattr(exc, "last_completion", None) or error.last_completion
        return error

    def _classify(self, cause: BaseException, stats: CallStats) -> SummariserError:
        where = self.settings.base_url or "OpenAI"
        if isinstance(cause, SummariserError):
            return cause
        if isinstance(cause, openai.APIStatusError):
            hint = {
                401: "check OPENAI_API_KEY (or SUMMARISER_API_KEY)",
                403: "the key lacks access to this model or endpoint",
                404: f"check --model {self.settings.model!r} and --base-url",
                429: "rate limited after retries; lower --concurrency or set --rpm",
            }.get(cause.status_code, "try again later" if cause.status_code >= 500 else "the server refused it")
            if refuses_response_format(cause):
                hint = "this server does not accept that response_format; try --mode tools"
            detail = _api_message(cause)
            status = cause.status_code
            return LLMError(f"HTTP {status} from {where}: {detail}", status_code=status, hint=hint)
        if isinstance(cause, openai.APITimeoutError) and not _refused(cause):
            return LLMError(f"request to {where} timed out after {stats.requests} tries", hint="raise --timeout")
        if isinstance(cause, openai.APIConnectionError):  # a refused connection included
            return LLMError(f"cannot connect to {where}", hint="is the server running and the URL right?")
        if isinstance(cause, _PARSE_ERRORS):
            first = str(cause).strip().splitlines()
            summary = "; ".join(line.strip() for line in first[:4])
            return ExtractionError(
                f"the model's output failed validation after {stats.attempts} attempts: {summary}",
                hint="raise --max-retries or try a stronger model",
            )
        return LLMError(f"{type(cause).__name__}: {cause}")


class _Invalid(Exception):
    """The last attempt's output still failed validation."""

    def __init__(self, cause: BaseException, last_completion: Any) -> None:
        super().__init__(str(cause))
        self.cause, self.last_completion = cause, last_completion


def _refused(exc: BaseException) -> bool:
    """A connection that failed outright. The aiohttp transport reports a refused
    connection as a connect *timeout*, which would send users to --timeout."""
    seen: BaseException | None = exc
    for _ in range(8):
        seen = seen.__cause__ or seen.__context__ if seen is not None else None
        if seen is None:
            return False
        if isinstance(seen, OSError) and not isinstance(seen, TimeoutError):
            return True
    return False


def _api_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error")
        msg = err.get("message") if isinstance(err, dict) else body.get("message")
        if msg:
            return str(msg)
    return exc.message


# -- Batch files: the same request body, and parsing an answer that came back offline.


def request_body(settings: Settings, messages: list[dict[str, str]]) -> dict[str, Any]:
    """The chat-completions body the online path sends for ``messages`` (first attempt)."""
    from instructor.processing.response import handle_response_model

    kwargs: dict[str, Any] = {"messages": messages, "model": settings.model, "temperature": settings.temperature}
    if settings.max_tokens:
        kwargs["max_tokens"] = settings.max_tokens
    _, body = handle_response_model(_RESPONSE_MODEL, mode=_MODES[settings.effective_mode], **kwargs)
    return body


def parse_completion(settings: Settings, body: dict[str, Any], stats: CallStats) -> Extraction:
    """Validate one raw chat completion (e.g. a batch output line) into an Extraction.

    Runs the same response parsing as the online path; grounding is left to the caller.
    """
    from instructor.processing.response import process_response

    stats.attempts += 1
    stats.requests += 1
    try:
        completion = ChatCompletion.model_validate(body)
    except ValidationError as exc:
        raise ExtractionError(f"not a chat completion: {exc.errors()[0].get('msg', exc)}") from None
    stats.add_usage(completion.usage)
    if completion.choices and completion.choices[0].finish_reason == "length":
        raise TruncatedOutputError(
            f"the model's answer was cut off at {getattr(completion.usage, 'completion_tokens', '?')} tokens",
            hint="raise --max-tokens, or use a model with a larger output limit",
            attempts=stats.attempts, input_tokens=stats.input_tokens, output_tokens=stats.output_tokens,
        )
    try:
        return process_response(completion, response_model=_RESPONSE_MODEL, stream=False,
                                mode=_MODES[settings.effective_mode])
    except _PARSE_ERRORS as exc:
        first = str(exc).strip().splitlines()
        raise ExtractionError(
            "the model's output failed validation: " + "; ".join(line.strip() for line in first[:4]),
            hint="re-ask these articles online with --repair",
            attempts=stats.attempts, input_tokens=stats.input_tokens, output_tokens=stats.output_tokens,
        ) from None
