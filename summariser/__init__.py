"""Grounded, typed summaries of news articles.

>>> from summariser import summarise
>>> summary = summarise(text, published="2025-01-02")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Exports resolve lazily so `summariser --help` does not import pydantic/openai.
_EXPORTS = {
    "summarise": "summariser.pipeline",
    "Summariser": "summariser.pipeline",
    "ArticleSummary": "summariser.schema",
    "Article": "summariser.articles",
    "Settings": "summariser.config",
    "SummariserError": "summariser.errors",
    "ConfigError": "summariser.errors",
    "InputError": "summariser.errors",
    "ArticleError": "summariser.errors",
    "LLMError": "summariser.errors",
    "ExtractionError": "summariser.errors",
    "TruncatedOutputError": "summariser.errors",
}
__all__ = [
    "Article", "ArticleError", "ArticleSummary", "ConfigError", "ExtractionError", "InputError", "LLMError",
    "Settings", "Summariser", "SummariserError", "TruncatedOutputError", "__version__", "summarise",
]

if TYPE_CHECKING:
    from summariser.articles import Article
    from summariser.config import Settings
    from summariser.errors import (
        ArticleError,
        ConfigError,
        ExtractionError,
        InputError,
        LLMError,
        SummariserError,
        TruncatedOutputError,
    )
    from summariser.pipeline import Summariser, summarise
    from summariser.schema import ArticleSummary


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'summariser' has no attribute {name!r}")
