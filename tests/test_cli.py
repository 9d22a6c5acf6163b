"""CLI through click's CliRunner: exit codes, formats, errors, help."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from conftest import API_KEY, SEED, replay_cli

from summariser.cli import cli


@pytest.fixture
def replay(monkeypatch, clean_env):
    return replay_cli(monkeypatch)


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example():
    for path, command in all_commands(cli):
        result = invoke(*path, "--help")
        assert result.exit_code == 0, path
        assert command.help and "Example" in command.help, f"{' '.join(path)} needs help with an example"


def test_summarise_json(replay):
    replay.add("seed-good")
    result = invoke("summarise", str(SEED), "--format", "json", "--published", "2025-01-02")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article_id"] == "seed-korea-us-alliance"
    assert data["dateline"]["date"] == "2025-01-02"
    assert data["run"]["backend"] == "llm"
    assert API_KEY not in result.output


def test_summarise_stdin_and_several_files(replay, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text() + "\nExtra line.", encoding="utf-8")
    replay.add("seed-good", "seed-good")
    result = invoke("summarise", str(SEED), str(other), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line)["article_id"] for line in lines] == ["seed-korea-us-alliance", "other"]
    replay.add("seed-good")
    result = invoke("summarise", "-", "--id", "piped", input=SEED.read_text())
    assert json.loads(result.stdout)["article_id"] == "piped"


def test_pretty_format(replay):
    replay.add("seed-good")
    result = invoke("summarise", str(SEED), "--format", "pretty")
    assert result.exit_code == 0
    assert "South Korea and US reaffirm alliance" in result.stdout and "Meetings" in result.stdout


def test_failed_article_exits_1_and_keeps_other_work(replay, tmp_path):
    replay.add("fault-401", "seed-good")
    second = tmp_path / "second.txt"
    second.write_text(SEED.read_text(), encoding="utf-8")
    result = invoke("summarise", str(SEED), str(second), "--format", "json")
    assert result.exit_code == 1
    assert "Error: " in result.stderr and "HTTP 401" in result.stderr and "OPENAI_API_KEY" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(result.stdout)["article_id"] == "second"
    assert API_KEY not in result.output


def test_missing_file_exits_2_with_one_line(replay, tmp_path):
    result = invoke("summarise", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_llm_backend_without_configuration_exits_2(clean_env):
    result = invoke("summarise", str(SEED), "--backend", "llm")
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr and "Traceback" not in result.output


def test_bad_published_date_exits_2(replay):
    result = invoke("summarise", str(SEED), "--published", "next week")
    assert result.exit_code == 2 and "ISO date" in result.stderr


def test_debug_shows_traceback(clean_env):
    result = invoke("--debug", "summarise", str(SEED), "--backend", "llm")
    assert result.exit_code != 0 and result.exception is not None


def test_schema_command():
    result = invoke("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "ArticleSummary"
    for name in ("article_id", "headline", "summary", "key_points", "dateline", "attendees", "meetings", "pledges",
                 "quotes", "warnings", "run"):
        assert name in schema["properties"]


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "summariser", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("summariser, version")
    assert out.stdout.rstrip().endswith("(offline engine: pure Python)")  # an editable install: never compiled
