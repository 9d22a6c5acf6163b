"""The LLM path through the real openai SDK and instructor, HTTP replayed."""

from __future__ import annotations

import asyncio
import json

import pytest
from conftest import API_KEY, SEED, Replay, make_summariser, response_fixture

from summariser.errors import ExtractionError, LLMError, TruncatedOutputError
from summariser.grounding import GroundingContext
from summariser.limits import CallStats


def run(replay: Replay, sleeps, **options):
    return make_summariser(replay, sleeps, **options).summarise(SEED.read_text(), article_id="seed",
                                                                  published="2025-01-02")


def test_good_response_single_request_and_usage(sleeps):
    replay = Replay(["seed-good"])
    out = run(replay, sleeps)
    assert len(replay.requests) == 1
    assert (out.run.attempts, out.run.requests) == (1, 1)
    assert (out.run.input_tokens, out.run.output_tokens) == (1012, 618)
    assert out.warnings == []
    body = replay.bodies[0]
    assert body["model"] == "gpt-4o-mini"
    assert body["tools"][0]["function"]["name"] == "Extraction"
    assert replay.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert sleeps.calls == []


def test_request_carries_article_and_publication_date(sleeps):
    replay = Replay(["seed-good"])
    run(replay, sleeps)
    user = replay.bodies[0]["messages"][-1]["content"]
    assert "Publication date: 2025-01-02" in user
    assert SEED.read_text() in user


def test_invented_quote_is_reasked_with_precise_message(sleeps):
    replay = Replay(["seed-invented-quote", "seed-good"])
    out = run(replay, sleeps)
    assert len(replay.requests) == 2
    reask = replay.bodies[1]["messages"][-1]
    assert reask["role"] == "tool"
    assert "quotes[4] 'We will never abandon our Korean friends' is not in the article" in reask["content"]
    assert all("abandon" not in q.text for q in out.quotes)
    assert out.run.attempts == 2
    assert (out.run.input_tokens, out.run.output_tokens) == (2024, 640 + 618)


def test_repeated_invention_is_dropped_after_budget(sleeps):
    replay = Replay(["seed-invented-quote"] * 3)
    out = run(replay, sleeps, max_retries=2)
    assert len(replay.requests) == 3
    assert all("abandon" not in q.text for q in out.quotes)
    assert len(out.quotes) == 4
    assert any(w.startswith("dropped: quotes[4] 'We will never abandon") for w in out.warnings)
    assert out.run.input_tokens == 3 * 1012 and out.run.output_tokens == 3 * 640


def test_normalised_quotes_are_repaired_to_exact_characters(sleeps, seed_text):
    out = run(Replay(["seed-normalised-quotes"]), sleeps)
    texts = [q.text for q in out.quotes]
    assert "rules-based international order" in texts
    assert "South Korea's external policy remains unchanged" in texts
    assert "One may be overpowered. Two can defend themselves. A cord of three strands is not quickly broken." in texts
    for q in out.quotes:
        assert seed_text[q.start : q.end] == q.text
    assert sum("repaired to the article's exact characters" in w for w in out.warnings) == 3


@pytest.mark.parametrize("flawed", ["seed-invalid-json", "seed-missing-field"])
def test_invalid_output_is_reasked_then_succeeds(sleeps, flawed):
    replay = Replay([flawed, "seed-good"])
    out = run(replay, sleeps)
    assert len(replay.requests) == 2
    assert "Validation Error found" in replay.bodies[1]["messages"][-1]["content"]
    assert out.run.attempts == 2
    assert out.headline


def test_invalid_output_every_time_is_an_extraction_error_with_usage(sleeps):
    replay = Replay(["seed-missing-field"] * 2)
    with pytest.raises(ExtractionError) as info:
        run(replay, sleeps, max_retries=1)
    assert len(replay.requests) == 2
    assert info.value.attempts == 2
    assert (info.value.input_tokens, info.value.output_tokens) == (2024, 1080)
    assert "summary" in info.value.message


def test_truncated_response_is_a_clear_error_not_a_half_summary(sleeps):
    replay = Replay(["seed-truncated", "seed-good"])
    with pytest.raises(TruncatedOutputError) as info:
        run(replay, sleeps)
    assert len(replay.requests) == 1
    assert "cut off at 256 tokens" in info.value.message
    assert "--max-tokens" in info.value.one_line()


def test_429_honours_retry_after_then_succeeds(sleeps):
    replay = Replay(["fault-429-retry-after", "seed-good"])
    summariser = make_summariser(replay, sleeps)
    out = summariser.summarise(SEED.read_text())
    assert len(replay.requests) == 2
    assert out.run.requests == 2 and out.run.attempts == 1
    assert summariser.llm.gate.pauses == 1
    assert len(sleeps.calls) == 1 and 1.9 <= sleeps.calls[0] <= 2.0


def test_500_then_success_uses_exponential_backoff(sleeps):
    replay = Replay(["fault-500", "fault-500", "seed-good"])
    out = run(replay, sleeps, backoff_base=1.0)
    assert len(replay.requests) == 3 and out.run.requests == 3
    assert len(sleeps.calls) == 2
    assert 0.5 <= sleeps.calls[0] <= 1.0 and 1.0 <= sleeps.calls[1] <= 2.0


def test_timeout_then_success(sleeps):
    replay = Replay(["fault-timeout", "seed-good"])
    out = run(replay, sleeps)
    assert out.run.requests == 2


def test_transport_retries_are_bounded(sleeps):
    replay = Replay(["fault-timeout"] * 10)
    with pytest.raises(LLMError) as info:
        run(replay, sleeps, transport_retries=2)
    assert len(replay.requests) == 3
    assert "timed out" in info.value.message


