"""The one-article HTML page: spans, escaping, self-containment, CSP, CLI."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from _render_samples import Page, batch_summaries, hostile, seed
from click.testing import CliRunner
from conftest import SEED, replay_cli

from summariser.cli import cli
from summariser.formats import renderer
from summariser.render.html import ARTICLE_SCRIPT, STYLE, Mark, render, segments


@pytest.fixture(scope="module")
def seeded():
    text = SEED.read_text(encoding="utf-8")
    return seed(text), text


def spans_of(summary):
    out: dict[str, set[int]] = {}
    for i, q in enumerate(summary.quotes):
        out[f"q{i}"] = set(range(q.start, q.end))
    for i, a in enumerate(summary.attendees):
        out[f"a{i}"] = {n for m in a.mentions for n in range(m.start, m.end)}
    for kind, items in (("m", summary.meetings), ("p", summary.pledges)):
        for i, item in enumerate(items):
            out[f"{kind}{i}"] = {n for e in item.evidence for n in range(e.start, e.end)}
    return out


def sha(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_segments_cut_overlaps_at_every_boundary():
    text = 'He said "Kim met Lee".\nEnd'
    marks = [Mark(9, 20, "q0", "quote qb0"), Mark(9, 12, "a0", "mention mf0"), Mark(0, 26, "m0", "em")]
    segs = segments(text, marks)
    assert [(s.start, s.end) for s in segs] == [(0, 9), (9, 12), (12, 20), (20, 22), (22, 23), (23, 26)]
    assert [[m.key for m in s.marks] for s in segs] == [["m0"], ["q0", "a0", "m0"], ["q0", "m0"], ["m0"], ["m0"],
                                                         ["m0"]]
    assert [s.starts for s in segs] == [["m0"], ["q0", "a0"], [], [], [], []]
    short = segments(text, [Mark(9, 12, "a0", "mention mf0")])
    assert [(s.start, s.end, [m.key for m in s.marks]) for s in short] == [
        (0, 9, []), (9, 12, ["a0"]), (12, 22, []), (22, 23, []), (23, 26, [])]
    assert "".join(text[s.start:s.end] for s in segs) == text


def test_every_span_is_highlighted_and_the_text_survives(seeded):
    s, seed_text = seeded
    page = Page(render(s, seed_text))
    assert page.article_text == seed_text
    expected = spans_of(s)
    assert len(expected) == len(s.quotes) + len(s.attendees) + len(s.meetings) + len(s.pledges)
    for key, chars in expected.items():
        assert chars, key
        # Whitespace between paragraphs is a paragraph break, not a highlighted character.
        assert page.covered(key) == {i for i in chars if seed_text[i] != "\n"}, key
    # Every panel item is a focusable button that names its spans.
    buttons = {a["data-item"] for t, a in page.tags if t == "button" and a.get("data-item")}
    assert buttons == set(expected)


def test_overlapping_kinds_keep_their_own_colours(seeded):
    s, seed_text = seeded
    page = Page(render(s, seed_text))
    brunson = [a.name for a in s.attendees].index("Xavier Brunson")
    colour = brunson % 8
    quote = next(i for i, q in enumerate(s.quotes) if q.speaker == "Xavier Brunson")
    q_classes = {cls for _, items, classes in page.chars if f"q{quote}" in items for cls in classes}
    assert f"qb{colour}" in q_classes and "quote" in q_classes
    m_classes = {cls for _, items, classes in page.chars if f"a{brunson}" in items for cls in classes}
    assert f"mf{colour}" in m_classes and "mention" in m_classes
    # A mention inside meeting evidence carries both kinds on one segment.
    both = [items for _, items, classes in page.chars if "mention" in classes and "em" in classes]
    assert both


def test_article_and_model_text_is_escaped():
    summary, text = hostile()
    doc = render(summary, text)
    page = Page(doc)
    scripts = [a for t, a in page.tags if t == "script"]
    assert len(scripts) == 1 and page.bodies["script"] == [ARTICLE_SCRIPT]
    assert not [t for t, _ in page.tags if t in ("img", "b", "iframe", "object", "embed")]
    assert not [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
    assert not [a for t, a in page.tags if t == "a" and "javascript:" in (a.get("href") or "")]
    assert "window.__pwned" not in "".join(page.bodies["script"])
    assert page.article_text == text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in doc
    assert 'onerror=&quot;window.__pwned=1&quot;' in doc
    assert "Talks &lt;script&gt;window.__pwned=3&lt;/script&gt; end" in doc


def test_self_contained_with_strict_csp(seeded):
    s, seed_text = seeded
    doc = render(s, seed_text)
    page = Page(doc)
    for _, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (name, value)
    assert not [a for t, a in page.tags if t == "link" and a.get("rel") != "icon"]
    assert "@import" not in STYLE and "url(" not in STYLE
    csp = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    directives = dict(d.strip().split(" ", 1) for d in csp[0].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["script-src"] == sha(ARTICLE_SCRIPT)
    assert directives["style-src"] == sha(STYLE)
    assert page.bodies["style"] == [STYLE]
    # A hash-only style-src blocks style attributes, so the page must not rely on any.
    assert not [t for t, a in page.tags if "style" in a]


def test_without_text_the_panel_stands_alone():
    summary, _ = batch_summaries()[0]
    doc = render(summary, "")
    page = Page(doc)
    assert not page.article_text and 'id="article"' not in doc
    assert "The article text is not available" in doc
    assert "not located in the text" not in doc.split('class="item')[0]
    assert any(a.get("data-item") == "q0" for t, a in page.tags if t == "button")


def test_spans_that_do_not_index_the_text_are_not_highlighted():
    summary, text = batch_summaries()[0]
    doc = render(summary, "X" * 10 + text)  # every offset now points at the wrong characters
    assert "do not index this text and are not highlighted" in doc
    page = Page(doc)
    quote_keys = {k for _, items, _ in page.chars for k in items if k.startswith(("q", "m", "p"))}
    assert not quote_keys


def test_renderer_registered_and_cli_writes_a_page(monkeypatch, clean_env, tmp_path):
    assert renderer("html") is not None
    replay_cli(monkeypatch, "seed-good")
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(cli, ["summarise", str(SEED), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = out.read_text(encoding="utf-8")
    assert doc.startswith("<!DOCTYPE html>") and 'id="article"' in doc
    result = CliRunner().invoke(cli, ["summarise", str(SEED), str(SEED), "--format", "html"])
    assert result.exit_code == 2 and "renders one article" in result.stderr
