"""The exception tree. Every error carries enough context to act on.

SummariserError
├── ConfigError        bad or missing configuration (CLI exit 2)
├── InputError         an article or input file that cannot be read (CLI exit 2)
├── WorkersKeepDying   batch --jobs: worker processes die whatever the article (CLI exit 1)
└── ArticleError       one article failed (CLI exit 1)
    ├── LLMError       the model endpoint failed after transport retries
    │   └── TruncatedOutputError   the response hit the token limit
    ├── ExtractionError the model's output never passed validation
    └── WorkerDied     batch --jobs: the worker process died with this article in flight
"""

from __future__ import annotations

from typing import Any


class SummariserError(Exception):
    """Base class. ``hint`` tells the user how to fix it."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return " ".join(text.split())


class ConfigError(SummariserError):
    exit_code = 2


class InputError(SummariserError):
    exit_code = 2


class ArticleError(SummariserError):
    """A single article failed; other articles are unaffected."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        attempts: int = 0,
        input_tokens: int = 0,
        output_tokens: int = 0,
        last_completion: Any = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.attempts = attempts
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.last_completion = last_completion


class LLMError(ArticleError):
    """Transport or API failure: HTTP status, timeout, connection."""

    def __init__(self, message: str, *, status_code: int | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.status_code = status_code


class TruncatedOutputError(LLMError):
    pass


class ExtractionError(ArticleError):
    """The model answered, but never with output that validates."""


class WorkerDied(ArticleError):
    """A worker process (``batch --jobs``) died, killed or out of memory, while this article was
    queued or running in it. The article may be innocent: every article in flight fails with it."""


class WorkersKeepDying(SummariserError):
    """The worker processes died again and again with no article finished in between: the run stops."""
