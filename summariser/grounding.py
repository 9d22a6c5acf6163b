"""Align what a model (or the offline engine) extracted to the article's exact
characters. Nothing leaves this module without a span that indexes the text.

``ground`` returns the contract objects plus two lists: *problems* (items that
had to be dropped; the LLM is re-asked about these) and *notes* (repairs).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
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
)

# Folding keeps string length, so offsets in folded text are offsets in the article.
_FOLD_MAP = {
    **dict.fromkeys("“”„‟«»〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛‹›′`", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "\u00a0": " ",
}
# Replacing the few marks a text holds is much faster than str.translate (or re.sub) on non-ASCII text.
_FOLD_MARKS = frozenset(_FOLD_MAP)
_QUOTE_CHARS = "\"'"
_PRONOUNS = {"he", "she", "they", "him", "her", "his", "it", "we", "i"}
_TRIM = " \t\r\n\"'.,;:!?"
_QUOTE_TRIM = " \t\r\n\"'"  # the first, lighter trim of a needle: keeps its end punctuation
_ASCII_BYTES = bytes(range(128))
_LONG = 200  # from this length fold() lowers through bytes


def fold(text: str) -> str:
    """Case- and punctuation-folded copy of ``text`` with the same length."""
    if text.isascii():  # the common case: only the backtick folds, and lower() keeps the length
        return (text.replace("`", "'") if "`" in text else text).lower()
    if len(text) < _LONG:
        return _fold_chars(text)
    # A long text holds few distinct non-ASCII characters: lower the ASCII bytes in C, then replace those few.
    # (str.lower() walks a non-ASCII string character by character.)
    raw = text.encode("utf-8", "surrogatepass")
    others = set(raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    if "Σ" in others:  # lowers by context (final sigma): leave it to str.lower()
        return _fold_chars(text)
    folded = raw.lower().decode("utf-8", "surrogatepass")
    if "`" in folded:
        folded = folded.replace("`", "'")
    for c in others:
        # No mark is a letter, and a letter's lower case is itself lower case: the order does not matter.
        to = _FOLD_MAP.get(c) or c.lower()
        if to != c and len(to) == 1:  # a character that lowers to two (e.g. 'İ') stays as it is
            folded = folded.replace(c, to)
    return folded


def _fold_chars(text: str) -> str:
    folded = text
    for mark in _FOLD_MARKS.intersection(text):  # no mark maps to another: the order does not matter
        folded = folded.replace(mark, _FOLD_MAP[mark])
    lowered = folded.lower()
    if len(lowered) != len(folded):  # e.g. 'İ' lowers to two characters
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered


def _tokens_pattern(tokens: list[str]) -> re.Pattern[str]:
    # Between words the article may break a line and reopen a quote mark.
    return re.compile(r"\s+(?:[\"']\s*)?".join(re.escape(t) for t in tokens))


def _is_word_edge(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _find_plain(haystack: str, token: str) -> list[tuple[int, int]]:
    hits, i = [], haystack.find(token)
    while i >= 0:
        hits.append((i, i + len(token)))
        i = haystack.find(token, i + 1)
    return hits


def _find_word(haystack: str, token: str, first: bool = False) -> list[tuple[int, int]]:
    """``_find_plain`` hits that are whole words (the edge test of ``_is_word_edge``, inlined); only the
    first one if ``first``."""
    hits, n, last, i = [], len(token), len(haystack), haystack.find(token)
    while i >= 0:
        e = i + n
        if (i == 0 or not haystack[i - 1].isalnum()) and (e == last or not haystack[e].isalnum()):
            hits.append((i, e))
            if first:
                break
        i = haystack.find(token, i + 1)
    return hits


class Text:
    """An article with its folded copy and cached lookups."""

    def __init__(self, text: str, folded: str | None = None) -> None:
        """``folded``, when given, must be ``fold(text)``."""
        self.text = text
        self.folded = fold(text) if folded is None else folded
        self._cache: dict[tuple[str, bool], list[tuple[int, int]]] = {}
        # Searches of the folded text by the needle's folded form: 'Lee' and 'LEE' (or a name and its
        # folded form in _People) search once.
        self._folded_cache: dict[tuple[str, bool], list[tuple[int, int]]] = {}
        self._regions: list[tuple[int, int]] | None = None
        self._firsts: dict[str, tuple[int, int] | None] = {}  # memo of first()
        self._first_words: dict[str, tuple[int, int] | None] = {}  # memo of first_word(), by folded needle
        # ... and by the needle as given: a name is often tested (contains()) and then spelt (_exact()).
        self._word_firsts: dict[str, tuple[int, int] | None] = {}
        self._region_starts: list[int] = []

    def find_all(self, needle: str, *, words: bool = False) -> list[tuple[int, int]]:
        key = (needle, words)
        hits = self._cache.get(key)
        if hits is None:
            verbatim = _find_plain(self.text, needle) if not words and needle else None
            # Fast path: verbatim; else the folded text.
            hits = self._cache[key] = verbatim or self._find_folded(needle, words)
        return hits

    def iter_all(self, needle: str) -> Iterator[tuple[int, int]]:
        """``find_all(needle)`` lazily: verbatim hits are looked for only as far as the caller reads."""
        hits = self._cache.get((needle, False))
        if hits is None and needle:
            text, n = self.text, len(needle)
            i = text.find(needle)
            if i >= 0:
                while i >= 0:
                    yield i, i + n
                    i = text.find(needle, i + 1)
                return
        yield from self._unverbatim(needle)

    def first(self, needle: str) -> tuple[int, int] | None:
        """``find_all(needle)[0]``, or None when there is no hit."""
        if needle not in self._firsts:  # items often share an evidence sentence
            # A verbatim hit is find_all's first (it looks in the folded text only when there is none).
            i = self.text.find(needle) if needle else -1
            if i >= 0:
                self._firsts[needle] = (i, i + len(needle))
            else:  # no verbatim hit: straight to the folded text (iter_all() would look for one again)
                hits = self._unverbatim(needle)
                self._firsts[needle] = hits[0] if hits else None
        return self._firsts[needle]

    def _unverbatim(self, needle: str) -> list[tuple[int, int]]:
        """``find_all(needle)`` when the text holds no verbatim hit: the folded text's, kept as find_all's."""
        hits = self._cache.get((needle, False))
        if hits is None:
            hits = self._cache[(needle, False)] = self._find_folded(needle, False)
        return hits

    def first_word(self, needle: str) -> tuple[int, int] | None:
        """``find_all(needle, words=True)[0]``, or None when there is no hit. Unless find_all() has run, the
        search stops at that hit: contains() and an exact spelling need no more."""
        if needle in self._word_firsts:
            return self._word_firsts[needle]
        hits = self._cache.get((needle, True))
        folded = ""
        if hits is None:
            folded = fold(needle)
            hits = self._folded_cache.get((folded, True))
        if hits is not None:
            hit = hits[0] if hits else None
        else:
            if folded not in self._first_words:
                found = self._search_folded(folded, True, first=True)
                self._first_words[folded] = found[0] if found else None
            hit = self._first_words[folded]
        self._word_firsts[needle] = hit
        return hit

    def _find_folded(self, needle: str, words: bool) -> list[tuple[int, int]]:
        folded = fold(needle)
        key = (folded, words)
        hits = self._folded_cache.get(key)
        if hits is None:
            hits = self._folded_cache[key] = self._search_folded(folded, words)
        return hits

    def _search_folded(self, needle: str, words: bool, first: bool = False) -> list[tuple[int, int]]:
        """Hits of the folded ``needle`` in the folded text (whole words: only the first if ``first``)."""
        hits: list[tuple[int, int]] = []
        tried = None
        # Keep the needle's own end punctuation if the article has it too.
        for trim in (_QUOTE_TRIM, _TRIM):
            tokens = needle.strip(trim).split()
            plain = " ".join(tokens)
            if not plain or plain == tried:  # the second trim changed nothing: nor would the search
                continue
            tried = plain
            # Single spaces between words usually match as they are: no regex needed.
            hits = _find_word(self.folded, plain, first) if words else _find_plain(self.folded, plain)
            if hits:
                break
            if len(tokens) < 2 or tokens[0] not in self.folded:  # one word, or a cheap pre-check
                continue
            hits = [m.span() for m in _tokens_pattern(tokens).finditer(self.folded)]
            if words:
                hits = [(s, e) for s, e in hits if _is_word_edge(self.folded, s, e)]
                if first:
                    hits = hits[:1]
            if hits:
                break
        return hits

    def contains(self, needle: str) -> bool:
        return bool(needle.strip()) and self.first_word(needle) is not None

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


# Everything ground() returns, validated in one call.
_GROUNDED = TypeAdapter(tuple[list[Attendee], list[Meeting], list[Pledge], list[Quote], Dateline | None])


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# A speaker that is a document ("joint statement", "statement from the ministry", "the summit's final declaration").
_DOCUMENT = re.compile(
    r"\b(?:statement|communiqu[eé]|declaration|release|transcript|report|sheet|summary|document|filing|letter|memo"
    r"|notice)(?:\s+(?:from|by|released|issued|of)\b|$)", re.I)


class _People:
    """Known people: resolves surnames, aliases and pronouns to full names."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.names: list[str] = []
        self.forms: dict[str, str] = {}  # folded form -> full name
        self._tails: dict[str, list[str]] = {}  # what follows a space in a form -> the forms it ends
        self._resolved: dict[str, str | None] = {}  # memo of resolve(), emptied when someone is added
        self._keys: dict[str, str] = {}  # memo of key()
        self._named_at: dict[int, str] | None = None  # nearest_before()'s mentions, dropped when someone is added
        self._named_starts: list[int] = []

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
        self._named_at = None
        for form in [name, *aliases]:
            key = fold(form).strip()
            if key not in self.forms:
                self._new_form(key)
                self.forms[key] = name
        parts = name.split()
        if len(parts) > 1:
            key = fold(parts[-1])
            if key not in self.forms:
                self._new_form(key)
            # A surname shared by two people resolves to neither.
            self.forms[key] = name if self.forms.get(key, name) == name else ""

    def key(self, who: str) -> str:
        """``who`` folded and trimmed: what resolve() looks up (and what pronouns are tested on)."""
        key = self._keys.get(who)
        if key is None:
            key = self._keys[who] = fold(who).strip(_TRIM)
        return key

    def resolve(self, who: str) -> str | None:
        if who in self._resolved:
            return self._resolved[who]
        key = self.key(who)
        if key in self.forms:
            found = self.forms[key] or None
        else:  # the forms that end with " " + key
            forms = self.forms
            matches = {forms[form] for form in self._tails.get(key, ()) if forms[form]} if key else set()
            found = matches.pop() if len(matches) == 1 else None
        self._resolved[who] = found
        return found

    def nearest_before(self, offset: int) -> str | None:
        """The person whose mention (by any form) starts last before ``offset``."""
        if self._named_at is None:  # worked out once per set of people, not per pronoun
            by_name: dict[str, list[str]] = {}  # each name's forms, in the order they were added
            for f, full in self.forms.items():
                by_name.setdefault(full, []).append(f)
            named_at: dict[int, str] = {}  # mention start -> person; at a shared start the first one added wins
            for name in self.names:
                for form in by_name.get(name, ()):
                    for s, _ in self.text.find_all(form, words=True):
                        named_at.setdefault(s, name)
            self._named_at, self._named_starts = named_at, sorted(named_at)
        i = bisect_left(self._named_starts, offset) - 1
        return self._named_at[self._named_starts[i]] if i >= 0 else None