@pytest.mark.parametrize(("fixture", "status", "hint"), [("fault-401", 401, "OPENAI_API_KEY"),
                                                         ("fault-400", 400, "refused it")])
def test_client_errors_are_not_retried(sleeps, fixture, status, hint):
    replay = Replay([fixture, "seed-good"])
    with pytest.raises(LLMError) as info:
        run(replay, sleeps)
    assert len(replay.requests) == 1
    assert info.value.status_code == status
    assert hint in info.value.one_line()
    assert API_KEY not in info.value.one_line()
    assert sleeps.calls == []


def test_api_key_is_redacted_from_error_messages(sleeps):
    from summariser.config import Settings

    settings = Settings(api_key=API_KEY)
    assert settings.redact(f"bad key {API_KEY}!") == "bad key [redacted]!"
    assert API_KEY not in repr(settings)


def test_deadline_stops_retrying(sleeps):
    replay = Replay(["fault-429-retry-after"] * 5)
    with pytest.raises(LLMError):
        run(replay, sleeps, deadline=1.0)
    assert len(replay.requests) == 1  # Retry-After of 2 s does not fit in a 1 s deadline


@pytest.mark.parametrize("mode", ["json_schema", "json", "md_json"])
def test_content_modes(sleeps, mode):
    replay = Replay(["seed-good-content"])
    out = run(replay, sleeps, mode=mode)
    assert len(out.quotes) == 4
    body = replay.bodies[0]
    assert "tools" not in body
    if mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"


def test_async_path_matches_sync(sleeps):
    replay = Replay(["seed-invented-quote", "seed-good"])
    summariser = make_summariser(replay, sleeps)
    out = asyncio.run(summariser.asummarise(SEED.read_text(), article_id="seed", published="2025-01-02"))
    sync = make_summariser(Replay(["seed-good"]), sleeps).summarise(SEED.read_text(), article_id="seed",
                                                                   published="2025-01-02")
    assert out.model_dump(exclude={"run"}) == sync.model_dump(exclude={"run"})
    assert out.run.attempts == 2


def test_async_429_pauses_at_shared_gate(sleeps):
    replay = Replay(["fault-429-retry-after", "seed-good"])
    summariser = make_summariser(replay, sleeps)
    out = asyncio.run(summariser.asummarise(SEED.read_text()))
    assert out.run.requests == 2
    assert summariser.llm.gate.pauses == 1 and sleeps.calls and sleeps.calls[0] > 1.5


def test_empty_answer_gives_empty_lists(sleeps):
    out = make_summariser(Replay(["empty-extraction"]), sleeps).summarise("Heavy rain is expected in Leeds today.")
    assert (out.meetings, out.pledges, out.quotes, out.attendees) == ([], [], [], [])


def test_extract_directly_counts_attempts(sleeps, seed_text):
    from summariser import prompts
    from summariser.articles import Article

    summariser = make_summariser(Replay(["seed-invented-quote", "seed-good"]), sleeps)
    ctx = GroundingContext(seed_text, None, max_attempts=3)
    stats = CallStats()
    extraction = summariser.llm.extract(prompts.load().messages(Article(seed_text)), ctx, stats)
    assert stats.attempts == 2 and len(ctx.reasks) == 1
    assert json.loads(extraction.model_dump_json())["headline"]


def test_answer_at_the_token_limit_is_truncated_whatever_finish_reason_says(sleeps):
    # seed-good reports 618 completion tokens and finish_reason "tool_calls"
    replay = Replay(["seed-good"])
    with pytest.raises(TruncatedOutputError, match="cut off at 618 tokens"):
        run(replay, sleeps, max_tokens=618)
    assert replay.bodies[0]["max_tokens"] == 618


class Raw(Replay):
    """Answers every request with these exact bytes (HTTP 200)."""

    def __init__(self, content: bytes) -> None:
        super().__init__()
        self.content = content

    def __call__(self, request):  # type: ignore[no-untyped-def]
        import httpx

        self.requests.append(request)
        return httpx.Response(200, content=self.content, headers={"content-type": "application/json"})


def test_an_answer_that_is_not_json_is_a_clear_error_not_a_reask(sleeps):
    replay = Raw(b"<html>502 Bad Gateway</html>")
    with pytest.raises(LLMError, match="not a JSON object") as info:
        run(replay, sleeps)
    assert len(replay.requests) == 1
    assert "\n" not in str(info.value)


def test_a_loosely_formed_completion_is_still_read(sleeps):
    # Some self-hosted servers omit fields the OpenAI schema requires ("created", "object", "index").
    body = response_fixture("seed-good")["body"]
    for key in ("created", "object", "id"):
        body.pop(key, None)
    for choice in body["choices"]:
        choice.pop("index", None)
    out = run(Raw(json.dumps(body).encode()), sleeps)
    assert len(out.quotes) == 4 and out.run.input_tokens == 1012


def test_warm_up_prepares_the_schema_so_the_first_article_does_not(sleeps, monkeypatch):
    from summariser import client as client_module
    from summariser.batch import warm_up

    calls: list[object] = []
    prepare = client_module.handle_response_model

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs.get("mode"))
        return prepare(*args, **kwargs)

    monkeypatch.setattr(client_module, "handle_response_model", counted)
    summariser = make_summariser(Replay(["seed-good"]), sleeps)
    warm_up(summariser)
    assert len(calls) == 1
    out = summariser.summarise(SEED.read_text(), article_id="seed", published="2025-01-02")
    assert len(calls) == 1 and len(out.quotes) == 4
