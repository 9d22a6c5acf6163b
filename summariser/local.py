"""In-process GGUF models through llama-cpp-python (``--backend local``).

One ``Llama`` per (file, ctx, threads) is loaded once per process and shared by
every ``Summariser`` and batch worker; a lock serialises generation because a
llama.cpp context is not thread-safe. Decoding is constrained by a grammar built
from the ``Extraction`` JSON schema; the answer then goes through the same
response model and grounding validator as the HTTP path, with instructor-style
re-asks that carry the validation errors back to the model.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import importlib.util
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError

from summariser.config import DEFAULT_MODEL, Settings
from summariser.errors import ConfigError, ExtractionError, LLMError, SummariserError, TruncatedOutputError
from summariser.grounding import CURRENT, GroundingContext
from summariser.limits import CallStats
from summariser.schema import Extraction

INSTALL_HINT = "pip install 'summariser[local]'"
MODEL_HINT = "pass --model-path FILE.gguf (or set SUMMARISER_MODEL_PATH)"
# Same wording as instructor's JSON-mode re-ask, so both paths teach the model alike.
_REASK = "Correct your JSON ONLY RESPONSE, based on the following errors:\n{errors}"


class ContextOverflowError(LLMError):
    """The prompt alone does not fit the model's context window."""


@dataclass
class LoadedModel:
    llama: Any
    path: str
    ctx: int
    threads: int | None
    lock: threading.Lock
    load_seconds: float


_MODELS: dict[tuple[str, int, int | None], LoadedModel] = {}
_MODELS_LOCK = threading.Lock()


def model_file(settings: Settings) -> Path:
    """The GGUF file ``settings`` names, or a one-line ConfigError."""
    if not settings.model_path:
        raise ConfigError("--backend local needs a GGUF model file", hint=MODEL_HINT)
    path = Path(settings.model_path).expanduser()
    if not path.is_file():
        raise ConfigError(f"model file {str(path)!r} does not exist", hint=MODEL_HINT)
    return path.resolve()


@functools.lru_cache(maxsize=1)
def _llama_class() -> type[Any]:
    # find_spec does not import, so a missing extra is told apart from a broken one.
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError("--backend local needs llama-cpp-python, which is not installed", hint=INSTALL_HINT)
    try:
        from llama_cpp import Llama
    except (ImportError, OSError, RuntimeError) as exc:
        raise ConfigError(f"llama-cpp-python is installed but failed to load: {exc}",
                          hint=f"reinstall it: {INSTALL_HINT}") from None

    class _GuardedLlama(Llama):  # type: ignore[misc,valid-type]
        """Adds a stop check to every completion, so a generation can be cut off.

        create_chat_completion takes no stopping criteria, but its chat handlers
        call create_completion with them; logits processors cannot stop anything
        (they run inside a C callback where exceptions are swallowed)."""

        stop_check: Callable[..., bool] | None = None

        def create_completion(self, *args: Any, **kwargs: Any) -> Any:
            from llama_cpp import StoppingCriteriaList

            if self.stop_check is not None:
                kwargs["stopping_criteria"] = StoppingCriteriaList(
                    [self.stop_check, *(kwargs.get("stopping_criteria") or [])]
                )
            return super().create_completion(*args, **kwargs)

    return _GuardedLlama


