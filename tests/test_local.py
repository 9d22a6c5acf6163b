"""The in-process backend (summariser.local) without a real model: a fake
``llama_cpp`` module stands in for llama-cpp-python, so these run everywhere."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.machinery
import json
import sys
import time
import types
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from summariser import local
from summariser.cli import cli
from summariser.config import Settings
from summariser.errors import ConfigError, ExtractionError, LLMError, TruncatedOutputError
from summariser.pipeline import Summariser

ARTICLE = 'Oslo, May 2 (NTB) Ana Ruiz met Tom Lee on Friday. "We agreed on the plan," Ruiz said.'
GOOD = {
    "headline": "Ruiz and Lee meet in Oslo",
    "summary": "Ana Ruiz met Tom Lee on Friday.",
    "key_points": ["Ruiz and Lee met."],
    "attendees": [{"name": "Ana Ruiz"}, {"name": "Tom Lee"}],
    "meetings": [{"kind": "talks", "attendees": ["Ana Ruiz", "Tom Lee"],
                  "evidence": ["Ana Ruiz met Tom Lee on Friday."]}],
    "quotes": [{"speaker": "Ruiz", "text": "We agreed on the plan,", "kind": "direct"}],
}
INVENTED = {**GOOD, "quotes": [{"speaker": "Ruiz", "text": "We will never agree", "kind": "direct"}]}


def answer(content: Any, finish_reason: str = "stop", prompt: int = 50, completion: int = 20) -> dict[str, Any]:
    text = content if isinstance(content, str) else json.dumps(content)
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}}


class FakeLlama:
    """Plays a script of answers; ``create_chat_completion`` goes through
    ``create_completion`` like llama-cpp-python's chat handlers do."""

    script: ClassVar[list[Any]] = []
    calls: ClassVar[list[dict[str, Any]]] = []
    loads: ClassVar[list[dict[str, Any]]] = []
    active = 0
    overlap = False

    def __init__(self, **kwargs: Any) -> None:
        if kwargs["model_path"].endswith("broken.gguf"):
            raise ValueError(f"Failed to load model from file: {kwargs['model_path']}")
        FakeLlama.loads.append(kwargs)

    def create_chat_completion(self, **kwargs: Any) -> Any:
        FakeLlama.calls.append(kwargs)
        return self.create_completion(prompt=[1, 2, 3])

    def create_completion(self, prompt: list[int], stopping_criteria: Any = None) -> Any:
        FakeLlama.active += 1
        FakeLlama.overlap |= FakeLlama.active > 1
        try:
            item = FakeLlama.script.pop(0)
            if isinstance(item, Exception):
                raise item
            if isinstance(item, tuple):  # (seconds, answer): a slow generation
                time.sleep(item[0])
                return item[1]
            if item == "stall":  # generate until the stopping criteria fire
                for _ in range(10_000):
                    if stopping_criteria is not None and stopping_criteria(prompt, None):
                        return answer('{"headline": "cut', finish_reason="stop")
                    time.sleep(0.01)
                raise AssertionError("stopping criteria never fired")
            time.sleep(0.005)
            return item
        finally:
            FakeLlama.active -= 1


class StoppingCriteriaList(list):
    def __call__(self, ids: Any, logits: Any) -> bool:
        return any(check(ids, logits) for check in self)


@pytest.fixture
def fake(monkeypatch, tmp_path, clean_env):
    module = types.ModuleType("llama_cpp")
    module.__spec__ = importlib.machinery.ModuleSpec("llama_cpp", None)
    module.Llama = FakeLlama
    module.StoppingCriteriaList = StoppingCriteriaList
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    monkeypatch.setattr(local, "_MODELS", {})
    local._llama_class.cache_clear()
    FakeLlama.script, FakeLlama.calls, FakeLlama.loads = [], [], []
    FakeLlama.active, FakeLlama.overlap = 0, False
    gguf = tmp_path / "tiny-model.Q4.gguf"
    gguf.write_bytes(b"GGUF")
    yield gguf
    local._llama_class.cache_clear()


def make(gguf: Any, **options: Any) -> Summariser:
    options.setdefault("max_retries", 1)
    return Summariser(Settings(backend="local", model_path=str(gguf), **options))


# -- Missing pieces: one line saying what to install or pass


def test_missing_extra_says_what_to_install(monkeypatch, tmp_path, clean_env):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import fails as if not installed
    local._llama_class.cache_clear()
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    with pytest.raises(ConfigError) as info:
        make(gguf).summarise(ARTICLE)
    assert "pip install 'summariser[local]'" in info.value.one_line()
    assert "\n" not in info.value.one_line()
    local._llama_class.cache_clear()


def test_missing_extra_on_the_cli_is_one_line_and_exit_2(monkeypatch, tmp_path, clean_env):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    local._llama_class.cache_clear()
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarise", str(article), "--backend", "local", "--model-path", str(article)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "pip install 'summariser[local]'" in result.stderr
    local._llama_class.cache_clear()


