"""Align what a model (or the offline engine) extracted to the article's exact
characters. Nothing leaves this module without a span that indexes the text.

``ground`` returns the contract objects plus two lists: *problems* (items that
had to be dropped; the LLM is re-asked about these) and *notes* (repairs).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from summariser import dates
from summariser.quotemarks import scan
from summariser.schema import (
    Attendee,
    Dateline,
    ExtractedAttendee,
    Extraction,
    Meeting,
    Pledge,
    Quote,
    Span,
)

# Folding keeps string length, so offsets in folded text are offsets in the article.
_FOLD_MAP = {
    **dict.fromkeys("“”„‟«»〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛‹›′`", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "\u00a0": " ",
}
# Replacing the few marks a text holds is much faster than str.translate (or re.sub) on non-ASCII text.
_FOLD_ITEMS = tuple(_FOLD_MAP.items())
_QUOTE_CHARS = "\"'"
_PRONOUNS = {"he", "she", "they", "him", "her", "his", "it", "we", "i"}
_TRIM = " \t\r\n\"'.,;:!?"


def fold(text: str) -> str:
    """Case- and punctuation-folded copy of ``text`` with the same length."""
    if text.isascii():  # the common case: only the backtick folds, and lower() keeps the length
        return (text.replace("`", "'") if "`" in text else text).lower()
    folded = text
    for mark, to in _FOLD_ITEMS:  # no mark maps to another: the order does not matter
        if mark in folded:
            folded = folded.replace(mark, to)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # e.g. 'İ' lowers to two characters
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered


def _needle_pattern(needle: str, *, trim: str = _TRIM) -> tuple[str, re.Pattern[str]] | None:
    tokens = fold(needle).strip(trim).split()
    if not tokens:
        return None
    # Between words the article may break a line and reopen a quote mark.
    return tokens[0], re.compile(r"\s+(?:[\"']\s*)?".join(re.escape(t) for t in tokens))


def _is_word_edge(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _find_plain(haystack: str, token: str) -> list[tuple[int, int]]:
    hits, i = [], haystack.find(token)
    while i >= 0:
        hits.append((i, i + len(token)))
        i = haystack.find(token, i + 1)
    return hits


def _find_word(haystack: str, token: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in _find_plain(haystack, token) if _is_word_edge(haystack, s, e)]


class Text:
    """An article with its folded copy and cached lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._cache: dict[tuple[str, bool], list[tuple[int, int]]] = {}
        self._regions: list[tuple[int, int]] | None = None
        self._region_starts: list[int] = []

    def find_all(self, needle: str, *, words: bool = False) -> list[tuple[int, int]]:
        key = (needle, words)
        if key not in self._cache:
            verbatim = _find_plain(self.text, needle) if not words and needle else None
            if verbatim:  # fast path: verbatim
                self._cache[key] = verbatim
            else:
                hits = []
                # Keep the needle's own end punctuation if the article has it too.
                for trim in (" \t\r\n\"'", _TRIM):
                    plain = " ".join(fold(needle).strip(trim).split())
                    if not plain:
                        continue
                    # Single spaces between words usually match as they are: no regex needed.
                    hits = _find_word(self.folded, plain) if words else _find_plain(self.folded, plain)
                    if hits or " " not in plain:
                        if hits:
                            break
                        continue
                    compiled = _needle_pattern(needle, trim=trim)
                    if compiled is None or compiled[0] not in self.folded:  # cheap pre-check
                        continue
                    hits = [m.span() for m in compiled[1].finditer(self.folded)]
                    if words:
                        hits = [(s, e) for s, e in hits if _is_word_edge(self.folded, s, e)]
                    if hits:
                        break
                self._cache[key] = hits
        return self._cache[key]

    def contains(self, needle: str) -> bool:
        return bool(needle.strip()) and bool(self.find_all(needle, words=True))

    @property
    def quote_regions(self) -> list[tuple[int, int]]:
        if self._regions is None:
            self._regions = quoted_regions(self.text)
            self._region_starts = [s for s, _ in self._regions]
        return self._regions

    def in_quote(self, start: int, end: int) -> bool:
        # Regions are sorted and disjoint: only the last one opening by ``start + 1`` can hold the span.
        regions = self.quote_regions
        i = bisect_right(self._region_starts, start + 1) - 1
        return i >= 0 and end <= regions[i][1] + 1


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Inner spans of quoted passages (see ``summariser.quotemarks``)."""
    return [(q.start, q.end) for q in scan(text)[1]]


# --- Grounding ----------------------------------------------------------------


@dataclass
class Grounded:
    dateline: Dateline | None = None
    attendees: list[Attendee] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # dropped: worth a re-ask
    notes: list[str] = field(default_factory=list)  # repaired: reported as warnings


_SPANS = TypeAdapter(list[Span])
_ATTENDEES = TypeAdapter(list[Attendee])
_MEETINGS = TypeAdapter(list[Meeting])
_PLEDGES = TypeAdapter(list[Pledge])
_QUOTES = TypeAdapter(list[Quote])


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


class _People:
    """Known people: resolves surnames, aliases and pronouns to full names."""

    def __init__(self, text: Text, attendees: Sequence[Attendee]) -> None:
        self.text = text
        self.names: list[str] = []
        self.forms: dict[str, str] = {}  # folded form -> full name
        self._tails: dict[str, list[str]] = {}  # what follows a space in a form -> the forms it ends
        self._resolved: dict[str, str | None] = {}  # memo of resolve(), emptied when someone is added
        for a in attendees:
            self.add(a.name, a.aliases)

    def _new_form(self, form: str) -> None:
        """Index a form not seen before by its tails: resolve() looks them up instead of testing every form."""
        i = form.find(" ")
        while i >= 0:
            self._tails.setdefault(form[i + 1:], []).append(form)
            i = form.find(" ", i + 1)

    def add(self, name: str, aliases: Iterable[str] = ()) -> None:
        if name in self.names:
            return
        self.names.append(name)
        self._resolved.clear()
        for form in [name, *aliases]:
            key = fold(form).strip()
            if key not in self.forms:
                self._new_form(key)
                self.forms[key] = name
        surname = name.split()[-1] if len(name.split()) > 1 else None
        if surname:
            key = fold(surname)
            if key not in self.forms:
                self._new_form(key)
            # A surname shared by two people resolves to neither.
            self.forms[key] = name if self.forms.get(key, name) == name else ""

    def resolve(self, who: str) -> str | None:
        if who in self._resolved:
            return self._resolved[who]
        key = fold(who).strip(_TRIM)
        if key in self.forms:
            found = self.forms[key] or None
        else:  # the forms that end with " " + key
            forms = self.forms
            matches = {forms[form] for form in self._tails.get(key, ()) if forms[form]} if key else set()
            found = matches.pop() if len(matches) == 1 else None
        self._resolved[who] = found
        return found

    def nearest_before(self, offset: int) -> str | None:
        best, best_at = None, -1
        by_name: dict[str, list[str]] = {}  # each name's forms, in the order they were added
        for f, full in self.forms.items():
            by_name.setdefault(full, []).append(f)
        for name in self.names:
            for form in by_name.get(name, ()):
                for s, _ in self.text.find_all(form, words=True):
                    if best_at < s < offset:
                        best, best_at = name, s
        return best


def _ground_attendees(text: Text, items: Sequence[ExtractedAttendee], out: Grounded) -> list[Attendee]:
    attendees: list[dict[str, Any]] = []
    for item in items:
        name = " ".join(item.name.split())
        aliases = [a for a in dict.fromkeys(" ".join(x.split()) for x in item.aliases) if a and a != name]
        if not text.contains(name):
            found = [a for a in aliases if text.contains(a)]
            if not found:
                out.problems.append(f"attendee {name!r} does not occur in the article; use the name exactly as written")
                continue
            out.notes.append(f"attendee {name!r} renamed to {max(found, key=len)!r}, the form the article uses")
            name = max(found, key=len)
        aliases = [a for a in aliases if a != name and text.contains(a)]
        if any(a["name"] == name for a in attendees):
            continue
        attendees.append(
            {"name": _exact(text, name), "role": item.role, "organisation": item.organisation,
             "country": item.country, "aliases": [_exact(text, a) for a in aliases]}
        )
    last_words = Counter(a["name"].split()[-1] for a in attendees)
    for a in attendees:
        a["mentions"] = _mention_spans(text, [a["name"], *a["aliases"], *_surname(a["name"], last_words)])
    # One validation for the list (nested spans included): cheaper than a model per attendee.
    return _ATTENDEES.validate_python(attendees)


def _exact(text: Text, needle: str) -> str:
    """The article's own spelling of ``needle`` (first occurrence)."""
    hits = text.find_all(needle, words=True)
    return text.text[hits[0][0] : hits[0][1]] if hits else needle


