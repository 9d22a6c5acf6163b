"""Low-level text structure: paragraphs, quote marks, sentences and the name
token pattern. Everything here works on offsets into the original article."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from summariser.offline import _lexicon as lex
from summariser.offline._rx import words_alt
from summariser.quotemarks import QuoteSpan, scan


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
# An apostrophe inside a name word: "O'Brien", "Kouassi-N'Dri", "Tu'ipulotu"; not a contraction ("Don't", "We've").
# "(?:X|)" is "(?:X)?" (X first, then nothing), without the repeat context ``re`` sets up for each "?" or "*" on a
# group: the chunk patterns below try it at every name word.
_APOSTROPHE_PART = rf"(?:['’](?:[{UP}]|(?!(?:s|t|ll|re|ve|m|d)(?!{LETTER}))){LETTER}+|)"
# A name word: "Kim", "Seon-ho", "O'Brien", "LaCamera", "al-Sisi", an initial "F." or a dotted title "Gen.".
_ABBR_TITLE = words_alt(t.rstrip(".") for t in lex.TITLES if t.endswith("."))
NAME_WORD = (
    rf"(?:(?:{_ABBR_TITLE})\.|[{UP}]\.(?:[{UP}]\.)*(?![{UP}]?{LETTER})|(?:al|el|ad|as|ash|ibn|bin|abu|ben)-[{UP}]{LETTER}+"
    rf"|[{UP}]{LETTER}*{_APOSTROPHE_PART}(?:-{LETTER}+{_APOSTROPHE_PART})*)"
)
# Lower-case words inside a name: "Ursula von der Leyen", "Rhodri ap Dafydd".
PARTICLES = "de da di du del della der den van von bin ibn al la le dos das ter ten y e zu af ap".split()
PARTICLE = f"(?:{'|'.join(PARTICLES)})"
# A run of name words; the lookahead lets the engine skip most positions cheaply.
CHUNK_RE = re.compile(
    rf"(?=[{UP}]|(?:al|el|ad|as|ash|ibn|bin|abu|ben)-)(?<![\w'’-]){NAME_WORD}"
    rf"(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)*{NAME_WORD})*(?![\w-])"
)

# CHUNK_RE starts at a capital that starts a word or, rarely, at a particle such as "al-", found from its hyphen.
# CHUNK_RE from a capital, written to open with its first letter: then finditer() skips ahead in C too. The
# first name word's alternatives go on from that letter (a dotted title by the letter it starts with, behind
# one test for all those letters: ``re`` tries alternatives one by one).
_ABBRS = [t.rstrip(".") for t in lex.TITLES if t.endswith(".") and t[:1].isupper()]
# Each title's rest, then a look back at the whole title: an alternative that opens with a letter is skipped at
# one test (one that opens with a look-behind is not). Longer titles first, as words_alt() tries them.
_ABBR_REST = "|".join(f"{re.escape(a[1:])}(?<={re.escape(a)})" for a in sorted(set(_ABBRS), key=lambda a: (-len(a), a)))
_ABBR_FIRST = "".join(sorted({a[0] for a in _ABBRS}))
# A name word's hyphenated part; its parts, "(?:-P)*", are written "(?:-P(?:-P)*|)" below: most words have none,
# and then no repeat is set up.
_HYPHEN_PART = rf"-{LETTER}+{_APOSTROPHE_PART}"
# What follows the capital in a name word (NAME_WORD's alternatives that start with a capital, in order).
_CAP_REST = (rf"(?:(?<=[{_ABBR_FIRST}])(?:{_ABBR_REST})\.|\.(?:[{UP}]\.)*(?![{UP}]?{LETTER})"
             rf"|{LETTER}*{_APOSTROPHE_PART}(?:{_HYPHEN_PART}(?:{_HYPHEN_PART})*|))")
# NAME_WORD from its first character: one test for a capital instead of one per alternative. It holds while
# every dotted title starts with a capital (else NAME_WORD itself). Particles (a word, then a space or a
# hyphen) as tries: only the alternative that spans the word can match, so the order does not matter.
_TAIL_WORD = (rf"(?:[{UP}]{_CAP_REST}|{words_alt('al el ad as ash ibn bin abu ben'.split())}-[{UP}]{LETTER}+)"
              if all(re.match(f"[{UP}]", t) for t in lex.TITLES if t.endswith(".")) else NAME_WORD)
_PARTICLE_TRIE = words_alt(PARTICLES)
# The words after the first, "(?:W)*", and the particles before each, "(?:P)*", unrolled like _HYPHEN_PART: most
# chunks are one word, and most words have no particle before them.
_NEXT_PARTICLE = rf"{_PARTICLE_TRIE}[ \u00a0]+"
_CHUNK_WORD = rf"[ \u00a0]+(?:{_NEXT_PARTICLE}(?:{_NEXT_PARTICLE})*|){_TAIL_WORD}"
_CAPITAL_CHUNK_RE = re.compile(rf"[{UP}](?<![\w'’-].){_CAP_REST}(?:{_CHUNK_WORD}(?:{_CHUNK_WORD})*|)(?![\w-])")
_PARTICLE_AT = re.compile(r"(?<![\w'’-])(?:al|el|ad|as|ash|ibn|bin|abu|ben)-")
# The hyphen of a _PARTICLE_AT match: a pattern that opens with a literal, which ``re`` finds fast.
_PARTICLE_HYPHEN = re.compile(r"-(?:(?<=(?<![\w'’-])(?:al|el|ad|as)-)|(?<=(?<![\w'’-])(?:ash|ibn|bin|abu|ben)-))")


def find_chunks(text: str, pos: int) -> Iterator[re.Match[str]]:
    """``CHUNK_RE.finditer(text, pos)``, trying CHUNK_RE only where it can start."""
    # Each particle ("al-") from its hyphen: the 2-letter kind if _PARTICLE_AT matches there, else the 3-letter one.
    particles = [p for h in (m.start() for m in _PARTICLE_HYPHEN.finditer(text, pos + 2))
                 if (p := h - 2 if _PARTICLE_AT.match(text, h - 2) else h - 3) >= pos]
    if not particles:  # the usual case: every chunk starts with a capital
        return _CAPITAL_CHUNK_RE.finditer(text, pos)
    return _find_chunks(text, pos, particles)


def _find_chunks(text: str, pos: int, particles: list[int]) -> Iterator[re.Match[str]]:
    """Chunks from capitals as _CAPITAL_CHUNK_RE.finditer() finds them (in C), CHUNK_RE tried at each of the
    (sorted) ``particles`` in between; the capitals' scan starts again after a chunk found at a particle."""
    caps = _CAPITAL_CHUNK_RE.finditer(text, pos)
    cap = next(caps, None)
    for p in particles:
        while cap is not None and cap.start() < p:
            yield cap
            pos = cap.end()
            cap = next(caps, None)
        if p < pos:  # inside the last chunk
            continue
        m = CHUNK_RE.match(text, p)
        if m is None:
            continue
        yield m
        pos = m.end()
        if cap is not None and cap.start() < pos:
            caps = _CAPITAL_CHUNK_RE.finditer(text, pos)
            cap = next(caps, None)
    if cap is not None:
        yield cap
        yield from caps


