"""Meetings (talks, calls, visits, summits, ceremonies) and pledges, found
sentence by sentence from the trigger tables in ``_lexicon``."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from summariser.offline import _lexicon as lex
from summariser.offline._people import EXECUTIVE_OF, PRONOUNS, People, Person
from summariser.offline._rx import lead, words_alt
from summariser.offline._speech import Speech, trailing_attribution
from summariser.offline._text import UP, Doc, Sentence, lower, may_contain

# What every lex.MEETING_TRIGGERS alternative opens with (keep them in step): as a look-ahead trie, most word
# starts fail after a letter or two instead of entering each kind's alternation (a third of the scan's cost).
_TRIGGER_STARTS = ("tele phone spoke video virtual held discuss talked talks conferred met meet summit visit tour "
                   "trip travel arrived received hosted welcomed ceremon inaugurat sworn swearing funeral commemorat "
                   "parade wreath signing negotiat consultations sat session attend conference forum reception dinner "
                   "luncheon gathering rally showed walked guided cut spent").split()
# Run on lower-cased text: case-insensitive alternations are several times slower.
_TRIGGER_RE = re.compile(
    rf"\b(?=(?:a|the|in\s+a)\s+call|{words_alt(_TRIGGER_STARTS)})"
    r"(?:\b(?:" + "|".join(rf"(?P<{kind}>{pattern})" for kind, pattern in lex.MEETING_TRIGGERS) + r")\b)"
)
# What the word a _TRIGGER_RE match starts at opens with (see _trigger_matches); shorter starts cover longer ones.
_TRIGGER_FINDS = tuple(w for w in _TRIGGER_STARTS if not any(v != w and w.startswith(v) for v in _TRIGGER_STARTS))
# Every byte of text.encode("ascii", "replace") that is not a word character ('?' stands for any non-ASCII
# character) to a space (see _spaced).
_SPACED = bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(256))
# Where a _TRIGGER_RE match can start (see _matches_at); with "call" in the text, also "a", "the" and "in" where
# its look-ahead can hold ("a call", "in a call").
_TRIGGER_CAND = re.compile(b" " + words_alt(_TRIGGER_FINDS).encode())
_TRIGGER_CAND_CALL = re.compile(
    b" (?:" + words_alt(_TRIGGER_FINDS).encode() + b"|(?:a|the)(?= +call)|in(?= +a +call))")


# The same sentence is scanned by several patterns (triggers, anaphors, dates, speech verbs ...): four calls in five
# repeat a recent text. Cleared for each article (see extract): articles that share sentences must not share work.
@lru_cache(maxsize=64)
def _spaced(text: str) -> bytes:
    """``text`` as bytes with a space in front and for each character that is not an ASCII word character: a
    space then stands before every word start (and some others, after 'é'), at the offset of the word in ``text``."""
    return b" " + text.encode("ascii", "replace").translate(_SPACED)


def _matches_at(rx: re.Pattern[str], text: str, cand: re.Pattern[bytes], pos: int = 0,
                spaced: bytes | None = None, non_ascii: bool = False) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, pos)`` for a pattern whose every match starts at a word start where ``cand`` (which
    opens with a space) matches ``_spaced(text)`` (given as ``spaced`` when known); with ``non_ascii``, also at
    non-ASCII characters. ``re`` would try a match at every character, a dear test at each word boundary: a
    search for the candidates (from a literal space, and case-sensitive: IGNORECASE alternatives cost several
    times more) and a ``match`` at each (seeing the whole text, as ``finditer`` does) costs much less. The
    candidates must not overlap (what follows a word is a look-ahead); no match of ``rx`` may be empty."""
    if spaced is None:
        spaced = _spaced(text)
    at = list(map(re.Match.start, cand.finditer(spaced, pos)))  # where the words start in text (map: a C loop)
    if non_ascii and not text.isascii():  # each is a '?' when encoded (as is a '?')
        raw, more = text.encode("ascii", "replace"), set(at)
        i = raw.find(b"?", pos)
        while i >= 0:
            more.add(i)
            i = raw.find(b"?", i + 1)
        at = sorted(more)
    end = pos
    for i in at:
        if i >= end:  # finditer goes on from the end of the last match
            m = rx.match(text, i)
            if m is not None:
                end = m.end()
                yield m


def _first_match_at(rx: re.Pattern[str], text: str, cand: re.Pattern[bytes]) -> re.Match[str] | None:
    """``next(_matches_at(rx, text, cand), None)``: ``rx.search(text)``, looking for candidates only up to the
    first that matches (the rest of the text is not scanned)."""
    for c in cand.finditer(_spaced(text)):
        m = rx.match(text, c.start())
        if m is not None:
            return m
    return None


# Visit words that yield to a talks trigger in the same sentence ("travelled to X for talks").
_MOVEMENT = re.compile(r"^(?:toured|touring|trip|travel|arrived|visiting|hosted|welcomed|received)")
_TRIGGER_WORD = r"(?:meeting|talks|call|visit|summit|ceremony|session|discussions?|conference|signing|trip)"
_CONTEXT = (
    rf"\b(?:{lex.MEETING_CONTEXT})\b[^,.;]*"
    rf"|\b(?:after|before|following|since|ahead\s+of|until)\s+(?:the|this|that|his|her|their|its)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{_TRIGGER_WORD}\b"
    r"|\b(?:told|addressed|at|gave)\s+(?:a|the)\s+(?:news|press)\s+(?:conference|briefing)"
    r"|\bnext\s+(?:meeting|summit|round)\b"
)
_CONTEXT_RE = lead(_CONTEXT, re.I)
# Where a _CONTEXT match can start (see _matches_at): the first words of its alternatives and lex.MEETING_CONTEXT.
# The common "on", "in" and "at" only where the words after them can follow.
_CONTEXT_CAND = re.compile(b" (?:(?:ahead|after|before|following|since|until|told|addressed|gave|next)(?= )"
                           b"|on(?= +the +(?:sidelines|margins))|in(?= +the +run)|at(?= +(?:a|the) +(?:news|press)))")
_ANAPHOR_RE = lead(lex.MEETING_ANAPHOR, re.I)
# Case-sensitive twins of the two above (whose words are all lower-case), for lower(text): the same matches
# unless the text holds 'İ', 'ı' or 'ſ' (which IGNORECASE folds and lower() does not: see Doc.case_safe), for a
# quarter less work.
_CONTEXT_LOW = lead(_CONTEXT)
_ANAPHOR_LOW = lead(lex.MEETING_ANAPHOR)
# Where an lex.MEETING_ANAPHOR match can start (see _matches_at): the first words of its alternatives.
_ANAPHOR_CAND = re.compile(
    b" " + words_alt("the their this that his her during at both told".split()).encode() + b"(?= )")
_PRESENCE_RE = lead(
    r"\bin\s+the\s+room\b|\bamong\s+those\s+(?:present|attending|in)\b|\bwere\s+(?:also\s+)?present\b"
    r"|\balso\s+present\b|\baccompanied\s+by\b|\bflanked\s+by\b|\bjoined\s+by\b|\bwas\s+(?:also\s+)?attended\s+by\b"
    # who was there, told right after the meeting: "Among them were X and Y", "The group was led by X", "X presided"
    r"|\bamong\s+them\s+(?:were|was)\b|\btook\s+part\b|\b(?:was|were)\s+led\s+by\b"
    r"|\b(?:leaders|delegations?|group|team|participants|guests|delegates|representatives|members)\s+(?:also\s+)?"
    r"included\b"
    r"|\b(?:chaired|presided|mediated|moderated)\b",
    re.I,
)
_GROUP_RE = lead(
    r"\b(?:ministers|officials|leaders|delegations?|representatives|executives|members|envoys|diplomats"
    r"|negotiators|players|lawmakers|governments|counterparts|chiefs|heads)\b",
    re.I,
)
_PLANNED_RE = lead(
    rf"\b{_TRIGGER_WORD}\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+)?"
    r"(?:planned|scheduled|due|expected|set|slated)\b"
    rf"|\b(?:will|would|plans?\s+to|(?:is|are)\s+(?:due|set|expected)\s+to)\s+(?:hold|host|convene)\s+"
    rf"(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?{_TRIGGER_WORD}\b",
    re.I,
)
# Words one of which every match of the IGNORECASE patterns above holds (see Doc.lacks); the word lists
# here and below mirror their patterns (and lexicon entries): keep them in step.
# The words of _PRESENCE_RE that only count right after a meeting (not in lex.ANAPHOR_KEYWORDS: most sentences
# with them are far from any), and "told" (see Events._follows).
_NEAR_WORDS = frozenset("among part led chaired presided mediated moderated included told".split())
_PRESENCE_WORDS = frozenset("room among present accompanied flanked joined attended".split()) | _NEAR_WORDS - {"told"}
_ANAPHOR_WORDS = lex.ANAPHOR_KEYWORDS - _PRESENCE_WORDS
_GROUP_WORDS = frozenset("ministers officials leaders delegation delegations representatives executives members envoys "
                         "diplomats negotiators players lawmakers governments counterparts chiefs heads".split())
_PLANNED_WORDS = frozenset("planned scheduled due expected set slated hold host convene".split())
_NEGATION_RE = lead(
    r"\b(?:not|never|no\s+longer|declined\s+to|refused\s+to|absent|boycott\w*|skipp\w+|cancel\w*|postpone\w*"
    r"|without(?!\s+(?:an?\s+)?(?:agreement|deal|breakthrough|result|progress|consensus)\b)"  # "ended without a deal"
    r"|unable\s+to\s+(?:attend|join|travel|come)|stayed\s+(?:at\s+home|away))\b",
    re.I,
)
# What stands between "told" and the meeting noun when the speaker addressed the meeting ("told| the packed |meeting").
_ADDRESSED = re.compile(r"\s+(?:the|a|an|this|that)\s+(?:(?!news\b|press\b)[\w-]+\s+){0,2}")
_ADDRESS_VERBS = frozenset("told tells addressed addresses briefed".split())
_DUE_RE = lead(  # "are due to meet in London": a meeting not held yet (for RawMeeting.planned)
    r"\b(?:will|would|(?:is|are)\s+(?:due|set|scheduled|expected)\s+to|plans?\s+to)\s+(?:meet|visit|attend)\b")
_DUE_WORDS = frozenset("meet visit attend".split())  # one of them is in every _DUE_RE match
_WHEN_LEAD = re.compile(rf"(?:on|late\s+on|early\s+on|last|this)\s+{words_alt(lex.WEEKDAYS)}\s+(?=to\s|that\s)")
_HOLDS = frozenset("held hold holds holding had began begin opened resumed concluded".split())
_INDEFINITE_MEETING = re.compile(
    r"\b(?:a|an|another)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|call|visit|summit|ceremony)\b", re.I)
_NEW_MARKER = lead(r"\b(?:also|later|separately|another|second|next|earlier|then|afterwards)\b", re.I)
_HE_SHE = re.compile(
    r"(?:^|,\s+|^[^,]{0,40}\b(?:said|says|added|told\s+\w+)\s+(?:that\s+)?"
    r"|^(?:Earlier|Later|Then|On|In|At|After|Before|During)\b[^,.;]{0,30}?\s)(?P<p>[Hh]e|[Ss]he)\b"
)  # "..., she", "Kim said she", "Earlier on Tuesday she"
_SPEECH_VERB = lead(rf"\b{words_alt(lex.REPORTING_VERBS)}\b")
_SPEECH_VERB_CAND = re.compile(b" " + words_alt(lex.REPORTING_VERBS).encode())  # see _matches_at
_PERSON_HEAD = words_alt(lex.PERSON_ROLE_HEADS)
_ROLE_REF = lead(rf"\b(?:the|The)\s+(?:[\w-]+\s+){{0,2}}?(?P<head>{_PERSON_HEAD})\b")
# A person known by their post alone: "the health minister", "its development minister", "The regional governor of X".
_ROLE_PHRASE = re.compile(  # ... or "Romania's president"
    rf"(?:the|its|their|(?-i:[{UP}][\w-]*)['’]s)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<head>{_PERSON_HEAD})"
    r"(?:\s+(?:of|for)\s+[^,;]+)?", re.I)
# ", its chief executive said on Tuesday after talks with ..., easing fears ...": a post's attribution that
# trailing_attribution leaves to the quote rules (more commas follow), enough to know who announced a pledge.
_ROLE_SAID = re.compile(rf",\s+(?P<who>(?:its|the|their)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON_HEAD})"
                        rf"(?:\s+(?:of|for)\s+[^,;]+?)?)\s+(?:said|says|announced|told)\b")
_NAMES = rf"[{UP}][\w'’-]*(?:\s+[{UP}][\w'’-]*)*"  # capitalised words
# Holders of one post as a subject: "The defence ministers of A, B and C", "Three Dutch party leaders".
_GROUP_NUMBER = words_alt({w for n in lex.GROUP_NUMBERS for w in (n, n.capitalize())})
_ROLE_GROUP = re.compile(rf"(?:(?:the|The)\s+)?(?:(?P<num>{_GROUP_NUMBER})\s+)?"
                         r"(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+s)(?:\s+(?:of|from)\s+(?P<list>"
                         rf"{_NAMES}(?:(?:,\s+|,?\s+and\s+){_NAMES})*))?")
_ROLE_REF_CAND = re.compile(b" (?:the|The)(?= )")  # where a _ROLE_REF match can start (see _matches_at)

_NOT_DATE = rf"(?!{words_alt(lex.MONTHS | lex.WEEKDAYS)}\b)"
_CAPSEQ = rf"{_NOT_DATE}[{UP}][\w'’-]*(?:\s+(?:(?:of|de|du|la|le|the)\s+)?{_NOT_DATE}[{UP}][\w'’-]*)*"
_VENUE = words_alt(lex.VENUE_NOUNS)
_AT_IN = re.compile(b" (?:at|in)(?= )")


