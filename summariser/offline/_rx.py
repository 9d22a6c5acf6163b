"""Regex building blocks for the rules engine."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

try:
    from re import _parser as _sre  # type: ignore[attr-defined]  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_Trie = dict[str, "_Trie"]
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))


def words_alt(words: Iterable[str], *, fold_case: bool = False) -> str:
    """A group matching exactly what ``"|".join(sorted(map(re.escape, words), key=len, reverse=True))``
    matches, longer words tried first, written as a trie: ``re`` tries alternatives one at a time, so a
    list of hundreds of words costs hundreds of tests at every position it is tried, a trie one per letter.

    With ``fold_case`` (for use under ``re.IGNORECASE``) the words are lower-cased first, which must not
    change their length or let two letters of a node match the same character.
    """
    root: _Trie = {}
    for w in words:
        if fold_case:
            low = w.lower()
            if len(low) != len(w):
                raise ValueError(f"{w!r} changes length when lower-cased")
            w = low
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}  # a word ends here
    return "(?:" + _build(root, fold_case) + ")"


def _build(node: _Trie, fold_case: bool) -> str:
    chars = sorted(c for c in node if c)
    if fold_case and not all(c.isascii() for c in chars):
        for i, a in enumerate(chars):  # e.g. 'k' and the Kelvin sign: one of them would shadow the other
            if any(re.fullmatch(re.escape(a), b, re.I) for b in chars[i + 1 :]):
                raise ValueError(f"{a!r} and another letter match alike under IGNORECASE")
    alts = [re.escape(c) + _build(node[c], fold_case) for c in chars]
    if "" in node and alts:  # the word that ends here is tried after every longer one
        return f"(?:{'|'.join(alts)})?" if len(alts) > 1 or len(alts[0]) > 1 else f"{alts[0]}?"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")" if alts else ""


def lead(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a pattern that opens with ``\\b``, with a look-ahead for the
    characters a match can start with right after it: most word boundaries then fail at one test instead
    of trying every alternative. The pattern is compiled as it is when those characters are not known."""
    try:  # the parser is internal to ``re``: should it ever change, go without the look-ahead
        tree = _sre.parse(pattern, flags)
        first = _first(tree.data, flags) if tree.data and tree.data[0] == (_sre.AT, _sre.AT_BOUNDARY) else None
    except Exception:  # pragma: no cover
        first = None
    if first is None or first[1] or len(first[0]) > 24:
        return re.compile(pattern, flags)
    return re.compile(rf"\b(?=[{''.join(sorted(first[0]))}])(?:{pattern})", flags)


def _first(items: Any, flags: int) -> tuple[set[str], bool] | None:
    """(what a match of the parsed ``items`` can start with, as character-class items; whether it can be
    empty), or None when that is not known. Look-arounds and anchors are skipped: they only narrow it down."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL:
            return out | {re.escape(chr(av))}, False
        if op is _sre.IN:
            chars = _charset(av)
            return None if chars is None else (out | chars, False)
        if op is _sre.BRANCH:
            subs = [_first(alt, flags) for alt in av[1]]
        elif op is _sre.SUBPATTERN:
            _, add, _, body = av
            if add & re.IGNORECASE and not flags & re.IGNORECASE:
                return None  # a case-insensitive group in a case-sensitive pattern
            subs = [_first(body, flags)]
        elif op in _REPEATS:
            low, _, body = av
            sub = _first(body, flags)
            subs = [None if sub is None else (sub[0], sub[1] or low == 0)]
        else:
            return None  # any character, a category, a back reference ...
        if any(sub is None for sub in subs):
            return None
        for chars, _ in subs:  # type: ignore[misc]
            out |= chars
        if not any(empty for _, empty in subs):  # type: ignore[misc]
            return out, False
    return out, True


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}


def _charset(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(re.escape(chr(av)))
        elif op is _sre.RANGE:
            chars.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            chars.add(_CATEGORIES[av])
        else:
            return None  # a negated set
    return chars
