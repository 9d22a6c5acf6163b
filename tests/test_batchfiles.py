"""Batch files: request lines identical to the online path, OpenAI batches over a
local files/batches server, vLLM output import, and online repair."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SEED, Replay, make_summariser, response_fixture
from fake_server import FakeOpenAI

from summariser import batchfiles
from summariser.articles import Article
from summariser.batch import Batch
from summariser.config import Settings
from summariser.errors import ConfigError, InputError
from summariser.pipeline import Summariser


def seed_articles(n: int) -> list[Article]:
    text = SEED.read_text(encoding="utf-8")
    return [Article(text=f"{text}\nLine {i}.", id=f"a{i:03d}") for i in range(n)]


def over(fake: FakeOpenAI, **options: Any) -> Summariser:
    return Summariser(Settings(backend="llm", base_url=fake.base_url, api_key="sk-test", mode="tools", **options))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def output_line(custom_id: str, fixture: str) -> dict[str, Any]:
    recorded = response_fixture(fixture)
    return {"id": f"vllm-{custom_id}", "custom_id": custom_id,
            "response": {"status_code": recorded["status"], "request_id": f"req-{custom_id}",
                         "body": recorded["body"]}, "error": None}


@pytest.mark.parametrize(("mode", "fixture"), [("tools", "seed-good"), ("json_schema", "seed-good-content")])
def test_request_line_is_the_online_request(mode, fixture):
    replay = Replay([fixture])
    summariser = make_summariser(replay, mode=mode, max_tokens=2000)
    art = Article(text=SEED.read_text(encoding="utf-8"), id="seed", title="Alliance talks")
    asyncio.run(summariser.asummarise(art))
    line = batchfiles.request_line(summariser, art)
    assert line["custom_id"] == "seed" and line["method"] == "POST" and line["url"] == "/v1/chat/completions"
    assert line["body"] == replay.bodies[0]


def test_export_requests_skips_cached_articles_and_remembers_the_job(store, tmp_path, fake):
    summariser = over(fake)
    arts = seed_articles(3)
    Batch(summariser, store).run(arts[:1])  # a000 is done already
    path = tmp_path / "out" / "requests.jsonl"
    done = batchfiles.export_requests(summariser, store, arts, path)
    assert (done.requests, done.cached, len(done.jobs)) == (2, 1, 1)
    lines = read_jsonl(path)
    assert [x["custom_id"] for x in lines] == ["a001", "a002"]
    assert lines[0]["body"] == batchfiles.request_line(summariser, arts[1])["body"]
    job = store.job(done.jobs[0])
    assert (job["kind"], job["status"], job["requests"], job["model"], job["mode"]) == (
        "export", "exported", 2, "gpt-4o-mini", "tools")
    assert store.find_job_item("a002")[2] == arts[2]
    # With --force the cached one is exported too.
    assert batchfiles.export_requests(summariser, store, arts, path, force=True).requests == 3


def test_batch_files_need_an_llm(store, tmp_path):
    with pytest.raises(ConfigError, match="need an LLM"):
        batchfiles.export_requests(Summariser(backend="offline"), store, seed_articles(1), tmp_path / "r.jsonl")


def test_submit_status_collect_against_a_local_batches_server(store, tmp_path, fake):
    summariser = over(fake)
    arts = seed_articles(5)
    fake.batch_script.update({"a001": "seed-invalid-json", "a002": "fault-500", "a003": "seed-truncated"})
    done = batchfiles.submit(summariser, store, arts)
    (batch_id,) = done.jobs
    assert done.requests == 5 and batch_id.startswith("batch_")
    (upload,) = [f for f in fake.files.values() if f["meta"]["purpose"] == "batch"]
    sent = [json.loads(line) for line in upload["content"].decode().splitlines()]
    assert [x["custom_id"] for x in sent] == [a.id for a in arts]
    assert sent[4]["body"] == batchfiles.request_line(summariser, arts[4])["body"]
    assert fake.chat_requests == []  # nothing went through the online path

    (state,) = batchfiles.status(summariser, store)
    assert state["id"] == batch_id and state["status"] == "in_progress"

    out = tmp_path / "results.jsonl"
    collected = batchfiles.collect(summariser, store, batch_id=batch_id, output=str(out), price=(0.15, 0.60))
    assert collected.status == "completed"
    report = collected.report
    assert (report.counts.ok, report.counts.failed) == (2, 3)
    assert report.failure_classes == {"ExtractionError": 1, "LLMError (HTTP 500)": 1, "TruncatedOutputError": 1}
    # Tokens of every answer that came back (failed ones too), at half price for the Batch API.
    tokens_in, tokens_out = 4 * 1012, 2 * 618 + 600 + 256
    assert (report.input_tokens, report.output_tokens) == (tokens_in, tokens_out)
    assert report.cost_usd == pytest.approx((tokens_in * 0.15 + tokens_out * 0.60) / 1e6 / 2, abs=1e-6)
    lines = {x["id"]: x for x in read_jsonl(out)}
    assert set(lines) == {a.id for a in arts}
    assert lines["a000"]["summary"]["article_id"] == "a000" and lines["a000"]["summary"]["quotes"]
    assert lines["a001"]["error"]["class"] == "ExtractionError"
    assert lines["a002"]["error"]["status_code"] == 500
    assert store.job(batch_id)["collected_run"] == report.run_id
    assert batchfiles.status(summariser, store) == []  # nothing left to collect

    # The store now answers the online path: only the three failures are asked again.
    Batch(summariser, store).run(arts)
    assert sorted(fake.chat_requests) == ["a001", "a002", "a003"]


def test_collect_waits_for_an_unfinished_batch(store, fake):
    summariser = over(fake)
    (batch_id,) = batchfiles.submit(summariser, store, seed_articles(1)).jobs
    early = batchfiles.collect(summariser, store, batch_id=batch_id)
    assert early.status == "in_progress" and early.report is None
    with pytest.raises(InputError, match="not submitted with this store"):
        batchfiles.collect(summariser, store, batch_id="batch_unknown")


def test_collect_vllm_output_in_any_order_with_bad_lines(store, tmp_path, fake):
    summariser = over(fake)
    arts = seed_articles(6)
    done = batchfiles.export_requests(summariser, store, arts, tmp_path / "requests.jsonl")
    rows = [json.dumps(output_line(a.id, "seed-good")) for a in arts[:4]]
    rows.append(json.dumps({**output_line("a004", "seed-good"),
                            "response": {"status_code": 400, "body": {"error": {"message": "bad request"}}}}))
    random.Random(7).shuffle(rows)
    rows[2:2] = ["{truncated", json.dumps(output_line("not-sent", "seed-good"))]
    rows.append(json.dumps(output_line("a000", "seed-good")))  # a repeat
    output = tmp_path / "output.jsonl"
    output.write_text("\n".join(rows) + "\n", encoding="utf-8")

    report = batchfiles.collect(summariser, store, from_file=output).report
    assert report is not None
    assert (report.counts.ok, report.counts.failed, report.counts.invalid) == (4, 2, 3)
    assert report.problems == [f"{output}:3: not a batch output line (JSONDecodeError)",
                               f"{output}:4: custom_id 'not-sent' matches no request sent",
                               f"{output}:8: custom_id 'a000' appears twice; the first was kept"]
    assert report.cost_usd is None  # no price given
    failed = dict(store.db.execute("SELECT article_id, error_message FROM results WHERE status='failed'").fetchall())
    assert "HTTP 400: bad request" in failed["a004"]
    assert "no output line" in failed["a005"]  # requested, never answered
    assert store.job(done.jobs[0])["status"] == "collected"
    exported = list(store.export(report.run_id))
    assert sorted(x["id"] for x in exported) == [a.id for a in arts]


def test_repair_reasks_validation_failures_online(store, tmp_path, fake):
    summariser = over(fake)
    arts = seed_articles(3)
    batchfiles.export_requests(summariser, store, arts, tmp_path / "requests.jsonl")
    output = tmp_path / "output.jsonl"
    answers = ["seed-good", "seed-invalid-json", "seed-missing-field"]
    output.write_text("".join(json.dumps(output_line(a.id, n)) + "\n" for a, n in zip(arts, answers, strict=True)))
    collected = batchfiles.collect(summariser, store, from_file=output, repair=True)
    assert collected.repaired == 2
    assert collected.report is not None and collected.report.counts.ok == 3
    assert sorted(fake.chat_requests) == ["a001", "a002"]  # only the two that failed validation


def test_cli_export_submit_status_collect(tmp_path, fake, clean_env):
    from summariser.cli import cli

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in seed_articles(3)))
    common = ["--store", str(tmp_path / "s.db"), "--base-url", fake.base_url, "--mode", "tools"]
    runner = CliRunner()

    exported = runner.invoke(cli, ["batch", str(feed), "--export-requests", str(tmp_path / "req.jsonl"), *common])
    assert exported.exit_code == 0, exported.stderr
    assert "wrote 3 requests" in exported.stderr and "vllm run-batch" in exported.stderr
    assert len(read_jsonl(tmp_path / "req.jsonl")) == 3

    submitted = runner.invoke(cli, ["batch", str(feed), "--submit", "openai", *common])
    assert submitted.exit_code == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    assert batch_id.startswith("batch_")

    status = runner.invoke(cli, ["batch-status", *common])
    assert status.exit_code == 0 and f"{batch_id}  in_progress" in status.stdout

    out = tmp_path / "results.jsonl"
    collected = runner.invoke(cli, ["batch-collect", batch_id, "-o", str(out), *common])
    assert collected.exit_code == 0, collected.stderr
    assert "3 ok" in collected.stderr
    assert {x["id"] for x in read_jsonl(out)} == {"a000", "a001", "a002"}

    output = tmp_path / "vllm-out.jsonl"
    output.write_text(json.dumps(output_line("a000", "seed-invalid-json")) + "\n")
    from_file = runner.invoke(cli, ["batch-collect", "--from-file", str(output), *common])
    assert from_file.exit_code == 1 and "ExtractionError" in from_file.stderr

    assert runner.invoke(cli, ["batch-collect", *common]).exit_code == 2
    offline = runner.invoke(cli, ["batch", str(feed), "--export-requests", str(tmp_path / "x.jsonl"),
                                  "--store", str(tmp_path / "s.db"), "--backend", "offline"])
    assert offline.exit_code == 2 and "need an LLM" in offline.stderr


def test_large_submissions_are_split_into_several_batches(store, fake, monkeypatch):
    monkeypatch.setattr(batchfiles, "MAX_REQUESTS_PER_FILE", 2)
    done = batchfiles.submit(over(fake), store, seed_articles(5))
    assert done.requests == 5 and len(done.jobs) == 3
    assert [store.job(j)["requests"] for j in done.jobs] == [2, 2, 1]
    assert sorted(store.find_job_item(f"a{i:03d}")[0] for i in range(5)) == sorted([*done.jobs[:2] * 2, done.jobs[2]])


def test_a_failed_upload_leaves_no_job_behind(store, fake):
    class Broken:
        class files:  # mimics the SDK's attribute
            @staticmethod
            def create(**kwargs: Any) -> Any:
                raise RuntimeError("upload refused")

    from summariser.errors import LLMError

    with pytest.raises(LLMError, match="submitting the batch failed: upload refused"):
        batchfiles.submit(over(fake), store, seed_articles(2), client=Broken())
    assert store.jobs() == [] and store.find_job_item("a000") is None


def test_status_of_an_unknown_batch_is_an_error(store, fake):
    from summariser.errors import LLMError

    with pytest.raises(LLMError, match="asking about batch batch_nope failed"):
        batchfiles.status(over(fake), store, ["batch_nope"])
    assert batchfiles.status(over(fake), store) == []  # nothing submitted, nothing to ask


def test_cli_collect_before_completion_and_problems_on_submit(tmp_path, fake, clean_env):
    from summariser.cli import cli

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a000", "text": seed_articles(1)[0].text}) + "\n{bad\n")
    common = ["--store", str(tmp_path / "s.db"), "--base-url", fake.base_url, "--mode", "tools"]
    runner = CliRunner()
    submitted = runner.invoke(cli, ["batch", str(feed), "--submit", "openai", *common])
    assert submitted.exit_code == 1 and f"skipped {feed}:2: invalid JSON" in submitted.stderr
    batch_id = submitted.stdout.strip()
    early = runner.invoke(cli, ["batch-collect", batch_id, *common])
    assert early.exit_code == 1 and "is in_progress; collect it when it has completed" in early.stderr
    as_json = runner.invoke(cli, ["batch-status", batch_id, "--json", *common])
    assert json.loads(as_json.stdout)["id"] == batch_id
    assert runner.invoke(cli, ["batch-collect", batch_id, *common]).exit_code == 0
    none_left = runner.invoke(cli, ["batch-status", *common])
    assert "no batches waiting" in none_left.stderr
    both = runner.invoke(cli, ["batch", str(feed), "--submit", "openai", "--export-requests", "x.jsonl", *common])
    assert both.exit_code == 2
