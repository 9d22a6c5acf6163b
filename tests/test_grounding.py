from __future__ import annotations

import datetime as dt

import pytest

from summariser.grounding import CURRENT, GroundingContext, Text, fold, ground, quoted_regions, unsupported_names
from summariser.schema import Extraction

ARTICLE = (
    "Paris, May 2 (AFP) French Foreign Minister Zoë Müller met Łukasz Wróbel on Friday.\n"
    "“We agreed to keep talking,” Müller said after the meeting.\n"
    "Wróbel said that Poland would send 40 engineers to Lyon.\n"
    "\"The plan is ambitious. It will take years.\n"
    "\"But it can be done,\" he added.\n"
    "Officials called the talks 'constructive'."
)


def extraction(**fields) -> Extraction:
    return Extraction.model_validate({"headline": "h", "summary": "s", **fields})


def test_fold_keeps_length_and_folds_marks():
    text = "“Quote” — ‘x’ İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("“A–B”") == '"a-b"'


def test_quoted_regions_curly_straight_multiparagraph():
    regions = [ARTICLE[s:e] for s, e in quoted_regions(ARTICLE)]
    assert regions == [
        "We agreed to keep talking,",
        "The plan is ambitious. It will take years.\n\"But it can be done,",
        "constructive",  # a single-quoted scare word
    ]


def test_quoted_regions_unclosed_at_end():
    text = 'He quoted a verse: "One may be overpowered. Two can defend themselves.\n'
    assert [text[s:e] for s, e in quoted_regions(text)] == ["One may be overpowered. Two can defend themselves."]


def test_guillemets():
    text = "Le ministre a dit « nous avons gagné » hier."
    assert [text[s:e] for s, e in quoted_regions(text)] == ["nous avons gagné"]


def test_find_all_is_whitespace_case_and_mark_insensitive():
    t = Text(ARTICLE)
    (s, e), = t.find_all("the plan is ambitious.  it will take years. But it can be done,")
    assert ARTICLE[s:e] == "The plan is ambitious. It will take years.\n\"But it can be done,"
    assert t.find_all("nonexistent words") == []
    assert t.contains("Zoë Müller") and not t.contains("Zoe Muller")
    assert not t.contains("Mül")  # whole words only


def test_ground_quotes_speakers_and_offsets():
    x = extraction(
        attendees=[{"name": "Zoë Müller", "aliases": ["Müller"]}, {"name": "Łukasz Wróbel"}],
        quotes=[
            {"speaker": "Müller", "text": '"we agreed to keep talking,"', "kind": "direct"},
            {"speaker": "Wróbel", "text": "Poland would send 40 engineers to Lyon", "kind": "reported"},
            {"speaker": "he", "text": "The plan is ambitious. It will take years. But it can be done,",
             "kind": "direct"},
            {"speaker": "Officials", "text": "constructive", "kind": "direct"},
        ],
    )
    g = ground(x, ARTICLE)
    assert g.problems == []
    assert [(q.speaker, q.kind) for q in g.quotes] == [
        ("Zoë Müller", "direct"), ("Łukasz Wróbel", "reported"), ("Łukasz Wróbel", "direct"),
        ("Officials", "direct"),
    ]
    for q in g.quotes:
        assert ARTICLE[q.start : q.end] == q.text
    assert g.quotes[0].text == "We agreed to keep talking,"
    assert any("quotes[0] repaired" in n for n in g.notes)


def test_invented_quote_and_unknown_names_are_problems():
    x = extraction(
        attendees=[{"name": "Jean Dupont"}],
        quotes=[{"speaker": "Zoë Müller", "text": "We will never give up", "kind": "direct"}],
        pledges=[{"actor": "Ghost Corp", "commitment": "x", "evidence": ["Poland would send 40 engineers"]}],
    )
    g = ground(x, ARTICLE)
    assert g.quotes == [] and g.attendees == [] and g.pledges == []
    assert len(g.problems) == 3
    assert "attendee 'Jean Dupont' does not occur in the article" in g.problems[0]


def test_meetings_need_evidence_and_resolve_attendees():
    x = extraction(
        attendees=[{"name": "Zoë Müller"}],
        meetings=[
            {"kind": "talks", "attendees": ["Müller", "Łukasz Wróbel"], "date_text": "on Friday", "location": "Paris",
             "evidence": ["French Foreign Minister Zoë Müller met Łukasz Wróbel on Friday."]},
            {"kind": "call", "attendees": ["Zoë Müller"], "evidence": ["They spoke by phone on Monday."]},
        ],
    )
    g = ground(x, ARTICLE, dt.date(2025, 5, 2))
    assert len(g.meetings) == 1
    m = g.meetings[0]
    assert m.attendees == ["Zoë Müller", "Łukasz Wróbel"]
    assert m.date == dt.date(2025, 5, 2)  # 2 May 2025 was a Friday
    assert [a.name for a in g.attendees] == ["Zoë Müller", "Łukasz Wróbel"]
    assert any("not listed in attendees; added" in n for n in g.notes)
    assert ARTICLE[m.evidence[0].start : m.evidence[0].end] == m.evidence[0].text
    assert len(g.problems) == 2  # unfound evidence, then the evidence-less meeting