def _starts_at(words: tuple[str, ...]) -> re.Pattern[bytes]:
    """Where a match that opens with one of ``words`` can start (see _matches_at)."""
    return re.compile(b" (?:" + "|".join(words).encode() + b")")


_TRAVEL_WORDS = ("travel", "trip", "flew", "flown", "visit", "arrived")
_VISIT_WORDS = ("visit", "tour")
# (whether it needs a venue noun, words one of which it needs (as written: the patterns are case-sensitive; a
# substring test is much cheaper than the scan), where a match can start (see _matches_at), pattern)
_LOCATION_RES: list[tuple[bool, tuple[str, ...], re.Pattern[bytes], re.Pattern[str]]] = [(True, (), _AT_IN,
    lead(
        rf"\b(?:at|in)\s+(?P<loc>(?:the\s+)?(?:(?!(?:at|in|on|with|and)\b)[\w'’-]+\s+){{0,3}}(?:{_VENUE})(?!['’\w])"
        rf"(?:\s+(?:in|on|of)\s+(?:the\s+)?{_CAPSEQ})?)\b"
    )),
    (False, (), _AT_IN, lead(rf"\b(?:at|in)\s+(?P<loc>(?:the\s+(?=[{UP}]))?{_CAPSEQ}(?:,?\s+in\s+{_CAPSEQ})?)")),
    (False, _TRAVEL_WORDS, _starts_at(_TRAVEL_WORDS),
     lead(rf"\b(?:travel\w*|trip|flew|flown|visit\w*|arrived)\s+(?:to\s+|in\s+)?(?P<loc>{_CAPSEQ})")),
    (True, _VISIT_WORDS, _starts_at(_VISIT_WORDS),
     lead(rf"\b(?:visit\w*|tour(?:ed|ing))\s+(?P<loc>(?:the|an?)\s+(?:[\w'’-]+\s+){{0,2}}(?:{_VENUE})(?!['’\w])"
          rf"(?:\s+(?:outside|in|near|on)\s+{_CAPSEQ})?)")),
]
_VENUE_ANY = re.compile(_VENUE)
_MONTH_ALT = f"(?-i:{words_alt(lex.MONTHS)})"
_WEEKDAY_ALT = f"(?-i:{words_alt(lex.WEEKDAYS)})"  # no weekday starts another: order does not matter
_DATE_RE = lead(
    rf"\b(?:on\s+)?(?:the\s+)?(?:(?:{_WEEKDAY_ALT})(?:,?\s+(?:{_MONTH_ALT})\.?\s+\d{{1,2}})?"
    rf"(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_ALT})"
    rf"(?:\s+\d{{4}})?)\b"
    rf"|\b(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|{_WEEKDAY_ALT})\b"
    r"|\b(?:yesterday|today|tomorrow)\b|\bon\s+the\s+same\s+day\b|\blater\s+the\s+same\s+day\b"
    rf"|\b(?:in\s+)?(?:early|mid|late)[- ](?:{_MONTH_ALT})\b|\bin\s+(?:{_MONTH_ALT})(?:\s+\d{{4}})?\b",
    re.I,
)
# Where a _DATE_RE match can start, in _spaced(seg).lower() (see _matches_at; IGNORECASE would cost more): its
# words and digits; in ASCII text (where each \s is a space in _spaced) "on", "the" and "in" only where a date
# can follow.
_DATE_NAMES = words_alt({w.lower() for w in lex.MONTHS | lex.WEEKDAYS}).encode()
_DATE_LEADS = words_alt("last next this earlier later yesterday today tomorrow early mid late".split()).encode()
_DATE_CAND = re.compile(b" (?:" + _DATE_NAMES + b"|" + _DATE_LEADS + b"|[0-9]|on|the|in)")
# A day number needs a month after it ("5th May"); "last", "this" ... a period or a weekday ("this week").
_DAY_MONTH = b"[0-9]{1,2}(?:st|nd|rd|th)? +" + _DATE_NAMES
_DATE_CAND_ASCII = re.compile(
    b" (?:" + _DATE_NAMES + b"|yesterday|today|tomorrow"
    b"|(?:last|next|this)(?= +(?:week|month|year|" + words_alt(w.lower() for w in lex.WEEKDAYS).encode() + b"))"
    b"|(?:earlier|later)(?= +(?:this|the +same))|(?:early|mid|late)(?= +" + _DATE_NAMES + b")"
    b"|[0-9](?=[0-9]?(?:st|nd|rd|th)? +" + _DATE_NAMES + b")"
    b"|on(?= +(?:the +)?(?:same|" + _DATE_NAMES + b"|" + _DAY_MONTH + b"))"
    b"|the(?= +(?:" + _DATE_NAMES + b"|" + _DAY_MONTH + b"))|in(?= +(?:early|mid|late|" + _DATE_NAMES + b")))"
)
_TOPIC_RE = lead(
    rf"\b(?:{lex.TOPIC_LEADS}|(?:spoke|talked|talks|call|conversation|discussions?)\b[^.;]{{0,80}}?\babout)"
    r"\s+(?P<t>[^.;:]+)",
    re.I,
)
_TOPIC_LIST = re.compile(r"^(?:focused|focusing)\s+on|including|such\s+as", re.I)
_TOPIC_STOP = re.compile(
    r"\s+(?:to\s+deter|while|as|amid|after|before|ahead\s+of|on\s+the\s+sidelines|which|where|when|and\s+(?:vowed|agreed|"
    r"said|pledged|stressed))\b|,"
)
# One of them is in every match of _TOPIC_RE (lex.TOPIC_LEADS) and _OUTCOME_RE (lex.OUTCOME_LEADS).
_TOPIC_WORDS = frozenset("discuss discussed discussing discussions talks focused focusing importance address concern "
                         "concerns issue issues about".split())
_TRIVIAL_TOPIC = frozenset("the issue|the matter|it|them|this|that|the situation|issues|matters|the plan".split("|"))
_OUTCOME_WORDS = frozenset("agreed signed reached".split())
_OUTCOME_RE = lead(rf"\b(?:{lex.OUTCOME_LEADS})\s+(?P<o>[^;]+?)(?=,\s+(?:the|a|according)\b|[.;]|$)")
_OUTCOME_CAND = re.compile(b" (?:agreed|signed|reached)")  # lex.OUTCOME_LEADS's first words (see _matches_at)

_PLEDGE_RE = lead(rf"\b(?:{lex.PLEDGE_TRIGGERS})\b")
# Where a _PLEDGE_RE match can start (see _matches_at): the first words of lex.PLEDGE_TRIGGERS's alternatives.
_PLEDGE_CAND = re.compile(b" " + words_alt(
    "vow pledg promis committed agreed undert offer announced has have had remain is are was were be stand stood to"
    .split()).encode())
_PLEDGE_EXTRA = lead(r"\b(?:gave|give|gives|offered)\s+(?:assurances|guarantees)\b|\bguaranteed\b")
_EXTRA_WORDS = frozenset("gave give gives offered guaranteed".split())
_CONDITIONAL = lead(r"\b(?:until|unless|if|whether|before|not|never|refused|declined)\s+(?:\S+\s+){0,4}$")
# _CONDITIONAL's and _AUX_TAIL's words: a text that does not end near one of them cannot match.
_CONDITION_LEADS = ("until", "unless", "if", "whether", "before", "not", "never", "refused", "declined")
_COORD_LEFT = re.compile(r"(?:,|\band|\bwhile|\bafter|\bbefore|\bby)\s*$")
_AUX_LAST = frozenset("has had have also later then would will could should may might must already quickly publicly "
                      "formally repeatedly again evening today yesterday".split())
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|had|have|also|later|then|would|will|could|should|may|might|must|already|quickly|publicly"
    r"|formally|repeatedly|again|on\s+\w+|by\s+evening|today|yesterday))+$",
    re.I,
)
_NAME_TAIL = re.compile(r"(?<!\S)[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*$")  # the capitalised words an NP ends with
_NP_STOP = frozenset(
    "by from with on in at to for of and that which who as while when after before than or but because since "
    "during into over under between about against".split()
)
# A plural noun after "to" ("to farmers", not "to address") or a determiner, a capital or a digit.
_CONTINUES = "|".join(sorted(lex.BENEFIT_CONTINUES))
_TO_NOUN = rf"to\s+(?=the\b|a\b|an\b|its\b|their\b|[{UP}\d]|[a-z][\w-]*[^su\W]s\b|(?:{_CONTINUES})\b)"
# "for a year", "for an estimated ...": durations and hedges, not beneficiaries.
_NOT_FOR = (r"an?\s+(?:[\w-]+\s+)?(?:years?|months?|weeks?|days?|period|decade|while|time|total|further|second|third"
            r"|estimated|additional|extra|number)\b|an?\s+(?:[\w-]+\s+)?(?:\w+\s+)?(?:years?|months?)\b")
# What every match of the money or aid pattern below holds after its start: a search for it costs much less than
# one for the pattern (tried at every character, each a dear test), and it rules out one commitment in five.
_BENEFIT_TAIL = re.compile(rf"\s(?:{_TO_NOUN}|for\s)")
# (words one of which it needs, a pattern every match holds (see _BENEFIT_TAIL), the pattern)
_BENEFICIARY_RES: list[tuple[tuple[str, ...], re.Pattern[str] | None, re.Pattern[str]]] = [
    (("access", "right", "permission"), None,
     lead(r"\b(?:grant|give|offer)\s+(?P<b>[^,;]+?)\s+(?:access|the\s+right|permission)\b")),
    ((" to ", " for "), _BENEFIT_TAIL,
     lead(rf"(?:(?P<money>{lex.MONEY})|\b(?:{lex.BENEFIT_NOUNS}))\b(?:\s+[\w$€£.,-]+){{0,5}}?"
                rf"\s+(?:{_TO_NOUN}|for\s+(?(money)(?!{_NOT_FOR})|(?!an?\b)))(?P<b>.+)")),
    ((" with",), None, lead(r"\b(?:provide|give|send|offer|supply|grant|donate)\s+(?P<b>.+?)\s+with\b")),
    (("cost",), None, lead(r"\bcover(?:ing|s)?\s+the\s+costs?\s+of\s+[^,;]+?\s+for\s+(?P<b>.+)")),
    (("cost",), None, lead(r"\bcover(?:ing|s)?\s+the\s+costs?\s+of\s+(?P<b>.+)")),
    ((" to ",), None, lead(rf"\b(?:{lex.TRANSFER_VERBS})\s+[^,;]+?\s+{_TO_NOUN}(?P<b>.+)")),
    (tuple(lex.TRANSFER_VERBS.split("|")), None,
     lead(rf"\b(?:{lex.TRANSFER_VERBS})\s+(?P<b>(?:the\s+)?[{UP}][\w'’-]*(?:\s+[{UP}][\w'’-]*)*)\s+(?=[\d$€£])")),
    (tuple("help support assist compensat train protect benefit rebuild reimburse".split()), None,
     lead(r"\b(?:help|support|assist|compensate|train|training|protect|benefit|rebuild|reimburse)\s+"
                rf"(?=the\b|an?\b|its\b|their\b|[{UP}\d]|[a-z][\w-]*[^su\W]s\b)(?P<b>.+)")),
    (("for ",), None,
     lead(r"\bfor\s+(?P<b>(?!an?\b|the\s+(?:first|next|last|rest|same)\b|at\s+least\b)(?:\w+\s+){0,3}?\w*"
                rf"(?:{lex.BENEFIT_GROUPS})\b)")),
]
# Where a commitment clause ends (see _clause_cut): a ";", " while ", or one of these phrases after a comma.
_COMMA_CUT = re.compile(
    r",(?:\s+(?:but|although|though|which|who)\b|\s+(?:and\s+)?(?:said|says|added)\b"
    r"|\s+and\s+(?:will|would|has|have|is|are|was|were|also)\b|\s+(?:after|as|amid|following|despite|because)\b"
    # ", the ministry said": up to three comma-separated runs of 1-50 characters, the last ending in a space (what
    # "[^,;.]{1,50}(?:,[^,;.]{1,50}){0,2}?(?<=\s)" matches, which tried every split of the text into runs).
    r"|(?!\d)(?:[^,;.]{1,50},){0,2}[^,;.]{0,49}\s(?:said|says|added|told|announced)\b"  # not "1,800 jobs"
    r"|\s+according\s+to\b"
    # ", and the mayor's office agreed to ...": a second party's own commitment (one trigger each)
    r"|\s+and\s+(?:the\s+|its\s+|their\s+)?[A-Z][^,;.]{0,50}?\s(?:agreed|pledged|promised|vowed|offered)\b)"
)
_WHILE_CUT = re.compile(r"\s+while\s+")
_THAT_CUT = lead(r"\band\s+that\b")


def _clause_cut(text: str) -> int:
    """Where the first clause break in ``text`` starts (``len(text)`` without one). Each kind is looked for apart:
    in one pattern, whose alternatives do not all open with a literal, ``re`` would try every one of them at
    every character; the comma phrases are only tried at commas."""
    cut = text.find(";")
    if cut < 0:
        cut = len(text)
    for m in (_WHILE_CUT.search(text) if "while" in text else None, _COMMA_CUT.search(text) if "," in text else None):
        if m is not None and m.start() < cut:
            cut = m.start()
    return cut


def _alt(phrases: list[str]) -> str:
    """A regex alternation of word-table phrases (entries with regex syntax are kept as they are)."""
    parts = [p if "(" in p or "\\" in p else r"\s+".join(re.escape(w) for w in p.split()) for p in phrases]
    return "|".join(sorted(parts, key=len, reverse=True))


