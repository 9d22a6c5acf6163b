"""Batch inputs, streamed: files, directories, JSON Lines and stdin.

Reading happens twice. ``scan`` checks every input before any model call
(missing paths and duplicate ids are input errors); iterating then yields one
``Article`` at a time, or a ``Problem`` for an item that cannot be read, so a
bad line is reported with its line number while the good ones run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import IO, Any

from summariser.articles import Article, from_mapping, read_text
from summariser.errors import InputError, SummariserError

JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".json", *HTML_SUFFIXES, *JSONL_SUFFIXES)
STDIN = "<stdin>"
_MAX_DUPLICATES_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """An input item that could not be turned into an article."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


Item = Article | Problem


@dataclass
class Scan:
    articles: int = 0  # readable articles
    problems: int = 0  # items that will be reported and skipped


@dataclass(frozen=True)
class _Input:
    path: Path | None  # None: stdin (spooled)
    name: str  # shown in messages
    article_id: str  # for single-article files
    kind: str  # "jsonl", "html", "text"


@dataclass
class Sources:
    """The inputs of one batch. ``glob`` filters files found in directories."""

    inputs: Sequence[str]
    glob: str | None = None
    stdin: IO[str] | None = None
    _spool: IO[bytes] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.inputs:
            raise InputError("no input given", hint="pass files, directories, JSONL files, or - for JSONL on stdin")
        if list(self.inputs).count("-") > 1:
            raise InputError("'-' (stdin) given more than once")

    # -- Enumeration

    def _inputs(self) -> Iterator[_Input]:
        for raw in self.inputs:
            if raw == "-":
                yield _Input(None, STDIN, "", "jsonl")
                continue
            path = Path(raw)
            if path.is_dir():
                yield from self._walk(path)
            elif path.is_file():
                yield _Input(path, str(path), path.stem, _kind(path))
            elif path.exists():  # a pipe cannot be read twice (scan, then run)
                raise InputError(f"{raw}: not a regular file", hint="pipe JSON Lines into '-' instead")
            else:
                raise InputError(f"{raw}: no such file or directory")

    def _walk(self, root: Path) -> Iterator[_Input]:
        # Sorted, one directory listing at a time: deterministic order, flat memory.
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                if self.glob is not None:
                    if not (fnmatch(rel, self.glob) or fnmatch(name, self.glob)):
                        continue
                elif not name.lower().endswith(TEXT_SUFFIXES):
                    continue
                # Files in directories are named by relative path, so a/x.txt and b/x.txt differ.
                yield _Input(path, str(path), PurePosixPath(rel).with_suffix("").as_posix(), _kind(path))

    # -- Pass 1: check before any model call

    def scan(self) -> Scan:
        """Count articles and refuse duplicate ids, reading every input once."""
        scan = Scan()
        ids = sqlite3.connect("")  # a private temp database: flat memory for any number of ids
        try:
            ids.execute("CREATE TABLE ids (id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL)")
            batch: list[tuple[str, int, str]] = []
            for item in self._items(ids_only=True):
                if isinstance(item, Problem):
                    scan.problems += 1
                    continue
                scan.articles += 1
                batch.append((item.id, scan.articles, item.meta.get("_where", "")))
                if len(batch) >= 5000:
                    ids.executemany("INSERT INTO ids VALUES (?, ?, ?)", batch)
                    batch.clear()
            ids.executemany("INSERT INTO ids VALUES (?, ?, ?)", batch)
            ids.execute("CREATE INDEX ids_id ON ids (id, seq)")
            # The index keeps each id's rows in input order, so group_concat lists them in order.
            dupes = ids.execute(
                "SELECT id, group_concat(at, ' and ') FROM ids GROUP BY id HAVING count(*) > 1 "
                "ORDER BY min(seq) LIMIT ?", (_MAX_DUPLICATES_SHOWN,),
            ).fetchall()
            if dupes:
                total = ids.execute(
                    "SELECT count(*) FROM (SELECT id FROM ids GROUP BY id HAVING count(*) > 1)"
                ).fetchone()[0]
                shown = "; ".join(f"{i!r} at {at}" for i, at in dupes)
                more = f" (and {total - _MAX_DUPLICATES_SHOWN} more)" if total > _MAX_DUPLICATES_SHOWN else ""
                raise InputError(
                    f"{total} duplicate article id{'s' if total != 1 else ''}: {shown}{more}",
                    hint="ids must be unique within a batch; fix the inputs or give the articles distinct ids",
                )
        finally:
            ids.close()
        return scan

    # -- Pass 2: stream

    def __iter__(self) -> Iterator[Item]:
        return self._items(ids_only=False)

    def _items(self, *, ids_only: bool) -> Iterator[Item]:
        for source in self._inputs():
            if source.kind == "jsonl":
                yield from self._jsonl(source)
            elif ids_only and source.kind == "html":
                # The id comes from the file name; extraction waits for the real pass.
                yield Article(text="-", id=source.article_id, meta={"_where": source.name})
            else:
                try:
                    yield _single(source)
                except SummariserError as exc:
                    yield Problem(source.name, exc.message)

    def _jsonl(self, source: _Input) -> Iterator[Item]:
        with self._open_jsonl(source) as handle:
            for number, raw in enumerate(handle, start=1):
                where = f"{source.name}:{number}"
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield Problem(where, "not UTF-8 text")
                    continue
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Problem(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                    continue
                try:
                    article = from_mapping(data, where=where)
                except SummariserError as exc:
                    yield Problem(where, exc.message.removeprefix(f"{where}: "))
                    continue
                yield _with_where(article, where)

    @contextlib.contextmanager
    def _open_jsonl(self, source: _Input) -> Iterator[IO[bytes]]:
        if source.path is not None:
            try:
                handle = source.path.open("rb")
            except OSError as exc:
                raise InputError(f"{source.name}: cannot read ({exc.strerror})") from None
            with handle:
                yield handle
            return
        if self._spool is None:
            # stdin can be read once; keep a copy on disk for the second pass.
            self._spool = tempfile.TemporaryFile()  # closed by close()
            stream = self.stdin if self.stdin is not None else sys.stdin
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                shutil.copyfileobj(buffer, self._spool)
            else:
                for chunk in iter(lambda: stream.read(1 << 16), ""):
                    self._spool.write(chunk.encode("utf-8"))
        self._spool.seek(0)
        yield self._spool

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Sources:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def _with_where(article: Article, where: str) -> Article:
    article.meta["_where"] = where  # meta is excluded from equality; used in messages only
    return article


def _single(source: _Input) -> Article:
    assert source.path is not None
    try:
        raw = source.path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})") from None
    if source.kind == "html":
        return _with_where(html_article(raw, article_id=source.article_id), source.name)
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text") from None
    article = read_text(data, name=source.name)
    if article.id == Path(source.name).stem and source.article_id != article.id:
        article = Article(text=article.text, id=source.article_id, title=article.title,
                          published=article.published, url=article.url, meta=article.meta)
    return _with_where(article, source.name)


def html_article(html: bytes | str, *, article_id: str, url: str | None = None) -> Article:
    """The main text of a web page, with its title and date when the page states them."""
    from summariser.dates import parse_iso

    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a broken install, not bad input
        raise InputError(f"cannot read HTML: trafilatura is unavailable ({exc})",
                         hint="pip install 'summariser' again, or lxml_html_clean") from None
    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise InputError("no article text found in the HTML")
    title = getattr(doc, "title", None) or None
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1:].lstrip("\n")  # the headline repeated as the first line
    published = parse_iso(getattr(doc, "date", None) or "") if getattr(doc, "date", None) else None
    return Article(text=text, id=article_id, title=title, published=published, url=url or getattr(doc, "url", None))