_SENT_END = re.compile(rf"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[{UP}0-9])")
_LAST_WORD = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘'«(\[]?([\w'’-]+)")
_RUN = re.compile(r"[\w.'’-]*")
_WORD = re.compile(r"[^\W\d_]+")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
# ASCII letters lowered, all else to spaces: on an ASCII text, split() then finds what _WORD finds after lower().
_LOWER_LETTERS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


# A curly apostrophe between two letters. It opens with the mark (the letter before is looked back at), so ``re``
# finds each mark fast instead of testing a look-behind at every position.
_APOSTROPHE = re.compile(r"’(?<=[^\W\d_]’)(?=[^\W\d_])")


@dataclass
class Doc:
    text: str
    body_start: int
    paragraphs: list[tuple[int, int]]
    quotes: list[QuoteSpan]
    sentences: list[Sentence] = field(default_factory=list)
    place: str | None = None  # the dateline's place ("CEDAR BLUFF, Iowa"), if it has one
    quote_opens: list[int] = field(default_factory=list)  # each quote's opening mark, sorted
    blanked: str = ""  # the text with quoted passages (marks included) blanked, newlines kept
    # IGNORECASE matches 'İ', 'ı' and 'ſ' to 'i' and 's', which lower() does not: word tests cannot stand in for it.
    case_safe: bool = True
    _words: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    _s_starts: list[int] = field(default_factory=list)
    _counts: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.quote_opens = [q.open for q in self.quotes]
        # Quotes never overlap, so blanking them all once makes every outside_quotes() a slice.
        parts: list[str] = []
        at, text = 0, self.text
        for q in self.quotes:
            a, b = max(q.open, at), (q.close + 1) if q.close is not None else q.end
            if b > a:
                quoted = text[a:b]
                blank = "\n".join(" " * len(line) for line in quoted.split("\n")) if "\n" in quoted else " " * (b - a)
                parts += (text[at:a], blank)
                at = b
        parts.append(text[at:])
        blanked = "".join(parts)
        # "Paretai’s office", "the trust’s chairman": an apostrophe, not a closing quote, for every rule that reads
        # outside quotes (their patterns stop at quote marks). Same length: offsets hold.
        self.blanked = _APOSTROPHE.sub("'", blanked) if "’" in blanked else blanked
        self.case_safe = "İ" not in text and "ı" not in text and "ſ" not in text

    def quote_at(self, pos: int) -> QuoteSpan | None:
        """The quote whose marks enclose ``pos`` (marks included)."""
        i = bisect_right(self.quote_opens, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            stop = q.close + 1 if q.close is not None else q.end
            if q.open <= pos < stop:
                return q
        return None

    def words(self, start: int, end: int) -> frozenset[str]:
        """Lower-case words of [start, end) outside quotes."""
        key = (start, end)
        cached = self._words.get(key)
        if cached is None:
            cached = _words_of(self.blanked[start:end])
            self._words[key] = cached
        return cached

    def word_count(self, s: Sentence) -> int:
        """How many words (split on space) sentence ``s`` has."""
        n = self._counts.get(s.start)
        if n is None:
            n = self._counts[s.start] = len(self.text[s.start:s.end].split())
        return n

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence that holds ``pos``."""
        if len(self._s_starts) != len(self.sentences):
            self._s_starts = [s.start for s in self.sentences]
        i = bisect_right(self._s_starts, pos) - 1
        return self.sentences[i] if i >= 0 and pos < self.sentences[i].end else None

    def lacks(self, words: frozenset[str], needed: frozenset[str]) -> bool:
        """Whether ``words`` (of a sentence) hold none of ``needed``, which an IGNORECASE pattern needs one
        of as a whole word: then it cannot match there."""
        return self.case_safe and words.isdisjoint(needed)

    def outside_quotes(self, start: int, end: int) -> str:
        """The text of [start, end) with quoted passages blanked (same length)."""
        return self.blanked[start:end]


def _words_of(text: str) -> frozenset[str]:
    """The words _WORD finds in ``text`` lowered."""
    if text.isascii():
        return frozenset(ascii_words(text))
    return frozenset(_WORD.findall(text.lower()))


def ascii_words(text: str) -> list[str]:
    """``_WORD.findall(text.lower())`` for an ASCII ``text``: every non-letter to a space, then split, in C."""
    return text.encode().translate(_LOWER_LETTERS).decode().split()


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when ``text`` holds none of ``words`` (lower-case ASCII), whatever their case: a cheap test
    before an IGNORECASE pattern that needs one of them."""
    if "İ" in text or "ı" in text or "ſ" in text:  # IGNORECASE matches these to 'i' and 's'; lower() does not
        return True
    low = text.lower()
    return any(w in low for w in words)


def lower(text: str) -> str:
    """``text.lower()`` that keeps offsets ('İ' lowers to two characters)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def split_sentences(text: str, start: int, paras: list[tuple[int, int]], quotes: list[QuoteSpan]) -> list[Sentence]:
    inside: list[tuple[int, int]] = [(q.start, q.end) for q in quotes if q.end - q.start > 1]
    q_starts = [s for s, _ in inside]
    out: list[Sentence] = []
    # Where a sentence end can start, found with str.find (much cheaper than a regex scan); _SENT_END is
    # tried at each of them, as finditer() would from the paragraph start.
    marks = sorted([i for c in ".!?…" for i in _offsets(text, c, start)])
    k, nk = 0, len(marks)
    for pi, (ps, pe) in enumerate(paras):
        if pe <= start:
            continue
        s = max(ps, start)
        while k < nk and marks[k] < s:
            k += 1
        while k < nk and marks[k] < pe:
            m = _SENT_END.match(text, marks[k], pe)
            k += 1
            if m is None:
                continue
            cut = m.end()
            while k < nk and marks[k] < cut:
                k += 1
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


def _offsets(text: str, ch: str, start: int) -> list[int]:
    """Every offset of ``ch`` in ``text`` from ``start`` on."""
    out = []
    i = text.find(ch, start)
    while i >= 0:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


def _boundary_ok(text: str, dot: int, cut: int) -> bool:
    if text[dot] != ".":
        return True
    # The run of [\w.'’-] that ends at the dot (within 30 characters), as _LAST_WORD would find it. Usually
    # a plain word after a space; else it is matched from the dot backwards, on the reversed text.
    lo = max(0, dot - 30)
    seg = text[lo:dot]
    run = seg[seg.rfind(" ") + 1:]
    if run and not run.isalnum():
        run = text[dot - _RUN.match(seg[::-1]).end():dot]  # type: ignore[union-attr]  # * matches always
    if not run:
        lw = _LAST_WORD.search(text, lo, dot) if text[dot - 1:dot] == "\n" else None  # $ matches before a newline
        if not lw:
            return True
        run = lw.group(1)
    word = run.lstrip("'’(\"“")
    if word in lex.ABBREV_FIXED:
        return False
    # _INITIALS can only match a single letter or a word with a dot second.
    soft = word in lex.ABBREV_SOFT or ((len(word) == 1 or word[1:2] == ".") and bool(_INITIALS.fullmatch(word)))
    if not soft:
        return True
    nw = _NEXT_WORD.match(text, cut)
    return (nw.group(1) if nw else "") in lex.SENT_STARTERS


def build(text: str, body_start: int, place: str | None = None) -> Doc:
    paras, quotes = scan(text)
    doc = Doc(text, body_start, paras, quotes, place=place)
    doc.sentences = split_sentences(text, body_start, paras, quotes)
    return doc


_ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z&]{1,7})\)")
# The capitalised run that ends right before a "(ACRONYM)": "Harbour Workers' Federation of Yucatan".
# Written as "capital, then (rest of word, spaces, connector, capital)*, rest": the words W (S W)* that
# "(W S)* W" spells, but opening with a character set, so a search skips ahead in C to each capital.
_NAME_RUN_END = re.compile(
    r"[A-Z](?:[\w'’.-]*\s+(?:(?:of|for|and|the|on|de|du|des|la|le|del|y|&)\s+)?[A-Z])*[\w'’.-]*$")


def acronyms(text: str) -> dict[str, str]:
    """The acronyms the article defines ("the Andean Renewal Front (ARF)"), each with its full name: the shortest
    run of words before the brackets whose capitals spell it."""
    out: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        acr = m.group(1)
        if acr in out:
            continue
        before = text[max(0, m.start() - 150):m.start()].rstrip()
        run = _NAME_RUN_END.search(before)
        if run is None:
            continue
        name = run.group()
        starts = [0, *(k + 1 for k, ch in enumerate(name) if ch.isspace() and not name[k + 1].isspace())]
        for i in range(len(starts) - 1, -1, -1):
            initials = "".join(w[0] for w in name[starts[i]:].split() if w[0].isupper())
            if initials == acr.replace("&", ""):
                out[acr] = name[starts[i]:]
                break
            if len(initials) >= len(acr):
                break
    return out