_COMMIT_ALT = _alt(lex.COMMIT_VERBS)
_FUTURE_AUX = ("will", "would", "shall", "won['’]t", "wouldn['’]t")
_FUTURE_RE = lead(
    rf"\b(?P<aux>{'|'.join(_FUTURE_AUX)})\s+(?:(?P<neg>not|never)\s+)?"
    r"(?:(?:also|now|then|still|immediately|jointly|further|soon|initially|quickly|swiftly|urgently|directly)\s+)*"
    rf"(?:(?P<v>{_COMMIT_ALT})\b|(?P<r>[a-z][\w-]*))"  # any verb, but only in a refusal
)
_FUTURE_WORDS = frozenset(re.findall(r"^[a-z]+", a)[0] for a in _FUTURE_AUX)  # "won" and "wouldn" for "n't"
_FUTURE_CAND = re.compile(b" " + words_alt(_FUTURE_WORDS).encode())  # where a match can start (see _matches_at)
_COMMIT_WORDS = frozenset(w for p in lex.COMMIT_VERBS for w in re.findall(r"[a-z]+", p.split("(")[0])) | frozenset(
    "not never".split())
_ALLOC_RE = lead(rf"\b(?:{lex.ALLOCATION_TRIGGERS})\b")
_ALLOC_WORDS = frozenset("aside earmarked earmark earmarks fenced ringfenced".split())
_MONEY_SOON = re.compile(rf"[^.;]{{0,40}}?(?:{lex.MONEY}|\d)")
_CONDITION_RE = lead(rf"\b(?:{lex.CONDITIONS})\b")
_CONDITION_WORDS = frozenset(re.findall(r"[a-z]+", lex.CONDITIONS)) - {"s", "that", "as", "on", "in"}
_SPLIT_RE = lead(  # matched from "and"; the head's ", " is stripped by the caller
    rf"\band\s+(?:(?:will|would)\s+)?(?:also\s+)?(?:to\s+)?"
    rf"(?=(?:{_COMMIT_ALT}|{'|'.join(sorted(lex.SECOND_VERBS))})\b"
    rf"|(?:not|never)\s+(?!(?:{'|'.join(sorted(lex.NOT_REFUSAL_VERBS))})\b)[a-z])"
    # "... and would sponsor ...": a second clause, any verb but talk ("and would consider a grant")
    rf"|\band\s+(?:will|would)\s+(?:also\s+)?(?!(?:{'|'.join(sorted(lex.SOFT_OFFER_VERBS))})\b)(?=[a-z])"
)
_COMMIT_SPEECH_RE = lead(rf"\b{words_alt(lex.COMMIT_SPEECH)}\b")
_GROUP_ACTOR_RE = re.compile(lex.GROUP_ACTOR, re.I)
_ORG_HEAD_CLASS = {h: cls for cls, (heads, _) in lex.ORG_CLASSES.items() for h in heads}
# Per class, the name words of every other class: "the company" never means "... Foundation".
_OTHER_CLASS_NAMES = {cls: frozenset().union(*(n for c, (_, n) in lex.ORG_CLASSES.items() if c != cls))
                      for cls in lex.ORG_CLASSES}
_ORG_ANAPHOR_RE = re.compile(
    r"(?:the|its|their|this|that|our|his|her)\s+(?:[\w'’-]+\s+){0,2}?(?P<head>"
    + words_alt(_ORG_HEAD_CLASS, fold_case=True) + r")",
    re.I,
)
_GOV_NOUNS = (r"government|administration|state|cabinet|city|town|district|region|province|country|nation|county"
              r"|capital|canton|municipality|prefecture|territory")
_GOV_RE = re.compile(
    rf"(?:(?:the|its|his|her|their|our)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:{_GOV_NOUNS})", re.I
)
_PLACES = frozenset([*lex.COUNTRIES, *lex.CITIES])
# First words of the group, organisation and government phrases above ("both sides", "the lender", "her government").
_ANAPHOR_FIRST = frozenset("the both its their this that our his her".split())
_NONSPACE = re.compile(r"\S+")
_POSS_PREFIX = re.compile(rf"[{UP}][\w.'’-]*(?:\s+[{UP}][\w.'’-]*)?['’]s\s+")
_NP_DETS = frozenset("the a an both its their his her our this these those".split())
_NAME_JOIN = frozenset("of for de du van von der al bin".split())
_SUBJ_PRONOUNS = frozenset("he she it we they".split())
# The last four characters before a name an organisation noun introduces ("the charity Medical ..."): the
# noun's end, the commas that may follow it, and the space (every noun has three letters or more).
_INTRO_ENDS = frozenset((n + "," * commas + " ")[-4:] for n in lex.ORG_INTRO_NOUNS for commas in range(4))
_ORG_JOIN = re.compile(rf"[ \u00a0]+(?:of|for|&)[ \u00a0]+(?:the[ \u00a0]+)?(?=[{UP}])")
_COMMON_STARTS = lex.STOP | frozenset(
    w.capitalize() for w in [*lex.ROLE_NOUNS, *(n + "s" for n in lex.ROLE_NOUNS)]
) | frozenset("Crews Staff Workers Members Players Fans People Police Troops Voters Shareholders Investors".split())
# Set when grounding learns to resolve "A and B" to its parts: then a group's parties are always joined.
JOIN_GROUP_ACTORS = False
_SUBJECT_NP = re.compile(
    rf"(?:[^,]{{1,50}},\s+)?(?P<np>(?:both|the|The|Both)\s+(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+?|[{UP}][\w'’-]*"
    rf"(?:\s+[{UP}][\w'’-]*){{0,4}})\s+(?:\w+ed|have|has|had|will|would|were|was|are|is)\b"
)
_WHOLE_SUBJECT = re.compile(rf"(?P<np>(?:The|A|An|[{UP}][\w'’-]*)(?:\s+[\w'’-]+){{0,9}})")
_NOT_SUBJECT = lex.SPEECH_VERBS | PRONOUNS | frozenset(
    "it they we i is are was were has have had be will would".split())
_NOUN_KIND = {"meeting": "talks", "talks": "talks", "discussions": "talks", "discussion": "talks",
              "session": "talks", "conversation": "call", "call": "call", "visit": "visit", "trip": "visit",
              "delegation": "visit", "summit": "summit", "ceremony": "ceremony", "signing": "ceremony"}
_TOLD_WHOM = re.compile(r"\btold\s+")
_AFTER_WORDS = frozenset(("after", "following"))  # one of them is in every _AFTER_MEETING match
_AFTER_MEETING = re.compile(
    rf"\b(?:after|following)\s+(?:the|this|that|their|its)\s+(?:[\w-]+\s+){{0,2}}?{_TRIGGER_WORD}\b", re.I)
_SAID_AFTER = re.compile(r"\s+" + _AFTER_MEETING.pattern, re.I)  # "X said after the talks": X was at them
_APART_HINTS = ("separate", "sidelines", "margins")
_APART_RE = re.compile(r"\bseparate(?:ly)?\b|\bon\s+the\s+(?:sidelines|margins)\b", re.I)
_LATER_CLAUSE = re.compile(r"\b(?:that|but)\b|,\s+and\b")  # what opens a clause of its own after the meeting's
_GATHERING_NOUNS = frozenset("meeting session summit conference".split())  # what a sideline meeting is held at
_PAIR_REFS = ("the two", "both", "the pair")  # how lex.MEETING_ANAPHOR's references to the people start
_OUTINGS = frozenset(("visit", "ceremony", "call"))  # kinds that are events apart from the talks around them
# The verbs "the two" can end an lex.MEETING_ANAPHOR match with ("the two agreed"): they tell of the same meeting.
_ANAPHOR_VERBS = frozenset("agreed discussed vowed pledged signed met spoke said have had will were are".split())
_GATHERINGS = frozenset(("other", "summit"))  # kinds of many-sided gatherings (conferences, forums, summits)
_WORD_RE = re.compile(r"[^\W\d_]+")
# A sentence with none of these can only continue a ceremony (most sentences): one test instead of two.
_CUE_WORDS = lex.TRIGGER_KEYWORDS | lex.ANAPHOR_KEYWORDS
_DATE_WORDS = frozenset(w.lower() for w in lex.MONTHS | lex.WEEKDAYS) | frozenset(
    "last next this earlier later yesterday today tomorrow same early mid late".split())
_NEGATION_WORDS = frozenset(
    "not never longer declined refused absent boycott boycotted boycotting skipped skipping cancelled canceled "
    "cancelling postponed postponing without unable stayed".split())
_DETERMINERS = frozenset("the a an both its their his her".split())
_WEAK_RE = lead(rf"\b(?:{lex.WEAK_TRIGGERS})\b")
_WEAK_WORDS = frozenset(lex.WEAK_TRIGGERS.split("|"))  # a _WEAK_RE match is one of them as a whole word
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_ROLE_FOLLOWED = re.compile(r"\s+of\b|,\s+[A-Z]")
_APPOS_END = re.compile(r"[A-Z][\w'’-]*,\s*$")
# ", a private charity based in Dakar,"; after a name, ", the biggest lender to the 31 countries,"
_APPOS_BEFORE_VERB = re.compile(r",\s+(?P<det>a|an|the)\s+[^,;:]{1,100},\s*$")


def _main_meeting(out: list[RawMeeting]) -> RawMeeting | None:
    """The latest meeting of ``out`` not held apart from another."""
    return next((m for m in reversed(out) if not m.apart), None)


def _is_name(text: str) -> bool:
    """Whether ``text`` is a bare name ("China", "The Mulago Trust"), not "In Paris" or "On Tuesday"."""
    words = text.split()
    if not words or (words[0] in lex.STOP and words[0] != "The") or words[-1] in lex.WEEKDAYS | lex.MONTHS:
        return False
    return all(w[:1].isupper() or w in ("of", "and", "for", "the") for w in words)


_COMMA_WHO = re.compile(r",\s*who\s*$")
_WHO_CLAUSE = re.compile(r",\s+who\s+[^,;]+")  # ", who chaired the talks" after a name
_REL_END = lead(r"\b(?:who|which|that)\s*$")


@dataclass
class RawMeeting:
    kind: str
    participants: list[Person] = field(default_factory=list)
    location: str | None = None
    date_text: str | None = None
    topics: list[str] = field(default_factory=list)
    outcome: str | None = None
    evidence: list[Sentence] = field(default_factory=list)
    last: int = -1  # sentence index of the latest evidence
    planned: bool = False  # told as due, scheduled ...: not held (yet)
    apart: bool = False  # held on the sidelines of another, or separately
    # Evidence (raw sentence text, its words when known) whose place is not looked for yet: the first place the
    # evidence names is the meeting's, looked for only when asked (see Events._place_of), mostly never.
    unplaced: list[tuple[str, frozenset[str] | None]] = field(default_factory=list, repr=False, compare=False)


@dataclass
class RawPledge:
    actor: str
    commitment: str
    beneficiary: str | None
    date_text: str | None
    evidence: Sentence


def _date_text(seg: str, words: frozenset[str] | None = None) -> str | None:
    """The most specific date phrase in ``seg``; ``words``: its lower-case words, when the caller has them."""
    if _DATE_WORDS.isdisjoint(_WORD_RE.findall(lower(seg)) if words is None else words):
        return None
    return _first_date(seg)


@lru_cache(maxsize=512)
def _first_date(seg: str) -> str | None:
    best = None
    for m in _date_matches(seg):
        t = m.group().strip()
        if best is None or (_specific(t) and not _specific(best)):
            best = t
    return best


def _date_matches(seg: str) -> Iterable[re.Match[str]]:
    """``_DATE_RE.finditer(seg)``."""
    if seg.isascii():
        return _matches_at(_DATE_RE, seg, _DATE_CAND_ASCII, spaced=_spaced(seg).lower())
    if "İ" in seg or "ı" in seg or "ſ" in seg or "\u212a" in seg:
        return _DATE_RE.finditer(seg)  # IGNORECASE matches them to ASCII letters, which _spaced() blanks
    # A match may also start at a digit other than 0-9.
    return _matches_at(_DATE_RE, seg, _DATE_CAND, spaced=_spaced(seg).lower(), non_ascii=True)


def _specific(date_text: str) -> bool:
    return any(c.isdigit() for c in date_text) or any(d in date_text for d in lex.WEEKDAYS)


# Every _CONTEXT_RE match holds one of these (case aside; see lex.MEETING_CONTEXT): most sentences need no
# substitution at all.
_CONTEXT_HINTS = ("sidelines", "ahead", "run-up", "margins", "after", "before", "following", "since", "until", "news",
                  "press", "next")
# The same as whole words (for Doc.lacks): "run-up" holds the word "run".
_CONTEXT_WORDS = frozenset(h.split("-")[0] for h in _CONTEXT_HINTS)


@lru_cache(maxsize=512)
def _without_context(seg: str) -> str:
    """``seg`` with its context phrases ("ahead of the summit") blanked."""
    if not may_contain(seg, _CONTEXT_HINTS):
        return seg
    if "İ" in seg or "ı" in seg or "ſ" in seg:
        return _CONTEXT_RE.sub(lambda m: " " * len(m.group()), seg)
    parts: list[str] = []
    at = 0
    for m in _matches_at(_CONTEXT_LOW, lower(seg), _CONTEXT_CAND):
        parts += (seg[at:m.start()], " " * (m.end() - m.start()))
        at = m.end()
    return "".join(parts) + seg[at:] if parts else seg


def _trigger_matches(low: str) -> list[re.Match[str]]:
    """``list(_TRIGGER_RE.finditer(low))``: a match starts at a word opening with one of _TRIGGER_FINDS (the
    look-ahead of _TRIGGER_RE), or with "a", "the" or "in" before "call"."""
    return list(_matches_at(_TRIGGER_RE, low, _TRIGGER_CAND_CALL if "call" in low else _TRIGGER_CAND))


