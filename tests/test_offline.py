"""The offline engine: concrete extractions, grounded exactly like an LLM's output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summariser.articles import Article
from summariser.grounding import Grounded, ground
from summariser.offline import extract
from summariser.schema import ArticleSummary, Extraction, RunInfo

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "seed-korea-us-alliance.txt"
DEV = sorted((ROOT / "tests" / "data" / "offline_dev").glob("*.txt"))


def run(text: str, published: dt.date | None = None, title: str | None = None) -> tuple[Extraction, Grounded]:
    article = Article(text=text, published=published, title=title)
    extraction = extract(article)
    grounded = ground(extraction, text, published)
    check(grounded, text)
    return extraction, grounded


def check(g: Grounded, text: str) -> None:
    """Every grounding invariant, plus: the engine never emits anything grounding has to drop."""
    assert g.problems == []
    summary = ArticleSummary(article_id="t", attendees=g.attendees, meetings=g.meetings, pledges=g.pledges,
                             quotes=g.quotes, run=RunInfo(backend="offline"))
    assert summary.check_invariants(text) == []
    for q in g.quotes:
        assert text[q.start:q.end] == q.text
    for item in [*g.meetings, *g.pledges]:
        for e in item.evidence:
            assert text[e.start:e.end] == e.text
    names = {a.name for a in g.attendees}
    for a in g.attendees:
        assert a.name.casefold() in text.casefold()
    for m in g.meetings:
        assert set(m.attendees) <= names


def quotes(g: Grounded, kind: str | None = None) -> dict[str, str | None]:
    return {q.text: q.speaker for q in g.quotes if kind is None or q.kind == kind}


def attendee(g: Grounded, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in g.attendees if a.name == name)


# --- the seed article -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[Extraction, Grounded]:
    return run(SEED.read_text(encoding="utf-8"), dt.date(2025, 1, 2))


def test_seed_dateline(seed: tuple[Extraction, Grounded]) -> None:
    d = seed[1].dateline
    assert d is not None
    assert (d.place, d.date_text, d.source, d.date) == ("Seoul", "Jan 2", "IANS", dt.date(2025, 1, 2))


def test_seed_attendees(seed: tuple[Extraction, Grounded]) -> None:
    g = seed[1]
    names = [a.name for a in g.attendees]
    for name in ("Kim Seon-ho", "Philip Goldberg", "Samuel Paparo", "Xavier Brunson", "Kang Shin-chul"):
        assert name in names
    kim, goldberg = attendee(g, "Kim Seon-ho"), attendee(g, "Philip Goldberg")
    assert (kim.role, kim.country, kim.aliases) == ("Defence Minister", "South Korea", ["Kim"])
    assert (goldberg.role, goldberg.country) == ("Ambassador", "US")
    assert "Goldberg" in goldberg.aliases
    assert attendee(g, "Kang Shin-chul").organisation == "South Korea-US Combined Forces Command"


def test_seed_meetings(seed: tuple[Extraction, Grounded]) -> None:
    meetings = seed[1].meetings
    first = meetings[0]
    assert first.kind == "talks"
    assert first.attendees == ["Kim Seon-ho", "Philip Goldberg"]
    assert (first.date_text, first.date) == ("on Thursday", dt.date(2025, 1, 2))
    assert first.location == "the defence ministry in Seoul"
    assert len(first.evidence) == 2  # "In the meeting held at ..." continues it
    camp = meetings[1]
    assert camp.kind == "talks" and {"Kim Seon-ho", "Samuel Paparo"} <= set(camp.attendees)
    assert camp.date_text == "on December 20" and camp.location == "Camp Humphreys in Pyeongtaek"
    assert any(m.kind == "ceremony" and "Paul LaCamera" in m.attendees for m in meetings)


def test_seed_quotes(seed: tuple[Extraction, Grounded]) -> None:
    g = seed[1]
    direct = quotes(g, "direct")
    assert direct["ironclad,"] == "Seoul's defence ministry"
    assert direct["collective security"] == "Xavier Brunson"  # "He emphasised ..."
    unclosed = "One may be overpowered. Two can defend themselves. A cord of three strands is not quickly broken."
    assert direct[unclosed] == "Xavier Brunson"  # "the new commander cited ...:"
    reported = quotes(g, "reported")
    assert reported["In response, Goldberg expressed his country's unchanged support for the ironclad alliance"] == (
        "Seoul's defence ministry")
    quoted_as = next(t for t in reported if t.startswith("South Korea's external policy remains unchanged"))
    assert reported[quoted_as] == "Kim Seon-ho"


def test_seed_pledges_and_lead(seed: tuple[Extraction, Grounded]) -> None:
    e, g = seed
    assert any(p.actor == "Xavier Brunson" and "upholding the South Korea-US alliance" in p.commitment
               for p in g.pledges)
    assert e.headline.startswith("South Korea's acting Defence Minister Kim Seon-ho held talks")
    assert e.summary.startswith("South Korea's acting Defence Minister Kim Seon-ho held talks")
    assert 2 <= e.summary.count(". ") + 1 <= 4
    assert 3 <= len(e.key_points) <= 5
    assert all(k and k[0].isupper() for k in e.key_points)


# --- quoting styles ----------------------------------------------------------------


def test_straight_quotes_said_x_and_x_said() -> None:
    text = ('Paris, May 2 (AFP) Foreign Minister Anne Roux met Italian envoy Marco Bellini on Friday.\n'
            '"We agreed on a common line," Roux said. "The rest will follow."\n'
            '"It was a good start," said Bellini.')
    _, g = run(text)
    assert quotes(g, "direct") == {"We agreed on a common line,": "Anne Roux", "The rest will follow.": "Anne Roux",
                                   "It was a good start,": "Marco Bellini"}


def test_curly_quotes_pronoun_and_says() -> None:
    text = ("Nairobi, March 4 (Wire) Kenya's Water Minister Grace Wanjiru met farmers on Tuesday.\n"
            "“Our farmers have waited long enough,” she said.\n"
            "Wanjiru says the canals will be rebuilt. “Every month counts,” Wanjiru says.")
    _, g = run(text)
    assert quotes(g, "direct") == {"Our farmers have waited long enough,": "Grace Wanjiru",
                                   "Every month counts,": "Grace Wanjiru"}


def test_single_curly_quotes_as_primary_quotes() -> None:
    text = ("LAGOS, Nigeria, March 3 — Nigeria’s finance minister, Adebayo Okonjo, met union leaders on Monday.\n"
            "‘We will not leave our retirees behind,’ Okonjo told journalists. The unions’ leaders were unmoved.\n"
            "‘The money is there,’ he said.")
    e, g = run(text)
    assert {q.text: q.speaker for q in e.quotes if q.kind == "direct"} == {
        "We will not leave our retirees behind,": "Adebayo Okonjo", "The money is there,": "Adebayo Okonjo"}
    assert all(q.text != "leaders were unmoved." for q in g.quotes)  # an apostrophe is no quote mark
    d = g.dateline
    assert d is not None and (d.place, d.date_text) == ("LAGOS, Nigeria", "March 3")


def test_straight_single_quotes_and_apostrophes() -> None:
    text = ("Kim's aide said the talks went well.\n"
            "'It's a step forward for both sides,' said Defence Minister Kim Seon-ho. The ministers' aides agreed.")
    e, _ = run(text)
    direct = {q.text: q.speaker for q in e.quotes if q.kind == "direct"}
    assert direct == {"It's a step forward for both sides,": "Kim Seon-ho"}


def test_guillemets_and_told_reporters() -> None:
    text = ("Brest, June 11 (Agence Littorale) France's Minister for the Sea, Hélène Le Goff, met trawler owners "
            "in Brest on Wednesday.\n"
            "«We cannot ask fishermen to carry the entire burden,» Le Goff told reporters. «The State will help.»\n"
            "Placards read «Pas de poisson, pas de Bretagne».")
    _, g = run(text)
    direct = quotes(g, "direct")
    assert direct["We cannot ask fishermen to carry the entire burden,"] == "Hélène Le Goff"
    assert direct["The State will help."] == "Hélène Le Goff"
    assert direct["Pas de poisson, pas de Bretagne"] is None
    le_goff = attendee(g, "Hélène Le Goff")
    assert (le_goff.role, le_goff.country) == ("Minister for the Sea", "France")


def test_multi_paragraph_and_unclosed_quotes() -> None:
    text = ('Warsaw, Sept 17 (Vistula Press Agency) Polish Infrastructure Minister Łukasz Wróbel met '
            'German State Secretary Zoë Müller on Monday.\n'
            '"We have goods sitting in sidings near Poznań.\n'
            '"What we agreed today is a practical plan," Wróbel said.\n'
            'Asked about the strike, Müller paused. "The door is open. Anyone is welcome')
    _, g = run(text)
    direct = quotes(g, "direct")
    spanning = 'We have goods sitting in sidings near Poznań.\n"What we agreed today is a practical plan,'
    assert direct[spanning] == "Łukasz Wróbel"
    assert direct["The door is open. Anyone is welcome"] == "Zoë Müller"
    assert g.meetings[0].attendees == ["Łukasz Wróbel", "Zoë Müller"]


def test_colon_introduced_quote_and_statement() -> None:
    text = ('Rotterdam, Oct 4 (Lowlands Legal Wire) Presiding judge Annelies Bakker said: "The defendant abused '
            'the trust placed in him."\n'
            'The company\'s chief executive, Ellen Hoekstra, said in a statement that internal controls had been '
            'overhauled.\n'
            'Prosecutors had asked for five years, according to the public prosecution service.')
    _, g = run(text)
    assert quotes(g, "direct") == {"The defendant abused the trust placed in him.": "Annelies Bakker"}
    reported = quotes(g, "reported")
    assert reported["internal controls had been overhauled"] == "Ellen Hoekstra"
    assert reported["Prosecutors had asked for five years"] == "the public prosecution service"
    assert g.meetings == [] and g.pledges == [] and g.attendees == []


def test_scare_quotes_take_the_sentence_speaker() -> None:
    text = ("Cardiff, Feb 9 (Touchline) Wales head coach Rhodri Pugh held a meeting with his players on Sunday.\n"
            'Former captain Gareth Llewellyn said on BBC Radio Wales that the team had "no identity".\n'
            'Pugh later described the session as "brutal but necessary".')
    _, g = run(text)
    direct = quotes(g, "direct")
    assert direct["no identity"] == "Gareth Llewellyn"
    assert direct["brutal but necessary"] == "Rhodri Pugh"
    assert quotes(g, "reported")['the team had "no identity"'] == "Gareth Llewellyn"


def test_reported_speech_patterns() -> None:
    text = ("Geneva, May 14 (Wire) WHO Assistant Director-General Søren Brandt said that the organisation would "
            "ask manufacturers to release stockpiles.\n"
            "Brandt added that donors had covered the cost.\n"
            "Maïga told reporters that several countries had postponed campaigns.\n"
            "Supplies would be shipped by the end of July, Brandt said.\n"
            "According to WHO figures, meningitis killed more than 1,800 people last year.")
    _, g = run(text)
    reported = quotes(g, "reported")
    assert reported["the organisation would ask manufacturers to release stockpiles"] == "Søren Brandt"
    assert reported["donors had covered the cost"] == "Søren Brandt"
    assert reported["several countries had postponed campaigns"] == "Maïga"
    assert reported["Supplies would be shipped by the end of July"] == "Søren Brandt"
    assert reported["meningitis killed more than 1,800 people last year"] == "WHO"


# --- meetings, pledges, names ----------------------------------------------------------


def test_call_visit_and_pledge_with_beneficiary() -> None:
    text = ("Nairobi, March 4 (Meridian Wire) Kenya's Water Minister Grace Wanjiru met a delegation from the "
            "East African Development Fund on Tuesday, and by evening the lender had pledged $40 million to the "
            "Lake Turkana Basin Authority to rebuild irrigation canals.\n"
            "Later the same day the minister spoke by phone with Ethiopia's Minister of Water and Energy, "
            "Tesfaye Bekele, about releases from the Gibe III dam.\n"
            "Greek shipowner Nikos Papadakis visited the hospital on Monday with his daughter, Eleni.")
    _, g = run(text, dt.date(2025, 3, 4))
    kinds = [(m.kind, m.attendees) for m in g.meetings]
    assert kinds == [("talks", ["Grace Wanjiru"]), ("call", ["Tesfaye Bekele", "Grace Wanjiru"]),
                     ("visit", ["Nikos Papadakis", "Eleni"])]
    assert g.meetings[0].date == dt.date(2025, 3, 4)
    assert g.meetings[1].topics == ["releases from the Gibe III dam"]
    pledge = g.pledges[0]
    # "the lender" is the organisation the sentence named before it
    assert (pledge.actor, pledge.beneficiary) == ("East African Development Fund", "Lake Turkana Basin Authority")
    assert pledge.commitment.startswith("$40 million to the Lake Turkana Basin Authority")
    bekele = attendee(g, "Tesfaye Bekele")
    assert (bekele.role, bekele.country) == ("Minister of Water and Energy", "Ethiopia")


def test_non_ascii_names_and_surnames() -> None:
    text = ("Hanoi, April 23 (Red River Business Wire) Vietnam's Deputy Minister of Transport Nguyễn Thị Minh "
            "received a delegation led by José Núñez in Hanoi on Tuesday.\n"
            "The signing ceremony was witnessed by Minh and Japan's ambassador, Kenji Asakura.\n"
            "Núñez said the deal would be signed in May.")
    _, g = run(text)
    minh = attendee(g, "Nguyễn Thị Minh")
    assert (minh.role, minh.country, minh.aliases) == ("Deputy Minister of Transport", "Vietnam", ["Minh"])
    assert [m.kind for m in g.meetings] == ["visit", "ceremony"]
    assert g.meetings[1].attendees == ["Nguyễn Thị Minh", "Kenji Asakura"]
    assert quotes(g, "reported")["the deal would be signed in May"] == "José Núñez"


def test_abbreviations_do_not_split_sentences() -> None:
    text = ("WASHINGTON (AP) — U.S. Secretary of State Marcus Ellery met Gen. Ana Ortiz and Dr. Helen Park "
            "on Jan. 5 in Washington. They discussed aid.")
    _, g = run(text)
    d = g.dateline
    assert d is not None and (d.place, d.source) == ("WASHINGTON", "AP")
    assert g.meetings[0].evidence[0].text.startswith("U.S. Secretary of State Marcus Ellery met Gen. Ana Ortiz")
    assert g.meetings[0].evidence[0].text.endswith("on Jan. 5 in Washington.")
    assert g.meetings[0].attendees == ["Marcus Ellery", "Ana Ortiz", "Helen Park"]


def test_no_meetings_gives_empty_lists() -> None:
    text = ("Lisbon, Nov 28 (Atlantic News Service) Storm Ileana brought torrential rain to Portugal's coast, "
            "the civil protection authority said on Thursday.\n"
            '"This is the strongest storm since 2018," said André Figueiredo, a spokesman for the authority.')
    e, g = run(text)
    assert (e.meetings, e.attendees, e.pledges) == ([], [], [])
    assert (g.meetings, g.attendees, g.pledges) == ([], [], [])
    assert quotes(g, "direct") == {"This is the strongest storm since 2018,": "André Figueiredo"}


def test_title_is_the_headline() -> None:
    e, _ = run("Kim met Lee.", title="  Ministers meet   in Seoul ")
    assert e.headline == "Ministers meet in Seoul"


# --- properties over every article we have -------------------------------------------


def _all_articles() -> list[tuple[str, dt.date | None]]:
    out: list[tuple[str, dt.date | None]] = [(p.read_text(encoding="utf-8"), None)
                                             for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt")) + DEV]
    batch = ROOT / "fixtures" / "articles" / "batch-sample.jsonl"
    if batch.exists():
        for line in batch.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                out.append((obj["text"], dt.date.fromisoformat(obj["published"]) if obj.get("published") else None))
    return out


def test_every_article_grounds_cleanly() -> None:
    articles = _all_articles()
    assert len(articles) >= 6
    for text, published in articles:
        e, g = run(text, published)
        assert e.headline and e.summary
        assert 1 <= len(e.key_points) <= 5
        assert len(g.quotes) == len(e.quotes) and len(g.meetings) == len(e.meetings)


def test_deterministic() -> None:
    articles = [Article(text=t, published=p) for t, p in _all_articles()]
    first = [extract(a).model_dump() for a in articles]
    second = [extract(a).model_dump() for a in reversed(articles)]
    assert first == list(reversed(second))
