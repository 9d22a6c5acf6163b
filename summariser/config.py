"""Settings, resolved once: explicit arguments over environment over defaults.
This is the only module that reads environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal
from urllib.parse import urlparse

from summariser.errors import ConfigError

Backend = Literal["auto", "llm", "offline", "local"]
BACKENDS = ("auto", "llm", "offline", "local")
MODES = ("tools", "json_schema", "json", "md_json")
DEFAULT_MODEL = "gpt-4o-mini"

# env var -> setting; the first one set wins for a setting.
_ENV: tuple[tuple[str, str], ...] = (
    ("SUMMARISER_BACKEND", "backend"),
    ("SUMMARISER_MODEL", "model"),
    ("SUMMARISER_BASE_URL", "base_url"),
    ("OPENAI_BASE_URL", "base_url"),
    ("SUMMARISER_API_KEY", "api_key"),
    ("OPENAI_API_KEY", "api_key"),
    ("SUMMARISER_MODE", "mode"),
    ("SUMMARISER_MAX_RETRIES", "max_retries"),
    ("SUMMARISER_TIMEOUT", "timeout"),
    ("SUMMARISER_DEADLINE", "deadline"),
    ("SUMMARISER_TEMPERATURE", "temperature"),
    ("SUMMARISER_MAX_TOKENS", "max_tokens"),
    ("SUMMARISER_MODEL_PATH", "model_path"),
    ("SUMMARISER_CTX", "ctx"),
    ("SUMMARISER_THREADS", "threads"),
    ("SUMMARISER_STORE", "store"),
)

HOW_TO_CONFIGURE = (
    "set OPENAI_API_KEY for OpenAI, or --base-url/SUMMARISER_BASE_URL for a local "
    "OpenAI-compatible server such as http://127.0.0.1:11434/v1 (Ollama)"
)


@dataclass(frozen=True)
class Settings:
    backend: Backend = "auto"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str | None = None  # instructor mode; None picks one per server
    max_retries: int = 2  # validation re-asks after the first answer
    transport_retries: int = 4  # extra HTTP tries on 429/5xx/timeouts
    timeout: float = 60.0  # one HTTP request
    deadline: float = 300.0  # one article, every try included
    temperature: float = 0.0
    max_tokens: int | None = None
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    model_path: str | None = None  # in-process GGUF model (backend "local")
    ctx: int = 4096
    threads: int | None = None
    store: str | None = None

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"unknown backend {self.backend!r}", hint=f"choose one of {', '.join(BACKENDS)}")
        if self.mode is not None and self.mode not in MODES:
            raise ConfigError(f"unknown mode {self.mode!r}", hint=f"choose one of {', '.join(MODES)}")
        if self.max_retries < 0 or self.transport_retries < 0:
            raise ConfigError("retry counts cannot be negative")
        if self.timeout <= 0 or self.deadline <= 0:
            raise ConfigError("--timeout and the deadline must be positive numbers of seconds")
        if self.base_url and urlparse(self.base_url).scheme not in ("http", "https"):
            raise ConfigError(f"base URL {self.base_url!r} is not an http(s) URL", hint="e.g. http://127.0.0.1:8080/v1")

    @property
    def llm_configured(self) -> bool:
        return bool(self.api_key or self.base_url)

    @property
    def is_local_server(self) -> bool:
        host = urlparse(self.base_url or "").hostname or ""
        return host in ("localhost", "::1") or host.startswith("127.") or host.endswith(".local")

    @property
    def effective_backend(self) -> str:
        """'auto' becomes 'llm' when an endpoint is configured, else 'offline'."""
        if self.backend != "auto":
            return self.backend
        return "llm" if self.llm_configured else "offline"

    @property
    def effective_mode(self) -> str:
        if self.mode:
            return self.mode
        # OpenAI's tool calling is the most reliable there; self-hosted servers
        # constrain decoding to a JSON schema, which small models need.
        return "tools" if not self.base_url or "api.openai.com" in self.base_url else "json_schema"

    def require_llm(self) -> None:
        if not self.llm_configured:
            raise ConfigError("no LLM endpoint is configured", hint=HOW_TO_CONFIGURE)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def redact(self, text: str) -> str:
        """Remove the API key from text that may be shown or stored."""
        if self.api_key and len(self.api_key) >= 4:
            text = text.replace(self.api_key, "[redacted]")
        return text


def _coerce(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if "int" in str(kind) and "float" not in str(kind):
            return int(raw)
        if "float" in str(kind):
            return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    return raw


def resolve(env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
    """Build Settings from flags (None means unset), then ``env``, then defaults."""
    source = os.environ if env is None else env
    values: dict[str, Any] = {}
    for var, name in _ENV:
        raw = source.get(var)
        if raw and name not in values:
            values[name] = _coerce(name, raw.strip())
    values.update({k: v for k, v in flags.items() if v is not None})
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    return Settings(**values)


def store_path(settings: Settings | None = None) -> str:
    """The batch store: --store/SUMMARISER_STORE, else a file in the user cache dir."""
    if settings is not None and settings.store:
        return settings.store
    import platformdirs  # reads XDG_CACHE_HOME and friends, so it belongs here

    return str(platformdirs.user_cache_path("summariser", appauthor=False) / "store.sqlite3")
