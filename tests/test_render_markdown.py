"""Markdown output: structure, escaping, and the CLI's --format markdown."""

from __future__ import annotations

import re

from _render_samples import batch_summaries, hostile, seed
from click.testing import CliRunner
from conftest import SEED, replay_cli

from summariser.cli import cli
from summariser.formats import renderer
from summariser.render.markdown import inline, render


def test_seed_sections_tables_and_quotes(seed_text):
    s = seed(seed_text)
    md = renderer("markdown")(s, seed_text)
    assert md.startswith("# South Korea and US reaffirm alliance in talks with outgoing ambassador\n")
    assert "`seed-korea-us-alliance` · Seoul · Jan 2 (2025-01-02) · IANS" in md
    assert s.summary in md
    assert "## Key points\n\n- Kim Seon-ho and Philip Goldberg reaffirmed the bilateral alliance in Seoul." in md
    for title, header in (("Meetings", "| Kind | Attendees | Where | When | Topics | Outcome |"),
                          ("Pledges", "| Actor | Commitment | Beneficiary | When |"),
                          ("Attendees", "| Name | Role | Organisation | Country | Mentions |")):
        assert f"## {title}\n\n{header}\n" in md
    assert "| Kim Seon-ho | acting Defence Minister | defence ministry | South Korea | 6 |" in md
    # Quotes are block quotes with their speaker.
    assert "> “collective security”\n>\n> — Xavier Brunson · characters" in md
    assert "> South Korea's external policy remains unchanged\n>\n> — Kim Seon-ho (reported)" in md
    assert md.rstrip().endswith("ms*")


def test_tables_keep_their_shape():
    for summary, _ in batch_summaries():
        md = render(summary)
        for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):
            rows = block.splitlines()
            widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
            assert len(widths) == 1, block


def test_empty_sections_are_left_out():
    summary = {s.article_id: s for s, _ in batch_summaries()}["batch-004"]
    md = render(summary)
    for title in ("Meetings", "Pledges", "Attendees", "Quotes", "Key points"):
        assert f"## {title}" not in md


def test_model_and_article_text_cannot_inject_html_or_markup():
    summary, text = hostile()
    md = render(summary, text)
    assert "`hostile<script>`" in md  # the id is a code span, whose content is literal
    md = md.replace("`hostile<script>`", "")
    assert "<script" not in md and "<img" not in md and "<b>" not in md and "<a " not in md
    assert "&lt;script>window.\\_\\_pwned=3&lt;/script>" in md
    assert "| Ana &lt;b>Ruiz&lt;/b>, Tom Lee |" in md or "Ana &lt;b>Ruiz&lt;/b>, Tom Lee" in md


def test_inline_escaping():
    assert inline("a|b") == "a\\|b"
    assert inline("*x* _y_ [l](u) `c`") == "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`"
    assert inline("# not a heading") == "\\# not a heading"
    assert inline("1. not a list") == "1\\. not a list"
    assert inline("- not a list") == "\\- not a list"
    assert inline("two\nlines") == "two lines"
    assert inline("AT&T &amp;") == "AT&T &amp;amp;"


def test_cli_format_markdown(monkeypatch, clean_env):
    replay_cli(monkeypatch, "seed-good")
    result = CliRunner().invoke(cli, ["summarise", str(SEED), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# South Korea and US reaffirm alliance")
    assert "## Meetings" in result.stdout