def load(settings: Settings) -> LoadedModel:
    """The process-wide model for ``settings``; loaded on first use only."""
    llama_class = _llama_class()
    path = model_file(settings)
    key = (str(path), settings.ctx, settings.threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            started = time.perf_counter()
            try:
                llama = llama_class(model_path=str(path), n_ctx=settings.ctx, n_threads=settings.threads,
                                    n_threads_batch=settings.threads, verbose=False)
            except (ValueError, OSError, RuntimeError) as exc:
                raise ConfigError(f"cannot load GGUF model {str(path)!r}: {exc}",
                                  hint="pass --model-path to a valid .gguf file, or lower --ctx") from None
            _MODELS[key] = LoadedModel(llama, str(path), settings.ctx, settings.threads, threading.Lock(),
                                       time.perf_counter() - started)
            if len(_MODELS) == 1:
                atexit.register(_close_all)
        return _MODELS[key]


def _close_all() -> None:
    # Freed at interpreter exit, llama.cpp's finalizer runs after its library is
    # unloaded and prints a traceback; close the models while it is still there.
    with _MODELS_LOCK:
        for loaded in _MODELS.values():
            close = getattr(loaded.llama, "close", None)
            if callable(close):
                close()
        _MODELS.clear()


def model_name(settings: Settings) -> str:
    """What RunInfo.model records: --model when given, else the GGUF file name."""
    if settings.model != DEFAULT_MODEL or not settings.model_path:
        return settings.model
    return Path(settings.model_path).name


def request(settings: Settings, messages: list[dict[str, str]]) -> dict[str, Any]:
    """Arguments for create_chat_completion: the schema becomes a decoding grammar."""
    kwargs: dict[str, Any] = {
        "messages": messages,
        "temperature": settings.temperature,
        # llama_cpp.server's default; at 1.0 small models loop until max_tokens.
        "repeat_penalty": 1.1,
        "response_format": {"type": "json_object", "schema": Extraction.model_json_schema()},
    }
    if settings.max_tokens:
        kwargs["max_tokens"] = settings.max_tokens
    return kwargs


class LocalModel:
    """Same interface as ``LLMClient``: ``extract`` and ``aextract``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = load(settings)  # errors surface here, before any article

    def extract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats,
                cancel: threading.Event | None = None) -> Extraction:
        ctx.max_attempts = self.settings.max_retries + 1
        conversation = list(messages)
        budget = self.settings.deadline  # generation seconds left; waiting for the lock is not counted
        text = ""
        last: Exception | None = None
        for _ in range(ctx.max_attempts):
            stats.attempts += 1
            ctx.attempt = stats.attempts  # the validator accepts with drops on the last attempt
            started = time.monotonic()
            try:
                text = self._generate(conversation, stats, min(self.settings.timeout, budget), cancel)
            except SummariserError as exc:
                self._annotate(exc, stats, text or None)
                raise
            budget -= time.monotonic() - started  # the next attempt fails fast once it is spent
            token = CURRENT.set(ctx)
            try:
                # strict=False: llama.cpp's schema grammar lets raw newlines into strings.
                return Extraction.model_validate(json.loads(text, strict=False))
            except (ValidationError, json.JSONDecodeError) as exc:
                last = exc
                conversation += [{"role": "assistant", "content": text},
                                 {"role": "user", "content": _REASK.format(errors=exc)}]
            finally:
                CURRENT.reset(token)
        lines = str(last).strip().splitlines()
        raise self._annotate(
            ExtractionError(f"the model's output failed validation after {stats.attempts} attempts: "
                            + "; ".join(line.strip() for line in lines[:4]),
                            hint="raise --max-retries or try a stronger model"),
            stats, text)

    async def aextract(self, messages: list[dict[str, str]], ctx: GroundingContext, stats: CallStats) -> Extraction:
        # llama.cpp blocks; a thread keeps the event loop free. The lock serialises.
        cancel = threading.Event()
        try:
            return await asyncio.to_thread(self.extract, messages, ctx, stats, cancel)
        except asyncio.CancelledError:
            cancel.set()  # a thread cannot be cancelled: stop its generation at the next token instead
            raise

    def _generate(self, messages: list[dict[str, str]], stats: CallStats, seconds: float,
                  cancel: threading.Event | None) -> str:
        if seconds <= 0:
            raise self._deadline_error()
        if cancel is not None and cancel.is_set():
            raise LLMError("cancelled before generation")
        llama = self.model.llama
        with self.model.lock:
            stop_at = time.monotonic() + seconds
            expired: list[bool] = []

            def stop_check(_ids: Any, _logits: Any) -> bool:
                if time.monotonic() < stop_at and not (cancel is not None and cancel.is_set()):
                    return False
                expired.append(True)
                return True

            llama.stop_check = stop_check
            stats.requests += 1
            try:
                response = llama.create_chat_completion(**request(self.settings, messages))
            except ValueError as exc:
                if "exceed context window" in str(exc):
                    raise ContextOverflowError(
                        f"the article does not fit the model's context: {exc}",
                        hint=f"raise --ctx (now {self.model.ctx}); the article is never truncated, "
                             "because grounding needs its full text") from None
                raise LLMError(f"local model failed: {exc}") from None
            finally:
                llama.stop_check = None
        usage = response.get("usage") or {}
        stats.add_usage(SimpleNamespace(**usage))
        choice = response["choices"][0]
        if expired:
            raise LLMError(f"local generation timed out after {seconds:.3g}s",
                           hint="raise --timeout, lower --max-tokens, or use a smaller model")
        if choice.get("finish_reason") == "length":
            raise TruncatedOutputError(
                f"the model's answer was cut off at {usage.get('completion_tokens', '?')} tokens",
                hint="raise --max-tokens; --ctx bounds prompt plus answer")
        return choice["message"].get("content") or ""

    def _deadline_error(self) -> LLMError:
        return LLMError(f"deadline of {self.settings.deadline:g}s per article exceeded",
                        hint="raise SUMMARISER_DEADLINE or --timeout")

    @staticmethod
    def _annotate(error: SummariserError, stats: CallStats, text: str | None) -> SummariserError:
        if isinstance(error, LLMError | ExtractionError):
            error.attempts = stats.attempts
            error.input_tokens, error.output_tokens = stats.input_tokens, stats.output_tokens
            error.last_completion = text or error.last_completion
        return error
