"""The candidate scans of ``_events`` (``_matches_at``) against the plain ``finditer`` they stand for: texts made
of random matches of each pattern (walks of its parse tree), so that an alternative added to a pattern (or a
lexicon entry) without its first word in the candidates fails here."""

from __future__ import annotations

import random
import re

import pytest

from summariser.offline import _events as ev
from summariser.offline._text import _words_of

try:
    from re import _parser as _sre  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_POOL = " ,.-'’aAzZ7_\u00a0é٣İıſ\u212a\t\n“"
_CATEGORY_SAMPLES = {_sre.CATEGORY_DIGIT: "7٣", _sre.CATEGORY_SPACE: " \u00a0\n", _sre.CATEGORY_WORD: "aZ_é7"}


def _walk(items: object, rnd: random.Random) -> str:
    """A string the parsed ``items`` may match (look-arounds and anchors are left out: the caller checks)."""
    out = []
    for op, av in items:  # type: ignore[attr-defined]
        if op is _sre.LITERAL:
            out.append(chr(av))
        elif op is _sre.NOT_LITERAL or op is _sre.ANY:
            out.append(rnd.choice(_POOL))
        elif op is _sre.IN:
            chars = []
            for iop, iav in av:
                if iop is _sre.LITERAL:
                    chars.append(chr(iav))
                elif iop is _sre.RANGE:
                    chars.append(chr(rnd.randint(iav[0], min(iav[1], iav[0] + 40))))
                elif iop is _sre.CATEGORY:
                    chars.extend(_CATEGORY_SAMPLES.get(iav, _POOL))
            negated = any(iop is _sre.NEGATE for iop, _ in av)
            out.append(rnd.choice(_POOL if negated or not chars else chars))
        elif op is _sre.BRANCH:
            out.append(_walk(rnd.choice(av[1]), rnd))
        elif op is _sre.SUBPATTERN:
            out.append(_walk(av[-1], rnd))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)):
            low, high, body = av
            out.extend(_walk(body, rnd) for _ in range(rnd.randint(low, min(high, low + 2))))
        elif op is _sre.CATEGORY:
            out.append(rnd.choice(_CATEGORY_SAMPLES.get(av, _POOL)))
        # AT, ASSERT, ASSERT_NOT: nothing
    return "".join(out)


def _texts(rx: re.Pattern[str], seed: int, n: int = 1500) -> list[str]:
    rnd = random.Random(seed)
    tree = _sre.parse(rx.pattern, rx.flags).data
    fillers = ["", " ", "(", "“", "\n", "\u00a0", "x", "7", "é", " the ", " in ", ", ", "-"]
    texts = []
    for _ in range(n):
        parts = [rnd.choice(fillers)]
        for _ in range(rnd.randint(1, 3)):
            s = _walk(tree, rnd)
            if rx.flags & re.IGNORECASE and rnd.random() < 0.3:
                s = s.upper() if rnd.random() < 0.5 else s.lower()
            parts += [s, rnd.choice(fillers)]
        texts.append("".join(parts))
    return texts


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


_SCANS = [
    ("role", ev._ROLE_REF, ev._ROLE_REF_CAND, False),
    *((f"location{i}", rx, cand, False) for i, (_, _, cand, rx) in enumerate(ev._LOCATION_RES)),
    ("context", ev._CONTEXT_LOW, ev._CONTEXT_CAND, False),
    ("speech verb", ev._SPEECH_VERB, ev._SPEECH_VERB_CAND, False),
    ("outcome", ev._OUTCOME_RE, ev._OUTCOME_CAND, False),
    ("pledge", ev._PLEDGE_RE, ev._PLEDGE_CAND, False),
    ("future", ev._FUTURE_RE, ev._FUTURE_CAND, False),
    ("anaphor", ev._ANAPHOR_LOW, ev._ANAPHOR_CAND, False),
]


@pytest.mark.parametrize(("name", "rx", "cand", "non_ascii"), _SCANS, ids=[s[0] for s in _SCANS])
def test_candidate_scan_finds_what_finditer_finds(name: str, rx: re.Pattern[str], cand: re.Pattern[bytes],
                                                  non_ascii: bool) -> None:
    hits = 0
    for i, text in enumerate(_texts(rx, seed=len(name))):
        if rx.flags & re.IGNORECASE and any(c in text for c in "İıſ\u212a"):
            continue  # _first_date scans those with finditer
        pos = i % 3
        want = _spans(rx.finditer(text, pos))
        assert _spans(ev._matches_at(rx, text, cand, pos, non_ascii=non_ascii)) == want, (name, text, pos)
        hits += bool(want)
    assert hits > 300  # the walks do make matches


@pytest.mark.parametrize(("name", "rx", "cand", "non_ascii"), _SCANS, ids=[s[0] for s in _SCANS])
def test_first_match_scan_finds_what_search_finds(name: str, rx: re.Pattern[str], cand: re.Pattern[bytes],
                                                  non_ascii: bool) -> None:
    hits = 0
    for text in _texts(rx, seed=len(name) + 7, n=500):
        if rx.flags & re.IGNORECASE and any(c in text for c in "İıſ\u212a"):
            continue
        want = rx.search(text)
        got = ev._first_match_at(rx, text, cand)  # as next(_matches_at(...)) at 0, without non-ASCII starts
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (name, text)
        hits += want is not None
    assert hits > 100


