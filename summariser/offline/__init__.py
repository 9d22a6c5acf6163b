"""The offline engine: a deterministic, rule-based ``Extraction`` for an
article, with no network and no model. Its output goes through
``grounding.ground`` exactly like an LLM's, so every quote, evidence sentence
and name it emits is copied verbatim from the article.

Public entry points: :func:`extract`; :func:`compiled` tells which build runs.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES

from summariser.articles import Article
from summariser.offline import _events, _lead, _speech
from summariser.offline._events import Events
from summariser.offline._people import People, Person
from summariser.offline._speech import Speech
from summariser.offline._text import acronyms, build
from summariser.schema import Extraction

__all__ = ["compiled", "extract"]


def compiled() -> bool:
    """Whether the engine runs as C extensions built by mypyc (``SUMMARISER_COMPILE=1 pip install .``)."""
    return str(_events.__file__).endswith(tuple(EXTENSION_SUFFIXES))


def extract(article: Article) -> Extraction:
    """Headline, summary, dateline, attendees, meetings, pledges and quotes of ``article``."""
    text = article.text
    # Sentence-level memos serve one article; clearing them keeps memory flat and benchmarks honest.
    for memo in (_events._spaced, _events._first_date, _events._topics, _events._without_context,
                 _speech.trailing_attribution, _speech._trail_matches):
        memo.cache_clear()
    dl = _lead.dateline(text)
    doc = build(text, dl.body_start, dl.place)
    people = People(doc)
    speech = Speech(doc, people)
    events = Events(doc, people, speech)

    # An organisation the article abbreviates goes by the full name it gives: "the HWF" is the "Harbour Workers'
    # Federation (HWF)". An article without "(" defines none.
    expand = acronyms(text) if "(" in text else {}

    def named(party: str) -> str:
        return expand.get(party[4:] if party.startswith(("the ", "The ")) else party, party) if expand else party

    raw_quotes = sorted(speech.direct() + speech.reported(), key=lambda q: (q.start, q.end))
    for q in raw_quotes:
        if q.speaker:
            q.speaker = named(events.party(q.speaker, q.start, q.end))
    meetings = events.meetings()
    pledges = events.pledges(meetings)
    for pl in pledges:
        pl.actor = named(events.party(pl.actor, pl.evidence.start, pl.evidence.end))

    attendees: list[Person] = []
    for m in meetings:
        for p in m.participants:
            if p not in attendees:
                attendees.append(p)
    attendees.sort(key=lambda p: p.first)

    weights: dict[int, float] = {}
    for m in meetings:
        for s in m.evidence:
            weights[s.start] = weights.get(s.start, 0.0) + 1.5
    for start in dict.fromkeys(pl.evidence.start for pl in pledges):  # once per sentence, however many it holds
        weights[start] = weights.get(start, 0.0) + 1.5
    for q in raw_quotes:
        if q.kind == "reported" and q.speaker:
            at = doc.sentence_at(q.start)
            if at is not None:
                weights[at.start] = weights.get(at.start, 0.0) + 0.5

    def evidence(sentences: list) -> list[str]:  # type: ignore[type-arg]
        return [text[s.start:s.end] for s in sentences]

    # One validation of plain data builds every nested model: much cheaper than a model per item.
    return Extraction.model_validate({
        "headline": _lead.headline(article.title, doc),
        "summary": _lead.summary(doc),
        "key_points": _lead.key_points(doc, weights),
        "dateline": (
            {"place": dl.place, "date_text": dl.date_text, "source": dl.source}
            if dl.place or dl.date_text or dl.source else None
        ),
        "attendees": [
            {"name": p.name, "role": p.role, "organisation": p.organisation, "country": p.country,
             "aliases": list(p.aliases)}
            for p in attendees
        ],
        "meetings": [
            {"kind": m.kind, "attendees": [p.name for p in m.participants], "location": m.location,
             "date_text": m.date_text, "topics": m.topics, "outcome": m.outcome, "evidence": evidence(m.evidence)}
            for m in meetings
        ],
        "pledges": [
            {"actor": p.actor, "commitment": p.commitment, "beneficiary": p.beneficiary, "date_text": p.date_text,
             "evidence": evidence([p.evidence])}
            for p in pledges
        ],
        "quotes": [{"speaker": q.speaker, "text": text[q.start:q.end], "kind": q.kind} for q in raw_quotes],
    })
