"""Batch inputs: files, directories, JSON Lines, stdin and HTML, streamed and checked."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from conftest import ARTICLES

from summariser.articles import Article
from summariser.errors import InputError
from summariser.sources import Problem, Sources, html_article

PAGE = """<html><head><title>Port deal signed in Haiphong</title>
<meta property="article:published_time" content="2025-04-23"></head>
<body><nav>Home | World | Business | Sport</nav>
<article><h1>Port deal signed in Haiphong</h1>
<p>Haiphong, April 23 (Delta Wire) Vietnamese and Danish officials signed an agreement on Tuesday to expand the
container terminal at the port, the city's people's committee said in a statement.</p>
<p>The operator has committed to training 300 Vietnamese technicians over the next three years under the deal,
which was signed at a ceremony attended by more than 200 guests.</p></article>
<footer>Copyright 2025 Delta Wire. All rights reserved.</footer></body></html>"""


def articles(sources: Sources) -> list[Article]:
    return [item for item in sources if isinstance(item, Article)]


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def test_directory_is_walked_recursively_with_relative_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text("Paris, May 2 (AFP) One.", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("Paris, May 2 (AFP) Two.", encoding="utf-8")
    (tmp_path / "b" / "deep" / "y.json").write_text(json.dumps({"id": "custom", "text": "Three."}), encoding="utf-8")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    sources = Sources([str(tmp_path)])
    assert sources.scan().articles == 3  # same file name in two folders is not a duplicate
    got = {a.id: a.text for a in articles(sources)}
    assert got == {"a/x": "Paris, May 2 (AFP) One.", "b/x": "Paris, May 2 (AFP) Two.", "custom": "Three."}


def test_glob_filters_files_found_in_directories(tmp_path):
    (tmp_path / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "two.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "three.txt").write_text("Three.", encoding="utf-8")
    assert [a.id for a in articles(Sources([str(tmp_path)], glob="*.txt"))] == ["one", "sub/three"]
    assert [a.id for a in articles(Sources([str(tmp_path)], glob="sub/*"))] == ["sub/three"]


def test_plain_files_are_named_by_their_stem(tmp_path):
    seed = ARTICLES / "seed-korea-us-alliance.txt"
    items = articles(Sources([str(seed)]))
    assert [a.id for a in items] == ["seed-korea-us-alliance"]
    assert items[0].text == seed.read_text(encoding="utf-8")


def test_jsonl_fields_and_bad_lines_with_line_numbers(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, [
        {"id": "ok-1", "text": "Paris, May 2 (AFP) One.", "title": "T", "url": "https://x.test/1",
         "published": "2025-05-02"},
        "{not json",
        "",
        {"id": "no-text"},
        {"id": "bad-date", "text": "Two.", "published": "yesterday"},
        "[1, 2]",
        {"id": "ok-2", "text": "Three."},
    ])
    sources = Sources([str(path)])
    scan = sources.scan()
    assert (scan.articles, scan.problems) == (2, 4)
    items = list(sources)
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Problem)]
    assert [a.id for a in good] == ["ok-1", "ok-2"]
    first = good[0]
    assert (first.title, first.url, first.published) == ("T", "https://x.test/1", dt.date(2025, 5, 2))
    assert [p.where for p in bad] == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "invalid JSON" in bad[0].message
    assert "text" in bad[1].message and "ISO date" in bad[2].message


def test_batch_sample_fixture_reads_cleanly():
    sources = Sources([str(ARTICLES / "batch-sample.jsonl")])
    assert sources.scan().articles == 5
    assert [a.id for a in articles(sources)] == [f"batch-00{i}" for i in range(1, 6)]


def test_duplicate_ids_are_an_input_error_naming_where(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(a, [{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}])
    write_jsonl(b, [{"id": "z", "text": "Three."}, {"id": "", "text": "Four."}, {"id": "x", "text": "Five."}])
    with pytest.raises(InputError) as info:
        Sources([str(a), str(b)]).scan()
    message = info.value.message
    assert "1 duplicate article id" in message
    assert f"'x' at {a}:1 and {b}:3" in message
    assert info.value.exit_code == 2


def test_duplicate_between_a_file_and_a_line(tmp_path):
    (tmp_path / "story.txt").write_text("One.", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, [{"id": "story", "text": "Two."}])
    with pytest.raises(InputError, match="'story' at"):
        Sources([str(tmp_path / "story.txt"), str(feed)]).scan()


def test_stdin_jsonl_survives_two_passes():
    stdin = io.StringIO("".join(json.dumps({"id": f"s{i}", "text": f"Text {i}."}) + "\n" for i in range(3)))
    with Sources(["-"], stdin=stdin) as sources:
        assert sources.scan().articles == 3
        items = list(sources)
    assert [a.id for a in items] == ["s0", "s1", "s2"]
    assert items[0].meta["_where"] == "<stdin>:1"


def test_missing_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        Sources([str(tmp_path / "nope.jsonl")]).scan()
    with pytest.raises(InputError, match="no input"):
        Sources([])


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00 not utf-8")
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    items = list(Sources([str(tmp_path)]))
    assert [str(i) for i in items if isinstance(i, Problem)] == [f"{tmp_path / 'bad.txt'}: not UTF-8 text"]
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]


def test_html_is_reduced_to_the_article_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    (art,) = articles(Sources([str(page)]))
    assert art.id == "page"
    assert art.text.startswith("Haiphong, April 23 (Delta Wire)")  # the headline is not repeated as text
    assert "300 Vietnamese technicians" in art.text
    assert "Home | World" not in art.text and "Copyright" not in art.text
    assert art.title == "Port deal signed in Haiphong"
    assert art.published == dt.date(2025, 4, 23)


def test_html_without_text_is_a_problem(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    (problem,) = list(Sources([str(tmp_path)]))
    assert isinstance(problem, Problem) and "no article text" in problem.message
    with pytest.raises(InputError):
        html_article(b"<html></html>", article_id="x")


def test_items_are_produced_lazily(tmp_path):
    path = tmp_path / "big.jsonl"
    write_jsonl(path, [{"id": f"a{i}", "text": f"Text {i}."} for i in range(1000)])
    stream = iter(Sources([str(path)]))
    first = next(stream)
    assert isinstance(first, Article) and first.id == "a0"  # no need to read the rest first
