"""Shortcuts in People that stand in for a pattern: each must give what the pattern gives."""

from __future__ import annotations

import itertools
import random

from summariser.offline import _lexicon as lex
from summariser.offline import _people as P


def test_role_word_shortcut_finds_what_the_word_pattern_finds() -> None:
    rnd = random.Random(7)
    nouns = sorted(lex.ROLE_NOUNS)
    pieces = [*rnd.sample(nouns, 40), "Minister", "CHAIRMAN", "co", "founder", "vice", "the", "a", "x2", "_",
              "chairman2", "-", "--", "–", ",", ".", "’", "é", "’s", "(", "coach_", "caf\u00e9"]
    for _ in range(3000):
        words = rnd.choices(pieces, k=rnd.randint(1, 6))
        clause = "".join(w + rnd.choice(["", " ", "  ", "-", ", "]) for w in words)
        low = clause.lower()
        want = not lex.ROLE_NOUNS.isdisjoint((P._ASCII_WORD_RE if low.isascii() else P._WORD_RE).findall(low))
        assert P._has_role_word(clause) == want, clause


def test_role_before_reads_what_the_role_pattern_matches() -> None:
    # Every modifier and role noun of the lexicon, in all cases, around "(" and odd spaces, and with letters
    # that IGNORECASE matches to ASCII ones (the Kelvin sign, the long s).
    rnd = random.Random(11)
    nouns = sorted(lex.ROLE_NOUNS)
    mods = sorted(P._ROLE_MOD_SET)
    lead = ["", "said ", "the ", "x(", "(", "Met ", "and\n", " ", "a(b"]
    gaps = [" ", "  ", "\n", "\t", "\u00a0", "", "-", "(", " (", " x("]
    ends = [" ", "  ", "\n", " \n", "", ",", ", "]
    odd = ["\u212aey", "\u017ftate", "chief", "Chief", "CHIEF", "Vice", "u.n.", "U.N.", "headcoach", "é"]

    def check(before: str) -> None:
        tail = before.rstrip()
        prev = tail.rsplit(None, 1)[-1] if tail else ""
        m = P._ROLE_BEFORE.search(before)
        assert P._role_before(before, tail, prev) == (m.group("role") if m else None), repr(before)

    for noun in nouns:
        for mod in (rnd.choice(mods), rnd.choice(mods).upper(), rnd.choice(mods).title(), rnd.choice(odd)):
            for _ in range(3):
                check(f"{rnd.choice(lead)}{mod}{rnd.choice(gaps)}{noun}{rnd.choice(ends)}")
        check(f"{rnd.choice(lead)}{noun.title()} ")
    for mod, gap, end in itertools.product([*mods[:40], *odd], gaps, ends):
        check(f"{rnd.choice(lead)}{mod}{gap}{rnd.choice(nouns)}{end}")
