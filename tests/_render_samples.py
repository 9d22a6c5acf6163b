"""Real ArticleSummary objects for the renderer tests: hand-written extractions
grounded against fixture articles by ``summariser.grounding.ground``, the same
step the pipeline runs, so every span indexes the text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from summariser import grounding
from summariser.articles import Article
from summariser.dates import parse_iso
from summariser.schema import ArticleSummary, Extraction, RunInfo

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "fixtures" / "articles" / "batch-sample.jsonl"

HOSTILE_TEXT = (
    'London, June 3 (Test Wire) Ana <b>Ruiz</b> met Tom Lee on Friday. <script>window.__pwned=1</script>\n'
    '"We will fund it <img src=x onerror="window.__pwned=1"> & more," Ruiz said.\n'
    'Lee said the "</span><script>window.__pwned=2</script>" plan was ready. javascript:alert(1)'
)

_EXTRACTIONS: dict[str, dict[str, Any]] = {
    "batch-001": {
        "headline": "Ferry operator promises second vessel for Lismore route",
        "summary": "The Oban to Lismore ferry operator promised a second vessel by June after cancellations.",
        "key_points": ["A relief vessel is being refitted in Troon."],
        "dateline": {"place": "Oban", "date_text": "March 18", "source": "Highland Coast News"},
        "attendees": [
            {"name": "Fiona Macrae", "role": "Managing director", "aliases": ["Macrae"]},
            {"name": "Alasdair Black", "role": "Community council chairman"},
        ],
        "meetings": [{
            "kind": "other", "attendees": ["Fiona Macrae", "Alasdair Black"], "location": "village hall",
            "date_text": "on Monday evening", "topics": ["ferry cancellations"],
            "evidence": ["Managing director Fiona Macrae met members of the Lismore community council at the "
                         "island's village hall on Monday evening."],
        }],
        "pledges": [{
            "actor": "Fiona Macrae", "commitment": "put a second vessel on the route by June",
            "beneficiary": "Lismore residents",
            "evidence": ["The operator of the Oban to Lismore ferry has promised to put a second vessel on the "
                         "route by June"],
        }],
        "quotes": [
            {"speaker": "Fiona Macrae", "kind": "direct",
             "text": "I understand how isolating this winter has been, and I apologise for it,"},
            {"speaker": "Fiona Macrae", "kind": "direct",
             "text": "A relief vessel is being refitted in Troon and will be in service before the summer "
                     "timetable starts."},
            {"speaker": "Alasdair Black", "kind": "reported",
             "text": "islanders had heard such assurances before and would judge the company on results"},
        ],
    },
    "batch-002": {
        "headline": "Chilean and Argentine presidents discuss mountain pass closures",
        "summary": "The two presidents discussed winter closures of the Cristo Redentor pass by telephone.",
        "attendees": [
            {"name": "Marcela Ibáñez", "role": "President", "country": "Chile"},
            {"name": "Tomás Echeverría", "role": "President", "country": "Argentina"},
        ],
        "meetings": [{
            "kind": "call", "attendees": ["Marcela Ibáñez", "Tomás Echeverría"], "date_text": "on Monday",
            "topics": ["mountain pass closures"],
            "evidence": ["Chilean President Marcela Ibáñez and her Argentine counterpart, Tomás Echeverría, "
                         "discussed by telephone on Monday"],
        }],
        "pledges": [{
            "actor": "Marcela Ibáñez", "commitment": "ask ministers for a joint snow clearance plan within 30 days",
            "evidence": ["the two leaders agreed to ask their public works ministers to present a joint plan for "
                         "snow clearance and shelter facilities within 30 days"],
        }],
    },
    "batch-003": {
        "headline": "Chepkoech wins Frankfurt Marathon in course record",
        "summary": "Faith Chepkoech won the Frankfurt Marathon in a women's course record.",
        "attendees": [{"name": "Faith Chepkoech", "country": "Kenya", "aliases": ["Chepkoech"]}],
        "quotes": [{"speaker": "Faith Chepkoech", "kind": "direct",
                    "text": "I was not thinking about the record. I was only thinking about the wind,"}],
    },
    "batch-004": {
        "headline": "Red Sea coral spawning mapped along Saudi coast",
        "summary": "A study mapped the timing of coral spawning along the Saudi Red Sea coast.",
    },
    "batch-005": {
        "headline": "Shipowner pledges 15 million euros to Athens children's hospital",
        "summary": "Nikos Papadakis pledged 15 million euros for a paediatric intensive care unit.",
        "attendees": [
            {"name": "Nikos Papadakis", "role": "shipowner", "country": "Greece", "aliases": ["Papadakis"]},
            {"name": "Katerina Vlachou", "role": "director", "organisation": "Agia Sofia children's hospital",
             "aliases": ["Vlachou"]},
        ],
        "meetings": [{
            "kind": "visit", "attendees": ["Nikos Papadakis", "Katerina Vlachou"], "location": "Athens",
            "date_text": "on Monday",
            "evidence": ["Papadakis visited the hospital on Monday with his daughter, Eleni, and met its director, "
                         "Dr Katerina Vlachou, and staff from the existing intensive care ward."],
        }],
        "pledges": [{
            "actor": "Nikos Papadakis", "commitment": "15 million euros for a paediatric intensive care unit",
            "beneficiary": "Agia Sofia children's hospital",
            "evidence": ["Greek shipowner Nikos Papadakis has pledged 15 million euros to the Agia Sofia children's "
                         "hospital in Athens to build a new paediatric intensive care unit"],
        }],
        "quotes": [
            {"speaker": "Nikos Papadakis", "kind": "direct",
             "text": "My own son was treated here thirty years ago. This is a debt I have wanted to repay for a "
                     "long time,"},
            {"speaker": "Katerina Vlachou", "kind": "direct",
             "text": "It will change how many children we can save each winter,"},
        ],
    },
}

_HOSTILE: dict[str, Any] = {
    "headline": "Talks <script>window.__pwned=3</script> end",
    "summary": 'Ruiz met Lee. <img src=x onerror="window.__pwned=4">',
    "key_points": ["<a href=\"javascript:window.__pwned=5\">click</a>"],
    "attendees": [{"name": "Ana <b>Ruiz</b>", "aliases": ["Ruiz"]}, {"name": "Tom Lee", "aliases": ["Lee"]}],
    "meetings": [{"kind": "talks", "attendees": ["Ana <b>Ruiz</b>", "Tom Lee"],
                  "evidence": ["Ana <b>Ruiz</b> met Tom Lee on Friday."]}],
    "pledges": [{"actor": "Ruiz", "commitment": "fund it <img src=x onerror=\"window.__pwned=6\">",
                 "evidence": ['We will fund it <img src=x onerror="window.__pwned=1"> & more']}],
    "quotes": [
        {"speaker": "Ana <b>Ruiz</b>", "kind": "direct",
         "text": 'We will fund it <img src=x onerror="window.__pwned=1"> & more,'},
        {"speaker": "Tom Lee", "kind": "direct", "text": "</span><script>window.__pwned=2</script>"},
    ],
}


def run_info(n: int = 0, backend: str = "llm") -> RunInfo:
    return RunInfo(backend=backend, model="gpt-4o-mini", prompt_version="summarise-test", attempts=1, requests=1,
                   input_tokens=900 + 37 * n, output_tokens=300 + 11 * n, latency_ms=850.0 + n)


def build(article_id: str, text: str, extraction: dict[str, Any], published: str | None = None,
          run: RunInfo | None = None) -> ArticleSummary:
    """What the pipeline assembles, minus the model call."""
    ex = _extraction(extraction)
    grounded = grounding.ground(ex, text, parse_iso(published) if published else None)
    summary = ArticleSummary(
        article_id=article_id, headline=ex.headline, summary=ex.summary, key_points=ex.key_points,
        dateline=grounded.dateline, attendees=grounded.attendees, meetings=grounded.meetings,
        pledges=grounded.pledges, quotes=grounded.quotes,
        warnings=[*grounded.notes, *(f"dropped: {p}" for p in grounded.problems)], run=run or run_info(),
    )
    assert summary.check_invariants(text) == [], summary.check_invariants(text)
    return summary


def _extraction(data: dict[str, Any]) -> Extraction:
    # Outside a grounding context the model validator has nothing to check.
    return Extraction.model_validate(data)


def batch_articles() -> list[Article]:
    out = []
    for line in BATCH.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(Article(text=d["text"], id=d["id"], title=d["title"], published=parse_iso(d["published"])))
    return out


def batch_summaries() -> list[tuple[ArticleSummary, str]]:
    """(summary, text) for the five batch-sample articles."""
    out = []
    for n, art in enumerate(batch_articles()):
        published = art.published.isoformat() if art.published else None
        out.append((build(art.id, art.text, _EXTRACTIONS[art.id], published, run_info(n)), art.text))
    return out


def hostile() -> tuple[ArticleSummary, str]:
    return build("hostile<script>", HOSTILE_TEXT, _HOSTILE), HOSTILE_TEXT


def seed(seed_text: str) -> ArticleSummary:
    """The seed article through the real pipeline, replaying a recorded model answer."""
    from conftest import Replay, make_summariser

    return make_summariser(Replay(["seed-good"])).summarise(seed_text, article_id="seed-korea-us-alliance",
                                                             published="2025-01-02")


FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eszter", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena"]
LAST = ["Ruiz", "Okafor", "Nowak", "Sato", "Haddad", "Berg", "Mensah", "Costa", "Lund", "Varga", "Ito", "Rossi"]


def big_batch(n: int = 500, failures: int = 25) -> list[Any]:
    """``n`` report entries built from the sample summaries, with meeting
    attendees drawn from a pool of people so the network spans the batch."""
    from summariser.render.report import Entry

    base = [s for s, _ in batch_summaries()]
    pool = [f"{FIRST[i % len(FIRST)]} {LAST[(i * 5 + i // len(FIRST)) % len(LAST)]}" for i in range(120)]
    entries = []
    for i in range(n):
        article_id = f"art-{i:04d}"
        if i % (n // failures if failures else n + 1) == 7:
            entries.append(Entry(article_id, "failed", error=f"HTTP 500 on attempt {i % 3 + 1}",
                                 error_type="LLMError", run={"attempts": 3}))
            continue
        s = base[i % len(base)].model_copy(deep=True)
        s.article_id = article_id
        s.headline = f"{s.headline} ({i})"
        s.run = run_info(i % 97)
        for m in s.meetings:
            m.attendees = [pool[(i * 7 + k * 13) % len(pool)] for k in range(2 + i % 3)]
        entries.append(Entry(article_id, "ok", s))
    return entries


class Page(HTMLParser):
    """Every tag with its attributes, inline script/style bodies, and the
    article's characters with the panel keys of the segment holding them."""

    def __init__(self, doc: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self.chars: list[tuple[str, frozenset[str], frozenset[str]]] = []  # (char, items, classes)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.in_article = 0
        self.feed(doc)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("meta", "link", "br", "img", "input"):
            return
        self.stack.append((tag, a))
        if a.get("id") == "article":
            self.in_article = len(self.stack)
        elif self.in_article and tag == "p" and self.chars:
            self.chars.append(("\n", frozenset(), frozenset()))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if len(self.stack) < self.in_article:
                self.in_article = 0
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in self.bodies:
            self.bodies[self.stack[-1][0]].append(data)
        if self.in_article:
            a = self.stack[-1][1]
            items = frozenset((a.get("data-items") or "").split())
            classes = frozenset((a.get("class") or "").split()) if items else frozenset()
            self.chars += [(c, items, classes) for c in data]

    @property
    def article_text(self) -> str:
        return "".join(c for c, _, _ in self.chars)

    def covered(self, key: str) -> set[int]:
        return {i for i, (_, items, _) in enumerate(self.chars) if key in items}