def _surname(name: str, last_words: Counter[str]) -> list[str]:
    """The surname of attendee ``name`` as a form of its own, unless another attendee's name ends with it too."""
    parts = name.split()
    return [parts[-1]] if len(parts) >= 2 and last_words[parts[-1]] == 1 else []


def _mention_spans(text: Text, forms: Iterable[str]) -> list[dict[str, int]]:
    """The ``Span`` fields of the merged mentions of ``forms``."""
    spans = sorted({s for f in forms for s in text.find_all(f, words=True)})
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
    return [{"start": s, "end": e} for s, e in merged]


def _mentions(text: Text, forms: Iterable[str]) -> list[Span]:
    return _SPANS.validate_python(_mention_spans(text, forms))


def _evidence(text: Text, items: Sequence[str], where: str, out: Grounded) -> list[dict[str, Any]]:
    """The ``Evidence`` fields of each item the article has."""
    evidence: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        hits = text.find_all(item)
        if not hits:
            out.problems.append(
                f"{where}.evidence[{i}] {_clip(item)!r} is not in the article; copy a sentence verbatim"
            )
            continue
        s, e = hits[0]
        evidence.append({"start": s, "end": e, "text": text.text[s:e]})
    return evidence


def _person(people: _People, text: Text, who: str | None, where: str, out: Grounded) -> str | None:
    """Full name for a meeting attendee; adds people the article names."""
    if not who or not who.strip():
        return None
    full = people.resolve(who)
    if full:
        return full
    if text.contains(who):
        name = _exact(text, " ".join(who.split()))
        out.notes.append(f"{where}: {name!r} was not listed in attendees; added")
        return name
    out.problems.append(f"{where}: {who!r} does not occur in the article")
    return None