def _kind_from(matches: Iterable[re.Match[str]]) -> str | None:
    """The meeting kind a sentence's ``_TRIGGER_RE`` matches name; None when there are none."""
    first = named = None  # the first match, and the first of a kind other than "other"
    talks = False
    for m in matches:
        group = m.lastgroup
        if group == "call":
            return "call"  # it always wins: the rest does not matter
        if first is None:
            first = m
        if named is None and group is not None and group != "other":
            named = m
        talks = talks or group == "talks"
    if first is None:
        return None
    pick = named or first
    kind = pick.lastgroup or "other"
    if kind == "visit" and talks and _MOVEMENT.match(pick.group()):
        return "talks"
    return kind


def _location_after(seg: str, trig: re.Match[str] | None, words: frozenset[str] | None = None) -> str | None:
    """The first place phrase after the meeting trigger ``trig`` (the first ``_TRIGGER_RE`` match in
    ``lower(seg)``), or anywhere, failing that. ``words``: those of ``lower(seg)``, when the caller has them."""
    after = trig.start() if trig else 0
    # A venue noun the patterns need is a whole word: without one among the words no venue pattern can match. With
    # one, they are tried without looking for it first (where it is): a venue pattern only matches around one.
    venue = None if words is None else not words.isdisjoint(lex.VENUE_NOUNS)
    spaced = _spaced(seg)
    return _first_location(seg, after, venue, spaced) or (_first_location(seg, 0, venue, spaced) if after else None)


def _first_location(seg: str, after: int, venue: bool | None, spaced: bytes) -> str | None:
    """The first place phrase from ``after``; ``venue``: False when ``seg`` is known to hold no venue noun, True
    when it may hold one (None: look); ``spaced``: _spaced(seg)."""
    best: tuple[int, str] | None = None
    if venue is None:
        venue = _VENUE_ANY.search(seg, after) is not None
    for need_venue, needed, cand, rx in _LOCATION_RES:
        if need_venue and not venue:
            continue  # the pattern's venue noun is missing
        if needed and not any(map(seg.__contains__, needed)):  # map: the tests run in C
            continue  # its scan would find no candidate
        for m in _matches_at(rx, seg, cand, after, spaced):
            loc = m.group("loc").strip()
            parts = loc.split()
            first = parts[1] if loc.startswith("the ") and len(parts) >= 2 else parts[0]
            if first in lex.MONTHS or first in lex.WEEKDAYS or first in lex.STOP or loc[:1].isdigit():
                continue
            if parts[-1] in lex.MONTHS or parts[-1] in lex.WEEKDAYS:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), loc)
            break
    return best[1] if best else None


