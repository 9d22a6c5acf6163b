"""Low-level text structure: paragraphs, quote marks, sentences and the name
token pattern. Everything here works on offsets into the original article."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from summariser.offline import _lexicon as lex
from summariser.quotemarks import QuoteSpan, find_quotes, paragraphs


def _char_class(pred_max: int = 0x2000) -> str:
    # Upper-case letters up to U+2000 (Latin, Greek, Cyrillic, Vietnamese) as compact ranges.
    codes = [c for c in range(pred_max) if chr(c).isupper()]
    parts, start, prev = [], codes[0], codes[0]
    for c in [*codes[1:], -1]:
        if c != prev + 1:
            parts.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = c
        prev = c
    return "".join(parts)


UP = _char_class()
LETTER = r"[^\W\d_]"
# A name word: "Kim", "Seon-ho", "O'Brien", "LaCamera", "al-Sisi", an initial "F." or a dotted title "Gen.".
_ABBR_TITLE = "|".join(sorted((t.rstrip(".") for t in lex.TITLES if t.endswith(".")), key=len, reverse=True))
NAME_WORD = (
    rf"(?:(?:{_ABBR_TITLE})\.|[{UP}]\.(?:[{UP}]\.)*(?![{UP}]?{LETTER})|(?:al|el|ad|as|ash|ibn|bin|abu|ben)-[{UP}]{LETTER}+"
    rf"|[{UP}]{LETTER}*(?:['’][{UP}]{LETTER}+)?(?:-{LETTER}+)*)"
)
PARTICLE = r"(?:de|da|di|du|del|della|der|den|van|von|bin|ibn|al|la|le|dos|das|ter|ten|y|e|zu|af)"
# A run of name words; the lookahead lets the engine skip most positions cheaply.
CHUNK_RE = re.compile(
    rf"(?=[{UP}]|(?:al|el|ad|as|ash|ibn|bin|abu|ben)-)(?<![\w'’-]){NAME_WORD}"
    rf"(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)*{NAME_WORD})*(?![\w-])"
)

_SENT_END = re.compile(rf"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[{UP}0-9])")
_LAST_WORD = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘'«(\[]?([\w'’-]+)")
_WORD = re.compile(r"[^\W\d_]+")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Doc:
    text: str
    body_start: int
    paragraphs: list[tuple[int, int]]
    quotes: list[QuoteSpan]
    sentences: list[Sentence] = field(default_factory=list)
    _q_starts: list[int] = field(default_factory=list)
    _blanked: dict[tuple[int, int], str] = field(default_factory=dict)
    _words: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._q_starts = [q.open for q in self.quotes]

    def quote_at(self, pos: int) -> QuoteSpan | None:
        """The quote whose marks enclose ``pos`` (marks included)."""
        i = bisect_right(self._q_starts, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            stop = q.close + 1 if q.close is not None else q.end
            if q.open <= pos < stop:
                return q
        return None

    def quotes_in(self, start: int, end: int) -> list[QuoteSpan]:
        i = bisect_right(self._q_starts, start - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i].open < end:
            out.append(self.quotes[i])
            i += 1
        # A quote opened before ``start`` may still cover it.
        j = bisect_right(self._q_starts, start) - 1
        if j >= 0 and not any(q is self.quotes[j] for q in out) and (
                self.quotes[j].close or self.quotes[j].end) >= start:
            out.insert(0, self.quotes[j])
        return out

    def words(self, start: int, end: int) -> frozenset[str]:
        """Lower-case words of [start, end) outside quotes."""
        key = (start, end)
        cached = self._words.get(key)
        if cached is None:
            cached = frozenset(_WORD.findall(self.outside_quotes(start, end).lower()))
            self._words[key] = cached
        return cached

    def outside_quotes(self, start: int, end: int) -> str:
        """The text of [start, end) with quoted passages blanked (same length)."""
        key = (start, end)
        cached = self._blanked.get(key)
        if cached is not None:
            return cached
        qs = self.quotes_in(start, end)
        if not qs:
            out = self.text[start:end]
        else:
            parts, at = [], start
            for q in qs:
                a = max(q.open, start, at)
                b = min((q.close + 1) if q.close is not None else q.end, end)
                if b <= a:
                    continue
                parts.append(self.text[at:a])
                parts.append("".join("\n" if c == "\n" else " " for c in self.text[a:b]))
                at = b
            parts.append(self.text[at:end])
            out = "".join(parts)
        self._blanked[key] = out
        return out


def lower(text: str) -> str:
    """``text.lower()`` that keeps offsets ('İ' lowers to two characters)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def split_sentences(text: str, start: int, paras: list[tuple[int, int]], quotes: list[QuoteSpan]) -> list[Sentence]:
    inside: list[tuple[int, int]] = [(q.start, q.end) for q in quotes if q.end - q.start > 1]
    q_starts = [s for s, _ in inside]
    out: list[Sentence] = []
    for pi, (ps, pe) in enumerate(paras):
        if pe <= start:
            continue
        s = max(ps, start)
        for m in _SENT_END.finditer(text, s, pe):
            cut = m.end()
            j = bisect_right(q_starts, m.start()) - 1
            if j >= 0 and inside[j][0] <= m.start() < inside[j][1] and cut < inside[j][1]:
                continue  # a full stop inside a quote that goes on
            if not _boundary_ok(text, m.start(), cut):
                continue
            out.append(Sentence(s, cut, pi))
            s = cut
            while s < pe and text[s].isspace():
                s += 1
        if s < pe:
            out.append(Sentence(s, pe, pi))
    return out


def _boundary_ok(text: str, dot: int, cut: int) -> bool:
    if text[dot] != ".":
        return True
    lw = _LAST_WORD.search(text, max(0, dot - 30), dot)
    if not lw:
        return True
    word = lw.group(1).lstrip("'’(\"“")
    nw = _NEXT_WORD.match(text, cut)
    nxt = nw.group(1) if nw else ""
    if word in lex.ABBREV_FIXED:
        return False
    soft = word in lex.ABBREV_SOFT or bool(_INITIALS.fullmatch(word))
    return not soft or nxt in lex.SENT_STARTERS


def build(text: str, body_start: int) -> Doc:
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    doc = Doc(text, body_start, paras, quotes)
    doc.sentences = split_sentences(text, body_start, paras, quotes)
    return doc
