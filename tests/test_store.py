"""The SQLite store: cache keys, outcomes, runs, export and batch-file jobs."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest

from summariser.articles import Article
from summariser.errors import ConfigError
from summariser.store import Key, Store, content_hash, pack_article, unpack_article


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.db") as s:
        yield s


def key_for(article: Article, model: str = "m", prompt: str = "p1", schema: str = "1.0") -> Key:
    return Key(content_hash(article), model, prompt, schema)


def test_content_hash_follows_what_changes_the_answer():
    base = Article(text="Paris, May 2 (AFP) One.", id="a", title="T", published=dt.date(2025, 5, 2))
    same = Article(text=base.text, id="other-id", title="T", published=base.published, url="https://x.test")
    assert content_hash(base) == content_hash(same)  # id and URL do not change the summary
    for changed in (
        Article(text=base.text + " More.", id="a", title="T", published=base.published),
        Article(text=base.text, id="a", title="Other", published=base.published),
        Article(text=base.text, id="a", title="T", published=dt.date(2025, 5, 3)),
    ):
        assert content_hash(changed) != content_hash(base)


def test_store_uses_wal_and_creates_its_folder(tmp_path):
    path = tmp_path / "deep" / "folder" / "store.db"
    with Store(path) as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert path.exists()


def test_save_and_get_by_full_key(store):
    art = Article(text="One.", id="a")
    key = key_for(art)
    store.save(key, "a", status="ok", run_id=1, summary='{"article_id": "a"}', input_tokens=10, output_tokens=5)
    row = store.get(key)
    assert (row["status"], row["article_id"], row["input_tokens"], row["output_tokens"]) == ("ok", "a", 10, 5)
    assert store.get(key_for(art, model="other")) is None
    assert store.get(key_for(art, prompt="p2")) is None
    assert store.get(key_for(art, schema="2.0")) is None


def test_failure_never_replaces_a_good_result(store):
    key = key_for(Article(text="One.", id="a"))
    store.save(key, "a", status="failed", run_id=1, error_class="LLMError", error_message="HTTP 500")
    store.save(key, "a", status="ok", run_id=2, summary="{}")
    assert store.get(key)["status"] == "ok"
    store.save(key, "a", status="failed", run_id=3, error_class="LLMError", error_message="HTTP 500")
    row = store.get(key)
    assert (row["status"], row["run_id"], row["error_class"]) == ("ok", 2, None)


def test_runs_report_and_killed_status(store):
    run_id = store.start_run("batch", backend="llm", model="m", prompt_version="p1", schema_version="1.0",
                             info={"inputs": ["feed.jsonl"]})
    (run,) = store.runs()
    assert run["status"] == "running" and run["info"] == {"inputs": ["feed.jsonl"]}
    store.update_run(run_id, {"ok": 3, "wall_s": 1.5}, status="done")
    run = store.run(run_id)
    assert run["status"] == "done" and run["report"]["ok"] == 3 and run["finished_at"]
    # A run whose process died without finishing shows as killed, with counts from its items.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    other = store.start_run("batch", backend="llm", model="m", prompt_version="p1", schema_version="1.0")
    store.db.execute("UPDATE runs SET pid=? WHERE id=?", (int(dead.stdout), other))
    with store.transaction():
        store.record_item(other, "a", "h1", "ok", seq=1)
        store.record_item(other, "b", "h2", "ok", seq=2, cached=True)
    killed = store.run(other)
    assert killed["status"] == "killed"
    assert (killed["report"]["ok"], killed["report"]["cached"]) == (1, 1)
    assert store.latest_run_id() == other


def test_export_joins_items_with_current_results(store):
    a, b, c = Article(text="One.", id="a"), Article(text="Two.", id="b"), Article(text="Three.", id="c")
    run_id = store.start_run("batch", backend="llm", model="m", prompt_version="p1", schema_version="1.0")
    with store.transaction():
        store.save(key_for(a), "earlier-id", status="ok", run_id=run_id, summary=json.dumps({"article_id": "x"}))
        store.record_item(run_id, "a", content_hash(a), "ok", seq=1)
        store.save(key_for(b), "b", status="failed", run_id=run_id, error_class="LLMError", error_message="HTTP 500",
                   error_hint="try again later", attempts=1)
        store.record_item(run_id, "b", content_hash(b), "failed", seq=2)
        store.record_item(run_id, "c", content_hash(c), "unfinished", seq=3, error_class="Unfinished",
                          error_message="stopped (SIGINT) before this article finished")
    lines = list(store.export(run_id))
    assert [(x["id"], x["status"], x["run"]) for x in lines] == [("a", "ok", run_id), ("b", "failed", run_id),
                                                                 ("c", "unfinished", run_id)]
    assert lines[0]["summary"]["article_id"] == "a"  # same text under another id: the id is rewritten
    assert lines[1]["error"] == {"class": "LLMError", "message": "HTTP 500", "hint": "try again later", "attempts": 1}
    assert "SIGINT" in lines[2]["error"]["message"]
    with pytest.raises(ConfigError, match="no run 99"):
        list(store.export(99))


def test_jobs_remember_the_articles_they_sent(store):
    art = Article(text="Seoul, Jan 2 (IANS) Talks.", id="a1", title="T", published=dt.date(2025, 1, 2),
                  url="https://x.test/a1")
    assert unpack_article(pack_article(art)) == art
    with store.transaction():
        store.add_job("export-1", "export", model="m", mode="tools", prompt_version="p1", schema_version="1.0")
        assert store.add_job_items("export-1", [(art, content_hash(art))]) == 1
    job = store.job("export-1")
    assert (job["requests"], job["status"], job["collected_run"]) == (1, "created", None)
    owner, digest, found = store.find_job_item("a1")
    assert (owner, digest, found) == ("export-1", content_hash(art), art)
    assert store.find_job_item("a1", "other-job") is None
    store.update_job("export-1", status="collected", collected_run=4, info={"file": "x"})
    assert store.jobs(uncollected=True) == []
    assert store.job("export-1")["info"] == {"file": "x"}


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "store.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(ConfigError, match="newer summariser"):
        Store(path)


def test_a_file_that_is_not_a_database_is_a_config_error(tmp_path):
    path = tmp_path / "store.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ConfigError, match="cannot open the store"):
        Store(path)


def test_default_store_path_is_in_the_user_cache_dir(monkeypatch, tmp_path):
    from summariser import config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert config.store_path(config.Settings()) == str(tmp_path / "cache" / "summariser" / "store.sqlite3")
    assert config.store_path(config.Settings(store="/x/y.db")) == "/x/y.db"
    assert config.resolve(env={"SUMMARISER_STORE": "/env.db"}).store == "/env.db"