def ground(extraction: Extraction, article: str, published: dt.date | None = None) -> Grounded:
    text = Text(article)
    out = Grounded()
    out.attendees = _ground_attendees(text, extraction.attendees, out)
    people = _People(text, out.attendees)
    known = {a.name for a in out.attendees}

    # Meetings, pledges and quotes are validated as lists, once each: cheaper than a model per item.
    meetings: list[dict[str, Any]] = []
    for i, m in enumerate(extraction.meetings):
        where = f"meetings[{i}]"
        evidence = _evidence(text, m.evidence, where, out)
        if not evidence:
            out.problems.append(f"{where} dropped: it needs at least one verbatim evidence sentence")
            continue
        names: list[str] = []
        for who in m.attendees:
            name = _person(people, text, who, f"{where}.attendees", out)
            if name and name not in names:
                names.append(name)
                if name not in known:
                    known.add(name)
                    people.add(name)
                    out.attendees.append(Attendee(name=name, mentions=_mentions(text, [name])))
        meetings.append(
            {"kind": m.kind, "attendees": names, "location": _located(text, m.location), "date_text": m.date_text,
             "date": dates.resolve(m.date_text, published), "topics": m.topics, "outcome": m.outcome,
             "evidence": evidence}
        )
    out.meetings = _MEETINGS.validate_python(meetings)

    pledges: list[dict[str, Any]] = []
    for i, p in enumerate(extraction.pledges):
        where = f"pledges[{i}]"
        actor = _party(people, text, p.actor) or _joint_party(people, text, p.actor)
        if actor is None:
            out.problems.append(f"{where}: actor {p.actor!r} does not occur in the article")
            continue
        evidence = _evidence(text, p.evidence, where, out)
        if not evidence:
            out.problems.append(f"{where} dropped: it needs at least one verbatim evidence sentence")
            continue
        pledges.append(
            {"actor": actor, "commitment": p.commitment, "beneficiary": p.beneficiary, "date_text": p.date_text,
             "date": dates.resolve(p.date_text, published), "evidence": evidence}
        )
    out.pledges = _PLEDGES.validate_python(pledges)

    # Named speakers are candidates for pronouns (a repeated speaker would change nothing).
    for speaker in dict.fromkeys(q.speaker for q in extraction.quotes):
        if speaker and fold(speaker).strip(_TRIM) not in _PRONOUNS and not people.resolve(speaker):
            if len(speaker.split()) > 1 and text.contains(speaker):
                people.add(_exact(text, " ".join(speaker.split())))
    used: set[tuple[int, int]] = set()
    quotes: list[dict[str, Any]] = []
    for i, q in enumerate(extraction.quotes):
        where = f"quotes[{i}]"
        hits = [h for h in text.find_all(q.text) if h not in used]
        if q.kind == "direct":  # "ironclad" the quote, not an earlier unquoted "ironclad alliance"
            hits = [h for h in hits if text.in_quote(*h)] or hits
        if not hits:
            out.problems.append(f"{where} {_clip(q.text)!r} is not in the article; quote verbatim or omit it")
            continue
        s, e = hits[0]
        used.add((s, e))
        exact = text.text[s:e]
        if exact != q.text:
            out.notes.append(f"{where} repaired to the article's exact characters")
        kind = q.kind
        if kind == "direct" and not text.in_quote(s, e):
            kind = "reported"
            out.notes.append(f"{where} is not inside quote marks in the article; marked as reported")
        quotes.append({"speaker": _speaker(people, text, q.speaker, s, where, out), "text": exact, "kind": kind,
                       "start": s, "end": e})
    out.quotes = _QUOTES.validate_python(quotes)

    if extraction.dateline:
        d = extraction.dateline
        head = Text(article[:300])
        date_text = d.date_text if d.date_text and head.contains(d.date_text) else None
        out.dateline = Dateline(
            place=d.place if d.place and head.contains(d.place) else None,
            date_text=date_text,
            date=dates.resolve(date_text, published),
            source=d.source if d.source and head.contains(d.source) else None,
        )
        if not (out.dateline.place or out.dateline.date_text or out.dateline.source):
            out.dateline = None
    return out


