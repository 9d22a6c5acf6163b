"""Where quoted passages are: double quotes (straight, curly, guillemets, „“)
and primary single quotes, with the newswire rules for quotes that run over
paragraphs or stay open at the end. Shared by grounding and the offline engine."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
# The marks that can open a quote outside one, and those that can close (or, a newline, break off) a double
# quote. The scan looks for each with str.find, which is several times cheaper than a character-set regex.
_OPEN_MARKS = "\"“„«‘'"
_CLOSE_MARKS = "\"”»“\n"


@dataclass(eq=False)
class QuoteSpan:
    """A quoted passage: inner characters [start, end); ``close`` is None when unclosed."""

    start: int
    end: int
    open: int
    close: int | None
    style: str  # "double" or "single"
    paragraph: int


@lru_cache(maxsize=1)
def scan(text: str) -> tuple[list[tuple[int, int]], list[QuoteSpan]]:
    """``paragraphs(text)`` and the quotes in them, memoised for the latest text: the offline engine and
    grounding look at the same article one after the other. Callers must not modify the lists."""
    paras = paragraphs(text)
    return paras, find_quotes(text, paras)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-blank lines, stripped (of what str.isspace() calls white space): (start, end) offsets."""
    out = []
    n, at = len(text), 0
    while at <= n:
        nl = text.find("\n", at)
        e = n if nl < 0 else nl
        s = at
        if e > s and (text[s].isspace() or text[e - 1].isspace()):  # rare: strip it
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
        if e > s:
            out.append((s, e))
        if nl < 0:
            break
        at = nl + 1
    return out


def _para_index(paras: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or ch.isdigit()


def find_quotes(text: str, paras: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Double quotes (straight, curly, guillemets, „“) and primary single quotes.

    Double quotes follow the newswire rule:
    a paragraph that reopens with a quote mark continues the open quote; a quote
    still open at the end of a paragraph stops there, or at the end of the text.
    Single quotes outside double ones are quotes when an opening mark at a word
    start has a matching closing mark that is not an apostrophe.
    """
    starts = [p[0] for p in paras]
    n = len(text)
    out: list[QuoteSpan] = []
    # Jump from mark to mark that can matter: outside a quote only openers, inside a double quote only
    # closers and newlines (an apostrophe never does). ``ahead`` holds each mark's next offset found so far.
    ahead = {c: -1 for c in _OPEN_MARKS + _CLOSE_MARKS if c in text}  # marks the text lacks are never looked for
    openers = [c for c in _OPEN_MARKS if c in ahead]
    closers = [c for c in _CLOSE_MARKS if c in ahead]

    def next_mark(marks: list[str], pos: int) -> int:
        best = n
        for c in marks:
            at = ahead[c]
            if at < pos:
                at = text.find(c, pos)
                ahead[c] = at = n if at < 0 else at
            if at < best:
                best = at
        return best

    pos = 0
    open_at: int | None = None
    opener = ""
    while True:
        if open_at is None:
            i = next_mark(openers, pos)
            if i >= n:
                break
            ch = text[i]
            pos = i + 1
            if ch in OPEN_DOUBLE or ch == '"':
                open_at, opener = i, ch
            elif _single_opens(text, i):
                close = _single_close(text, i, ch, paras, starts)
                if close is None:
                    continue
                stop = close if close >= 0 else n
                out.append(_span(text, i, stop, close if close >= 0 else None, "single", paras, starts))
                pos = stop + 1  # the marks up to the closing one belong to this quote
            continue
        i = next_mark(closers, pos)
        if i >= n:
            break
        ch = text[i]
        pos = i + 1
        if ch == "\n":
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPEN_DOUBLE or text[j] == '"'):
                pos = j + 1  # a paragraph that reopens the quote goes on with it
                continue
            out.append(_span(text, open_at, i, None, "double", paras, starts))
            open_at = None
        elif ch != "“" or opener == "„":
            out.append(_span(text, open_at, i, i, "double", paras, starts))
            open_at = None
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
