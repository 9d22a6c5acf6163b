"""End-to-end through the library API on several fixture articles."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ARTICLES, Replay, make_summariser

import summariser
from summariser.errors import ExtractionError
from summariser.schema import ArticleSummary, Extraction


def summarise_fixture(name: str, article: str, published: str):
    text = (ARTICLES / article).read_text(encoding="utf-8")
    return text, make_summariser(Replay([name])).summarise(text, article_id=article, published=published)


def test_multi_paragraph_quote_is_repaired_across_the_reopening_mark():
    text, out = summarise_fixture("warsaw-good", "warsaw-rail-freight-talks.txt", "2024-09-17")
    assert out.check_invariants(text) == []
    first = out.quotes[0]
    assert first.text.startswith("We have goods") and first.text.endswith("within a week,")
    assert '\n"What we agreed today' in first.text  # the article's own paragraph break and mark
    assert first.speaker == "Łukasz Wróbel"
    assert [q.speaker for q in out.quotes] == ["Łukasz Wróbel", "Zoë Müller", "Zoë Müller", "Zoë Müller",
                                               "Łukasz Wróbel"]
    assert out.quotes[3].kind == "reported"
    talks, call = out.meetings
    assert talks.attendees == ["Łukasz Wróbel", "Zoë Müller"] and talks.date == dt.date(2024, 9, 16)
    assert call.kind == "call" and call.attendees == ["Bożena Kaczmarczyk"]
    assert "Bożena Kaczmarczyk" in [a.name for a in out.attendees]
    assert out.dateline and out.dateline.date == dt.date(2024, 9, 17) and out.dateline.source == "Vistula Press Agency"
    assert out.pledges[0].actor == "Łukasz Wróbel"
    assert any("not listed in attendees; added" in w for w in out.warnings)


def test_curly_quotes_pronoun_speaker_and_money_pledge():
    text, out = summarise_fixture("nairobi-good", "nairobi-water-fund-pledge.txt", "2025-03-04")
    assert out.check_invariants(text) == []
    speakers = {q.text: q.speaker for q in out.quotes}
    assert speakers["Our farmers have waited long enough,"] == "Grace Wanjiru"  # "she said"
    bekele = next(q for q in out.quotes if q.speaker == "Tesfaye Bekele")
    assert "‘environmental flows’" in bekele.text  # straight marks repaired to the article's curly ones
    pledge = out.pledges[0]
    assert (pledge.beneficiary, pledge.date) == ("Lake Turkana Basin Authority", dt.date(2025, 3, 4))
    assert [m.kind for m in out.meetings] == ["talks", "call"]
    assert out.meetings[0].location == "Ngong Road"


def test_guard_refuses_output_that_breaks_an_invariant(monkeypatch):
    from summariser import grounding
    from summariser.schema import Quote

    real = grounding.ground

    def broken(*args, **kwargs):
        g = real(*args, **kwargs)
        g.quotes.append(Quote(speaker=None, text="invented", kind="direct", start=0, end=8))
        return g

    monkeypatch.setattr(grounding, "ground", broken)
    s = make_summariser(Replay(["empty-extraction"]))
    with pytest.raises(ExtractionError, match="invariant"):
        s.summarise("Heavy rain is expected in Leeds today.", article_id="x")


def test_check_invariants_reports_each_violation():
    from summariser.schema import Attendee, Meeting, Quote, RunInfo

    s = ArticleSummary(
        article_id="x", run=RunInfo(backend="test"),
        attendees=[Attendee(name="Nobody Here")],
        meetings=[Meeting(attendees=["Ghost"])],
        quotes=[Quote(text="abc", start=0, end=2)],
    )
    problems = s.check_invariants("abcdef")
    assert len(problems) == 3


def test_public_api_exports():
    assert summariser.Summariser is not None and summariser.ArticleSummary is ArticleSummary
    with pytest.raises(AttributeError):
        summariser.nothing  # noqa: B018


def test_extraction_without_context_skips_grounding():
    x = Extraction.model_validate({"headline": "h", "summary": "s", "quotes": [{"text": "anything"}]})
    assert x.quotes[0].text == "anything"
