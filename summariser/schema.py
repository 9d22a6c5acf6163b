"""Pydantic models: the output contract (``ArticleSummary``) and the smaller
model-facing ``Extraction`` the LLM fills in. The LLM never supplies offsets;
``grounding`` derives them from the article text."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

MeetingKind = Literal["talks", "call", "visit", "summit", "ceremony", "other"]
QuoteKind = Literal["direct", "reported"]


# --- Output contract -------------------------------------------------------


class Span(BaseModel):
    """Half-open character interval: ``article[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Evidence(Span):
    text: str = Field(description="Exactly article[start:end].")


class Dateline(BaseModel):
    place: str | None = None
    date_text: str | None = None
    date: dt.date | None = Field(None, description="ISO date; only when it follows from the publication date.")
    source: str | None = None


class Attendee(BaseModel):
    name: str
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Meeting(BaseModel):
    kind: MeetingKind = "other"
    attendees: list[str] = Field(default_factory=list, description="Names from ArticleSummary.attendees.")
    location: str | None = None
    date_text: str | None = None
    date: dt.date | None = None
    topics: list[str] = Field(default_factory=list)
    outcome: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Pledge(BaseModel):
    actor: str
    commitment: str
    beneficiary: str | None = None
    date_text: str | None = None
    date: dt.date | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Quote(BaseModel):
    speaker: str | None = None
    text: str = Field(description="Exactly article[start:end].")
    kind: QuoteKind = "direct"
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class RunInfo(BaseModel):
    backend: str
    model: str | None = None
    prompt_version: str | None = None
    schema_version: str = SCHEMA_VERSION
    attempts: int = 0
    requests: int = Field(default=0, description="HTTP requests, transport retries included.")
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: float = 0.0


class ArticleSummary(BaseModel):
    """One article's grounded summary. Every span indexes the article text."""

    article_id: str
    headline: str = ""
    summary: str = ""
    key_points: list[str] = Field(default_factory=list)
    dateline: Dateline | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    pledges: list[Pledge] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    run: RunInfo

    def check_invariants(self, article: str) -> list[str]:
        """Return every violated grounding invariant (empty when sound)."""
        problems: list[str] = []
        spans: list[tuple[str, int, int, str]] = [
            (f"quotes[{i}]", q.start, q.end, q.text) for i, q in enumerate(self.quotes)
        ]
        evidence = [(f"meetings[{i}]", m.evidence) for i, m in enumerate(self.meetings)]
        evidence += [(f"pledges[{i}]", p.evidence) for i, p in enumerate(self.pledges)]
        for where, items in evidence:
            spans += [(f"{where}.evidence", e.start, e.end, e.text) for e in items]
        for where, start, end, text in spans:
            if article[start:end] != text or not text:
                problems.append(f"{where}: article[{start}:{end}] != {text!r}")
        names = {a.name for a in self.attendees}
        lowered = article.casefold()
        for a in self.attendees:
            if a.name.casefold() not in lowered:
                problems.append(f"attendee {a.name!r} does not occur in the article")
        for i, m in enumerate(self.meetings):
            for name in m.attendees:
                if name not in names:
                    problems.append(f"meetings[{i}] attendee {name!r} is not in attendees")
        return problems


# --- Model-facing response model -------------------------------------------

_LLM = ConfigDict(extra="ignore")


class ExtractedDateline(BaseModel):
    model_config = _LLM
    place: str | None = Field(None, description="Place in the dateline, e.g. 'Seoul'.")
    date_text: str | None = Field(None, description="Date words exactly as in the dateline, e.g. 'Jan 2'.")
    source: str | None = Field(None, description="News agency in the dateline, e.g. 'IANS'.")


class ExtractedAttendee(BaseModel):
    model_config = _LLM
    name: str = Field(description="Full name exactly as written in the article.")
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Other forms used in the article, e.g. surname.")


class ExtractedMeeting(BaseModel):
    model_config = _LLM
    kind: MeetingKind = "other"
    attendees: list[str] = Field(default_factory=list, description="Full names from attendees.")
    location: str | None = None
    date_text: str | None = Field(None, description="Date words as written, e.g. 'on Thursday'.")
    topics: list[str] = Field(default_factory=list)
    outcome: str | None = None
    evidence: list[str] = Field(default_factory=list, description="Verbatim sentences from the article.")


class ExtractedPledge(BaseModel):
    model_config = _LLM
    actor: str = Field(description="Who made the commitment, as named in the article.")
    commitment: str
    beneficiary: str | None = None
    date_text: str | None = None
    evidence: list[str] = Field(default_factory=list, description="Verbatim sentences from the article.")


class ExtractedQuote(BaseModel):
    model_config = _LLM
    speaker: str | None = Field(None, description="Full name of the speaker, as in the article.")
    text: str = Field(description="Direct: the exact words inside the quote marks. Reported: the exact clause.")
    kind: QuoteKind = "direct"


class Extraction(BaseModel):
    """What the model returns. Grounded against the article before output."""

    model_config = _LLM
    headline: str = Field(description="Neutral headline, at most 15 words.")
    summary: str = Field(description="2-4 neutral sentences.")
    key_points: list[str] = Field(default_factory=list)
    dateline: ExtractedDateline | None = None
    attendees: list[ExtractedAttendee] = Field(default_factory=list)
    meetings: list[ExtractedMeeting] = Field(default_factory=list)
    pledges: list[ExtractedPledge] = Field(default_factory=list)
    quotes: list[ExtractedQuote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded(self) -> Extraction:
        # The article arrives through a ContextVar, not instructor's `context=`,
        # because instructor renders messages as Jinja templates when given one.
        from summariser.grounding import validate_in_context

        validate_in_context(self)
        return self


def json_schema() -> dict[str, Any]:
    return ArticleSummary.model_json_schema()