@lru_cache(maxsize=512)
def _topics(seg: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _TOPIC_RE.finditer(seg):
        body = m.group("t")
        if _TOPIC_LIST.search(m.group()):
            parts = _LIST_SPLIT.split(body)
        else:
            stop = _TOPIC_STOP.search(body)
            parts = [body[: stop.start()] if stop else body]
        for p in parts:
            p = p.strip()
            if p and p.casefold() not in _TRIVIAL_TOPIC and len(p.split()) <= 12 and p not in out:
                out.append(p)
    return tuple(out[:4])


class Events:
    def __init__(self, doc: Doc, people: People, speech: Speech) -> None:
        self.doc = doc
        self.text = doc.text
        self.people = people
        self.speech = speech
        self._people_memo: dict[int, list[Person]] = {}
        # Organisations found so far (see _orgs): those of the capitalised runs before _org_chunks_done.
        self._org_list: list[tuple[int, int, str, str | None]] = []
        self._org_chunks_done = 0
        self._chunk_ends: dict[int, int] | None = None  # capitalised runs: start -> end (see _find_orgs)
        self._org_words: dict[str, list[str]] = {}  # each organisation name of _org_list: its words
        self._meetings: list[RawMeeting] = []
        self._touched: RawMeeting | None = None  # the meeting the latest evidence went to (see meetings)
        self._by_name: dict[str, Person] | None = None
        # Per lower-cased sentence text: its _TRIGGER_RE matches. Kind, location and participants all scan the
        # same sentence (quote-blanked, context-blanked or raw, which are usually the same text): one scan.
        self._trigger_memo: dict[str, list[re.Match[str]]] = {}
        self._kind_memo: dict[str, str | None] = {}
        self._location_memo: dict[str, str | None] = {}
        self._sentence_words: list[frozenset[str]] | None = None  # see _words_by_sentence

    def _words_by_sentence(self) -> list[frozenset[str]]:
        """Each sentence's words (Doc.words), looked up once for the sentence loops of meetings and pledges."""
        if self._sentence_words is None:
            doc = self.doc
            self._sentence_words = [doc.words(s.start, s.end) for s in doc.sentences]
        return self._sentence_words

    # --- meetings -------------------------------------------------------------------

    def _kind(self, seg: str, words: frozenset[str] | None = None) -> str | None:
        if words is not None and words.isdisjoint(lex.TRIGGER_KEYWORDS):
            return None
        if seg not in self._kind_memo:
            self._kind_memo[seg] = _kind_from(self._triggers(lower(self._without_context(seg, words))))
        return self._kind_memo[seg]

    def _without_context(self, seg: str, words: frozenset[str] | None) -> str:
        """``_without_context(seg)``; ``words``: those of ``seg`` when known, which mostly show it has nothing to
        blank without lower-casing it."""
        return seg if words is not None and self.doc.lacks(words, _CONTEXT_WORDS) else _without_context(seg)

    def _negated(self, seg: str) -> bool:
        """Whether ``seg`` denies its meeting ("did not attend", "was unable to join the talks"). Absence told
        after a meeting of the sentence's own is someone else's ("held a video call with X, who was unable to
        join the visit"); a denial in a clause after the meeting's is about something else ("met X, and the two
        agreed that the site could not reopen")."""
        first = None
        for nm in _NEGATION_RE.finditer(seg):
            if nm.group().casefold().startswith(("unable", "stayed")) and _INDEFINITE_MEETING.search(
                    seg, 0, nm.start()):
                continue
            first = first or self._first_trigger(lower(seg))
            if first is not None and first.end() <= nm.start() and _LATER_CLAUSE.search(seg, first.end(), nm.start()):
                continue
            return True
        return False

    def _only_anaphor(self, seg: str, am: re.Match[str] | None) -> bool:
        """Whether no meeting trigger of ``seg`` comes before its anaphor ``am`` ("held talks ... the meeting")."""
        if am is None or not _HOLDS.isdisjoint(am.group().casefold().split()):
            return False  # "the panel held talks" reads as an anaphor, but tells of talks of its own
        first = self._first_trigger(lower(seg))
        return first is None or first.start() >= am.start()

    def _anaphor(self, seg: str, words: frozenset[str]) -> re.Match[str] | None:
        """``_ANAPHOR_RE.search(_without_context(seg))`` (its text lower-cased where that is the same)."""
        ctx = self._without_context(seg, words)
        if not self.doc.case_safe:
            return _ANAPHOR_RE.search(ctx)
        return _first_match_at(_ANAPHOR_LOW, lower(ctx), _ANAPHOR_CAND)

    def _triggers(self, low: str) -> list[re.Match[str]]:
        """``list(_TRIGGER_RE.finditer(low))``, memoised."""
        found = self._trigger_memo.get(low)
        if found is None:
            found = self._trigger_memo[low] = _trigger_matches(low)
        return found

    def _first_trigger(self, low: str) -> re.Match[str] | None:
        """``_TRIGGER_RE.search(low)``."""
        found = self._triggers(low)
        return found[0] if found else None

    def _location(self, raw: str, words: frozenset[str] | None = None) -> str | None:
        """The first place phrase after the meeting trigger of ``raw`` (or anywhere, failing that); ``words``:
        those of ``raw``, when known."""
        if raw not in self._location_memo:
            self._location_memo[raw] = _location_after(raw, self._first_trigger(lower(raw)), words)
        return self._location_memo[raw]

    def _place_of(self, m: RawMeeting) -> str | None:
        """``m.location``: the first place its evidence names (in the order it was merged), looked for now."""
        while m.location is None and m.unplaced:
            raw, words = m.unplaced.pop(0)
            m.location = self._location(raw, words)
        m.unplaced.clear()
        return m.location

    def _participants(self, sent: Sentence, seg: str) -> list[Person]:
        return list(self._participants_cached(sent, seg))

    def _participants_cached(self, sent: Sentence, seg: str) -> list[Person]:
        key = sent.start
        if key not in self._people_memo:
            self._people_memo[key] = self._find_participants(sent, seg)
        return self._people_memo[key]

    def _find_participants(self, sent: Sentence, seg: str) -> list[Person]:
        words = self.doc.words(sent.start, sent.end)
        mentions = self.people.in_span(sent.start, sent.end)
        roles = not lex.PERSON_ROLE_HEADS.isdisjoint(words)
        # The spans whose mentions are speakers, not participants: only needed to filter mentions or role references.
        excluded = self._speaker_spans(sent, seg, words) if mentions or roles else []
        people: list[Person] = []
        for s, _, p in mentions:
            if any(a <= s < b for a, b in excluded) or p in people:
                continue
            people.append(p)
        hm = _HE_SHE.search(seg[:60]) if ("he" in words or "she" in words) else None
        if hm:
            he = self.people.pronoun(sent.start + hm.start("p"))
            if he and he not in people:
                people.insert(0, he)
        for rm in _matches_at(_ROLE_REF, seg, _ROLE_REF_CAND) if roles else ():
            at = sent.start + rm.start()
            if any(a <= at < b for a, b in excluded) or _ROLE_FOLLOWED.match(seg, rm.end()):
                continue  # "the chairman of X, Name": a new person, not a reference
            if _APPOS_END.search(seg, 0, rm.start()):
                continue  # an appositive: "Name, the chairman, ..."
            ref = self.people.last_before(at, role_head=rm.group("head").casefold())
            if ref and ref not in people:
                people.append(ref)
        return people

    def _speaker_spans(self, sent: Sentence, seg: str, words: frozenset[str]) -> list[tuple[int, int]]:
        """The attributions of ``sent`` (", X said") and the lead-in of a reported meeting ("Okafor added that ...
        negotiating"), as text offsets."""
        excluded = [(sent.start + a, sent.start + b) for a, b, _ in trailing_attribution(seg)
                    if not self._who_met(seg, b)]
        verb = None if lex.REPORTING_VERBS.isdisjoint(words) else _first_match_at(_SPEECH_VERB, seg, _SPEECH_VERB_CAND)
        trig = verb and (self._first_trigger(lower(seg)) or (
            None if _WEAK_WORDS.isdisjoint(words) else _WEAK_RE.search(seg)))
        if trig and verb and verb.start() < trig.start() and not (
                verb.group().casefold() in _ADDRESS_VERBS and _ADDRESSED.fullmatch(seg, verb.end(), trig.start())
        ) and _SAID_AFTER.match(seg, verb.end()) is None:
            excluded.append((sent.start, sent.start + verb.start()))  # not "X told the meeting": X was there
        return excluded

    def _who_met(self, seg: str, end: int) -> bool:
        """Whether the speaker whose name ends at ``end`` is the subject of a relative clause that holds the
        meeting trigger (", said X, who co-chaired the meeting."): a participant, not only a source."""
        rel = _WHO_CLAUSE.match(seg, end)
        return rel is not None and any(end < t.start() < rel.end() for t in self._triggers(lower(seg)))

    def _follows(self, sent: Sentence, seg: str, words: frozenset[str], out: list[RawMeeting]) -> RawMeeting | None:
        """The meeting of ``out`` that ``sent``, with no meeting word of its own, tells of someone at: the latest,
        when they address one of its participants ("Y told the minister that ...", "Y told Ortiz ..."), or speak
        after it ("Y said after the talks", which the context blanking hides from the anaphors; "after the
        session" past talks on its sidelines is the session's)."""
        last = self._touched or out[-1]
        told = seg.find("told") if "told" in words else -1  # words are lower-cased: "Told" holds no match
        if told >= 0:
            for m in _TOLD_WHOM.finditer(seg, told):  # from the first "told": \b still sees the character before
                at = sent.start + m.end()
                rm = _ROLE_REF.match(seg, m.end())
                whom = self.people.last_before(at, role_head=rm.group("head").casefold()) if rm else next(
                    (p for s, _, p in self.people.in_span(at, sent.end) if s == at), None)
                if whom is not None and whom in last.participants:
                    return last
        after = None if words.isdisjoint(_AFTER_WORDS) else _AFTER_MEETING.search(seg)
        if after is None:
            return None
        if last.apart and after.group().split()[-1].casefold() in _GATHERING_NOUNS:
            return _main_meeting(out) or last
        return last

    def meetings(self) -> list[RawMeeting]:
        out: list[RawMeeting] = []
        doc = self.doc
        sents = doc.sentences
        for idx, (sent, words) in enumerate(zip(sents, self._words_by_sentence(), strict=True)):
            # Words that only tell of someone at a meeting told just before (see _PRESENCE_RE and _follows).
            touched = self._touched  # the meeting told of last (not always the latest to start)
            near = touched is not None and idx - touched.last <= 2 and not words.isdisjoint(_NEAR_WORDS)
            if words.isdisjoint(_CUE_WORDS) and not near:
                if not (out and idx - out[-1].last <= 1 and out[-1].kind == "ceremony"):
                    continue
            seg = self.doc.outside_quotes(sent.start, sent.end)
            kind = self._kind(seg, words)
            cue = near or not words.isdisjoint(lex.ANAPHOR_KEYWORDS)
            am = self._anaphor(seg, words) if cue and not doc.lacks(words, _ANAPHOR_WORDS) else None
            anaphor = am is not None
            # Only asked of a sentence with no trigger (kind None) and no anaphor: elsewhere it decides nothing (a
            # denied trigger's sentence is never merged).
            presence = kind is None and not anaphor and cue and not doc.lacks(words, _PRESENCE_WORDS) and bool(
                _PRESENCE_RE.search(seg))
            last = out[-1] if out else None
            recent = last is not None and idx - last.last <= 2
            if kind is None and not (anaphor or presence):
                if last is not None and idx - last.last <= 1 and last.kind == "ceremony" and not _WEAK_WORDS.isdisjoint(
                        words) and _WEAK_RE.search(seg):
                    people = self._participants(sent, seg)
                    if people:  # "X signed on behalf of ..." right after the ceremony
                        self._merge(last, idx, sent, seg, people)
                elif touched is not None and idx - touched.last <= 2 and (
                        target := self._follows(sent, seg, words, out)) is not None:
                    self._merge(target, idx, sent, seg, self._participants(sent, seg))
                continue
            pair = False
            if am is not None and last is not None:
                noun = am.group().split()[-1].casefold()
                want = _NOUN_KIND.get(noun)
                # "the two ministers visited Tombo" after their talks: an event of its own, of the same people
                pair = (kind in _OUTINGS and kind != last.kind and am.group().casefold().startswith(_PAIR_REFS)
                        and noun not in _ANAPHOR_VERBS)
                if want and want != last.kind:
                    same = [m for m in out if m.kind == want]
                    if same:
                        last, recent = same[-1], True  # "the talks" after a call: the earlier talks
                    elif kind == want and not (noun == "meeting" and last.kind in _GATHERINGS):
                        # "The signing ceremony" after talks is a new event; a conference is also "the meeting"
                        anaphor = False
                if last.apart and (noun in _GATHERING_NOUNS or am.group()[:4].casefold() == "told"):
                    main = _main_meeting(out)  # "told the meeting" after talks on its sidelines: the meeting
                    if main is not None:
                        last, recent = main, True
            negated = not _NEGATION_WORDS.isdisjoint(words) and self._negated(seg)
            people = [] if negated else self._participants(sent, seg)
            seed: list[Person] = []
            if pair and last is not None and len(people) <= 1:
                seed, anaphor = last.participants, False
            if kind is None or negated:
                # "X told delegates ...": whoever addresses the gathering was at it, however far back it was told
                # of; told first, it is the gathering's first mention ("Y told council on Tuesday that ...").
                address = am is not None and am.group()[:4].casefold() == "told"
                if last is not None and (recent or address) and (anaphor or presence) and not negated:
                    self._merge(last, idx, sent, seg, people)
                elif last is None and address and people and not negated:
                    out.append(meeting := RawMeeting(kind="talks"))
                    self._merge(meeting, idx, sent, seg, people)
                continue
            planned = not doc.lacks(words, _PLANNED_WORDS) and bool(_PLANNED_RE.search(seg))
            if not people and not anaphor and not planned:
                # _TRIGGER_RE.match(lower(seg.lstrip())): no match starts in white space, so the first one would.
                first = self._first_trigger(lower(seg))
                starts = first is not None and first.start() == len(seg) - len(seg.lstrip())
                if last is not None and recent and starts:
                    self._merge(last, idx, sent, seg, people)
                    continue
                if doc.lacks(words, _GROUP_WORDS) or not _GROUP_RE.search(seg):
                    continue
            if anaphor and last is not None and (not people or (
                    (recent or ((len(people) == 1 or set(people) & set(last.participants))
                                and self._only_anaphor(seg, am)))
                    and _INDEFINITE_MEETING.search(seg) is None)):
                # Someone at "the talks" joins the talks told of earlier, however far back, unless the sentence
                # also tells of "a meeting" of its own ("The talks were made possible by a meeting in Kumasi") or
                # of talks it holds ("X held talks with Y, who travelled for the meeting").
                self._merge(last, idx, sent, seg, people)
                continue
            raw = self.text[sent.start:sent.end]
            # "On the sidelines of the summit, X held separate talks with Y": some of the summit's people, apart.
            apart = may_contain(seg, _APART_HINTS) and _APART_RE.search(seg) is not None
            # Only a visit's place decides a merge (see _mergeable).
            location = self._location(raw, words if raw == seg else None) if kind == "visit" else None
            target = self._mergeable(out, kind, people, idx, seg, location, apart)
            if target is not None:
                self._merge(target, idx, sent, seg, people)
                continue
            due = planned or (not words.isdisjoint(_DUE_WORDS) and _DUE_RE.search(seg) is not None)
            meeting = RawMeeting(kind=kind, planned=due, apart=apart, participants=list(seed))
            if anaphor and idx > 0 and len(people) <= 1:
                prev = sents[idx - 1]
                pseg = self.doc.outside_quotes(prev.start, prev.end)
                prev_people = self._participants(prev, pseg)
                if len(prev_people) >= 2 and set(people) <= set(prev_people) and self._kind(pseg) is None:
                    self._merge(meeting, idx - 1, prev, pseg, prev_people)
            self._merge(meeting, idx, sent, seg, people)
            out.append(meeting)
        # A meeting with no one named in it or after it is mostly a trigger word misread ("a concession its
        # negotiators had resisted") or one still to come ("Officials are due to meet in London in May"): across
        # the gold sets none was a meeting the annotators listed, so the engine reports only meetings with people.
        kept = [m for m in out if m.participants]
        for m in kept:
            self._place_of(m)
        return kept

    def _mergeable(self, out: list[RawMeeting], kind: str, people: list[Person], idx: int,
                   seg: str, location: str | None, apart: bool) -> RawMeeting | None:
        last = out[-1] if out else None
        if last is not None and people and not last.participants and not last.planned and idx - last.last <= 1:
            return last  # "... after two days of talks in Reykjavik." then "X hosted Y and Z ...": who was there
        for m in reversed(out):
            if kind == "visit" and location and self._place_of(m) == location and set(people) & set(m.participants):
                return m  # travelling to a meeting is part of it
            if m.kind != kind:
                continue
            overlap = len(set(people) & set(m.participants))
            if overlap >= 2 and (overlap == len(set(people)) or idx - m.last <= 2) and not (
                    apart and overlap < len(m.participants)):
                return m
            if idx - m.last <= 1 and not apart and not _NEW_MARKER.search(seg):
                if overlap >= 1 or kind in ("ceremony", "summit"):
                    return m
        return None

    def _merge(self, m: RawMeeting, idx: int, sent: Sentence, seg: str, people: list[Person]) -> None:
        raw = self.text[sent.start:sent.end]
        # Without quotes in the sentence its words are the raw text's: they tell which patterns can match.
        words = self.doc.words(sent.start, sent.end) if raw == seg else None
        seg = raw
        m.evidence.append(sent)
        m.last = idx
        self._touched = m
        for p in people:
            if p not in m.participants:
                m.participants.append(p)
        if m.location is None:
            m.unplaced.append((seg, words))
        date = _date_text(seg, words if self.doc.case_safe else None)  # lower() finds the same words
        if date and (m.date_text is None or (_specific(date) and not _specific(m.date_text))):
            m.date_text = date
        for t in () if words is not None and self.doc.lacks(words, _TOPIC_WORDS) else _topics(seg):
            if t not in m.topics and len(m.topics) < 4:
                m.topics.append(t)
        if m.outcome is None and (words is None or not words.isdisjoint(_OUTCOME_WORDS)):
            om = _first_match_at(_OUTCOME_RE, seg, _OUTCOME_CAND)
            if om and len(om.group().split()) <= 25:
                m.outcome = om.group().strip()

    # --- pledges ---------------------------------------------------------------------

    def pledges(self, meetings: list[RawMeeting] | None = None) -> list[RawPledge]:
        self._meetings = meetings or []
        # Per-article memos (this method runs once per article).
        self._party_memo: dict[tuple[tuple[str, ...], bool], str] = {}
        self._meeting_at: dict[int, RawMeeting] | None = None  # see _meeting_parties
        self._words_memo: dict[str, frozenset[str]] = {}  # see _words_of
        out: list[RawPledge] = []
        seen: set[tuple[str, str]] = set()
        seen_by_actor: dict[str, list[str]] = {}  # seen's commitments, per actor
        doc = self.doc
        for idx, (sent, words) in enumerate(zip(doc.sentences, self._words_by_sentence(), strict=True)):
            if words.isdisjoint(_PLEDGE_OR_AUX):  # the one test most sentences need: neither path below can fire
                continue
            keyed = not words.isdisjoint(lex.PLEDGE_KEYWORDS)  # _PLEDGE_RE needs one
            future = not words.isdisjoint(_FUTURE_WORDS) and not words.isdisjoint(_COMMIT_WORDS)
            if not keyed and not future:
                continue
            seg = doc.outside_quotes(sent.start, sent.end)
            found: list[tuple[int, str, str]] = []  # (trigger offset, actor, commitment)
            extra = _PLEDGE_EXTRA.finditer(seg) if not words.isdisjoint(_EXTRA_WORDS) else ()
            triggers = _matches_at(_PLEDGE_RE, seg, _PLEDGE_CAND) if keyed else ()
            for m in [*triggers, *extra]:
                at = m.start()
                before = seg[:at]
                if _conditional(before[-60:]):
                    continue
                if _not_a_trigger(m.group(), seg, m.start(), m.end()):
                    continue
                if _soft_promise(self.text[sent.start + m.end():sent.start + m.end() + 30]):  # seg blanks quotes
                    continue  # "promised to 'look seriously' at ...": no act promised
                if m.group().endswith(("prepared to", "ready to", "willing to")) and (
                        (seg[m.end():].split(None, 1) or [""])[0] in lex.SOFT_OFFER_VERBS):
                    continue  # "was willing to listen": talk, not a commitment
                left = _strip_aux(before.rstrip())
                spoken = self._spoken_actor(sent, idx, seg, left, at)
                actor = spoken if spoken is not None else (
                    self._role_group(sent, idx, left) or self._actor(sent, seg, left, at))
                if actor and spoken is None:
                    actor = self._refine(actor, sent, idx, sent.start + at)
                if not actor:
                    continue
                for commitment in self._commitments(sent, seg, m.end(), strip_lead=True, hypothetical_ok=True):
                    found.append((at, actor, commitment))
            if future or not words.isdisjoint(_ALLOC_WORDS):
                found.extend(self._future(sent, idx, seg, words))
            found.sort(key=itemgetter(0))
            kept: list[str] = []
            date: str | None = None
            dated = False  # the date is the sentence's: looked up once, and only when a pledge is kept
            for _, actor, commitment in found:
                if (actor, commitment) in seen or any(commitment in c for c in kept):
                    continue
                same = seen_by_actor.setdefault(actor, [])
                if any(commitment in c or c in commitment for c in same):
                    continue
                seen.add((actor, commitment))
                same.append(commitment)
                kept.append(commitment)
                if not dated:
                    date, dated = _date_text(seg, words if doc.case_safe else None), True
                out.append(RawPledge(actor, commitment, _beneficiary(commitment), date, sent))
        return out

    def _future(self, sent: Sentence, idx: int, seg: str, words: frozenset[str]) -> list[tuple[int, str, str]]:
        """Pledges stated as future actions ("Y will invest ...", "X said Y would hire ...") and allocations
        ("has set aside £12 million for ...")."""
        out: list[tuple[int, str, str]] = []
        last_actor: str | None = None
        hits: list[tuple[int, int]] = []  # (trigger offset = where the subject ends, commitment start)
        for m in _matches_at(_FUTURE_RE, seg, _FUTURE_CAND):
            negated = m.group("neg") is not None or m.group("aux").endswith(("n't", "n’t"))
            if m.group("r") is not None and (not negated or m.group("r") in lex.NOT_REFUSAL_VERBS):
                continue
            start = m.start("neg") if m.group("neg") else m.start("v") if m.group("v") else m.start("r")
            hits.append((m.start(), start))
        for m in _ALLOC_RE.finditer(seg) if not words.isdisjoint(_ALLOC_WORDS) else ():
            if _MONEY_SOON.match(seg, m.end()) and not any(at <= m.start() <= start + 12 for at, start in hits):
                hits.append((m.start(), m.start()))  # "has set aside £12 million", not "will set aside"
        unsure = not words.isdisjoint(lex.UNSURE_WORDS)
        tail_words: frozenset[str] = frozenset()
        for _, _, attr in trailing_attribution(seg) if unsure else ():  # "..., forecasters warned."
            tail_words |= frozenset(_WORD_RE.findall(lower(seg[attr:])))
        for at, start in sorted(hits):
            if unsure and (not tail_words.isdisjoint(lex.UNSURE_WORDS) or not lex.UNSURE_WORDS.isdisjoint(
                    _WORD_RE.findall(lower(seg[:at])))):
                continue
            actor = self._clause_actor(sent, idx, seg, at, last_actor)
            if not actor:
                continue
            last_actor = actor
            prefix = "not " if "n't" in seg[at:start] or "n’t" in seg[at:start] else ""
            for commitment in self._commitments(sent, seg, start, strip_lead=False, hypothetical_ok=False):
                commitment = prefix + commitment
                if commitment.startswith(("not ", "never ")) and _withheld(commitment):
                    continue  # "would not give details": a refusal to talk, not to act
                out.append((at, actor, commitment))
        return out

    def _commitments(self, sent: Sentence, seg: str, at: int, *, strip_lead: bool,
                     hypothetical_ok: bool) -> list[str]:
        """The commitment clause that starts at ``at``; two when "and" joins two commitment verbs."""
        rest = seg[at:]
        stops = [len(rest)]
        for _, _, attr in trailing_attribution(seg):  # the sentence's (memoised), not the remainder's
            if attr >= at:
                stops.append(attr - at)
        stops.append(_clause_cut(rest))
        if not hypothetical_ok and "that" in rest:
            that = _THAT_CUT.search(rest)  # "would build the ward and that nurses would be ...": a second statement
            if that:
                stops.append(len(rest[:that.start()].rstrip(" ,")))
        end = min(stops)
        body = self.text[sent.start + at:sent.start + at + end].strip(" ,.")  # quoted words included
        direct = True  # an object right after the trigger ("offered condolences"), not a clause
        if strip_lead:
            when = _WHEN_LEAD.match(body)  # "promised on Thursday to keep ...": the date is not the commitment
            if when:
                body = body[when.end():]
            for lead in ("to ", "that "):
                if body.startswith(lead):
                    body, direct = body[len(lead):], False
        if not hypothetical_ok and not _CONDITION_WORDS.isdisjoint(body.split()) and _CONDITION_RE.search(body):
            return []
        parts = []
        prev = 0
        for sm in (_SPLIT_RE.finditer(body) if " and " in body else ()):
            head = body[prev:sm.start()].rstrip(" ,")
            if len(head.split()) >= 2 and len(body[sm.end():].split()) >= 2:
                parts.append(head)
                prev = sm.end()
        parts.append(body[prev:])
        out = []
        for part in parts:
            words = part.split()
            if len(words) >= 2 and not (direct and words[0].casefold() in lex.NOT_PLEDGE_OBJECTS):
                out.append(" ".join(words[:25]))
        return out

    # --- who pledges ---------------------------------------------------------------------

    def _speaker_before(self, sent: Sentence, seg: str, left: str, at: int) -> tuple[str | None, int, bool]:
        """(speaker, where the reported clause starts, whether a speech verb was found) for a clause at ``at``."""
        for who_s, who_e, attr in trailing_attribution(seg):
            if attr >= at:
                return self.speech.speaker(sent.start + who_s, sent.start + who_e), 0, True
        vm = None
        for m in _COMMIT_SPEECH_RE.finditer(left):  # the last one that reports a clause
            if not left.startswith(" to ", m.end()):  # "vowed to retrain ...": a commitment of its own, no report
                vm = m
        if vm is None:
            rm = _ROLE_SAID.search(seg, at) if ", its " in seg or ", the " in seg or ", their " in seg else None
            return (rm.group("who"), 0, True) if rm else (None, 0, False)
        return self.speech._left_speaker(sent, vm.start()), vm.end(), True

    def _spoken_actor(self, sent: Sentence, idx: int, seg: str, left: str, at: int) -> str | None:
        """For "X said Y pledged ...": the actor by the speaker-aware rules; "" to drop it (a sceptic's
        claim); None when no speech verb stands before the trigger. ``left`` is the text before it, without
        auxiliaries."""
        if _COMMIT_SPEECH_RE.search(seg, 0, at) is None:
            return None
        speaker, region_start, spoken = self._speaker_before(sent, seg, left, at)
        if not spoken or region_start == 0:
            return None
        span = _np_span(left, region_start)
        if span is None:
            return None
        return self._classify(sent, idx, left[span[0]:span[1]], sent.start + span[0], speaker) or ""

    def _clause_actor(self, sent: Sentence, idx: int, seg: str, at: int, last_actor: str | None) -> str | None:
        left = _strip_aux(seg[:at].rstrip())
        early = _np_span(left, 0)  # the walk stops at speech verbs: no speaker needed to find the subject
        if early is not None and not _maybe_party(left[early[0]:early[1]]):
            return None  # "the money would help ...": decided before the (costlier) speaker lookup
        speaker, region_start, _ = self._speaker_before(sent, seg, left, at)
        region = left[region_start:].rstrip()
        if not region.strip() or region.endswith((",", " and", " but")) or region.strip() in ("and", "but"):
            if last_actor:
                return last_actor  # "will hire 400 staff, and would raise ..."
            subject = self._subject(sent, seg, at)
            return self._refine(subject, sent, idx, sent.start + at) if subject else None
        span = early if early is not None and early[0] >= region_start else _np_span(left, region_start)
        if span is None:
            return None
        phrase = left[span[0]:span[1]]
        if last_actor and phrase.casefold() == "it":
            return last_actor  # "said that the government would cover ... and that it would put ...": the same party
        coord = _np_coordinated(left, span, region_start)
        if coord is not None and phrase.casefold() not in _SUBJ_PRONOUNS:
            return left[coord:span[1]]  # "Daeyang Electronics and Kallio Systems will ..."
        # "According to X, the agency will ...": X is a source, not the one who announced it
        hearsay = region_start == 0 and speaker is not None and "ccording to" in seg
        return self._classify(sent, idx, phrase, sent.start + span[0], speaker, hearsay=hearsay)

    def _represents(self, p: Person, head: str | None) -> bool:
        """Whether speaker ``p`` speaks for the party they say will act (not an opposition figure, analyst ...)."""
        bad = lex.THIRD_PARTY_ROLES.intersection(self._words_of(p.role or ""))
        return not (bad - {head})

    def _speaks_for(self, p: Person, party: str) -> bool:
        """Whether ``p`` heads or speaks for the organisation ``party``: an executive role, and the party named in
        their organisation (or no organisation known)."""
        role = self._words_of(p.role or "")
        if lex.EXECUTIVE_ROLES.isdisjoint(role) and not lex.SECRETARY_GENERAL <= role:
            return False
        name = p.organisation or ""
        org = name.casefold()
        if not org:
            return True
        # "the NRP" for the "National Renewal Party": an acronym of the organisation's capitalised words
        initials = "".join(w[0] for w in name.split() if w[:1].isupper()).casefold()
        return any(w.casefold() in org or (len(w) > 1 and w.isupper() and w.casefold() == initials)
                   for w in party.split() if w[:1].isupper() and w != "The")

    def _words_of(self, text: str) -> frozenset[str]:
        """The words of a speaker's name or role, case folded: the same few speakers come back for every clause."""
        words = self._words_memo.get(text)
        if words is None:
            words = self._words_memo[text] = frozenset(_WORD_RE.findall(text.casefold()))
        return words

    def _person_named(self, name: str | None) -> Person | None:
        if self._by_name is None:
            self._by_name = {p.name: p for p in self.people.persons}
        return self._by_name.get(name) if name else None

    def _classify(self, sent: Sentence, idx: int, phrase: str, pos: int, speaker: str | None, *,
                  hearsay: bool = False) -> str | None:
        """The actor for subject ``phrase`` (at ``pos``) of a clause reported by ``speaker`` (``hearsay``: only
        its source, "according to" them)."""
        low = phrase.casefold()
        by = self._person_named(speaker)
        if by is None and speaker and _ROLE_PHRASE.fullmatch(speaker):  # "..., its development minister said"
            by = self._person_named(self.party(speaker, pos, pos))
        if speaker and by is None and not lex.SKEPTIC_SPEAKERS.isdisjoint(self._words_of(speaker)):
            return None  # "Analysts said the company would cut ...": a prediction
        if low in ("he", "she"):
            p = self.people.pronoun(pos)
            return p.name if p else None
        if low == "we":
            return by.name if by else None
        if low == "it":
            if speaker and by is None:
                return self._refine(speaker, sent, idx, pos)
            if by is not None and not hearsay and self._represents(by, None):
                return by.name  # "Ruiz said it would pay ...": who announced it, as for a named organisation
            org = self._last_org(pos)
            return by.name if by and org is None else org
        if low == "they":
            parties = self._meeting_parties(idx, None, None, recent_only=True)
            return self._party_actor(parties) if parties else None
        words = phrase.split()
        lower_head = words[-1].islower()  # "the lender", "Rwanda's government"; not "Van Houten Group"
        determined = lower_head or words[0].casefold() in _ANAPHOR_FIRST
        gm = _GROUP_ACTOR_RE.fullmatch(phrase) if determined else None
        if gm:
            return self._group_actor(gm, sent, idx, pos)
        mentions = self.people.in_span(pos, pos + len(phrase))
        if mentions:
            return mentions[-1][2].name
        om = _ORG_ANAPHOR_RE.fullmatch(phrase) if lower_head else None  # "the trust", not "The Mulago Trust"
        gov = phrase in _PLACES or (words[0] in ("the", "The") and phrase[4:] in _PLACES) or (
            lower_head and _GOV_RE.fullmatch(phrase) is not None) or (
            words[-1] == "Government" and len(words) <= 4)  # "the Scottish Government"
        if om and not gov:
            head = om.group("head").casefold()
            if by is not None:  # "her institute would share ...": the speaker's own, whatever their role
                return by.name if low.startswith(("her ", "his ", "our ")) or self._represents(by, head) else None
            return self._resolve_org(head, pos) or phrase
        if gov:
            if by is not None:
                return by.name if self._represents(by, None) else None
            if speaker and all(w[:1].isupper() for w in speaker.split()) and speaker not in _PLACES and (
                    speaker not in lex.AGENCIES and speaker.split()[0] not in lex.STOP):
                return speaker  # "Kazlauskienė said her country would ...": a speaker the engine did not know
            return phrase
        named = [w for w in words[1:] if w[:1].isupper()] if words[0] in ("The", "the") else words
        if not named or not named[0][:1].isupper():
            return None  # "the money", "The new rules": no party that commits
        if by is not None and self._represents(by, None) and (
                not hearsay or (by.role and self._speaks_for(by, phrase))):
            # "Velmar will invest ..., chief executive Ana Ruiz said", "Ruiz said Velmar would pay ...":
            # the one who announces an organisation's commitment is credited with it, whatever their known role
            return by.name
        if lower_head and ("'s " in phrase or "’s " in phrase) and not _party_head(words[-1]):
            return None  # "Tarvik's new tram line will open ...": a thing, not a party that commits
        if words[0] in _COMMON_STARTS and words[0] != "The" and not any(w in lex.ORG_NAME_WORDS for w in words):
            return None  # "Officials", "Crews"
        if len(words) == 1 and not self._named_elsewhere(phrase, pos, sent):
            return None  # "Cuts will reduce ...": capitalised only because it starts the sentence
        if len(words) == 1:
            full = [o[2] for o in self._orgs(pos) if o[0] < pos and o[2].startswith(phrase + " ")]
            return full[-1] if full else phrase  # "Daeyang" for "Daeyang Electronics"
        if words[0] not in ("The", "the") and "'s " not in phrase and "’s " not in phrase:
            return phrase
        inner = [o[2] for o in self._orgs(pos + len(phrase)) if pos <= o[0] and o[1] <= pos + len(phrase)]
        return inner[-1] if len(inner) == 1 else phrase  # "The Kampala-based Mulago Trust"

    def _named_elsewhere(self, word: str, pos: int, sent: Sentence) -> bool:
        """Whether a lone capitalised ``word`` is a name: capitalised mid-sentence, a place or an organisation."""
        if word in _PLACES or (len(word) >= 2 and word.isupper()) or self.text[sent.start:pos].strip():
            return True
        if any(o[2].startswith(word) for o in self._orgs()):
            return True
        return _after_word(self.text, word)

    def _refine(self, actor: str, sent: Sentence, idx: int, pos: int) -> str:
        """Group and organisation anaphors ("both sides", "the lender") resolved to the parties they mean."""
        if actor.split(None, 1)[0].casefold() not in _ANAPHOR_FIRST:
            return actor  # a name
        gm = _GROUP_ACTOR_RE.fullmatch(actor)
        if gm:
            return self._group_actor(gm, sent, idx, pos) or actor
        om = _ORG_ANAPHOR_RE.fullmatch(actor)
        if om and om.group("head").islower() and actor.split()[0].casefold() == "the" and not _GOV_RE.fullmatch(actor):
            return self._resolve_org(om.group("head").casefold(), pos) or actor
        return actor

    def _role_group(self, sent: Sentence, idx: int, left: str) -> str | None:
        """For a subject of holders of one post ("The defence ministers of Norland, Estavia and Tarvonia", "Three
        party leaders"): the people of the meeting (this sentence's or the next's) who hold it."""
        words = left.split(None, 5)  # the first five words (and the rest in one)
        if len(words) < 2 or not any(w.endswith("s") and w[:-1] in lex.PERSON_ROLE_HEADS for w in words[:5]):
            return None
        rm = _ROLE_GROUP.fullmatch(left.strip())
        if rm is None or rm.group("noun")[:-1] not in lex.PERSON_ROLE_HEADS:
            return None
        num = (rm.group("num") or "").casefold()
        items = _LIST_SPLIT.split(rm.group("list")) if rm.group("list") else []
        count = lex.GROUP_NUMBERS.get(num) or (len(items) if len(items) >= 2 else None)
        noun = rm.group("noun")
        parties = self._meeting_parties(idx, count, noun, recent_only=False)
        if not parties and idx + 1 < len(self.doc.sentences):
            parties = self._meeting_parties(idx + 1, count, noun)
        return self._party_actor(parties) if len(parties) >= 2 else None

    # --- groups and organisations ------------------------------------------------------

    def _group_actor(self, gm: re.Match[str], sent: Sentence, idx: int, pos: int) -> str | None:
        text = gm.group().casefold().split()
        count = next((lex.GROUP_NUMBERS[w] for w in text if w in lex.GROUP_NUMBERS), None)
        noun = (gm.group("noun") or gm.group("noun2") or "").casefold()
        if noun in lex.GROUP_ORG_NOUNS:
            orgs = self._distinct_orgs(pos, count or 2)
            return self._party_actor(orgs, orgs=True) if len(orgs) >= 2 else None
        parties = self._meeting_parties(idx, count, noun, recent_only=False) or self._recent_people(pos, count, noun)
        return self._party_actor(parties) if parties else None

    def _meeting_parties(self, idx: int, count: int | None, noun: str | None, *, recent_only: bool = True) -> list[str]:
        """The participants of the meeting sentence ``idx`` belongs to (or follows)."""
        start = self.doc.sentences[idx].start
        if self._meeting_at is None:  # the last meeting with evidence at each sentence start: one pass, not one a call
            self._meeting_at = {s.start: m for m in self._meetings for s in m.evidence}
        meeting = self._meeting_at.get(start)
        if meeting is None or len(meeting.participants) < 2:
            before = [m for m in self._meetings if m.evidence and m.evidence[0].start < start
                      and len(m.participants) >= 2 and (not recent_only or idx - m.last <= 2)]
            meeting = before[-1] if before else None
        if meeting is None or len(meeting.participants) < 2:
            return []
        people = meeting.participants
        role = _role_stem(noun)
        if role and len(people) > (count or 2):
            same = [p for p in people if p.role and role in p.role.casefold()]
            if len(same) >= 2:
                people = same
        if count and len(people) > count:
            people = people[:count]
        return [p.name for p in people]

    def _recent_people(self, pos: int, count: int | None, noun: str | None) -> list[str]:
        """The last people named before ``pos`` (those with the group's role when there are enough)."""
        role = _role_stem(noun)
        found: list[Person] = []  # nearby people, latest first
        same: list[Person] = []  # people of the group's role, however far back
        i = bisect_left(self.people._m_starts, pos) - 1
        while i >= 0:
            at, _, p = self.people.mentions[i]
            if not self.doc.quote_at(at):
                if p not in found and pos - at < 1500:
                    found.append(p)
                if role and p not in same and p.role and role in p.role.casefold():
                    same.append(p)
            i -= 1
        chosen = same if len(same) >= 2 else found
        chosen = chosen[:count or (4 if len(same) >= 2 else 2)]
        return [p.name for p in sorted(chosen, key=lambda p: p.first)] if len(chosen) >= 2 else []

    def _party_actor(self, parties: list[str], *, orgs: bool = False) -> str:
        """A group's actor: the article's own "A and B" when it has one, else the first party (grounding keeps
        only actors it can find), or all parties joined when ``JOIN_GROUP_ACTORS`` is set."""
        if len(parties) == 1:
            return parties[0]
        if JOIN_GROUP_ACTORS:
            return ", ".join(parties[:-1]) + " and " + parties[-1]
        key = (tuple(parties), orgs)  # the same parties recur (every "both sides" of a meeting): one text scan
        got = self._party_memo.get(key)
        if got is None:
            got = self._party_memo[key] = self._joined_parties(parties, orgs=orgs)
        return got

    def _joined_parties(self, parties: list[str], *, orgs: bool) -> str:
        """The article's "A and B" for ``parties``, else the first party."""
        forms: list[tuple[str, int]] = []
        for i, name in enumerate(parties):
            p = self._person_named(name)
            forms.extend((f, i) for f in (name, *(p.aliases if p else ())))
        forms.sort(key=lambda f: -len(f[0]))
        starts = tuple(f for f, _ in forms)  # a cheap test before looking for which form it is
        text = self.text
        i = text.find(" and ", self.doc.body_start)
        while i >= 0:
            right = i + 5
            pm = _POSS_PREFIX.match(text, right) if orgs else None
            after = pm.end() if pm else right
            hit = next(((f, k) for f, k in forms if text.startswith(f, after) and not _word_at(text, after + len(f))),
                       None) if text.startswith(starts, after) else None
            if hit is not None:
                got, end, start = {hit[1]}, after + len(hit[0]), i - (text[i - 1] == ",")
                while True:  # back over "A, B" before the "and"
                    prev = next(((f, k) for f, k in forms if text.endswith(f, 0, start)
                                 and not _word_at(text, start - len(f) - 1)), None)
                    if prev is None:
                        break
                    got.add(prev[1])
                    start -= len(prev[0])
                    if text.endswith(", ", 0, start):
                        start -= 2
                    else:
                        break
                if len(got) == len(parties):
                    return text[start + (2 if text.startswith(", ", start) else 0):end]
            i = text.find(" and ", i + 5)
        return parties[0]

    def _orgs(self, upto: int | None = None) -> list[tuple[int, int, str, str | None]]:
        """Organisations the article names, in order: (start, end, name, the noun that introduced it). With
        ``upto``, only those found in the capitalised runs that start before it are sure to be there: every one
        that starts before ``upto`` or ends by it. Callers look only before a position (a statement, a subject),
        so the runs after the furthest one asked for are never looked at."""
        chunks = self.people.chunks
        stop = len(chunks) if upto is None else bisect_left(chunks, (upto,))  # runs (start, end) with start < upto
        if stop > self._org_chunks_done:
            self._find_orgs(self._org_chunks_done, stop)
            self._org_chunks_done = stop
        return self._org_list

    def _find_orgs(self, first: int, stop: int) -> None:
        """Adds to _org_list the organisations of capitalised runs ``first`` to ``stop`` (indices, the runs before
        done): runs with an organisation word ("Group", "Fund"), acronyms, and names an organisation noun
        introduces ("the charity Medical Aid Partners"); not people, places or bare class words."""
        text = self.text
        chunks = self.people.chunks
        if self._chunk_ends is None:
            self._chunk_ends = dict(chunks)
        ends = self._chunk_ends
        words_org, intro = lex.ORG_NAME_WORDS, lex.ORG_INTRO_NOUNS
        picked: dict[int, str | None] = {}  # chunk index -> introducing noun (cheap tests only)
        runs = zip(self.people.chunk_text[first:stop], chunks[first:stop], strict=True)
        for k, (name, (s, e)) in enumerate(runs, first):
            # isupper() first: it rules out most names, and a call (len, max) costs more than a comparison
            if name in words_org or (" " in name and not words_org.isdisjoint(name.split())) or (
                    name.isupper() and len(name) > 1) or (text[e:e + 1] in ("'", "’") and EXECUTIVE_OF.match(text, e)):
                picked[k] = None
            elif text[s - 4:s] in _INTRO_ENDS:  # "the British charity Medical ...": the word before, commas aside
                # (the ending first: it rules out nine names in ten at one look-up; then the whole word)
                j = text.rfind(" ", s - 25 if s > 25 else 0, s - 1)
                noun = text[j + 1:s - 1].rstrip(",")
                if noun in intro:
                    picked[k] = noun
        out = self._org_list
        for k in picked:  # in order
            s, e = chunks[k]
            introduced_by = picked[k]
            while True:  # "Federal Ministry" + "of Research"
                jm = _ORG_JOIN.match(text, e)
                if jm is None or jm.end() not in ends:
                    break
                e = ends[jm.end()]
            toks = [(t.start(), t.group()) for t in _NONSPACE.finditer(text, s, e)]
            while toks and ((toks[0][1] in lex.STOP and toks[0][1] not in lex.NAME_LEADS) or toks[0][1] in lex.DEMONYMS
                            or toks[0][1] in lex.MONTHS or toks[0][1] in lex.WEEKDAYS or toks[0][1].endswith("-based")):
                toks.pop(0)
            if not toks:
                continue
            s = toks[0][0]
            name = text[s:e]
            words = [w for _, w in toks]
            acronym = len(words) == 1 and len(name) >= 2 and name.isupper()
            if acronym and (name in lex.AGENCIES or name in _PLACES):
                continue
            if not acronym and all(w in lex.ORG_NAME_WORDS or w in lex.STOP for w in words):
                continue  # "Council leader Helen Forsyth": a bare class word names no one
            if name in _PLACES or self.people.in_span(s, e, outside_quotes=False) or self.doc.quote_at(s):
                continue
            if out and out[-1][0] == s:
                continue
            out.append((s, e, name, introduced_by))
            self._org_words[name] = name.split()

    def party(self, phrase: str, start: int, end: int) -> str:
        """``phrase``, the speaker or actor of the statement at [start, end), with a role or an organisation
        noun resolved to whom it means: "the health minister" in a lead to the minister named next,
        "the company" to the company the article names."""
        # The head is a word of its own: most phrases (names) hold none, and need no match.
        rm = _ROLE_PHRASE.fullmatch(phrase) if not phrase.isascii() or not lex.PERSON_ROLE_HEADS.isdisjoint(
            phrase.lower().split()) else None
        if rm:
            head = rm.group("head").casefold()
            # a post no one held yet: the next sentence's subject when it is named there without a role ("..., its
            # chief executive said." then "Jane Roe flew in ..."), before anyone later with that post
            p = self.people.last_before(start, role_head=head) or self.people.first_after(
                start, head, within=0) or self.people.first_after(start, head)
            short = lex.ROLE_ABBREVIATIONS.get(head)  # "The regional governor ..." is "Gov. Ana Ruiz"
            if p is None and short:
                p = self.people.last_before(start, role_head=short) or self.people.first_after(start, short)
            if p is None:
                p = self._by_portfolio(phrase[:rm.start("head")].split())
            return p.name if p else phrase
        return self._org_speaker(phrase, start, end)

    def _by_portfolio(self, words: list[str]) -> Person | None:
        """The one person whose role names the portfolio ``words`` ("the Welsh Government's climate minister":
        the "Cabinet Secretary for Climate Change"), when the post's own word is not in it."""
        topic = [w for w in words if w.islower() and w not in _NP_DETS]
        if not topic:
            return None
        found = [p for p in self.people.persons if p.role and all(w in p.role.casefold() for w in topic)]
        return found[0] if len(found) == 1 else None

    def _org_speaker(self, speaker: str, start: int, end: int) -> str:
        """``speaker`` with "the company" / "the operator" resolved to the organisation it means: one named
        before the statement at [start, end) or, failing that, in it ("Ironbark will pay ..., the company said")."""
        words = speaker.split()
        if len(words) != 2 or words[0] not in ("the", "The") or not words[1].islower():
            return speaker
        head = words[1].casefold()
        if head not in _ORG_HEAD_CLASS:
            return speaker
        # (as _resolve_org with and without its fallback, at start then at end: the fallback comes after no test
        # found one at either, so the tests are not run again)
        org = (self._named_org(head, start) or self._named_org(head, end) or self._fallback_org(head, start)
               or self._fallback_org(head, end))
        # Not a place in capitals ("RIYADH, May 2 (Reuters)" reads as an acronym).
        return org if org and not (org.isupper() and org.title() in _PLACES) else speaker

    def _resolve_org(self, head: str, pos: int) -> str | None:
        """The organisation "the <head>" at ``pos`` means: one introduced by that noun or named with it, one
        of its class, or (for some classes) the latest name of no other class."""
        return self._named_org(head, pos) or self._fallback_org(head, pos)

    def _named_org(self, head: str, pos: int) -> str | None:
        """The latest organisation before ``pos`` introduced by the noun ``head``, else the latest named with it
        ("the bank": "Arden Bank"), else the latest with a word of its class."""
        cls = _ORG_HEAD_CLASS.get(head)
        if cls is None:
            return None
        before = [o for o in reversed(self._orgs(pos)) if o[1] <= pos]
        for o in before:
            if o[3] == head:
                return o[2]
        words = self._org_words
        cap = head.capitalize()
        for o in before:
            if cap in words[o[2]]:
                return o[2]
        own = lex.ORG_CLASSES[cls][1]
        for o in before:
            if not own.isdisjoint(words[o[2]]):
                return o[2]
        return None

    def _fallback_org(self, head: str, pos: int) -> str | None:
        """For the classes that allow it, the latest organisation before ``pos`` whose words are of no other
        class: "the company" for "Ironbark"."""
        cls = _ORG_HEAD_CLASS.get(head)
        if cls is None or cls not in lex.ORG_FALLBACK_CLASSES:
            return None
        others = _OTHER_CLASS_NAMES[cls]
        words = self._org_words
        for o in reversed(self._orgs(pos)):
            if o[1] <= pos and others.isdisjoint(words[o[2]]):
                return o[2]
        return None

    def _last_org(self, pos: int) -> str | None:
        before = [o for o in self._orgs(pos) if o[1] <= pos]
        return before[-1][2] if before else None

    def _distinct_orgs(self, pos: int, count: int) -> list[str]:
        names: list[str] = []
        for o in reversed(self._orgs(pos)):
            if o[1] > pos:
                continue
            if any(n.startswith(o[2]) or o[2].startswith(n) for n in names):
                continue
            names.append(o[2])
            if len(names) == count:
                break
        return list(reversed(names))

    def _actor(self, sent: Sentence, seg: str, left: str, at: int) -> str | None:
        """The actor of a pledge trigger at ``at``; ``left`` is the text before it, without auxiliaries."""
        whole = _WHOLE_SUBJECT.fullmatch(left)
        if whole and not self.people.in_span(sent.start, sent.start + len(left)) and not any(
            w.casefold() in _NOT_SUBJECT or w.endswith("ed") for w in left.split()
        ):
            rm = _ROLE_REF.fullmatch(whole.group("np"))
            p = self.people.last_before(sent.start, role_head=rm.group("head").casefold()) if rm else None
            return p.name if p else whole.group("np")  # "The operator of the Oban to Lismore ferry"
        end = left.rstrip()
        am = _APPOS_BEFORE_VERB.search(left) if end.endswith(",") else None
        if am and (am.group("det") != "the" or _is_name(left[:am.start()])):
            # "The Sahel Futures Foundation, a private charity based in Dakar, committed ...": the name before
            return self._actor(sent, seg, left[:am.start()], at)
        if end.endswith("which") and left.rstrip()[:-5].rstrip().endswith(","):
            comma = left.rstrip()[:-5].rstrip()[:-1]
            span = _np_span(comma, 0)  # "... the Broadland Trust, which has agreed to ...": the trust
            if span is not None and not self.people.in_span(sent.start + span[0], sent.start + span[1]) and (
                    _maybe_party(comma[span[0]:span[1]])):
                return comma[span[0]:span[1]]
        if end.endswith("who") and _COMMA_WHO.search(left):
            before = self.people.in_span(sent.start, sent.start + left.rfind(","))
            if before:  # "Ousmane Diagne, who offered ..."
                return before[-1][2].name
        if end.endswith(" and"):
            who = left.rfind(", who ")
            if who >= 0 and "," not in left[who + 6:]:
                before = self.people.in_span(sent.start, sent.start + who)
                if before and before[-1][1] == sent.start + who:  # "Y, who thanked X ... and agreed to ...": Y
                    return before[-1][2].name
        if not left.strip() or (end.endswith((",", "and", "while", "after", "before", "by")) and _COORD_LEFT.search(
                left)) or (end.endswith(("who", "which", "that")) and _REL_END.search(left)):
            return self._subject(sent, seg, at)
        words = left.split()
        np: list[str] = []
        for w in reversed(words[-6:]):
            if w.casefold() in _NP_STOP or w.endswith((",", ";", ":")) or not any(c.isalnum() for c in w):
                break
            np.insert(0, w)
        for i, w in enumerate(np):  # start at the last determiner or possessive
            if i and (w.casefold() in _DETERMINERS or w.endswith(("'s", "’s"))):
                j = i
                if w[:1].islower() and w.endswith(("'s", "’s")):  # "the Solena mayor's office": the whole phrase
                    while j and np[j - 1][:1].isupper():
                        j -= 1
                    if j < i and j and np[j - 1].casefold() in _DETERMINERS:
                        j -= 1
                np = np[j:]
                break
        if not np:
            return self._subject(sent, seg, at)
        phrase = " ".join(np)
        start = sent.start + left.rfind(phrase) if phrase in left else sent.start
        low = phrase.casefold()
        if low in PRONOUNS:
            p = self.people.pronoun(start)
            return p.name if p else None
        if low in ("they", "we", "it"):
            return self._subject(sent, seg, at) if low != "they" else None
        if ("'s " in phrase or "’s " in phrase) and phrase[:1].isupper() and _ROLE_PHRASE.fullmatch(phrase):
            return phrase  # "Queensland's health minister": the post's holder (see party), not a name inside it
        mentions = self.people.in_span(start, start + len(phrase))
        if mentions:
            return mentions[-1][2].name
        rm = _ROLE_REF.fullmatch(phrase)
        if rm:
            p = self.people.last_before(start, role_head=rm.group("head").casefold())
            if p:
                return p.name
        if not (phrase[0].isupper() or np[0].casefold() in ("the", "a", "an", "both", "its", "their")):
            named = _NAME_TAIL.search(phrase)  # "energy company Helios Renovables pledging ...": the name
            return named.group() if named and np[0].islower() else None
        return phrase

    def _subject(self, sent: Sentence, seg: str, at: int) -> str | None:
        mentions = [m for m in self.people.in_span(sent.start, sent.start + at)]
        excluded = [(sent.start + a, sent.start + b) for a, b, _ in trailing_attribution(seg)]
        mentions = [m for m in mentions if not any(a <= m[0] < b for a, b in excluded)]
        if mentions:
            return mentions[0][2].name
        hm = _HE_SHE.search(seg[:60])
        if hm:
            p = self.people.pronoun(sent.start + hm.start("p"))
            return p.name if p else None
        m = _SUBJECT_NP.match(seg)
        return m.group("np") if m else None


# Words one of which a sentence needs for a pledge trigger (_PLEDGE_RE, _PLEDGE_EXTRA) or a future pledge.
_PLEDGE_OR_AUX = lex.PLEDGE_KEYWORDS | _FUTURE_WORDS


_AND_BEFORE = re.compile(r"(?:,\s+|,?\s+)and\s+$")


def _after_word(text: str, word: str) -> bool:
    r"""``re.search(rf"[\w,;:’'\-]\s+{re.escape(word)}\b", text) is not None`` without compiling a pattern for
    every word (a compile costs more than the whole search): ``word`` wherever it stands, then what is around."""
    if not word:
        return re.search(r"[\w,;:’'\-]\s+\b", text) is not None
    n = len(word)
    word_end = _is_word(word[-1])
    i = text.find(word)
    while i >= 0:
        end = i + n
        if word_end != (end < len(text) and _is_word(text[end])):  # \b after it
            j = i
            while j > 0 and text[j - 1].isspace():  # \s+: its whole run, as no character of the class is a space
                j -= 1
            if 0 < j < i and (_is_word(text[j - 1]) or text[j - 1] in ",;:’'-"):
                return True
        i = text.find(word, i + 1)
    return False


def _is_word(c: str) -> bool:
    """Whether ``re`` counts ``c`` as a word character (\\w)."""
    return c.isalnum() or c == "_"


def _beneficiary(commitment: str) -> str | None:
    for needs, holds, rx in _BENEFICIARY_RES:
        for need in needs:  # (a plain loop: any(map(...)) costs more than these few tests)
            if need in commitment:
                break
        else:
            continue
        if holds is not None and holds.search(commitment) is None:
            continue
        m = rx.search(commitment)
        if not m:
            continue
        words: list[str] = []
        for w in m.group("b").split():
            bare = w.strip(",.;:")
            joins = bool(words) and words[-1][:1].isupper() and bare in ("of", "and")  # "Ministry of Health"
            continues = len(words) == 1 and words[0].casefold() in lex.BENEFIT_CONTINUES and bare in ("into", "on")
            if bare.casefold() in _NP_STOP and not joins and not continues:
                break
            if words and ((bare.endswith("ed") and not bare[:1].isupper()) or bare.casefold() in _DATE_WORDS):
                break
            words.append(bare)
            if w != bare or len(words) >= 6:
                break
        while words and words[-1].casefold() in _NP_STOP:
            words.pop()
        if words:
            phrase = " ".join(words)
            if len(words) > 1 and words[0] == "the" and words[1][:1].isupper():
                phrase = " ".join(words[1:])
            return phrase
    return None


def _np_span(left: str, lo: int) -> tuple[int, int] | None:
    """Offsets in ``left`` of the noun phrase that ends it, not reaching before ``lo``: "the Oslo-based group",
    "Germany's Federal Ministry of Research", "Van Houten Group", "she"."""
    end = len(left.rstrip())
    while left.endswith(",", 0, end):  # an appositive or relative clause: "Friesmelk Group, the dairy firm,"
        prev = left.rfind(",", lo, end - 1)
        piece = left[prev + 1:end - 1].split() if prev >= 0 else []
        if not piece or not (piece[0].casefold() in _NP_DETS or piece[0].casefold() in ("who", "which", "whose")):
            return None
        end = len(left[:prev].rstrip())
    run: list[tuple[int, int, str]] = []
    e = end
    spaces_only = "\n" not in left and "\u00a0" not in left  # mostly: then one look-up a word, not three
    while e > lo and len(run) < 8:  # word by word from the end: the phrase is short
        if spaces_only:
            st = left.rfind(" ", lo, e) + 1 or lo  # (-1 + 1: none before, the word starts at lo)
        else:
            st = max(lo, left.rfind(" ", lo, e) + 1, left.rfind("\n", lo, e) + 1, left.rfind("\u00a0", lo, e) + 1)
        w = left[st:e]
        if not w or w.endswith((",", ";", ":")) or not (w.isalnum() or any(c.isalnum() for c in w)):
            break
        bare = w.lstrip("\"“‘'(")
        low = bare.casefold()
        if low == "that" or low in lex.SPEECH_VERBS:
            break
        e = st
        while e > lo and left[e - 1].isspace():  # usually one space
            e -= 1
        if low in _NP_STOP and not bare.isupper():  # "the WHO" is a name, not "who"
            if low in _NAME_JOIN and run and run[0][2][:1].isupper() and _capital_word_ends(left, e):
                run.insert(0, (st + len(w) - len(bare), st + len(w), bare))  # "Ministry of Research"
                continue
            break
        run.insert(0, (st + len(w) - len(bare), st + len(w), bare))
    if not run:
        return None
    for i in range(len(run) - 1, -1, -1):
        w = run[i][2]
        poss = w[:1].isupper() and w.endswith(("'s", "’s"))
        if w.casefold() in _NP_DETS or poss:
            if i == len(run) - 1:
                return None
            while poss and i > 0 and run[i - 1][2][:1].isupper() and run[i - 1][2] not in lex.STOP:
                i -= 1  # "South Korea's Daeyang Electronics"
            return run[i][0], run[-1][1]
    j = len(run)
    while j > 0 and (run[j - 1][2][:1].isupper() or (run[j - 1][2] in _NAME_JOIN and j < len(run))) and not (
            run[j - 1][2] in lex.MONTHS or run[j - 1][2] in lex.WEEKDAYS):
        j -= 1
    while j < len(run) and run[j][2] in _NAME_JOIN:
        j += 1
    if j < len(run):
        return run[j][0], run[-1][1]
    if run[-1][2].casefold() in _SUBJ_PRONOUNS:
        return run[-1][0], run[-1][1]
    return None


def _capital_word_ends(text: str, e: int) -> bool:
    """Whether the word ending at ``e`` is capitalised."""
    st = e
    while st > 0 and not text[st - 1].isspace():
        st -= 1
    return st < e and text[st].isupper()


def _np_coordinated(left: str, span: tuple[int, int], lo: int) -> int | None:
    """Where "A and B" starts when the named subject at ``span`` is the second of two named parties."""
    before = left[:span[0]]
    if not before.rstrip().endswith("and"):  # what _AND_BEFORE needs: no need to scan ``before``
        return None
    m = _AND_BEFORE.search(before)
    if m is None or m.start() <= lo or not left[span[0]:span[0] + 1].isupper():
        return None
    first = _np_span(before[:m.start()], lo)
    if first is None or not before[first[0]:first[0] + 1].isupper() or first[1] != m.start():
        return None
    return first[0]


def _party_head(noun: str) -> bool:
    """Whether a lower-case head noun names a party: an organisation, a post, a government or a force ("lenders",
    "space agency", "federal police"), in the singular or the plural."""
    for n in (noun, noun[:-1] if noun.endswith("s") else noun):
        if n in _ORG_HEAD_CLASS or n in lex.PERSON_ROLE_HEADS or n in lex.PARTY_NOUNS:
            return True
    return _GOV_RE.fullmatch("the " + noun) is not None


def _soft_promise(after: str) -> bool:
    """Whether the words after a trigger promise a thought, not an act: "to “look seriously” at ..."."""
    words = after.split(None, 2)
    if words and words[0] == "to":
        words = words[1:]
    return bool(words) and words[0].strip("\"“‘'") in lex.SOFT_PROMISE_VERBS


def _not_a_trigger(trigger: str, seg: str, start: int, end: int) -> bool:
    """A trigger word in another use: "a pledging meeting" (a noun's modifier), "a venture meant to supply
    cells" (a purpose, not a promise)."""
    if trigger.endswith("ing"):
        return (seg[end:end + 20].split(None, 1) or [""])[0].strip(",.;:").casefold() in lex.PLEDGING_NOUNS
    if trigger.startswith("to"):
        return (seg[:start].rsplit(None, 1) or [""])[-1].casefold() in lex.PURPOSE_WORDS
    return False


def _strip_aux(text: str) -> str:
    """``_AUX_TAIL.sub("", text)`` for ``text`` without trailing space."""
    # The pattern ends in one of these words (or "on <word>"), case aside: most texts cannot match at all.
    toks = text.rsplit(None, 2)[-2:]
    if not (toks and (toks[-1].lower() in _AUX_LAST or toks[0].lower() == "on" or not _case_plain("".join(toks)))):
        return text
    m = _AUX_TAIL.search(text, max(0, len(text) - 120))  # anchored at the end: no need to scan it all
    return text[:m.start()] if m else text


def _conditional(left: str) -> bool:
    """``_CONDITIONAL.search(left)``: one of its words among the last five, then only space?"""
    if not left[-1:].isspace() or not any(w.endswith(_CONDITION_LEADS) for w in left.split()[-5:]):
        return False
    return _CONDITIONAL.search(left) is not None


def _case_plain(text: str) -> bool:
    """Whether lower() finds every word in ``text`` that IGNORECASE would (see Doc.case_safe)."""
    return "İ" not in text and "ı" not in text and "ſ" not in text


def _withheld(commitment: str) -> bool:
    """Whether a refusal's object is information ("not publish the figures"), which commits to nothing."""
    for w in commitment.split()[2:5]:
        low = w.strip(",.").casefold()
        if low not in _NP_DETS and low not in ("any", "further", "more", "its", "their"):
            return low in lex.NOT_PLEDGE_OBJECTS
    return False


def _word_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "-_")


def _maybe_party(phrase: str) -> bool:
    """Whether a subject can be a party that commits (a name, a pronoun, a group, an organisation, a government),
    judged from its words alone."""
    if phrase[:1].isupper() or phrase.casefold() in _SUBJ_PRONOUNS:
        return True
    om = _ORG_ANAPHOR_RE.fullmatch(phrase)
    return bool((om and om.group("head").islower()) or _GROUP_ACTOR_RE.fullmatch(phrase) or _GOV_RE.fullmatch(phrase)
                or any(w[:1].isupper() for w in phrase.split()))


def _role_stem(noun: str | None) -> str | None:
    """"minister" for "ministers" when the group noun is a role."""
    if not noun:
        return None
    stem = noun[:-1] if noun.endswith("s") else noun
    return stem if stem in lex.ROLE_NOUNS else None

