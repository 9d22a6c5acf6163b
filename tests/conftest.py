"""Shared test fixtures: the real openai client and instructor, with the HTTP
layer replaced by a handler that replays recorded bodies from fixtures/."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
RESPONSES = FIXTURES / "responses"
SEED = ARTICLES / "seed-korea-us-alliance.txt"
API_KEY = "sk-test-SECRET-0123456789abcdef"
BASE_URL = "http://fixture.test/v1"


def response_fixture(name: str) -> dict[str, Any]:
    return json.loads((RESPONSES / f"{name}.json").read_text(encoding="utf-8"))


class Replay:
    """Serves recorded exchanges in order and records every request."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.queue: list[str] = list(names)
        self.requests: list[httpx.Request] = []
        self.bodies: list[dict[str, Any]] = []

    def add(self, *names: str) -> Replay:
        self.queue.extend(names)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(json.loads(request.content or b"{}"))
        if not self.queue:
            return httpx.Response(599, json={"error": {"message": "fixture queue exhausted"}})
        recorded = response_fixture(self.queue.pop(0))
        if recorded.get("fault") == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if recorded.get("fault") == "connect":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(recorded["status"], headers=recorded.get("headers"), json=recorded["body"])

    def sync_client(self) -> openai.OpenAI:
        http = httpx.Client(transport=httpx.MockTransport(self))
        return openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0)

    def async_client(self) -> openai.AsyncOpenAI:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return openai.AsyncOpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0)


class Sleeps:
    """Records backoff waits instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        if seconds > 0:  # tenacity "sleeps" 0 s when the shared gate does the waiting
            self.calls.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self(seconds)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


_KEEP = {"SUMMARISER_REQUIRE_BROWSER", "SUMMARISER_REQUIRE_INTEGRATION", "SUMMARISER_CHROMIUM",
         "SUMMARISER_TEST_THREADS", "SUMMARISER_REQUIRE_COMPILED"}


def pytest_sessionstart(session: pytest.Session) -> None:
    """test_hatch_build.py runs the engine's tests on the compiled build: they must not quietly run pure Python."""
    import os

    if os.environ.get("SUMMARISER_EXPECT_COMPILED") == "1":
        from summariser.offline import compiled

        if not compiled():
            raise pytest.UsageError("SUMMARISER_EXPECT_COMPILED=1, but the offline engine imported is pure Python")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Tests never see the user's configuration (keys, endpoints, models)."""
    import os

    for var in list(os.environ):
        if (var.startswith("SUMMARISER_") and var not in _KEEP) or var.startswith("OPENAI_"):
            monkeypatch.delenv(var, raising=False)
    return monkeypatch


def make_summariser(replay: Replay, sleeps: Sleeps | None = None, **options: Any) -> Any:
    """A Summariser wired to the replay handler through the real SDK stack."""
    from summariser.config import Settings
    from summariser.pipeline import Summariser

    settings = Settings(backend="llm", base_url=BASE_URL, api_key=API_KEY, mode=options.pop("mode", "tools"),
                        **options)
    extra: dict[str, Any] = {"sleep": sleeps, "asleep": sleeps.asleep} if sleeps is not None else {}
    return Summariser(settings, client=replay.sync_client(), async_client=replay.async_client(), **extra)


def replay_cli(monkeypatch: pytest.MonkeyPatch, *names: str) -> Replay:
    """Route every OpenAI client the CLI builds through one replay handler."""
    import summariser.client as client_mod

    handler = Replay(names)
    real_init = client_mod.LLMClient.__init__

    def init(self: Any, settings: Any, **kw: Any) -> None:
        kw.setdefault("client", handler.sync_client())
        kw.setdefault("async_client", handler.async_client())
        kw.setdefault("sleep", lambda s: None)
        real_init(self, settings, **kw)

    monkeypatch.setattr(client_mod.LLMClient, "__init__", init)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    return handler


@pytest.fixture
def store(tmp_path: Path) -> Any:
    from summariser.store import Store

    with Store(tmp_path / "store.db") as s:
        yield s


@pytest.fixture
def fake() -> Any:
    """The threaded fake OpenAI-compatible server on 127.0.0.1."""
    from fake_server import FakeOpenAI

    server = FakeOpenAI()
    server.start()
    yield server
    server.stop()