def test_weak_trigger_matches_are_words() -> None:
    # _WEAK_RE is only searched when the sentence's words hold one of _WEAK_WORDS.
    for text in _texts(ev._WEAK_RE, seed=32, n=500):
        for m in ev._WEAK_RE.finditer(text):
            assert m.group() in ev._WEAK_WORDS and m.group() in _words_of(text), text


def test_date_scan_finds_what_finditer_finds() -> None:
    texts = _texts(ev._DATE_RE, seed=2)
    for text in texts + [t.encode("ascii", "replace").decode() for t in texts]:
        want = _spans(ev._DATE_RE.finditer(text))
        assert _spans(ev._date_matches(text)) == want, text


def test_trigger_scan_finds_what_finditer_finds() -> None:
    for text in _texts(ev._TRIGGER_RE, seed=1):
        low = ev.lower(text)
        want = [(m.span(), m.lastgroup) for m in ev._TRIGGER_RE.finditer(low)]
        assert [(m.span(), m.lastgroup) for m in ev._trigger_matches(low)] == want, text


def test_first_date_falls_back_on_case_traps() -> None:
    # IGNORECASE matches 'ſ' to 's' and the Kelvin sign to 'k': the candidate scan cannot see them.
    for text in ("We met laſt week.", "It ended la\u017ft Monday.", "On \u212aey dates: yesterday"):
        want = None
        for m in ev._DATE_RE.finditer(text):
            t = m.group().strip()
            if want is None or (ev._specific(t) and not ev._specific(want)):
                want = t
        assert ev._first_date.__wrapped__(text) == want


def test_location_scans_skipped_without_their_words_find_nothing() -> None:
    # _first_location skips a place scan when the text holds none of the words the table gives it.
    assert sum(1 for _, needed, _, _ in ev._LOCATION_RES if needed) == 2  # the travel and visit scans
    for i, (_, needed, _, rx) in enumerate(ev._LOCATION_RES):
        if needed:
            for text in _texts(rx, seed=20 + i, n=500):
                if rx.search(text) is not None:
                    assert any(w in text for w in needed), text


def test_venue_scans_tried_unlooked_find_what_they_find_after_the_venue_search() -> None:
    # _location_after passes venue=True (no _VENUE_ANY search) when the words hold a venue noun: every match of a
    # venue scan holds a venue noun at or after its start, so a failed search from ``after`` means no match.
    venue_scans = [rx for need_venue, _, _, rx in ev._LOCATION_RES if need_venue]
    assert len(venue_scans) == 2
    found = 0
    for i, rx in enumerate(venue_scans):
        for text in _texts(rx, seed=40 + i, n=500):
            spaced = ev._spaced.__wrapped__(text)
            for after in range(0, len(text), 3):
                got = ev._first_location(text, after, True, spaced)
                assert got == ev._first_location(text, after, None, spaced), (text, after)
                found += got is not None
    assert found > 1000  # the walks do make places


# The one pattern _events._clause_cut stands for (its pieces are looked for apart, the attribution without
# backtracking through every split of its runs): only where a cut starts counts.
_CLAUSE_CUT = re.compile(
    r";|\s+while\s+|,\s+(?:but|although|though|which|who)\b|,\s+(?:and\s+)?(?:said|says|added)\b"
    r"|,\s+and\s+(?:will|would|has|have|is|are|was|were|also)\b|,\s+(?:after|as|amid|following|despite|because)\b"
    r"|,(?!\d)[^,;.]{1,50}(?:,[^,;.]{1,50}){0,2}?(?<=\s)(?:said|says|added|told|announced)\b"
    r"|,\s+according\s+to\b"
    r"|,\s+and\s+(?:the\s+|its\s+|their\s+)?[A-Z][^,;.]{0,50}?\s(?:agreed|pledged|promised|vowed|offered)\b"
)


def test_clause_cut_starts_where_the_one_pattern_does() -> None:
    rnd = random.Random(5)
    pieces = [",", ", ", ";", ".", " ", "\n", "\u00a0", "1,800", " said", "says", "added", " told", "announced",
              " while ", "whiles", " and ", "but", "who", "according to", "its", "Mayor", "agreed", "will", "amid",
              "x" * 23, "y" * 49, "z" * 51, "7"]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 24)))
        m = _CLAUSE_CUT.search(text)
        assert ev._clause_cut(text) == (m.start() if m else len(text)), text


def test_beneficiary_patterns_hold_what_is_looked_for_first() -> None:
    # _beneficiary skips a pattern's search when the commitment lacks what the table says every match holds.
    checked = 0
    for i, (_, holds, rx) in enumerate(ev._BENEFICIARY_RES):
        if holds is None:
            continue
        for text in _texts(rx, seed=60 + i, n=1500):
            if rx.search(text) is not None:
                assert holds.search(text) is not None, text
                checked += 1
    assert checked > 500
