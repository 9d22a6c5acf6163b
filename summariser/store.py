"""The batch store: an embedded SQLite database that is the source of truth.

One ``results`` row per (content hash, model, prompt version, schema version);
``runs`` and ``run_items`` record what each run did; ``jobs`` and ``job_items``
remember batch files sent elsewhere, so their output can be mapped back.

WAL mode and one commit per finished article: a process killed at any moment
loses at most the articles in flight, and never leaves a half-written row.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summariser.articles import Article
from summariser.errors import ConfigError

VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    content_hash   TEXT NOT NULL,
    model          TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    article_id     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    summary        TEXT,
    error_class    TEXT,
    error_message  TEXT,
    error_hint     TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    requests       INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    latency_ms     REAL NOT NULL DEFAULT 0,
    started_at     REAL,
    finished_at    REAL,
    run_id         INTEGER,
    PRIMARY KEY (content_hash, model, prompt_version, schema_version)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS runs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    started_at     REAL NOT NULL,
    finished_at    REAL,
    pid            INTEGER,
    backend        TEXT,
    model          TEXT,
    prompt_version TEXT,
    schema_version TEXT,
    info           TEXT,
    report         TEXT
);

CREATE TABLE IF NOT EXISTS run_items (
    run_id       INTEGER NOT NULL,
    article_id   TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL,
    cached       INTEGER NOT NULL DEFAULT 0,
    latency_ms   REAL,
    error_class  TEXT,
    error_message TEXT,
    seq          INTEGER NOT NULL,
    PRIMARY KEY (run_id, article_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    created_at     REAL NOT NULL,
    model          TEXT NOT NULL,
    mode           TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    requests       INTEGER NOT NULL DEFAULT 0,
    info           TEXT,
    collected_run  INTEGER
);

CREATE TABLE IF NOT EXISTS job_items (
    job_id       TEXT NOT NULL,
    custom_id    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    article      BLOB NOT NULL,
    added_at     REAL NOT NULL,
    PRIMARY KEY (job_id, custom_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS job_items_custom_id ON job_items (custom_id, added_at);
"""

@dataclass(frozen=True)
class Key:
    """What a cached result depends on."""

    content_hash: str
    model: str
    prompt_version: str
    schema_version: str