def _attendee_fields(text: Text, items: Sequence[ExtractedAttendee], out: Grounded) -> list[dict[str, Any]]:
    """The ``Attendee`` fields of each item the article names."""
    attendees: list[dict[str, Any]] = []
    exact_names: set[str] = set()
    for item in items:
        name = " ".join(item.name.split())
        aliases = [a for a in dict.fromkeys(" ".join(x.split()) for x in item.aliases) if a and a != name]
        # Whole-word hits (what contains() tests), each looked up once: the first is the exact spelling.
        hits = text.find_all(name, words=True)
        if not hits:
            found = [a for a in aliases if text.contains(a)]
            if not found:
                out.problems.append(f"attendee {name!r} does not occur in the article; use the name exactly as written")
                continue
            out.notes.append(f"attendee {name!r} renamed to {max(found, key=len)!r}, the form the article uses")
            name = max(found, key=len)
            hits = text.find_all(name, words=True)
        firsts = [h[0] for a in aliases if a != name and (h := text.find_all(a, words=True))]
        if name in exact_names:
            continue
        exact = text.text[hits[0][0] : hits[0][1]]
        exact_names.add(exact)
        attendees.append(
            {"name": exact, "role": item.role, "organisation": item.organisation,
             "country": item.country, "aliases": [text.text[s:e] for s, e in firsts]}
        )
    last_words: dict[str, int] = {}  # a plain dict: building a Counter costs more than these few names
    for a in attendees:
        last = a["name"].split()[-1]
        last_words[last] = last_words.get(last, 0) + 1
    for a in attendees:
        a["mentions"] = _mention_spans(text, [a["name"], *a["aliases"], *_surname(a["name"], last_words)])
    return attendees


