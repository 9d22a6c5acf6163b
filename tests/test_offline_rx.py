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



# At least one phrase for every alternative of lex.MEETING_TRIGGERS (add one when adding a trigger).
_TRIGGER_PHRASES = (
    "phone call", "telephone conversation", "phone talks", "spoke by phone", "spoken by phone",
    "spoke over the telephone", "spoke on the phone", "video call", "video link", "videoconference", "virtual summit",
    "a call with", "the call with", "in a call with", "held a call", "phoned", "telephoned", "discussed trade by phone",
    "talked briefly over the phone", "talks by phone", "conferred by telephone", "met by phone", "summit",
    "summits", "visit", "visited", "visiting", "toured", "trip to", "travelled to", "traveled to", "arrived in",
    "received a delegation", "hosted", "welcomed", "ceremony", "ceremonies", "inaugurated", "sworn in",
    "swearing-in", "funeral", "commemorated", "parade", "wreath", "signing", "talks", "met", "meets", "meeting",
    "meet", "discussed", "discussions", "negotiated", "negotiations", "conferred", "consultations",
    "sat down with", "held a session", "held dialogue", "session", "attended", "attend", "conference", "forum",
    "reception", "dinner", "luncheon", "gathering", "rally", "tour of", "tours of", "showed the envoy round",
    "showed them around", "walked them through", "guided the visitors through", "walked through",
    "cut a green and white ribbon", "cut the ribbon", "spent two hours with", "spent more than four hours inside with",
)


def test_meeting_trigger_look_ahead_finds_what_the_plain_alternation_finds():
    # The look-ahead of _TRIGGER_RE lists the words triggers start with (_TRIGGER_STARTS): a trigger whose first
    # word is missing there would silently never match.
    from summariser.offline._events import _TRIGGER_RE

    plain = re.compile(r"\b(?:" + "|".join(rf"(?P<{k}>{p})" for k, p in lex.MEETING_TRIGGERS) + r")\b")
    for phrase in _TRIGGER_PHRASES:
        text = f"they {phrase} then"
        assert plain.search(text), phrase  # the phrase is a trigger at all
        assert [(m.span(), m.lastgroup) for m in _TRIGGER_RE.finditer(text)] == [
            (m.span(), m.lastgroup) for m in plain.finditer(text)], phrase
    rnd = random.Random(11)
    vocab = sorted({*_TRIGGER_PHRASES, *lex.TRIGGER_KEYWORDS, "a", "the", "in", "by", "with", "over", "room"})
    text = "".join(rnd.choice(vocab) + rnd.choice([" ", " ", "-", "s ", "ed ", ", "]) for _ in range(20000))
    assert [(m.span(), m.lastgroup) for m in _TRIGGER_RE.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)]