def test_attendee_mentions_cover_name_aliases_and_surname():
    g = ground(extraction(attendees=[{"name": "Zoë Müller"}]), ARTICLE)
    spans = [ARTICLE[m.start : m.end] for m in g.attendees[0].mentions]
    assert spans == ["Zoë Müller", "Müller"]


def test_shared_surname_resolves_to_nobody():
    text = "Anna Kim met Paul Kim in Seoul. Kim said it went well."
    x = extraction(attendees=[{"name": "Anna Kim"}, {"name": "Paul Kim"}],
                   quotes=[{"speaker": "Kim", "text": "it went well", "kind": "reported"}])
    g = ground(x, text)
    assert g.quotes[0].speaker == "Kim"  # ambiguous: kept as written, not guessed


def test_dateline_only_from_article_head():
    x = extraction(dateline={"place": "Paris", "date_text": "May 2", "source": "Reuters"})
    g = ground(x, ARTICLE)
    assert g.dateline is not None
    d = g.dateline
    assert (d.place, d.date_text, d.source, d.date) == ("Paris", "May 2", None, None)


def test_validator_reasks_until_last_attempt_then_drops():
    ctx = GroundingContext(ARTICLE, None, max_attempts=2, attempt=1)
    token = CURRENT.set(ctx)
    try:
        bad = {"headline": "h", "summary": "s", "quotes": [{"speaker": None, "text": "invented", "kind": "direct"}]}
        with pytest.raises(ValueError, match="invented"):
            Extraction.model_validate(bad)
        ctx.attempt = 2
        Extraction.model_validate(bad)
        assert ctx.result is not None and ctx.result.quotes == [] and ctx.result.problems
    finally:
        CURRENT.reset(token)


def test_unsupported_names_in_free_text():
    warnings = unsupported_names(["Müller met Wróbel in Paris.", "The French side met Berlin officials."], ARTICLE)
    assert warnings == ["free text mentions 'Berlin', which the article does not contain"]


def test_direct_quote_prefers_the_quoted_occurrence(seed_text):
    x = extraction(quotes=[{"speaker": None, "text": "ironclad", "kind": "direct"},
                           {"speaker": None, "text": "ironclad alliance", "kind": "direct"}])
    g = ground(x, seed_text)
    first, second = g.quotes
    assert seed_text[first.start - 1] == '"' and first.kind == "direct"  # not the earlier "ironclad alliance"
    assert second.kind == "reported"  # never inside quote marks in the article
    assert first.start > seed_text.index("ironclad alliance")


def test_joint_pledge_actor_is_grounded_party_by_party():
    x = extraction(
        attendees=[{"name": "Zoë Müller"}, {"name": "Łukasz Wróbel"}],
        pledges=[{"actor": "Müller and Wróbel", "commitment": "send engineers",
                  "evidence": ["Poland would send 40 engineers to Lyon"]},
                 {"actor": "Müller, Wróbel and Ghost Corp", "commitment": "x",
                  "evidence": ["Poland would send 40 engineers to Lyon"]}],
    )
    g = ground(x, ARTICLE)
    assert [p.actor for p in g.pledges] == ["Zoë Müller and Łukasz Wróbel"]
    assert len(g.problems) == 1 and "Ghost Corp" in g.problems[0]


def test_a_document_speaker_is_not_a_person_that_later_references_resolve_to():
    text = (
        "Rates will stay at 4%, according to a statement from the central bank.\n"
        "Lenders will share data, the central bank said.\n"
    )
    x = extraction(quotes=[
        {"speaker": "statement from the central bank", "text": "Rates will stay at 4%", "kind": "reported"},
        {"speaker": "the central bank", "text": "Lenders will share data", "kind": "reported"},
    ])
    g = ground(x, text)
    assert g.problems == []
    assert [q.speaker for q in g.quotes] == ["statement from the central bank", "the central bank"]


def test_actors_and_locations_come_out_in_the_articles_own_characters():
    text = "RIYADH, May 2 – Côte d’Ivoire will send 40 engineers to Riyadh, the ministry said.\n"
    x = extraction(
        pledges=[{"actor": "Côte d'Ivoire", "commitment": "send 40 engineers",
                  "evidence": ["Côte d’Ivoire will send 40 engineers to Riyadh, the ministry said."]}],
        meetings=[{"kind": "talks", "attendees": [], "location": "Riyadh",
                   "evidence": ["Côte d’Ivoire will send 40 engineers to Riyadh, the ministry said."]}],
    )
    g = ground(x, text)
    assert g.problems == []
    assert g.pledges[0].actor == "Côte d’Ivoire"  # the article's apostrophe, not the one typed
    assert g.meetings[0].location == "Riyadh"  # as given when verbatim, not the dateline's "RIYADH"