def _exact(text: Text, needle: str) -> str:
    """The article's own spelling of ``needle`` (first occurrence)."""
    hit = text.first_word(needle)
    return text.text[hit[0] : hit[1]] if hit else needle


def _surname(name: str, last_words: dict[str, int]) -> list[str]:
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


def _evidence(text: Text, items: Sequence[str], where: str, out: Grounded) -> list[dict[str, Any]]:
    """The ``Evidence`` fields of each item the article has."""
    evidence: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        hit = text.first(item)
        if hit is None:
            out.problems.append(
                f"{where}.evidence[{i}] {_clip(item)!r} is not in the article; copy a sentence verbatim"
            )
            continue
        s, e = hit
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
    # Everything is gathered as plain data and validated once at the end: much cheaper than a model per item.
    attendees = _attendee_fields(text, extraction.attendees, out)
    people = _People(text)
    for a in attendees:
        people.add(a["name"], a["aliases"])
    known = {a["name"] for a in attendees}
    on: dict[str, dt.date | None] = {}  # resolved date phrases: items often share one ('on Tuesday')

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
                    attendees.append({"name": name, "mentions": _mention_spans(text, [name])})
        meetings.append(
            {"kind": m.kind, "attendees": names, "location": _located(text, m.location), "date_text": m.date_text,
             "date": _date(on, m.date_text, published), "topics": m.topics,
             "outcome": m.outcome, "evidence": evidence}
        )

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
             "date": _date(on, p.date_text, published), "evidence": evidence}
        )

    # Named speakers are candidates for pronouns (a repeated speaker would change nothing); documents are not.
    # Most speakers are known people: the (memoised) resolve() goes before the document regex.
    for speaker in dict.fromkeys(q.speaker for q in extraction.quotes):
        if speaker and people.key(speaker) not in _PRONOUNS and not people.resolve(speaker) and (
                not _DOCUMENT.search(speaker)):
            if len(speaker.split()) > 1 and text.contains(speaker):
                people.add(_exact(text, " ".join(speaker.split())))
    used: set[tuple[int, int]] = set()
    quotes: list[dict[str, Any]] = []
    for i, q in enumerate(extraction.quotes):
        where = f"quotes[{i}]"
        kind = q.kind
        hit, quoted = _quote_hit(text, q.text, used, kind == "direct")
        if hit is None:
            out.problems.append(f"{where} {_clip(q.text)!r} is not in the article; quote verbatim or omit it")
            continue
        s, e = hit
        used.add(hit)
        exact = text.text[s:e]
        if exact != q.text:
            out.notes.append(f"{where} repaired to the article's exact characters")
        if kind == "direct" and not quoted:
            kind = "reported"
            out.notes.append(f"{where} is not inside quote marks in the article; marked as reported")
        quotes.append({"speaker": _speaker(people, text, q.speaker, s, where, out), "text": exact, "kind": kind,
                       "start": s, "end": e})

    dateline = None
    if extraction.dateline:
        d = extraction.dateline
        head_text = article[:300]
        # fold() works character by character, but for a final sigma (lowered by what follows): slice when it can.
        head = Text(head_text, text.folded[:300] if "Σ" not in head_text else None)
        date_text = d.date_text if d.date_text and head.contains(d.date_text) else None
        dateline = {
            "place": d.place if d.place and head.contains(d.place) else None,
            "date_text": date_text,
            "date": dates.resolve(date_text, published),
            "source": d.source if d.source and head.contains(d.source) else None,
        }
        if not (dateline["place"] or dateline["date_text"] or dateline["source"]):
            dateline = None
    out.attendees, out.meetings, out.pledges, out.quotes, out.dateline = _GROUNDED.validate_python(
        (attendees, meetings, pledges, quotes, dateline)
    )
    return out


