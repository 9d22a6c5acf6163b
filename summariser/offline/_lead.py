"""The article's opening: dateline, headline, summary and key points, all cut
from the article's own sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from heapq import heappop, heappush

from summariser.offline import _lexicon as lex
from summariser.offline._speech import trailing_attribution
from summariser.offline._text import UP, Doc, Sentence

_MONTH_ALT = "|".join(sorted(lex.MONTHS, key=len, reverse=True))
_PLACE = rf"[{UP}][\w.'’-]*(?:[ \u00a0]+[{UP}][\w.'’-]*){{0,3}}"
_DL_DATE = (
    rf"(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTH_ALT})\.?(?:\s+\d{{4}})?)"
)
_DATELINE = re.compile(
    rf"[ \t]*(?P<place>{_PLACE}(?:,[ \t]*(?!(?:{_MONTH_ALT})\b){_PLACE})?)"
    rf"(?:,[ \t]*(?P<date>{_DL_DATE}))?"
    r"[ \t]*(?:\((?P<src>[^()\n]{1,40})\))?"
    r"[ \t]*(?P<dash>[-–—]{1,2}|:)?[ \t]*"
)
_SOURCE_ONLY = re.compile(r"[ \t]*\((?P<src>[^()\n]{1,40})\)[ \t]*[-–—]{1,2}[ \t]*")
_KNOWN_PLACES = frozenset(p.casefold() for p in [*lex.COUNTRIES, *lex.CITIES])
_WEEKDAY_PHRASE = re.compile(
    rf"\s+on\s+(?:{'|'.join(lex.WEEKDAYS)})(?:\s+(?:morning|afternoon|evening|night))?(?=[\s,.]|$)"
)
_BOUNDARY = re.compile(r",\s+|\s+(?:and|after|as|amid|while|but|which|who|to|in|on|at|with|for|over)\s+")
_DIGIT = re.compile(r"\d")
_CLAUSE = re.compile(r",\s+(?:which|who|while|after|as|amid|with|although|though|but|and)\b|;\s+|\s+while\s+")
_OPENERS = "\"“‘'«„"


@dataclass
class DatelineParts:
    place: str | None
    date_text: str | None
    source: str | None
    body_start: int


def dateline(text: str) -> DatelineParts:
    """Parse "Seoul, Jan 2 (IANS)", "WASHINGTON (AP) —" or "LAGOS, Nigeria, March 3 —" at the top."""
    starts = [0]
    nl = text.find("\n")
    if 0 <= nl < 200 and text[:nl].strip().lower().startswith("by "):
        starts.append(nl + 1)  # skip a byline
    for s in starts:
        while s < len(text) and text[s] in " \t\r\n":
            s += 1
        src_only = _SOURCE_ONLY.match(text, s)
        if src_only:
            return DatelineParts(None, None, src_only.group("src").strip(), src_only.end())
        m = _DATELINE.match(text, s)
        if not m or m.end() > s + 160:
            continue
        place, date, src, dash = m.group("place"), m.group("date"), m.group("src"), m.group("dash")
        first_place = place.split(",")[0].strip()
        known = first_place.casefold() in _KNOWN_PLACES or first_place.isupper()
        if not (date or src or (dash and known)):
            continue
        if len(place.split()) > 5 or (not known and not (date or src)):
            continue
        return DatelineParts(place.strip(), date, src.strip() if src else None, m.end())
    return DatelineParts(None, None, None, 0)


def _words(s: str) -> int:
    return len(s.split())


def _strip_attribution(sentence: str) -> str:
    marks = trailing_attribution(sentence)
    cut = min((m[2] for m in marks if m[2] < len(sentence)), default=len(sentence))
    return sentence[:cut].rstrip(" ,.;:")


def headline(title: str | None, doc: Doc) -> str:
    if title and title.strip():
        return " ".join(title.split())
    first = next((s for s in doc.sentences if doc.text[s.start] not in _OPENERS), None)
    if first is None:
        return ""
    text = _strip_attribution(doc.text[first.start:first.end])
    text = _WEEKDAY_PHRASE.sub("", text).strip(" ,.")
    if _words(text) <= 15:
        return text
    best = None
    for m in _BOUNDARY.finditer(text):
        head = text[: m.start()].rstrip(" ,")
        n = _words(head)
        if 6 <= n <= 18:
            best = head
    return best or " ".join(text.split()[:15])


def _informative(doc: Doc, s: Sentence) -> bool:
    # Whether it has 6 words needs no more than its first 6.
    return s.end > s.start and doc.text[s.start] not in _OPENERS and _has_words(doc.text[s.start:s.end], 6)


def summary(doc: Doc) -> str:
    chosen: list[str] = []
    total = 0
    for s in doc.sentences:
        if not _informative(doc, s):
            continue
        sentence = " ".join(doc.text[s.start:s.end].split())
        n = doc.word_count(s)
        if chosen and (total + n > 85 and len(chosen) >= 2):
            break
        chosen.append(sentence)
        total += n
        if len(chosen) == 3 or (len(chosen) >= 2 and total > 60):
            break
    return " ".join(chosen)


def _shorten(point: str, n: int, limit: int = 30) -> str:
    """Cut a long sentence (of ``n`` words) at its last clause boundary within ``limit`` words."""
    if n <= limit:
        return point
    best = None
    for m in _CLAUSE.finditer(point):
        head = point[: m.start()].rstrip(" ,")
        if 8 <= _words(head) <= limit:
            best = head
    return best or point


def key_points(doc: Doc, weights: dict[int, float]) -> list[str]:
    """3-5 short sentences: the lead plus the sentences that carry meetings, pledges and statements."""
    text = doc.text
    informative = [s for s in doc.sentences if _informative(doc, s)]
    want = 3 if len(informative) < 8 else 4 if len(informative) < 14 else 5
    points: list[tuple[int, str]] = []
    for s in _best_first(doc, informative, weights):
        words = _strip_attribution(text[s.start:s.end]).split()
        if len(words) < 5:  # too short; a sentence _shorten() cuts keeps at least 8 words
            continue
        point = _shorten(" ".join(words), len(words))
        if point[-1:] not in ".!?\"”’»":
            point += "."
        points.append((s.start, point))
        if len(points) == want:
            break
    return [p for _, p in sorted(points)]


def _has_words(text: str, n: int) -> bool:
    """``len(text.split()) >= n``, splitting off no more than ``n`` words."""
    return len(text.split(None, n - 1)) == n


def _best_first(doc: Doc, informative: list[Sentence], weights: dict[int, float]) -> Iterator[Sentence]:
    """``informative`` by score, best first, ties in text order.

    A score is the sentence's weight and a bonus for leading, less 1.0 for a long sentence, plus 0.3 for a digit.
    Those last two cost a word count and a regex search: a sentence gets them only when it could be the next one
    (its score without them, plus 0.3, is an upper bound, in floats too: rounding is monotonic), and key_points()
    reads only the first few.
    """
    text = doc.text
    # The scores without the last two terms.
    bases = [weights.get(s.start, 0.0) + max(0.0, 2.0 - 0.4 * rank) for rank, s in enumerate(informative)]
    # (-score, start, rank) orders like the scores: best first, then text order (rank only keeps it off Sentence).
    unscored = sorted([(-(bases[rank] + 0.3), s.start, rank) for rank, s in enumerate(informative)])
    scored: list[tuple[float, int, int]] = []  # a heap
    i = 0
    while i < len(unscored) or scored:
        # The best scored sentence comes next when no unscored one could rank before it.
        if scored and (i == len(unscored) or scored[0] < unscored[i]):
            yield informative[heappop(scored)[2]]
            continue
        rank = unscored[i][2]
        i += 1
        s = informative[rank]
        score = bases[rank]
        if doc.word_count(s) > 40:
            score -= 1.0
        if _DIGIT.search(text, s.start, s.end):
            score += 0.3
        heappush(scored, (-score, s.start, rank))