def content_hash(article: Article) -> str:
    """Hash of everything in an article that changes the answer (not its id or URL)."""
    h = hashlib.sha256()
    for part in (article.text, article.title or "", article.published.isoformat() if article.published else ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def pack_article(article: Article) -> bytes:
    data = {"id": article.id, "text": article.text, "title": article.title, "url": article.url,
            "published": article.published.isoformat() if article.published else None}
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def unpack_article(blob: bytes) -> Article:
    from summariser.articles import from_mapping

    data = json.loads(zlib.decompress(blob))
    return from_mapping(data, where=f"stored article {data.get('id')!r}")


class Store:
    """One SQLite file. Not shared between threads; open one per process."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are opened explicitly, never implicitly.
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a killed process; only power loss can drop the last commits.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ConfigError(f"cannot open the store {self.path}: {exc}",
                              hint="pass --store PATH to a writable SQLite file") from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise ConfigError(f"the store {self.path} was written by a newer summariser (format {version})",
                              hint="upgrade summariser, or use another --store")
        if version < VERSION:
            # executescript commits first, so the script carries its own transaction.
            self.db.executescript(f"BEGIN IMMEDIATE;\n{_SCHEMA}\nPRAGMA user_version = {VERSION};\nCOMMIT;")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- Transactions

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction; commits on exit unless one was already open."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def begin(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    # -- Results

    def get(self, key: Key) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM results WHERE content_hash=? AND model=? AND prompt_version=? AND schema_version=?",
            (key.content_hash, key.model, key.prompt_version, key.schema_version),
        ).fetchone()
        return row

    def save(self, key: Key, article_id: str, *, status: str, run_id: int | None, summary: str | None = None,
             error_class: str | None = None, error_message: str | None = None, error_hint: str | None = None,
             attempts: int = 0, requests: int = 0, input_tokens: int = 0, output_tokens: int = 0,
             latency_ms: float = 0.0, started_at: float | None = None) -> None:
        """Store an outcome. A failure never replaces a good result (e.g. under --force)."""
        self.db.execute(
            """INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT DO UPDATE SET
                 article_id=excluded.article_id, status=excluded.status, summary=excluded.summary,
                 error_class=excluded.error_class, error_message=excluded.error_message,
                 error_hint=excluded.error_hint, attempts=excluded.attempts, requests=excluded.requests,
                 input_tokens=excluded.input_tokens, output_tokens=excluded.output_tokens,
                 latency_ms=excluded.latency_ms, started_at=excluded.started_at,
                 finished_at=excluded.finished_at, run_id=excluded.run_id
               WHERE results.status != 'ok' OR excluded.status = 'ok'""",
            (key.content_hash, key.model, key.prompt_version, key.schema_version, article_id, status, summary,
             error_class, error_message, error_hint, attempts, requests, input_tokens, output_tokens, latency_ms,
             started_at, time.time(), run_id),
        )

    def count_results(self, status: str | None = None) -> int:
        if status is None:
            return int(self.db.execute("SELECT count(*) FROM results").fetchone()[0])
        return int(self.db.execute("SELECT count(*) FROM results WHERE status=?", (status,)).fetchone()[0])

    # -- Runs

    def start_run(self, kind: str, *, backend: str, model: str, prompt_version: str, schema_version: str,
                  info: dict[str, Any] | None = None) -> int:
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO runs (kind, status, started_at, pid, backend, model, prompt_version, schema_version, info)"
                " VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)",
                (kind, time.time(), os.getpid(), backend, model, prompt_version, schema_version,
                 json.dumps(info or {}, ensure_ascii=False)),
            )
        return int(cur.lastrowid or 0)

    def update_run(self, run_id: int, report: dict[str, Any], *, status: str | None = None) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET report=? WHERE id=?", (json.dumps(report, ensure_ascii=False), run_id))
            if status is not None:
                self.db.execute("UPDATE runs SET status=?, finished_at=? WHERE id=?", (status, time.time(), run_id))

    def record_item(self, run_id: int, article_id: str, content_hash: str, status: str, *, seq: int,
                    cached: bool = False, latency_ms: float | None = None, error_class: str | None = None,
                    error_message: str | None = None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO run_items VALUES (?,?,?,?,?,?,?,?,?)",
            (run_id, article_id, content_hash, status, int(cached), latency_ms, error_class, error_message, seq),
        )

    def run(self, run_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
        return self._run_dict(row) if row else None

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [self._run_dict(r) for r in rows]

    def latest_run_id(self, kinds: Iterable[str] = ("batch", "collect")) -> int | None:
        kinds = tuple(kinds)
        row = self.db.execute(
            f"SELECT max(id) FROM runs WHERE kind IN ({','.join('?' * len(kinds))})", kinds
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def item_counts(self, run_id: int) -> dict[str, int]:
        counts = {"ok": 0, "failed": 0, "cached": 0, "unfinished": 0}
        for status, cached, n in self.db.execute(
            "SELECT status, cached, count(*) FROM run_items WHERE run_id=? GROUP BY status, cached", (run_id,)
        ):
            counts["cached" if cached else status] = counts.get("cached" if cached else status, 0) + n
        return counts

    def _run_dict(self, row: sqlite3.Row) -> dict[str, Any]:
        run = dict(row)
        run["info"] = json.loads(run["info"] or "{}")
        run["report"] = json.loads(run["report"]) if run["report"] else None
        if run["status"] == "running" and not _alive(run["pid"]):
            run["status"] = "killed"  # no finish was recorded and the process is gone
        if run["report"] is None or run["status"] in ("running", "killed"):
            counts = self.item_counts(run["id"])
            run["report"] = {**(run["report"] or {}), **counts}
        return run

    def export(self, run_id: int) -> Iterator[dict[str, Any]]:
        """The results lines of a run, in the order its articles finished, from the store's current state."""
        run = self.db.execute("SELECT model, prompt_version, schema_version FROM runs WHERE id=?",
                              (run_id,)).fetchone()
        if run is None:
            raise ConfigError(f"no run {run_id} in the store {self.path}", hint="see 'summariser runs'")
        rows = self.db.execute(
            """SELECT i.article_id, i.status AS item_status, i.cached, i.error_class AS item_error_class,
                      i.error_message AS item_error_message, r.status, r.summary, r.article_id AS result_article_id,
                      r.error_class, r.error_message, r.error_hint, r.attempts, r.run_id
               FROM run_items i LEFT JOIN results r
                 ON r.content_hash = i.content_hash AND r.model = ? AND r.prompt_version = ?
                    AND r.schema_version = ?
               WHERE i.run_id = ? ORDER BY i.seq""",
            (run["model"], run["prompt_version"], run["schema_version"], run_id),
        )
        for row in rows:
            yield result_line(row, article_id=row["article_id"], run_id=run_id)

    # -- Batch-file jobs

    def add_job(self, job_id: str, kind: str, *, model: str, mode: str, prompt_version: str, schema_version: str,
                info: dict[str, Any] | None = None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO jobs (id, kind, status, created_at, model, mode, prompt_version, schema_version,"
            " info) VALUES (?, ?, 'created', ?, ?, ?, ?, ?, ?)",
            (job_id, kind, time.time(), model, mode, prompt_version, schema_version, json.dumps(info or {})),
        )

    def add_job_items(self, job_id: str, articles: Iterable[tuple[Article, str]]) -> int:
        now, n = time.time(), 0
        rows: list[tuple[str, str, str, bytes, float]] = []
        for article, digest in articles:
            rows.append((job_id, article.id, digest, pack_article(article), now))
            n += 1
            if len(rows) >= 1000:
                self.db.executemany("INSERT OR REPLACE INTO job_items VALUES (?,?,?,?,?)", rows)
                rows.clear()
        self.db.executemany("INSERT OR REPLACE INTO job_items VALUES (?,?,?,?,?)", rows)
        self.db.execute("UPDATE jobs SET requests = requests + ? WHERE id=?", (n, job_id))
        return n

    def update_job(self, job_id: str, *, status: str | None = None, info: dict[str, Any] | None = None,
                   collected_run: int | None = None) -> None:
        with self.transaction():
            if status is not None:
                self.db.execute("UPDATE jobs SET status=? WHERE id=?", (status, job_id))
            if info is not None:
                old = self.job(job_id)
                merged = {**(old["info"] if old else {}), **info}
                self.db.execute("UPDATE jobs SET info=? WHERE id=?", (json.dumps(merged), job_id))
            if collected_run is not None:
                self.db.execute("UPDATE jobs SET collected_run=? WHERE id=?", (collected_run, job_id))

    def job(self, job_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            return None
        job = dict(row)
        job["info"] = json.loads(job["info"] or "{}")
        return job

    def jobs(self, kind: str | None = None, *, uncollected: bool = False) -> list[dict[str, Any]]:
        sql, args = "SELECT id FROM jobs WHERE 1=1", []
        if kind:
            sql, args = sql + " AND kind=?", [kind]
        if uncollected:
            sql += " AND collected_run IS NULL"
        return [j for (job_id,) in self.db.execute(sql + " ORDER BY created_at", args).fetchall()
                if (j := self.job(job_id)) is not None]

    def job_items(self, job_id: str) -> Iterator[tuple[str, str, Article]]:
        for custom_id, digest, blob in self.db.execute(
            "SELECT custom_id, content_hash, article FROM job_items WHERE job_id=?", (job_id,)
        ):
            yield custom_id, digest, unpack_article(blob)

    def find_job_item(self, custom_id: str, job_id: str | None = None) -> tuple[str, str, Article] | None:
        """The article sent as ``custom_id``: in ``job_id``, else in the latest job that sent it."""
        if job_id is not None:
            row = self.db.execute("SELECT job_id, content_hash, article FROM job_items WHERE job_id=? AND custom_id=?",
                                  (job_id, custom_id)).fetchone()
        else:
            row = self.db.execute(
                "SELECT job_id, content_hash, article FROM job_items WHERE custom_id=? ORDER BY added_at DESC LIMIT 1",
                (custom_id,)).fetchone()
        if row is None:
            return None
        return row[0], row[1], unpack_article(row[2])


def result_line(row: Any, *, article_id: str, run_id: int) -> dict[str, Any]:
    """A results.jsonl object from a results row (or a run item with no result)."""
    if row["status"] == "ok":
        status = "ok"
    elif row["item_status"] == "unfinished" or row["status"] is None:
        status = row["item_status"]
    else:
        status = "failed"
    line: dict[str, Any] = {"id": article_id, "status": status}
    if status == "ok":
        summary = json.loads(row["summary"])
        summary["article_id"] = article_id
        line["summary"] = summary
    elif row["status"] == "failed" and status == "failed":
        line["error"] = {"class": row["error_class"], "message": row["error_message"], "hint": row["error_hint"],
                         "attempts": row["attempts"]}
    else:
        line["error"] = {"class": row["item_error_class"] or "Unfinished",
                         "message": row["item_error_message"] or "the run stopped before this article finished"}
    # The run that produced the result; a cached line points at an earlier run.
    line["run"] = row["run_id"] if status != "unfinished" and row["run_id"] is not None else run_id
    return line


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
