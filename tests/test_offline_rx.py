"""The offline engine's regex helpers match exactly what the plain patterns they replace match."""

from __future__ import annotations

import random
import re

import pytest

from summariser.offline import _lexicon as lex
from summariser.offline._rx import lead, words_alt


def _plain(words):
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _text(words, seed=7, n=3000):
    rnd = random.Random(seed)
    vocab = [*words, *(w.upper() for w in words[:20]), *(w[:-1] for w in words[:30]), "x", "-", "Kelvin", "ſ"]
    return "".join(rnd.choice(vocab) + rnd.choice(["", " ", "s", "-", "’s ", ", "]) for _ in range(n))


@pytest.mark.parametrize(
    "words",
    [
        sorted(lex.ROLE_NOUNS),
        sorted(lex.SPEECH_VERBS),
        sorted(lex.MONTHS),
        [*lex.COUNTRIES, *lex.DEMONYMS],
        ["a", "ab", "abc", "abd", "b", "bc"],
    ],
)
@pytest.mark.parametrize("flags", [0, re.I])
@pytest.mark.parametrize("tail", ["", r"\b", r"s\b", r"\s+\w"])
def test_words_alt_matches_like_the_longest_first_alternation(words, flags, tail):
    text = _text(words)
    plain = re.compile(_plain(words) + tail, flags)
    trie = re.compile(words_alt(words, fold_case=bool(flags)) + tail, flags)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_words_alt_refuses_letters_that_ignorecase_confuses():
    with pytest.raises(ValueError):
        words_alt(["s", "\u017f"], fold_case=True)  # 's' and the long s


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\b(?:at|in)\s+(?P<loc>[A-Z]\w+)", 0),
        (r"\bin\s+the\s+room\b|\bamong\s+those\b|\b(?:were|was)\s+(?:also\s+)?present\b", re.I),
        (r"\b(?:on\s+)?(?:the\s+)?(?:(?-i:May|March)\s+\d{1,2}|\d{1,2}\s+(?-i:May))\b", re.I),
        (rf"\b{words_alt(lex.SPEECH_VERBS)}\b", 0),
        (r"\b(?:x)?", 0),  # may match empty: compiled as it is
    ],
)
def test_lead_matches_like_the_plain_pattern(pattern, flags):
    text = _text("at in the room among those were present May March 12 on said Paris AT In".split(), seed=3)
    plain, led = re.compile(pattern, flags), lead(pattern, flags)
    assert [(m.span(), m.groups()) for m in led.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]