def _date(memo: dict[str, dt.date | None], date_text: str | None, published: dt.date | None) -> dt.date | None:
    """``dates.resolve(date_text, published)``, once per phrase."""
    if not date_text:
        return None
    if date_text not in memo:
        memo[date_text] = dates.resolve(date_text, published)
    return memo[date_text]


def _quote_hit(
    text: Text, needle: str, used: set[tuple[int, int]], direct: bool
) -> tuple[tuple[int, int] | None, bool]:
    """The first hit of ``needle`` not taken yet (for a direct quote, the first inside quote marks if any) and
    whether it is inside quote marks (only worked out for a direct quote).

    ("ironclad" the quote, not an earlier unquoted "ironclad alliance".) Hits are read only as far as needed.
    """
    # The first hit usually serves: look at it before starting the (dearer) walk over them all.
    first = text.first(needle)
    if first is not None and first not in used:
        if not direct:
            return first, False
        if text.in_quote(*first):
            return first, True
    fallback = None
    for hit in text.iter_all(needle):
        if hit in used:
            continue
        if not direct:
            return hit, False
        if text.in_quote(*hit):
            return hit, True
        if fallback is None:
            fallback = hit
    return fallback, False


def _as_written(text: Text, phrase: str) -> str:
    """``phrase`` (which the article contains) in the article's own characters: "Côte d’Ivoire" as written, not as
    typed with another apostrophe or spacing; as given when it occurs verbatim ("Riyadh", not "RIYADH")."""
    # Callers have just found its first whole-word hit (contains()): when that hit is spelt as given, the article
    # has the phrase verbatim without another search of the whole text.
    hit = text.first_word(phrase)
    if hit is not None and text.text.startswith(phrase, hit[0]):
        return phrase
    return phrase if phrase in text.text else _exact(text, " ".join(phrase.split()))


def _party(people: _People, text: Text, who: str) -> str | None:
    return people.resolve(who) or (_as_written(text, who) if text.contains(who) else None)


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
    return _as_written(text, location) if location and text.contains(location) else None


def _speaker(people: _People, text: Text, who: str | None, offset: int, where: str, out: Grounded) -> str | None:
    if not who or not who.strip():
        return None
    if people.key(who) in _PRONOUNS:
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
