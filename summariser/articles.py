"""Articles as the library sees them, and reading them from files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summariser.dates import parse_iso
from summariser.errors import InputError


@dataclass(frozen=True)
class Article:
    text: str
    id: str = ""
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", text_id(self.text))

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def text_id(text: str) -> str:
    return "sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def coerce(article: Article | str, *, article_id: str | None = None, published: Any = None) -> Article:
    """Accept an Article or plain text; explicit arguments win."""
    if isinstance(article, str):
        article = Article(text=article)
    pub = parse_iso(published) if published is not None else article.published
    if published is not None and pub is None:
        raise InputError(f"published date {published!r} is not an ISO date", hint="use YYYY-MM-DD")
    if article_id or pub != article.published:
        article = Article(
            text=article.text, id=article_id or article.id, title=article.title,
            published=pub, url=article.url, meta=article.meta,
        )
    if not article.text.strip():
        raise InputError(f"article {article.id!r} is empty")
    return article


def from_mapping(data: dict[str, Any], *, where: str) -> Article:
    """Build an Article from a JSON object with ``text`` and optional fields."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing or empty 'text' field")
    raw_pub = data.get("published", data.get("publication_date"))
    published = parse_iso(raw_pub) if raw_pub else None
    if raw_pub and published is None:
        raise InputError(f"{where}: 'published' must be an ISO date (YYYY-MM-DD), got {raw_pub!r}")
    known = {"id", "text", "title", "url", "published", "publication_date"}
    return Article(
        text=text,
        id=str(data.get("id") or ""),
        title=data.get("title"),
        published=published,
        url=data.get("url"),
        meta={k: v for k, v in data.items() if k not in known},
    )


def read_text(data: str, *, name: str) -> Article:
    """A file's contents: a JSON object with ``text`` or plain text."""
    stripped = data.lstrip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        article = from_mapping(obj, where=name)
        if not article.id or (article.id.startswith("sha-") and not obj.get("id")):
            article = Article(
                text=article.text, id=Path(name).stem, title=article.title,
                published=article.published, url=article.url, meta=article.meta,
            )
        return article
    if not data.strip():
        raise InputError(f"{name}: the article is empty")
    return Article(text=data, id=Path(name).stem if name != "-" else "")


def read_utf8(path: str | Path) -> str:
    """A text file's contents, or an InputError that says what is wrong with it."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory", hint="use 'summariser batch' for directories") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def read_file(path: str | Path) -> Article:
    return read_text(read_utf8(path), name=str(path))
