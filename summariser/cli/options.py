"""Options shared by several commands, bundled as decorators, and the
error handling every command goes through."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

BACKEND_CHOICES = ("auto", "llm", "offline", "local")
MODE_CHOICES = ("tools", "json_schema", "json", "md_json")


def engine_options(f: F) -> F:
    """Which engine/model to use. Unset flags fall back to env, then defaults."""
    decorators = [
        click.option("--backend", type=click.Choice(BACKEND_CHOICES),
                     help="auto (default): the LLM when one is configured, else offline. [env SUMMARISER_BACKEND]"),
        click.option("-m", "--model", help="Model name (default gpt-4o-mini). [env SUMMARISER_MODEL]"),
        click.option("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1. "
                     "[env SUMMARISER_BASE_URL, OPENAI_BASE_URL]"),
        click.option("--mode", type=click.Choice(MODE_CHOICES),
                     help="instructor mode (default: tools on OpenAI, json_schema elsewhere)."),
        click.option("--max-retries", type=click.IntRange(0, 10), help="Re-asks after invalid output (default 2)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per HTTP request (default 60)."),
        click.option("--temperature", type=click.FloatRange(0, 2), help="Sampling temperature (default 0)."),
        click.option("--max-tokens", type=click.IntRange(min=1), help="Output token limit per answer."),
        click.option("--model-path", type=click.Path(dir_okay=False), help="GGUF file for --backend local."),
        click.option("--ctx", type=click.IntRange(min=256), help="Context tokens for --backend local (default 4096)."),
        click.option("--threads", type=click.IntRange(min=1), help="CPU threads for --backend local."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


ENGINE_FLAGS = ("backend", "model", "base_url", "mode", "max_retries", "timeout", "temperature", "max_tokens",
                "model_path", "ctx", "threads")


def pop_engine_flags(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: kwargs.pop(k) for k in ENGINE_FLAGS if k in kwargs}


def make_summariser(flags: dict[str, Any], *, jobs: int = 1) -> Any:
    """Resolve settings once and tell the user which engine runs when they did not choose. A ``jobs`` (batch
    --jobs) the engine cannot use fails here, before an endpoint check or a model load."""
    from summariser import config
    from summariser.pipeline import Summariser

    settings = config.resolve(**flags)
    if jobs != 1:
        from summariser.jobs import resolve_jobs

        resolve_jobs(jobs, settings.effective_backend)
    if settings.backend == "llm":
        settings.require_llm()
    if settings.backend == "local":  # a missing extra or model file fails once, before any article
        from summariser.local import load

        load(settings)
    if settings.backend == "auto" and not settings.llm_configured:
        click.echo(f"summariser: no LLM configured, using the offline engine; to use a model, "
                   f"{config.HOW_TO_CONFIGURE}",
                   err=True)
    return Summariser(settings)


def handle_errors(f: F) -> F:
    """One line and an exit code for our errors; a traceback only with --debug."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from summariser.errors import SummariserError

        try:
            return f(*args, **kwargs)
        except SummariserError as exc:
            if _debug():
                raise
            click.echo(f"Error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.obj and ctx.obj.get("debug"):
            return True
        ctx = ctx.parent
    return False
