"""Low-level text structure: paragraphs, quote marks, sentences and the name
token pattern. Everything here works on offsets into the original article."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from summariser.offline import _lexicon as lex


def _char_class(pred_max: int = 0x2000) -> str:
    # Upper-case letters up to U+2000 (Latin, Greek, Cyrillic, Vietnamese) as compact ranges.
    codes = [c for c in range(pred_max) if chr(c).isupper()]
    parts, start, prev = [], codes[0], codes[0]
    for c in codes[1:] + [-1]:
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
CHUNK_RE = re.compile(rf"(?<![\w'’-]){NAME_WORD}(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)*{NAME_WORD})*(?![\w-])")
TOKEN_SPLIT = re.compile(rf"[ \u00a0]+")

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
QUOTE_CHARS_RE = re.compile("[\"“”„«»‘’'\n]")
_SENT_END = re.compile(rf"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[{UP}0-9])")
_LAST_WORD = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘'«(\[]?([\w'’-]+)")


@dataclass
class QuoteSpan:
    """A quoted passage: inner characters [start, end); ``close`` is None when unclosed."""

    start: int
    end: int
    open: int
    close: int | None
    style: str  # "double" or "single"
    paragraph: int


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
        if j >= 0 and self.quotes[j] not in out and (self.quotes[j].close or self.quotes[j].end) >= start:
            out.insert(0, self.quotes[j])
        return out

    def outside_quotes(self, start: int, end: int) -> str:
        """The text of [start, end) with quoted passages blanked (same length)."""
        s = self.text[start:end]
        qs = self.quotes_in(start, end)
        if not qs:
            return s
        chars = list(s)
        for q in qs:
            a = max(q.open, start)
            b = min((q.close + 1) if q.close is not None else q.end, end)
            for k in range(a - start, b - start):
                chars[k] = " " if chars[k] != "\n" else "\n"
        return "".join(chars)


def paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _para_index(paras: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or ch.isdigit()


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Double quotes (straight, curly, guillemets, „“) and primary single quotes.

    Double quotes follow the newswire rule also used by ``grounding.quoted_regions``:
    a paragraph that reopens with a quote mark continues the open quote; a quote
    still open at the end of a paragraph stops there, or at the end of the text.
    Single quotes outside double ones are quotes when an opening mark at a word
    start has a matching closing mark that is not an apostrophe.
    """
    starts = [p[0] for p in paras]
    n = len(text)
    out: list[QuoteSpan] = []
    marks = [(m.start(), m.group()) for m in QUOTE_CHARS_RE.finditer(text)]
    k = 0
    open_at: int | None = None
    opener = ""
    while k < len(marks):
        i, ch = marks[k]
        k += 1
        if open_at is not None:  # inside a double quote
            if ch == "\n":
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if j < n and (text[j] in OPEN_DOUBLE or text[j] == '"'):
                    while k < len(marks) and marks[k][0] <= j:
                        k += 1
                    continue
                out.append(_span(text, open_at, i, None, "double", paras, starts))
                open_at = None
            elif ch in CLOSE_DOUBLE or ch == '"' or (ch == "“" and opener == "„"):
                out.append(_span(text, open_at, i, i, "double", paras, starts))
                open_at = None
            continue
        if ch in OPEN_DOUBLE or ch == '"':
            open_at, opener = i, ch
        elif ch in "‘'" and _single_opens(text, i):
            close = _single_close(text, i, ch, paras, starts)
            if close is None:
                continue
            out.append(_span(text, i, close if close >= 0 else n, close if close >= 0 else None, "single", paras, starts))
            stop = close if close >= 0 else n
            while k < len(marks) and marks[k][0] <= stop:
                k += 1
    if open_at is not None:
        out.append(_span(text, open_at, n, None, "double", paras, starts))
    return [q for q in out if q.end > q.start]


def _span(text: str, open_at: int, stop: int, close: int | None, style: str,
          paras: list[tuple[int, int]], starts: list[int]) -> QuoteSpan:
    s, e = open_at + 1, stop
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return QuoteSpan(s, e, open_at, close, style, _para_index(paras, starts, open_at))


def _single_opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([—–-\"“:") and _is_letter(nxt)


def _single_close(text: str, i: int, ch: str, paras: list[tuple[int, int]], starts: list[int]) -> int | None:
    """Offset of the closing mark, -1 for "runs to the end of the text", None for "not a quote"."""
    closer = "’" if ch == "‘" else "'"
    p = _para_index(paras, starts, i)
    para_end = paras[p][1] if paras else len(text)
    candidates: list[int] = []
    j = i + 1
    while True:
        j = text.find(closer, j, para_end)
        if j < 0:
            break
        nxt = text[j + 1] if j + 1 < len(text) else " "
        if not _is_letter(nxt) and not text[j - 1].isspace():
            candidates.append(j)
        elif text[j - 1].isspace() and _is_letter(nxt) and candidates:
            break  # the next opening mark: stop looking
        j += 1
    if candidates:
        # Plural possessives ("ministers’ meeting") look like closers; prefer one that is not.
        good = [c for c in candidates if text[c - 1] != "s" or not text[c + 1:c + 3].strip(" ")[:1].islower()]
        return (good or candidates)[0]
    nxt_para = p + 1
    if nxt_para < len(paras) and text[paras[nxt_para][0]] == ch:
        return _single_close(text, paras[nxt_para][0], ch, paras, starts)
    if nxt_para >= len(paras) and para_end - i > 20:
        return -1  # unclosed at the very end of the article
    return None


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
    soft = word in lex.ABBREV_SOFT or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word))
    return not soft or nxt in lex.SENT_STARTERS


def build(text: str, body_start: int) -> Doc:
    paras = paragraphs(text)
    quotes = find_quotes(text, paras)
    doc = Doc(text, body_start, paras, quotes)
    doc.sentences = split_sentences(text, body_start, paras, quotes)
    return doc