def _party(people: _People, text: Text, who: str) -> str | None:
    return people.resolve(who) or (who if text.contains(who) else None)


_JOINER = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _joint_party(people: _People, text: Text, who: str) -> str | None:
    """'Kim Seon-ho and Samuel Paparo': grounded when every party is."""
    parts = [p for p in _JOINER.split(who) if p.strip()]
    if len(parts) < 2:
        return None
    resolved = [_party(people, text, p.strip()) for p in parts]
    if not all(resolved):
        return None
    names = list(dict.fromkeys(r for r in resolved if r))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _located(text: Text, location: str | None) -> str | None:
    # A location is kept only when the article names it.
    return location if location and text.contains(location) else None


def _speaker(people: _People, text: Text, who: str | None, offset: int, where: str, out: Grounded) -> str | None:
    if not who or not who.strip():
        return None
    if fold(who).strip(_TRIM) in _PRONOUNS:
        name = people.nearest_before(offset)
        if name is None:
            out.notes.append(f"{where}: speaker {who!r} left unresolved")
        return name
    full = people.resolve(who)
    if full:
        return full
    if text.contains(who):
        return _exact(text, " ".join(who.split()))
    out.problems.append(f"{where}: speaker {who!r} does not occur in the article")
    return None


# --- Validation inside instructor's retry loop --------------------------------


@dataclass
class GroundingContext:
    """Per-article state shared with the response model's validator."""

    article: str
    published: dt.date | None
    max_attempts: int
    attempt: int = 0
    result: Grounded | None = None
    reasks: list[str] = field(default_factory=list)


CURRENT: contextvars.ContextVar[GroundingContext | None] = contextvars.ContextVar("grounding", default=None)


def validate_in_context(extraction: Extraction) -> None:
    """Raise (so instructor re-asks) while attempts remain; then accept with drops."""
    ctx = CURRENT.get()
    if ctx is None:
        return
    grounded = ground(extraction, ctx.article, ctx.published)
    if grounded.problems and ctx.attempt < ctx.max_attempts:
        message = "Not supported by the article:\n- " + "\n- ".join(grounded.problems)
        ctx.reasks.append(message)
        raise ValueError(message)
    ctx.result = grounded


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]{2,}(?:\s+[A-Z][\w'-]{2,})*)")


def unsupported_names(fields: Iterable[str], article: str) -> list[str]:
    """Warnings for capitalised names in free text that the article never uses."""
    folded = fold(article)
    missing: list[str] = []
    for value in fields:
        for m in _CAPITALISED.finditer(value):
            for word in m.group(1).split():
                stem = fold(word)[:5]  # 'Korean' is supported by 'Korea'
                if stem not in folded and word not in missing:
                    missing.append(word)
    return [f"free text mentions {w!r}, which the article does not contain" for w in missing]