@pytest.mark.parametrize("path", [None, "does/not/exist.gguf"])
def test_missing_model_file_says_to_pass_model_path(fake, path):
    with pytest.raises(ConfigError) as info:
        Summariser(Settings(backend="local", model_path=path)).summarise(ARTICLE)
    assert "--model-path" in info.value.one_line()
    assert FakeLlama.loads == []


def test_missing_model_on_the_cli(fake, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarise", str(article), "--backend", "local"])
    assert result.exit_code == 2
    assert "--model-path" in result.stderr and result.stderr.strip().count("\n") == 0


def test_unloadable_model_is_a_config_error(fake):
    broken = fake.with_name("broken.gguf")
    broken.write_bytes(b"nope")
    with pytest.raises(ConfigError, match="cannot load GGUF model"):
        make(broken).summarise(ARTICLE)


# -- Loading once, reuse


def test_model_loaded_once_per_process_and_settings(fake):
    FakeLlama.script = [answer(GOOD) for _ in range(4)]
    first, second = make(fake, ctx=2048, threads=2), make(fake, ctx=2048, threads=2)
    first.summarise(ARTICLE)
    first.summarise(ARTICLE)
    second.summarise(ARTICLE)
    assert len(FakeLlama.loads) == 1
    assert FakeLlama.loads[0] | {"model_path": ""} == {"model_path": "", "n_ctx": 2048, "n_threads": 2,
                                                        "n_threads_batch": 2, "verbose": False}
    make(fake, ctx=1024).summarise(ARTICLE)  # another context size is another model instance
    assert len(FakeLlama.loads) == 2


def test_cli_flags_reach_the_model(fake, tmp_path):
    FakeLlama.script = [answer(GOOD)]
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarise", str(article), "--backend", "local", "--model-path", str(fake),
                                      "--ctx", "1024", "--threads", "1", "--max-tokens", "64", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert FakeLlama.loads[0]["n_ctx"] == 1024 and FakeLlama.loads[0]["n_threads"] == 1
    assert FakeLlama.calls[0]["max_tokens"] == 64
    assert json.loads(result.stdout)["run"]["backend"] == "local"


# -- Extraction: constrained, validated, grounded, re-asked


def test_summary_is_grounded_and_recorded(fake):
    FakeLlama.script = [answer(GOOD, prompt=70, completion=30)]
    summary = make(fake).summarise(ARTICLE)
    assert summary.check_invariants(ARTICLE) == []
    assert [q.text for q in summary.quotes] == ["We agreed on the plan,"]
    assert summary.meetings[0].attendees == ["Ana Ruiz", "Tom Lee"]
    run = summary.run
    assert (run.backend, run.model, run.attempts, run.requests) == ("local", "tiny-model.Q4.gguf", 1, 1)
    assert (run.input_tokens, run.output_tokens) == (70, 30)
    fmt = FakeLlama.calls[0]["response_format"]
    assert fmt["type"] == "json_object" and set(fmt["schema"]["properties"]) >= {"headline", "quotes"}


def test_explicit_model_name_is_kept(fake):
    FakeLlama.script = [answer(GOOD)]
    assert make(fake, model="smollm2").summarise(ARTICLE).run.model == "smollm2"


def test_invalid_json_is_reasked_with_the_error(fake):
    FakeLlama.script = [answer('{"headline": 3'), answer(GOOD)]
    summary = make(fake).summarise(ARTICLE)
    assert summary.run.attempts == 2
    reask = FakeLlama.calls[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": '{"headline": 3'}
    assert reask[-1]["role"] == "user" and "Correct your JSON" in reask[-1]["content"]


def test_ungrounded_quote_is_reasked_then_dropped(fake):
    FakeLlama.script = [answer(INVENTED), answer(INVENTED)]
    summary = make(fake, max_retries=1).summarise(ARTICLE)
    assert "We will never agree" in FakeLlama.calls[1]["messages"][-1]["content"]
    assert summary.quotes == []
    assert any("not in the article" in w for w in summary.warnings)
    assert summary.check_invariants(ARTICLE) == []


def test_never_valid_output_fails_the_article(fake):
    FakeLlama.script = [answer("{}"), answer('{"summary": 1}')]
    with pytest.raises(ExtractionError, match="after 2 attempts") as info:
        make(fake).summarise(ARTICLE)
    assert info.value.attempts == 2 and info.value.last_completion == '{"summary": 1}'


def test_prompt_longer_than_context_fails_with_ctx_hint(fake):
    FakeLlama.script = [ValueError("Requested tokens (5000) exceed context window of 4096")]
    with pytest.raises(local.ContextOverflowError) as info:
        make(fake).summarise(ARTICLE)
    assert "--ctx" in info.value.one_line() and "5000" in info.value.one_line()


def test_cut_off_answer_is_a_truncation_error(fake):
    FakeLlama.script = [answer('{"headline": "a', finish_reason="length", completion=64)]
    with pytest.raises(TruncatedOutputError, match="cut off at 64 tokens"):
        make(fake).summarise(ARTICLE)


def test_generation_stops_at_the_timeout(fake):
    FakeLlama.script = ["stall"]
    started = time.monotonic()
    with pytest.raises(LLMError, match="timed out"):
        make(fake, timeout=0.2).summarise(ARTICLE)
    assert time.monotonic() - started < 2


def test_deadline_covers_every_attempt(fake):
    FakeLlama.script = [(0.3, answer("{")), "stall", answer(GOOD)]
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"timed out after 0\.0\d*s") as info:
        make(fake, timeout=5, deadline=0.4, max_retries=3).summarise(ARTICLE)
    assert info.value.attempts == 2  # the re-ask got only what was left of the deadline
    assert time.monotonic() - started < 2


# -- Concurrency: one model, one generation at a time


def test_threads_share_one_model_without_overlap(fake):
    FakeLlama.script = [answer(GOOD) for _ in range(6)]
    results = list(make(fake).summarise_many([ARTICLE] * 6, concurrency=4))
    assert all(r.ok for r in results) and len(FakeLlama.loads) == 1
    assert not FakeLlama.overlap


def test_async_runs_off_the_event_loop(fake):
    FakeLlama.script = [answer(GOOD) for _ in range(4)]
    s = make(fake)
    ticks: list[float] = []

    async def main() -> list[Any]:
        async def ticker() -> None:
            for _ in range(5):
                ticks.append(time.monotonic())
                await asyncio.sleep(0.001)

        tick = asyncio.ensure_future(ticker())
        out = [r async for r in s.asummarise_many([ARTICLE] * 4, concurrency=4)]
        await tick
        return out

    results = asyncio.run(main())
    assert all(r.ok for r in results) and not FakeLlama.overlap
    assert len(ticks) == 5


# -- Self-hosted servers (client.py): llama-cpp-python's server refuses json_schema


def test_server_refusing_json_schema_gets_tool_calls(clean_env, seed_text):
    from conftest import Replay
    from conftest import make_summariser as replayed

    replay = Replay(["fault-llamacpp-json-schema", "seed-good", "seed-good"])
    s = replayed(replay, mode=None)
    summary = s.summarise(seed_text, published="2025-01-02")
    assert replay.bodies[0]["response_format"]["type"] == "json_schema"
    assert "tools" in replay.bodies[1] and "response_format" not in replay.bodies[1]
    assert len(replay.requests) == 2  # the refusal is not retried as a transient 500
    assert summary.run.attempts == 1 and summary.check_invariants(seed_text) == []
    s.summarise(seed_text, published="2025-01-02")  # later articles go straight to tools
    assert len(replay.requests) == 3 and "tools" in replay.bodies[2]


def test_explicit_json_schema_mode_is_not_overridden(clean_env, seed_text):
    from conftest import Replay
    from conftest import make_summariser as replayed

    replay = Replay(["fault-llamacpp-json-schema", "seed-good"])
    with pytest.raises(LLMError) as info:
        replayed(replay, mode="json_schema").summarise(seed_text)
    assert len(replay.requests) == 1 and info.value.status_code == 500
    assert "--mode tools" in info.value.one_line()


def test_concurrent_refusals_all_fall_back(clean_env, seed_text):
    import asyncio

    from conftest import Replay
    from conftest import make_summariser as replayed

    class LlamaCppServer(Replay):
        """Refuses json_schema whenever asked, answers tool calls otherwise."""

        def __call__(self, request: Any) -> Any:
            asked = json.loads(request.content).get("response_format", {}).get("type")
            self.queue = ["fault-llamacpp-json-schema" if asked == "json_schema" else "seed-good"]
            return super().__call__(request)

    replay = LlamaCppServer()
    s = replayed(replay, mode=None)

    async def both() -> list[Any]:
        return await asyncio.gather(s.asummarise(seed_text), s.asummarise(seed_text))

    assert all(r.check_invariants(seed_text) == [] for r in asyncio.run(both()))
    assert sorted("tools" in b for b in replay.bodies) == [False, False, True, True]


def test_cancelled_async_article_stops_generating(fake):
    FakeLlama.script = ["stall"]
    s = make(fake, timeout=30)

    async def main() -> None:
        task = asyncio.ensure_future(s.asummarise(ARTICLE))
        await asyncio.sleep(0.2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    started = time.monotonic()
    asyncio.run(main())  # waits for the worker thread, so it returns only once generation stopped
    assert time.monotonic() - started < 5 and FakeLlama.active == 0
