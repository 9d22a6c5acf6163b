"""Quotes and who said them: direct quotes from quote marks, reported
statements from "X said (that) ..." patterns, speakers resolved to the
fullest name the article gives."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from summariser.offline import _lexicon as lex
from summariser.offline._people import PRONOUNS, People
from summariser.offline._rx import lead, words_alt
from summariser.offline._text import Doc, QuoteSpan, Sentence

_SPEECH = words_alt(lex.SPEECH_VERBS)
_AUX = r"(?:(?:has|had|have|also|later|then|earlier|previously|again|further|once|quickly|simply|just)\s+)*"
_NO_PUNCT = r"[^,.;:!?\"“”«»‘’\n]"
_ROLE_HEAD = words_alt(lex.PERSON_ROLE_HEADS, fold_case=True)
# What follows "was" in "was quoted as saying", "was later quoted by the Fiji Sun as saying": the paper is not the
# speaker.
_QUOTED_AS = r"\s+(?:(?:later|also|once)\s+)?quoted\s+(?:by\s+[^,.;:!?\"“”«»\n]{1,60}?\s+)?as\s+saying"

# After a closing mark: '," Kim said' / '," said Kim' / '," according to Kim'.
_AFTER_INVERTED = re.compile(rf"[\s,]*(?:{_SPEECH})\b\s+(?P<who>{_NO_PUNCT}{{1,80}}?)\s*(?=[,.;:!?]|$)")
_AFTER_NORMAL = re.compile(rf"[\s,]*(?P<who>{_NO_PUNCT}{{1,80}}?)\s+{_AUX}(?:{_SPEECH}|was\s+quoted)\b")
_AFTER_ACCORDING = re.compile(rf"[\s,]*according\s+to\s+(?P<who>{_NO_PUNCT}{{1,80}}?)\s*(?=[,.;:!?]|$)")
# Before an opening mark: 'Kim said: "' / 'he told reporters, "' / 'According to Kim, "'.
_BEFORE = re.compile(
    rf"(?P<who>{_NO_PUNCT}{{1,80}}?)\s+{_AUX}(?:{_SPEECH}|was{_QUOTED_AS})\b{lex.SPEECH_TAIL}\s*[:,]?\s*"
    r"(?:that\s+)?$"
)
_BEFORE_TAIL = re.compile(rf"{lex.SPEECH_TAIL}\s*[:,]?\s*(?:that\s+)?$")  # what follows _BEFORE's verb
_BEFORE_QUOTED = re.compile(rf"{_QUOTED_AS}\b{_BEFORE_TAIL.pattern}")  # what follows _BEFORE's "was"
_BEFORE_ACCORDING = re.compile(rf"according\s+to\s+(?P<who>{_NO_PUNCT}{{1,80}}?),\s*$", re.I)
_BEFORE_COLON = re.compile(r":\s*$")
_BEFORE_WORDS = lex.SPEECH_VERBS | {"was"}
_WHO_STOPS = ",.;:!?\"“”«»‘’"  # _NO_PUNCT but the newline, which the space after "who" may hold
# The runs of \w+ that are _BEFORE_WORDS, found in one scan of a slice (where a run may start at 0).
_BEFORE_WORD = lead(rf"\b{words_alt(_BEFORE_WORDS)}\b")

# Reported speech.
_VERB_ANY = lead(rf"\b(?:was{_QUOTED_AS}|{_SPEECH})\b")
_SAY = lex.SAY_VERBS | {"was quoted as saying"}
_LOOSE_OK = frozenset("acknowledged admitted insisted warned argued claimed conceded confirmed predicted".split())
# Without "that" only these open a clause in _leading ("told" needs "that"; "quoted" stands for "was quoted as saying").
_CLAUSE_VERBS = (_SAY - {"told", "was quoted as saying"}) | _LOOSE_OK | {"quoted"}
_FINITE = lead(r"\b(?:is|was|were|are|would|will|had|has|have|could|should|must|can|did|does|do|might)\b")
_THAT_SOON = re.compile(  # matched at a verb's end
    r"\s*(?:(?:on|in|at|during|after|before|to|late|early|earlier|later|last|this|outside|via|through|from|over)\b"
    r"[^,.;:\"“”]{0,50}?\s+)?that\s+"
)
# ", its foreign minister said as ministers gathered in Helsinki.": a clause of time after the verb ends an
# attribution too (not "a concession he described as ...").
_WHEN_WORDS = r"(?:as|after|while|when|where|before|following|amid|during)"
_WHEN_CLAUSE = rf"(?<!described),?\s{_WHEN_WORDS}\s[^,;:\"“”«»]*$"
# What follows the spaces after the speaker (aux words, the verb) starts with a letter, so only all of them can
# match: (?=\S) spares trying the rest after each shorter run, which in a blanked quote costs its length squared.
_TRAIL = re.compile(
    rf",\s+(?P<who>{_NO_PUNCT}{{1,80}}?)\s+(?=\S){_AUX}(?P<v>{_SPEECH})\b{lex.SPEECH_TAIL}\s*"
    rf"(?P<stop>[.!?]?\s*$|,\s+(?:adding|saying|noting|citing)\b|{_WHEN_CLAUSE})"
)
# What follows _TRAIL's verb when it ends the sentence.
# _TRAIL with the speaker in two comma-separated pieces, a description and a name (either way round).
_TRAIL_APPOS = re.compile(
    rf",\s+[^,;:\"“”«»]{{1,60}}?,\s+(?P<who>{_NO_PUNCT}{{1,60}}?),\s+(?P<v>{_SPEECH})\b{lex.SPEECH_TAIL}\s*"
    rf"(?P<stop>[.!?]?\s*$|{_WHEN_CLAUSE})"
)
_TRAIL_END = re.compile(rf"{lex.SPEECH_TAIL}\s*(?:[.!?]?\s*$|{_WHEN_CLAUSE})")
_INVERTED = rf",\s+(?:said|says|added)\s+(?P<who>{_NO_PUNCT}{{1,60}}?)"
_TRAIL_INVERTED = re.compile(rf"{_INVERTED}\s*[.!?]?\s*$")
# ", said X, who co-chaired the talks." / ", said X, a senior aide.": the same, with the speaker described after.
_TRAIL_INVERTED_APPOS = re.compile(rf"{_INVERTED},\s+(?:who|whose|a|an|the)\s[^,;:\"“”«»]{{1,120}}?[.!?]?\s*$")
_TRAIL_ACCORDING = re.compile(rf",\s+according\s+to\s+(?P<who>{_NO_PUNCT}{{1,80}}?)\s*[.!?]?\s*$")
_LEAD_ACCORDING = re.compile(rf"^According\s+to\s+(?P<who>{_NO_PUNCT}{{1,80}}?),\s+")
_PARTICIPLE = re.compile(r",\s+(?:adding|saying|noting)\s+(?:[^,.;]{0,40}?\s+)?that\s+")
# ", calling it a fair price" at a statement's end: the writer's account of how the speaker judged what was said,
# not part of it.
_FRAMING = re.compile(r",\s+(?:calling|describing|branding|labell?ing|dubbing|terming)\s+"
                      r"(?:it|them|this|that|these|those|the|a|an|him|her|his|their|its)\b")
# r",?\s+(?:and|but)\s+...(?:said|...)...|,\s+(?:adding|...)...", written to open with a character set so that a
# search skips ahead in C to a comma or a space (the plain form is tried at every position). From a comma both
# kinds can follow, from a space only the first; letters follow the spaces, so taking all of them loses nothing.
_AND_SAID = r"(?:and|but)\s+(?:also\s+)?(?:said|added|warned|noted)\s+(?:that\s+)?"
_SECOND_SAY = re.compile(
    rf"[,\s](?:(?<=,)\s+(?:{_AND_SAID}|(?:adding|noting|saying)\s+(?:that\s+)?)|(?<=\s)\s*{_AND_SAID})"
)
_SOURCE_NOUN = (
    r"(?:statement|release|communiqué|transcript|report|fact\s+sheet|document|filing|letter|memo|notice|post)"
)
_SOURCE_STRIP = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:joint|closing|written|separate|brief|short|official|new|latest)\s+)?"
    rf"(?:{_SOURCE_NOUN}(?:\s+(?:from|by|released\s+by|issued\s+by)\s+(?P<src>.+))?"
    rf"|(?P<owner>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}})\s+{_SOURCE_NOUN})$",
)
# A word each _SOURCE_STRIP match holds, whitespace around it ("fact sheet" by its second word).
_SOURCE_WORDS = frozenset(
    "statement release communiqué transcript report sheet document filing letter memo notice post".split()
)
_SOURCE_TAIL = re.compile(r"\s+(?:figures|data|statistics|estimates|records|documents)$")
_SOURCE_TAIL_ENDS = ("figures", "data", "statistics", "estimates", "records", "documents", "\n")  # $ or before \n
_ROLE_REF = re.compile(rf"^(?:the|a|an|this|that)\s+(?:[\w'’-]+\s+){{0,2}}?(?P<head>{_ROLE_HEAD})$", re.I)
_ORG_REF = re.compile(r"^the\s+(?P<head>[a-z][\w-]*)$", re.I)
_DETERMINERS = frozenset("the a an his her their its both our this that these those".split())
_BAD_WHO = frozenset(
    "that which who when while and but or if as because after before then it there this what with without for "
    "in on at by from to of into over under about despite amid during".split()
)
# "Seoul's defence ministry", "the Slovak transport ministry": a name-like phrase ending in a common noun. The
# words between are modifiers: not "Bakers United urged the agency", "Ruiz at her department", "Sorel said the".
_NOT_MODIFIER = words_alt(_DETERMINERS | _BAD_WHO | lex.SPEECH_VERBS | {"asked", "met", "urged", "called"})
_ORG_ANTECEDENT = re.compile(
    rf"(?:[A-Z][\w.-]*['’]s|[A-Z][\w.-]*)(?:\s+(?!(?:{_NOT_MODIFIER})\s)[a-z][\w-]*){{0,2}}\s+[a-z][\w-]*$")
_ARTICLES = frozenset("a an the".split())
_LEADING_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
# A document the article cites: "a joint statement", "a statement from the Norland presidency".
_DOCUMENT_AT = re.compile(
    rf"\b(?:an?|the)\s+(?P<doc>(?:[\w’'-]+\s+){{0,2}}?(?P<noun>{_SOURCE_NOUN})"
    rf"(?:\s+(?:from|by|released\s+by|issued\s+by)\s+[^,.;:\"“”]{{1,60}})?)")
_NON_SPACE = re.compile(r"\S+")


def _inner_subject(words: list[str]) -> int:
    """Where a short noun phrase that ends ``words`` starts right after another ("a request | the institute"),
    with no preposition, conjunction or relative pronoun around it ("the head of the institute"); 0 if none."""
    k = len(words) - 3 if words[-3].casefold() == "the" else len(words) - 2
    if 2 <= k <= 3 and words[k].casefold() == "the" and _BAD_WHO.isdisjoint(map(str.casefold, words[1:k])) and (
            _BAD_WHO.isdisjoint(map(str.casefold, words[k + 1:]))):
        return k
    return 0


_VERBISH = lead(
    r"\b(?:is|was|were|are|would|will|had|has|have|could|should|must|can|did|does|do|might|been|being)\b"
    r"|\b(?!(?:king|thing|spring|building|morning|evening|string|wing|ring|sibling|offspring|ceiling|Ming)\b)"
    r"[a-z]\w*ing\b"
)
# The words _TRAILING_AUX needs: without them the search is skipped.
_TRAILING_AUX_WORDS = frozenset(
    "has had have also later then earlier previously again further once long repeatedly publicly".split())
_TRAILING_AUX_ENDS = tuple(_TRAILING_AUX_WORDS)
_TRAILING_AUX = re.compile(
    r"(?:\s+(?:has|had|have|also|later|then|earlier|previously|again|further|once|long|repeatedly|publicly))+$")
# Attributions sit near a sentence's end (or a quote's start): patterns anchored there search only this far.
_TAIL_WINDOW = 170
# A trailing attribution may be followed by a long when-clause ("..., its minister said as NATO ministers met ...").
_TRAIL_WINDOW = 260
_COMMA_WHEN = re.compile(rf",\s{_WHEN_WORDS}\s")  # where a _WHEN_CLAUSE opens with its comma
# A participle that reports what the sentence's subject said: "..., saying her country had one team".
_PARTICIPLES = frozenset("saying adding telling arguing insisting warning".split())
_SPEECH_WORDS = lex.SPEECH_VERBS | _PARTICIPLES | {"according", "quoted"}
# ", saying (that) ...", ", telling the meeting that ...": matched at a comma; "telling" needs its audience and "that".
_PARTICIPLE_SAY = re.compile(
    rf",\s+(?:(?:saying|adding|arguing|insisting|warning)(?:\s+that\b)?|telling\s+{_NO_PUNCT}{{1,80}}?\s+that\b)"
    r"(?=\s+[\w\"“‘'«])"
)
_PREPOSITIONS = frozenset("in at on after before during from with by for to under over despite amid".split())
_GROUP_SPEAKERS = frozenset(
    "officials police sources analysts experts witnesses residents authorities diplomats prosecutors investigators "
    "organisers organizers critics officers aides lawmakers ministers people doctors observers executives lawyers "
    "representatives members participants scientists researchers fishermen farmers workers unions economists "
    "spokesmen campaigners activists medics rescuers teachers students".split()
)
_PLURAL_PRONOUNS = frozenset("they we i you it".split())
_POSS_AT = re.compile(r"['’]s\s")
_ROLE_IN = lead(rf"\b(?:the|a)\s+(?:[\w-]+\s+){{0,2}}?(?P<head>{_ROLE_HEAD})\b", re.I)
_HE_SHE_ANY = lead(r"\b(?:he|she|He|She)\b")
_AND_END = lead(r"\b(?:and|but)$")
_TOLD_THAT = re.compile(rf"\s+{_NO_PUNCT}{{1,100}}?\s+that\s+")  # "told a news conference at ... on Friday that"
# "told the meeting she had ...": an audience, then a clause that opens with its subject ("that" left out).
_TOLD_BARE = re.compile(
    r"\s+(?:the\s+)?(?:him|her|them|us|me|reporters|journalists|delegates|councillors|councilors|lawmakers|legislators|MPs|senators"
    r"|parliament|supporters|students|workers|members|residents|the\s+(?:[\w-]+\s+)?(?:meeting|conference|audience"
    r"|committee|hearing|crowd|chamber|assembly|summit|gathering|rally|court|council|board))\s+"
    r"(?=(?:he|she|they|we|it|I|there|the|his|her|their|its)\s)"
)
_CLAUSE_START = re.compile(r"\s+(?!that\b)[\w\"“‘'«]")
# What leads into a direct quote after a reported clause: ", adding:", "and said:", a colon. Searched for in the
# text before the quote's opening mark; every such text ends with a match, empty at worst.
_QUOTE_LEAD_IN = re.compile(
    r"(?:,?\s+(?:and\s+)?(?:adding|saying|noting|declaring|warning|added|said|noted|warned)(?:\s+that)?)?[\s,:;–—-]*$")
_PREP_START = re.compile(r"\s+(?:to|by|on|in|at|as|after|before|during|following|while|amid|since|because|from|with)\b")
# "said on Monday it would ...", "said in a statement the plant ...": when, or where it was said, then a clause
# that opens with its subject ("that" left out).
_WEEKDAY = words_alt(lex.WEEKDAYS)
_WHEN_SUBJECT = re.compile(
    rf"\s+(?:(?:(?:late|early)\s+)?(?:on\s+)?{_WEEKDAY}"
    r"(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today|(?:last|this)\s+(?:week|month)"
    r"|in\s+an?\s+(?:statement|letter|interview|post|video|email|e-mail|filing|speech|note)"
    rf"(?:\s+on\s+{_WEEKDAY})?)"
    r"\s+(?=(?:he|she|they|we|it|I|there|the|his|her|their|its|this|these|a|an)\s)"  # no comma: ", its largest"
)
_WH_START = re.compile(r"(?:whether|if|how|why|what|when)\b")
_SPACES = re.compile(r"\s*")  # what str.lstrip() strips

_NEG_END = re.compile(r"(?:\bnot|n't|\bnever|\bdeclined\s+to|\brefused\s+to)\s*$")


def _skip_spaces(text: str, at: int) -> int:
    """Where the white space at ``at`` ends (``_SPACES`` always matches, if only the empty string)."""
    return _SPACES.match(text, at).end()  # type: ignore[union-attr]


@dataclass(slots=True)  # one per quote and statement: no per-object __dict__
class RawQuote:
    start: int
    end: int
    speaker: str | None
    kind: str


class Speech:
    def __init__(self, doc: Doc, people: People) -> None:
        self.doc = doc
        self.text = doc.text
        self.people = people
        # Speakers depend only on the article and its (settled) people: quotes, reported speech and pledges
        # often ask about the same span or speech verb.
        self._speakers: dict[tuple[int, int, int | None], str | None] = {}
        self._left: dict[tuple[int, int], str | None] = {}
        # Per sentence (by start): its speech verbs and the speaker it names, asked for by several quotes.
        self._verb_memo: dict[int, list[tuple[int, int, str]]] = {}
        self._sent_speakers: dict[int, str | None] = {}
        self._full: list[bool | None] = [None] * len(doc.quotes)  # see _is_full

    # --- speakers -----------------------------------------------------------------

    def speaker(self, start: int, end: int, at: int | None = None) -> str | None:
        """The speaker named by article[start:end] as a full name or a phrase."""
        key = (start, end, at)
        if key in self._speakers:
            return self._speakers[key]
        who = self._speakers[key] = self._speaker(start, end, at)
        return who

    def _speaker(self, start: int, end: int, at: int | None) -> str | None:
        raw = self.text[start:end]
        phrase = raw.strip(" ,\t")
        if not phrase or phrase.isspace():  # "\r" or a no-break space: no speaker, and no first word
            return None
        start += raw.index(phrase)
        end = start + len(phrase)
        low = phrase.casefold()
        if low in PRONOUNS:
            p = self.people.pronoun(start)
            return p.name if p else None
        if low in _PLURAL_PRONOUNS:
            return None
        words = phrase.split()
        src = None if _SOURCE_WORDS.isdisjoint(words) else _SOURCE_STRIP.match(phrase)
        if src:
            if src.group("owner"):
                return src.group("owner")  # "a State Department fact sheet" speaks for the State Department
            return self.speaker(start + src.start("src"), end, at) if src.group("src") else None
        first = words[0]
        first_low = first.casefold()
        if first_low in _BAD_WHO and not first.isupper():  # opens like a clause ("while X", "which ...")
            return None
        inner = _inner_subject(words) if len(words) > 3 and first_low in _ARTICLES else 0
        if inner:  # "a demand the council (said ...)": the clause's own subject speaks
            at_word = [m.start() for m in _NON_SPACE.finditer(phrase)][inner]
            return self.speaker(start + at_word, end, at)
        mentions = self.people.in_span(start, end)
        if mentions:
            _, me, p = mentions[0]
            if not _POSS_AT.match(self.text, me) or len(words) < 2:
                return p.name
            if _VERBISH.search(phrase):  # "Brenner's forecast was": a clause, not "Wanjiru's office"
                return None
            return phrase if len(words) <= 5 else p.name  # "Wanjiru's office" speaks for Wanjiru's office
        if len(words) > 8 or not lex.SPEECH_VERBS.isdisjoint(words) or _VERBISH.search(phrase):
            return None
        if not (phrase[0].isupper() or first_low in _DETERMINERS or first_low in _GROUP_SPEAKERS):
            return None
        tail = _SOURCE_TAIL.search(phrase) if phrase.endswith(_SOURCE_TAIL_ENDS) else None
        if tail:
            phrase = phrase[: tail.start()]
        rm = _ROLE_REF.match(phrase)
        if rm:
            p = self.people.last_before(at if at is not None else start, role_head=rm.group("head").casefold())
            if p:
                return p.name
        om = _ORG_REF.match(phrase)
        if om:
            named = self._org_antecedent(om.group("head"), start)
            if named:
                return named
        return phrase

    def _org_antecedent(self, head: str, before: int) -> str | None:
        """"Seoul's defence ministry" for a later "the ministry": the latest fuller mention of the same noun."""
        text = self.text
        i = before
        for _ in range(6):
            i = text.rfind(head, self.doc.body_start, i)
            if i < 0:
                return None
            m = _ORG_ANTECEDENT.search(text, max(0, i - 60), i + len(head))
            if m and m.end() == i + len(head) and not text[i + len(head):i + len(head) + 1].isalpha():
                return m.group()
        return None

    def _pronoun_or_subject(self, sent: Sentence, before: int) -> str | None:
        """The subject of a sentence: first person named outside quotes, a role, or a pronoun."""
        mentions = self.people.in_span(sent.start, before)
        if mentions:
            return mentions[0][2].name
        seg = self.doc.outside_quotes(sent.start, before)
        m = _ROLE_IN.search(seg)
        if m:
            p = self.people.last_before(sent.start + m.start(), role_head=m.group("head").casefold())
            if p:
                return p.name
        m = _HE_SHE_ANY.search(seg)
        if m:
            p = self.people.pronoun(sent.start + m.start())
            return p.name if p else None
        return None

    # --- direct quotes ----------------------------------------------------------------

    def direct(self) -> list[RawQuote]:
        doc, text = self.doc, self.text
        speakers: list[str | None] = []
        for q in doc.quotes:
            speakers.append(self._attribute(q))
        # Unattributed quotes borrow from a quote in the same paragraph, then from the previous one.
        for i, q in enumerate(doc.quotes):
            if speakers[i] is not None:
                continue
            j = _nearest_attributed(doc.quotes, speakers, i)
            if j >= 0:
                speakers[i] = speakers[j]
                continue
            if i and doc.quotes[i - 1].paragraph == q.paragraph - 1 and speakers[i - 1] is not None:
                ps, _ = doc.paragraphs[q.paragraph]
                if text[ps] in "\"“«‘'„":
                    speakers[i] = speakers[i - 1]
                    continue
            ps, _ = doc.paragraphs[q.paragraph]
            p = self.people.last_before(q.open)
            if p and self.people.in_span(ps, q.open):
                speakers[i] = p.name
        return [RawQuote(q.start, q.end, s, "direct") for q, s in zip(doc.quotes, speakers, strict=True)]

    def _attribute(self, q: QuoteSpan) -> str | None:
        doc, text = self.doc, self.text
        ps, pe = doc.paragraphs[q.paragraph] if doc.paragraphs else (0, len(text))
        if q.close is not None:
            # The paragraph that holds the closing mark (mostly the opening one's); paragraphs are sorted and disjoint.
            if not ps <= q.close < pe:
                k = bisect_right(doc.paragraphs, q.close, key=itemgetter(0)) - 1
                if k >= 0 and q.close < doc.paragraphs[k][1]:
                    pe = doc.paragraphs[k][1]
            a = q.close + 1
            stop = pe
            # Quotes are sorted by their opening mark: the next one is the only one that can stop the search.
            opens = doc.quote_opens
            nxt = bisect_right(opens, q.open)
            if nxt < len(opens) and opens[nxt] < stop:
                stop = opens[nxt]
            for rx in (_AFTER_INVERTED, _AFTER_ACCORDING, _AFTER_NORMAL):
                m = rx.match(text, a, stop)
                if m:
                    who = self.speaker(m.start("who"), m.end("who"), q.open)
                    if who:
                        return who
        sent = self.doc.sentence_at(q.open)
        lo = max(sent.start if sent else ps, self._prev_close(q) or ps, q.open - _TAIL_WINDOW)
        # _BEFORE needs a speech verb ("was" for "was quoted as saying") that only its tail follows, with no
        # punctuation between the match's start and the verb and 2 characters at least (speaker, space): search
        # from the last punctuation before the first such verb, and only when one can have a speaker. Its lazy
        # speaker makes a failing search cost the square of the window.
        verbs = [(lo + w.start(), lo + w.end(), w.group()) for w in _BEFORE_WORD.finditer(text[lo:q.open])]
        ends = [s for s, e, w in verbs if (_BEFORE_QUOTED if w == "was" else _BEFORE_TAIL).match(text, e, q.open)]
        lo_before = -1
        if ends:
            lo_before = max(lo, *(text.rfind(c, lo, ends[0]) + 1 for c in _WHO_STOPS))
            if ends[-1] < lo_before + 2:
                lo_before = -1
        for rx, start in ((_BEFORE, lo_before), (_BEFORE_ACCORDING, lo)):
            m = rx.search(text, start, q.open) if start >= 0 else None
            if m:
                who = self.speaker(m.start("who"), m.end("who"), q.open)
                if who:
                    return who
        if sent is not None:
            found = self._sentence_speaker(sent)
            if found:
                return found
            if _BEFORE_COLON.search(text, sent.start, q.open):
                return self._pronoun_or_subject(sent, q.open)
        return None

    def _prev_close(self, q: QuoteSpan) -> int | None:
        """Just after the closing mark of the last closed quote opened before ``q``."""
        quotes = self.doc.quotes
        # Quotes are sorted by their opening mark: walk back from the last one opened before q.
        i = bisect_left(self.doc.quote_opens, q.open) - 1
        while i >= 0:
            close = quotes[i].close
            if close is not None:
                return close + 1
            i -= 1
        return None

    def _sentence_speaker(self, sent: Sentence) -> str | None:
        """The speaker a sentence names outside its quotes ("X said", "according to X")."""
        if sent.start not in self._sent_speakers:
            self._sent_speakers[sent.start] = self._find_sentence_speaker(sent)
        return self._sent_speakers[sent.start]

    def _find_sentence_speaker(self, sent: Sentence) -> str | None:
        seg = self.doc.outside_quotes(sent.start, sent.end)
        for _, m in _trail_matches(seg) if "," in seg else ():  # each opens with a comma
            who = self.speaker(sent.start + m.start("who"), sent.start + m.end("who"))
            if who:
                return who
        la = _LEAD_ACCORDING.match(seg) if seg.startswith("According") else None
        if la:
            return self.speaker(sent.start + la.start("who"), sent.start + la.end("who"))
        for start, _, _ in self._verbs(sent, seg, self.doc.words(sent.start, sent.end)):
            who = self._left_speaker(sent, start)
            if who:
                return who
        return None

    def _left_speaker(self, sent: Sentence, verb_at: int) -> str | None:
        """Who stands right before a speech verb at sentence offset ``verb_at``; "" when it is not speech."""
        key = (sent.start, verb_at)
        if key in self._left:
            return self._left[key]
        who = self._left[key] = self._find_left_speaker(sent, verb_at)
        return who

    def _find_left_speaker(self, sent: Sentence, verb_at: int) -> str | None:
        seg = self.doc.outside_quotes(sent.start, sent.start + verb_at)
        left = seg.rstrip()
        # The last word is one of _TRAILING_AUX_WORDS only if ``left`` ends with it: test that first, in C.
        last = left.rsplit(None, 1)[-1:] if left.endswith(_TRAILING_AUX_ENDS) else None
        if last and last[0] in _TRAILING_AUX_WORDS:  # the pattern ends with one of them
            m = _TRAILING_AUX.search(left, max(0, len(left) - 120))  # anchored at the end: no need to scan it all
            left = left[:m.start()] if m else left
        if left.endswith(("and", "but")) and _AND_END.search(left):
            return self._pronoun_or_subject(sent, sent.start + verb_at)
        end = len(left.rstrip(" ,"))
        # Walk back over comma-separated pieces: "X, who heads Y, said" / "X, speaking in Z, said".
        for _ in range(3):
            cut = left.rfind(",", 0, end)
            piece_start = cut + 1 if cut >= 0 else 0
            piece = left[piece_start:end]
            first = piece.split(None, 1)[0] if piece and not piece.isspace() else ""
            first = first if first.isupper() else first.casefold()  # "WHO" is not "who"
            mentions = self.people.in_span(sent.start + piece_start, sent.start + end)
            if mentions and not first.startswith(("who", "whose")):
                return mentions[-1][2].name
            # "Veltro, which built 40,000 vans, said": a relative clause closed by a comma; not "a report, which said".
            relative = first in ("who", "whose") or (first == "which" and "," in left[end:])
            if not relative and first in ("which", "that", "as", "if", "when", "because", "while", "although"):
                return None
            if first in ("but", "yet") and " " in piece.strip():  # "..., but the province argued": a new subject
                piece_start += piece.index(" ", len(piece) - len(piece.lstrip())) + 1
                piece = left[piece_start:end]
                first = piece.split(None, 1)[0]
                first = first if first.isupper() else first.casefold()
            if relative or first.endswith("ing") or first in _PREPOSITIONS or first.isdigit():
                # "X, who heads Y, said" / "X, speaking in Z, said" / "X, 74, said"
                if cut < 0:
                    return None
                end = cut
                continue
            if cut > 0 and (_ROLE_REF.match(piece.strip()) or first in ("a", "an", "the") or first in lex.ROLE_NOUNS):
                before = self.people.in_span(sent.start + left.rfind(",", 0, cut) + 1, sent.start + cut)
                if before:  # "Adaeze Okafor, the fund's president, said"
                    return before[-1][2].name
            return self.speaker(sent.start + piece_start, sent.start + end)
        return None

    # --- reported statements ------------------------------------------------------------

    def reported(self) -> list[RawQuote]:
        out: list[RawQuote] = []
        words = self.doc.words
        self._prev_speaker: str | None = None  # who reported the sentence before, for "it said"
        for sent in self.doc.sentences:
            w = words(sent.start, sent.end)
            if not w.isdisjoint(_SPEECH_WORDS):  # most sentences hold no speech
                found = self._reported_in(sent, w)
                out.extend(found)
                self._prev_speaker = next((q.speaker for q in found if q.speaker), None) if found else None
            else:
                self._prev_speaker = None
        return out

    def _it(self) -> str | None:
        """Who "it said" means: the organisation or document that reported the sentence before ("..., the
        ministry said. It said ...", also across a paragraph break); never a person."""
        who = self._prev_speaker
        return who if who and all(who != p.name for p in self.people.persons) else None

    def _full_quote_in(self, start: int, end: int) -> bool:
        """Whether [start, end) holds a whole quoted sentence rather than a quoted fragment: a full quote
        that overlaps it, found by bisection over the quotes' opening marks."""
        quotes, opens = self.doc.quotes, self.doc.quote_opens
        k = bisect_left(opens, start)  # the quotes opened in [start, end)
        while k < len(opens) and opens[k] < end:
            q = quotes[k]
            if q.start < end and q.end > start and self._is_full(k):
                return True
            k += 1
        j = bisect_right(opens, start) - 1  # and the one opened before that still covers ``start``
        if j >= 0 and not (start <= opens[j] < end):
            q = quotes[j]
            return (q.close or q.end) >= start and q.start < end and q.end > start and self._is_full(j)
        return False

    def _first_full_open(self, start: int, end: int) -> int | None:
        """Where the first full quote opened in [start, end) opens; None if there is none, or if a full quote
        opened before ``start`` still covers it."""
        quotes, opens = self.doc.quotes, self.doc.quote_opens
        j = bisect_right(opens, start) - 1
        if j >= 0 and opens[j] < start and quotes[j].end > start and self._is_full(j):
            return None
        for k in range(bisect_left(opens, start), len(opens)):
            if opens[k] >= end:
                break
            if self._is_full(k):
                return opens[k]
        return None

    def _is_full(self, i: int) -> bool:
        """Whether ``doc.quotes[i]`` is a whole quoted sentence: unclosed, or over three words, not lower-case."""
        full = self._full[i]
        if full is None:
            q = self.doc.quotes[i]
            full = self._full[i] = q.close is None or (
                len(self.text[q.start:q.end].split(None, 3)) > 3 and not self.text[q.start:q.start + 1].islower())
        return full

    def _reported_in(self, sent: Sentence, words: frozenset[str]) -> list[RawQuote]:
        """The reported statements of ``sent``, whose ``words`` hold a speech word."""
        seg = self.doc.outside_quotes(sent.start, sent.end)
        s0 = sent.start
        m, who = None, None
        for rx, cand in _trail_matches(seg) if "," in seg else ():  # each opens with a comma
            who = self.speaker(s0 + cand.start("who"), s0 + cand.end("who"))
            if who is None and rx is _TRAIL and cand.group("who").strip() == "it":
                who = self._it()  # "..., it said."
            if who is not None or (rx is _TRAIL_ACCORDING and _SOURCE_STRIP.match(cand.group("who").strip())):
                m = cand
                break
            if rx is _TRAIL_ACCORDING and _is_source(cand.group("who")) and (
                    self.text[s0 + cand.start("who"):s0 + cand.end("who")] == cand.group("who")):  # no quote blanked
                # "..., according to two people who were present": the source as the text names it
                m, who = cand, " ".join(cand.group("who").split())
                break
        la = _LEAD_ACCORDING.match(seg) if seg.startswith("According") else None
        if m is not None and m.re is _TRAIL_ACCORDING:
            who = self._document(s0 + m.start("who"), s0 + m.end("who")) or who
        out: list[RawQuote] = []
        if m is None and la is None:
            # What _leading returns lies in [clause, sentence end), where it found no full quote; one that overlaps
            # a part of it overlaps the whole (see _full_quote_in), so none is looked for again.
            for a, b, who in self._leading(sent, seg, words) or self._participle(sent, seg, words):
                a, b = self._clause(a, b)
                if a >= 0:
                    out.append(RawQuote(a, b, who, "reported"))
            return out
        found: list[tuple[int, int, str | None]] = []
        if m is not None:
            clause_start = s0
            if la and m.re is not _TRAIL_ACCORDING:
                clause_start = s0 + la.end()
            found.append((clause_start, s0 + m.start(), who))
            if m.re is _TRAIL and m.group("stop").startswith(","):
                pm = _PARTICIPLE.search(seg, m.start("stop"))
                if pm:
                    found.append((s0 + pm.end(), sent.end, who))
        elif la is not None:
            clause = s0 + la.end()
            who = self._document(s0 + la.start("who"), s0 + la.end("who")) or self.speaker(
                s0 + la.start("who"), s0 + la.end("who"))
            comma = seg.find(",", la.end())
            named = self.people.in_span(clause, s0 + comma) if comma > 0 else []
            if named and named[0][0] - clause <= 4 and not seg[named[-1][1] - s0:comma].strip():
                # "According to the partnership's executive director, Dr Thandiwe Mokoena, the shortfall ..."
                clause, who = s0 + comma + 1, named[-1][2].name
            found.append((clause, sent.end, who))
        for a, b, who in found:
            a, b = self._clause(a, b)
            if a >= 0 and not self._full_quote_in(a, b):
                out.append(RawQuote(a, b, who, "reported"))
        return out

    def _document(self, start: int, end: int) -> str | None:
        """For "according to a joint statement" / "a statement from the ministry": the document, as the text names
        it, without its article (what was written is attributed to the writing, not to a person); None for
        anything else, or a bare "the statement"."""
        phrase = self.text[start:end].strip()
        if _SOURCE_WORDS.isdisjoint(phrase.split()) or not _SOURCE_STRIP.match(phrase):
            return None
        bare = _LEADING_ARTICLE.sub("", phrase)
        if " " in bare:
            return bare
        if not phrase.casefold().startswith("the "):
            return None
        # "According to the statement": the one the article cited last ("a joint statement", "a statement from X").
        text, i = self.text, start
        for _ in range(3):
            i = text.rfind(bare, self.doc.body_start, i)
            if i < 0:
                return None
            m = _DOCUMENT_AT.search(text, max(self.doc.body_start, i - 40), i + len(bare) + 80)
            if m and m.start("noun") == i and " " in m.group("doc"):
                return m.group("doc").rstrip()
        return None

    def _clause(self, a: int, b: int) -> tuple[int, int]:
        """[a, b) without the spaces and commas it opens with, the punctuation it ends with and a framing participle
        (", calling it ..."); (-1, -1) when that is too short for a statement (under 12 characters or 3 words)."""
        piece = self.text[a:b]
        framing = _FRAMING.search(piece) if ", " in piece and "ing " in piece else None
        # Not when a comma follows: in "the unions, calling the offer an insult, would strike" the statement goes on.
        if framing and "," not in piece[framing.end():]:
            piece = piece[:framing.start()]
        body = piece.lstrip(" ,")
        a += len(piece) - len(body)
        body = body.rstrip(" .,;:!?\n")
        if len(body) < 12 or len(body.split(None, 2)) < 3:  # split at most twice to tell
            return -1, -1
        return a, a + len(body)

    def _leading(self, sent: Sentence, seg: str, words: frozenset[str]) -> list[tuple[int, int, str | None]]:
        s0 = sent.start
        that = "that" in words  # _TOLD_THAT and _THAT_SOON need it
        if not that and "told" not in words and words.isdisjoint(_CLAUSE_VERBS):  # then no verb below opens a clause
            return []
        quoted: bool | None = None  # whether a full quote overlaps the sentence, once asked
        # The patterns below match from the verb's end on (none looks behind it): no need to slice the rest off.
        for verb_start, verb_end, verb in self._verbs(sent, seg, words):
            if verb == "told":
                tm = (_TOLD_THAT.match(seg, verb_end) if that else None) or _TOLD_BARE.match(seg, verb_end)
                if not tm:
                    continue
                clause = tm.end()
            else:
                tm = _THAT_SOON.match(seg, verb_end) if that else None
                if tm:
                    clause = tm.end()
                elif verb in _SAY:  # "was quoted as saying" too
                    if not _CLAUSE_START.match(seg, verb_end):
                        continue
                    wm = _WHEN_SUBJECT.match(seg, verb_end)
                    if wm is not None:
                        clause = wm.end()
                    elif _PREP_START.match(seg, verb_end):
                        continue
                    else:
                        clause = _skip_spaces(seg, verb_end)
                elif verb in _LOOSE_OK and _FINITE.search(seg, verb_end):
                    clause = _skip_spaces(seg, verb_end)
                else:
                    continue
            # Both spans lie in the sentence: when no full quote overlaps it, none overlaps them.
            if quoted is None:
                quoted = self._full_quote_in(s0, sent.end)
            stop = sent.end
            if quoted and self._full_quote_in(s0, s0 + verb_start):
                return []
            if quoted and self._full_quote_in(s0 + clause, sent.end):
                # 'X said the ships were needed, adding: "We cannot ..."': the statement ends where the quote's
                # lead-in starts. Not when the quote holds the clause's start.
                opened = self._first_full_open(s0 + clause, sent.end)
                if opened is None:
                    return []
                lead_in = _QUOTE_LEAD_IN.search(seg, clause, opened - s0)  # always found, empty at worst
                stop = s0 + lead_in.start() if lead_in else opened
            if _negated(seg, verb_start) or _WH_START.match(seg, clause):
                continue
            who = self._left_speaker(sent, verb_start)
            if who is None and seg[:verb_start].rstrip().rsplit(None, 1)[-1:] in (["it"], ["It"]):
                who = self._it()
            if who is None:
                return []
            sm = _SECOND_SAY.search(seg, clause) if stop == sent.end and _second_say_in(seg[clause:]) else None
            if sm:
                return [(s0 + clause, s0 + sm.start(), who), (s0 + sm.end(), sent.end, who)]
            return [(s0 + clause, stop, who)]
        return []

    def _participle(self, sent: Sentence, seg: str, words: frozenset[str]) -> list[tuple[int, int, str | None]]:
        """"She asked for help, saying her country had one team": what the participle reports, the subject's."""
        if words.isdisjoint(_PARTICIPLES):
            return []
        pm = None
        for pm in _PARTICIPLE_SAY.finditer(seg):  # noqa: B007 - the last one
            continue
        if pm is None or _WH_START.match(seg, _skip_spaces(seg, pm.end())):
            return []
        clause = _skip_spaces(seg, pm.end())
        s0 = sent.start
        if self._full_quote_in(s0 + clause, sent.end):  # ", adding: "We cannot ..."": a direct quote's
            return []
        who = self._pronoun_or_subject(sent, s0 + pm.start())
        return [(s0 + clause, sent.end, who)] if who else []

    def _verbs(self, sent: Sentence, seg: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
        """(start, end, verb) of the speech verbs in ``seg``, the sentence outside quotes (``words`` are its
        words): what ``_VERB_ANY.finditer`` finds, looked up from the words instead of scanning for all of them."""
        out = self._verb_memo.get(sent.start)
        if out is None:
            out = self._verb_memo[sent.start] = _find_verbs(seg, words)
        return out


def _find_verbs(seg: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    if "quoted" in words:
        # One name for "was quoted as saying" in all its forms (no speech verb starts with "was").
        return [(m.start(), m.end(), "was quoted as saying" if m.group().startswith("was") else m.group())
                for m in _VERB_ANY.finditer(seg)]
    out = []
    n = len(seg)
    for verb in lex.SPEECH_VERBS.intersection(words):
        i = seg.find(verb)
        while i >= 0:
            j = i + len(verb)
            # Whole words only, as the pattern's \b on both sides: ``re`` counts as \w what isalnum() does, and "_".
            if (i == 0 or not (seg[i - 1].isalnum() or seg[i - 1] == "_")) and (
                    j == n or not (seg[j].isalnum() or seg[j] == "_")):
                out.append((i, j, verb))
            i = seg.find(verb, i + 1)
    out.sort()
    return out


def _second_say_in(rest: str) -> bool:
    """Whether ``rest``, a sentence from its clause on, holds the words _SECOND_SAY needs (the sentence's words
    would also hold the verb that opens the clause)."""
    said = "said" in rest or "added" in rest or "warned" in rest or "noted" in rest
    return (said and ("and" in rest or "but" in rest)) or "adding" in rest or "noting" in rest or "saying" in rest


@lru_cache(maxsize=1024)
def _trail_matches(seg: str) -> tuple[tuple[re.Pattern[str], re.Match[str]], ...]:
    """The trailing attributions in ``seg`` (", said X.", ", according to X.", ", X said."), in the order
    they are tried; cheap substring tests pick the patterns worth trying."""
    tail_from = max(0, len(seg) - _TRAIL_WINDOW)
    # _TRAIL_INVERTED and _TRAIL_ACCORDING hold no comma after their first one: they can start at the last only.
    last = seg.rfind(",")
    if last < tail_from:  # all three start at a comma in the window
        return ()
    out: list[tuple[re.Pattern[str], re.Match[str]]] = []
    for rx in (_TRAIL_INVERTED if ", said " in seg or ", says " in seg or ", added " in seg else None,
               _TRAIL_ACCORDING if "according to" in seg else None):
        m = rx.match(seg, last) if rx is not None else None
        if m is None and rx is _TRAIL_INVERTED:  # the speaker's description holds the last comma
            before = seg.rfind(",", 0, last)
            m = _TRAIL_INVERTED_APPOS.match(seg, before) if before >= tail_from else None
        if m is not None and rx is not None:
            out.append((rx, m))
    # No comma can stand in a _TRAIL match that ends the sentence but the first character: such a match starts at the
    # last comma, and its verb is a word of its own after it (or the last one, before [.!?]). Only a match that stops
    # at ", adding" (and the like) can start earlier. Trying up to 80 speakers at a comma is what costs.
    if "adding" in seg or "saying" in seg or "noting" in seg or "citing" in seg:
        m = _TRAIL.search(seg, tail_from)
    else:
        # ", the minister said on Thursday, after crews threatened ...": the attribution ends at a when-clause.
        prev = seg.rfind(",", 0, last) if _COMMA_WHEN.match(seg, last) else -1
        at = prev if prev >= 0 and last - prev <= 120 else last
        words = seg[at + 1:].split()
        verbs = lex.SPEECH_VERBS.intersection([*words, words[-1].rstrip(".!?")]) if words else None
        m = _TRAIL.match(seg, at) if verbs and _trail_verb_in(seg, at + 1, verbs) else None
        if m is None and verbs and seg[at + 1:].split(None, 1)[0] in lex.SPEECH_VERBS:
            # ", the environment minister, Edda Lind, said ...": the speaker takes the two pieces before the verb.
            p0 = seg.rfind(",", 0, seg.rfind(",", 0, at)) if at > 0 else -1
            m = _TRAIL_APPOS.match(seg, p0) if p0 >= 0 and at - p0 <= 140 else None
    if m is not None:
        out.append((_TRAIL, m))
    return tuple(out)


def _is_source(phrase: str) -> bool:
    """Whether the unknown ``phrase`` after "according to" can name a source ("two people who were present",
    "court filings", "industry figures"), not a clause (quote marks never stand in it: see _NO_PUNCT)."""
    words = phrase.split()
    return 0 < len(words) <= 10 and words[0].casefold() not in _BAD_WHO


def _trail_verb_in(seg: str, start: int, verbs: frozenset[str]) -> bool:
    """Whether one of ``verbs`` stands in seg[start:] as _TRAIL's verb does in a match that ends the sentence: after
    a space, with only _TRAIL_END after it. _TRAIL.match needs one; a failing match tries up to 80 speakers."""
    for verb in verbs:
        i = seg.find(verb, start)
        while i >= 0:
            if seg[i - 1].isspace() and _TRAIL_END.match(seg, i + len(verb)):
                return True
            i = seg.find(verb, i + 1)
    return False


@lru_cache(maxsize=1024)
def trailing_attribution(seg: str) -> tuple[tuple[int, int, int], ...]:
    """(who start, who end, attribution start) for ", X said." and "according to X" in ``seg``."""
    out = [(m.start("who"), m.end("who"), m.start()) for _, m in _trail_matches(seg)]
    m = _LEAD_ACCORDING.match(seg) if seg.startswith("According") else None
    if m:
        out.append((m.start("who"), m.end("who"), len(seg)))
    return tuple(out)


def _nearest_attributed(quotes: list[QuoteSpan], speakers: list[str | None], i: int) -> int:
    """The attributed quote of quote ``i``'s paragraph nearest to it, the earlier one of two as near; -1 if none.
    Quotes are sorted by their opening mark, so those of a paragraph are contiguous."""
    para, n = quotes[i].paragraph, len(quotes)
    lo = hi = i
    while True:
        lo, hi = lo - 1, hi + 1
        left = lo >= 0 and quotes[lo].paragraph == para
        right = hi < n and quotes[hi].paragraph == para
        if not (left or right):
            return -1
        if left and speakers[lo] is not None:
            return lo
        if right and speakers[hi] is not None:
            return hi


def _negated(seg: str, end: int) -> bool:
    """``_NEG_END.search(seg, 0, end)``: its words end the text, so look at the end first."""
    return seg[:end].rstrip().endswith(("not", "n't", "never", "to")) and _NEG_END.search(seg, 0, end) is not None

