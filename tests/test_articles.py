import datetime as dt
import json

import pytest

from summariser.articles import Article, coerce, from_mapping, read_file, read_text, text_id
from summariser.errors import InputError


def test_text_file_id_is_stem(tmp_path):
    p = tmp_path / "story-1.txt"
    p.write_text("Hello world.", encoding="utf-8")
    a = read_file(p)
    assert (a.id, a.text, a.published) == ("story-1", "Hello world.", None)


def test_json_file_fields(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"id": "abc", "text": "Body.", "published": "2025-01-02", "title": "T", "src": 1}))
    a = read_file(p)
    assert (a.id, a.title, a.published, a.meta) == ("abc", "T", dt.date(2025, 1, 2), {"src": 1})


def test_json_without_id_uses_file_stem(tmp_path):
    p = tmp_path / "named.json"
    p.write_text(json.dumps({"text": "Body."}))
    assert read_file(p).id == "named"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("{not json", "invalid JSON at line 1"),
        ('{"id": "x"}', "missing or empty 'text'"),
        ('{"text": "t", "published": "yesterday"}', "ISO date"),
    ],
)
def test_bad_files(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(InputError, match=message):
        read_file(p)


def test_missing_directory_and_binary(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not UTF-8"):
        read_file(tmp_path / "b.txt")


def test_coerce_and_ids():
    a = coerce("Some text", published="2025-01-02")
    assert a.id == text_id("Some text") and a.id.startswith("sha-") and a.published == dt.date(2025, 1, 2)
    assert coerce(Article("t", id="k"), article_id="new").id == "new"
    with pytest.raises(InputError, match="not an ISO date"):
        coerce("t", published="soon")
    with pytest.raises(InputError, match="empty"):
        coerce("   ")
    assert read_text("plain", name="-").id.startswith("sha-")
    with pytest.raises(InputError):
        from_mapping("nope", where="line 3")  # type: ignore[arg-type]
