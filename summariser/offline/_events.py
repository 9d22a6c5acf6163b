"""Meetings (talks, calls, visits, summits, ceremonies) and pledges, found
sentence by sentence from the trigger tables in ``_lexicon``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from summariser.offline import _lexicon as lex
from summariser.offline._people import PRONOUNS, People, Person
from summariser.offline._speech import Speech, trailing_attribution
from summariser.offline._text import UP, Doc, Sentence, lower

# Run on lower-cased text: case-insensitive alternations are several times slower.
_TRIGGER_RE = re.compile(r"\b(?:" + "|".join(rf"(?P<{kind}>{pattern})" for kind, pattern in lex.MEETING_TRIGGERS)
                         + r")\b")
# Visit words that yield to a talks trigger in the same sentence ("travelled to X for talks").
_MOVEMENT = re.compile(r"^(?:toured|trip|travel|arrived|visiting|hosted|welcomed|received)")
_TRIGGER_WORD = r"(?:meeting|talks|call|visit|summit|ceremony|session|discussions?|conference|signing|trip)"
_CONTEXT_RE = re.compile(
    rf"\b(?:{lex.MEETING_CONTEXT})\b[^,.;]*"
    rf"|\b(?:after|before|following|since|ahead\s+of|until)\s+(?:the|this|that|his|her|their|its)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{_TRIGGER_WORD}\b"
    r"|\b(?:told|addressed|at|gave)\s+(?:a|the)\s+(?:news|press)\s+(?:conference|briefing)"
    r"|\bnext\s+(?:meeting|summit|round)\b",
    re.I,
)
_ANAPHOR_RE = re.compile(lex.MEETING_ANAPHOR, re.I)
_PRESENCE_RE = re.compile(
    r"\bin\s+the\s+room\b|\bamong\s+those\s+(?:present|attending|in)\b|\bwere\s+(?:also\s+)?present\b"
    r"|\balso\s+present\b|\baccompanied\s+by\b|\bflanked\s+by\b|\bjoined\s+by\b|\bwas\s+(?:also\s+)?attended\s+by\b",
    re.I,
)
_GROUP_RE = re.compile(
    r"\b(?:ministers|officials|leaders|delegations?|representatives|executives|members|envoys|diplomats"
    r"|negotiators|players|lawmakers|governments|counterparts|chiefs|heads)\b",
    re.I,
)
_PLANNED_RE = re.compile(
    rf"\b{_TRIGGER_WORD}\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+)?"
    r"(?:planned|scheduled|due|expected|set|slated)\b"
    rf"|\b(?:will|would|plans?\s+to|(?:is|are)\s+(?:due|set|expected)\s+to)\s+(?:hold|host|convene)\s+"
    rf"(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?{_TRIGGER_WORD}\b",
    re.I,
)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|no\s+longer|declined\s+to|refused\s+to|absent|boycott\w*|skipp\w+|cancel\w*|postpone\w*"
    r"|without)\b",
    re.I,
)
_NEW_MARKER = re.compile(r"\b(?:also|later|separately|another|second|next|earlier|then|afterwards)\b", re.I)
_HE_SHE = re.compile(
    r"(?:^|,\s+|^[^,]{0,40}\b(?:said|says|added|told\s+\w+)\s+(?:that\s+)?)(?P<p>[Hh]e|[Ss]he)\b"
)
_SPEECH_VERB = re.compile(r"\b(?:" + "|".join(sorted(lex.REPORTING_VERBS, key=len, reverse=True)) + r")\b")
_PERSON_HEAD = "|".join(sorted(lex.PERSON_ROLE_HEADS, key=len, reverse=True))
_ROLE_REF = re.compile(rf"\b(?:the|The)\s+(?:[\w-]+\s+){{0,2}}?(?P<head>{_PERSON_HEAD})\b")

_NOT_DATE = "(?!(?:" + "|".join(sorted(lex.MONTHS | lex.WEEKDAYS, key=len, reverse=True)) + r")\b)"
_CAPSEQ = rf"{_NOT_DATE}[{UP}][\w'’-]*(?:\s+(?:(?:of|de|du|la|le|the)\s+)?{_NOT_DATE}[{UP}][\w'’-]*)*"
_VENUE = "|".join(sorted(lex.VENUE_NOUNS, key=len, reverse=True))
_LOCATION_RES = [
    re.compile(
        rf"\b(?:at|in)\s+(?P<loc>(?:the\s+)?(?:(?!(?:at|in|on|with|and)\b)[\w'’-]+\s+){{0,3}}(?:{_VENUE})(?!['’\w])"
        rf"(?:\s+(?:in|on|of)\s+(?:the\s+)?{_CAPSEQ})?)\b"
    ),
    re.compile(rf"\b(?:at|in)\s+(?P<loc>(?:the\s+(?=[{UP}]))?{_CAPSEQ}(?:,?\s+in\s+{_CAPSEQ})?)"),
    re.compile(rf"\b(?:travel\w*|trip|flew|flown|visit\w*|arrived)\s+(?:to\s+|in\s+)?(?P<loc>{_CAPSEQ})"),
    re.compile(rf"\b(?:visit\w*|toured)\s+(?P<loc>(?:the|an?)\s+(?:[\w'’-]+\s+){{0,2}}(?:{_VENUE})(?!['’\w])"
               rf"(?:\s+(?:outside|in|near|on)\s+{_CAPSEQ})?)"),
]
_MONTH_ALT = "(?-i:" + "|".join(sorted(lex.MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY_ALT = "(?-i:" + "|".join(lex.WEEKDAYS) + ")"
_DATE_RE = re.compile(
    rf"\b(?:on\s+)?(?:the\s+)?(?:(?:{_WEEKDAY_ALT})(?:,?\s+(?:{_MONTH_ALT})\.?\s+\d{{1,2}})?"
    rf"(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_ALT})"
    rf"(?:\s+\d{{4}})?)\b"
    rf"|\b(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|{_WEEKDAY_ALT})\b"
    r"|\b(?:yesterday|today|tomorrow)\b|\bon\s+the\s+same\s+day\b|\blater\s+the\s+same\s+day\b"
    rf"|\b(?:in\s+)?(?:early|mid|late)[- ](?:{_MONTH_ALT})\b|\bin\s+(?:{_MONTH_ALT})(?:\s+\d{{4}})?\b",
    re.I,
)
_TOPIC_RE = re.compile(
    rf"\b(?:{lex.TOPIC_LEADS}|(?:spoke|talked|talks|call|conversation|discussions?)\b[^.;]{{0,80}}?\babout)"
    r"\s+(?P<t>[^.;:]+)",
    re.I,
)
_TOPIC_LIST = re.compile(r"^(?:focused|focusing)\s+on|including|such\s+as", re.I)
_TOPIC_STOP = re.compile(
    r"\s+(?:to\s+deter|while|as|amid|after|before|ahead\s+of|on\s+the\s+sidelines|which|where|when|and\s+(?:vowed|agreed|"
    r"said|pledged|stressed))\b|,"
)
_TRIVIAL_TOPIC = frozenset("the issue|the matter|it|them|this|that|the situation|issues|matters|the plan".split("|"))
_OUTCOME_RE = re.compile(rf"\b(?:{lex.OUTCOME_LEADS})\s+(?P<o>[^;]+?)(?=,\s+(?:the|a|according)\b|[.;]|$)")

_PLEDGE_RE = re.compile(rf"\b(?:{lex.PLEDGE_TRIGGERS})\b")
_PLEDGE_EXTRA = re.compile(r"\b(?:gave|give|gives|offered)\s+(?:assurances|guarantees)\b|\bguaranteed\b")
_CONDITIONAL = re.compile(r"\b(?:until|unless|if|whether|before|not|never|refused|declined)\s+(?:\S+\s+){0,4}$")
_COORD_LEFT = re.compile(r"(?:,|\band|\bwhile|\bafter|\bbefore|\bby)\s*$")
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|had|have|also|later|then|would|will|could|should|may|might|must|already|quickly|publicly"
    r"|formally|repeatedly|again|on\s+\w+|by\s+evening|today|yesterday))+$",
    re.I,
)
_NP_STOP = frozenset(
    "by from with on in at to for of and that which who as while when after before than or but because since "
    "during into over under between about against".split()
)
_BENEFICIARY_RES = [
    re.compile(rf"(?:{lex.MONEY}|\b(?:{lex.BENEFIT_NOUNS}))\b(?:\s+[\w$€£.,-]+){{0,5}}?\s+"
               rf"(?:to\s+(?=the\b|a\b|an\b|its\b|their\b|[{UP}\d])|for\s+(?!an?\b))(?P<b>.+)"),
    re.compile(r"\b(?:provide|give|send|offer|supply|grant|donate)\s+(?P<b>.+?)\s+with\b"),
    re.compile(r"\b(?:help|support|assist|compensate|train|training|protect|benefit|rebuild|reimburse)\s+(?P<b>.+)"),
]
_CLAUSE_CUT = re.compile(
    r";|\s+while\s+|,\s+(?:but|although|though|which|who)\b|,\s+(?:and\s+)?(?:said|says|added)\b"
    r"|,\s+and\s+(?:will|would|has|have|is|are|was|were|also)\b|,\s+(?:after|as|amid|following|despite|because)\b"
)
_SUBJECT_NP = re.compile(
    rf"(?:[^,]{{1,50}},\s+)?(?P<np>(?:both|the|The|Both)\s+(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+?|[{UP}][\w'’-]*"
    rf"(?:\s+[{UP}][\w'’-]*){{0,4}})\s+(?:\w+ed|have|has|had|will|would|were|was|are|is)\b"
)
_WHOLE_SUBJECT = re.compile(rf"(?P<np>(?:The|A|An|[{UP}][\w'’-]*)(?:\s+[\w'’-]+){{0,9}})")
_NOT_SUBJECT = lex.SPEECH_VERBS | PRONOUNS | frozenset("it they we i is are was were has have had be".split())
_NOUN_KIND = {"meeting": "talks", "talks": "talks", "discussions": "talks", "discussion": "talks",
              "session": "talks", "conversation": "call", "call": "call", "visit": "visit", "trip": "visit",
              "delegation": "visit", "summit": "summit", "ceremony": "ceremony", "signing": "ceremony"}
_WORD_RE = re.compile(r"[^\W\d_]+")
_DATE_WORDS = frozenset(w.lower() for w in lex.MONTHS | lex.WEEKDAYS) | frozenset(
    "last next this earlier later yesterday today tomorrow same early mid late".split())
_NEGATION_WORDS = frozenset(
    "not never longer declined refused absent boycott boycotted boycotting skipped skipping cancelled canceled "
    "cancelling postponed postponing without".split())
_DETERMINERS = frozenset("the a an both its their his her".split())
_WEAK_RE = re.compile(rf"\b(?:{lex.WEAK_TRIGGERS})\b")
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_ROLE_FOLLOWED = re.compile(r"\s+of\b|,\s+[A-Z]")
_APPOS_END = re.compile(r"[A-Z][\w'’-]*,\s*$")
_COMMA_WHO = re.compile(r",\s*who\s*$")
_REL_END = re.compile(r"\b(?:who|which|that)\s*$")


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


@dataclass
class RawPledge:
    actor: str
    commitment: str
    beneficiary: str | None
    date_text: str | None
    evidence: Sentence


@lru_cache(maxsize=512)
def _date_text(seg: str) -> str | None:
    if _DATE_WORDS.isdisjoint(_WORD_RE.findall(lower(seg))):
        return None
    best = None
    for m in _DATE_RE.finditer(seg):
        t = m.group().strip()
        if best is None or (_specific(t) and not _specific(best)):
            best = t
    return best


def _specific(date_text: str) -> bool:
    return any(c.isdigit() for c in date_text) or any(d in date_text for d in lex.WEEKDAYS)


@lru_cache(maxsize=512)
def _kind_of(seg: str) -> str | None:
    """The meeting kind a sentence's triggers name; None when it has none."""
    blanked = lower(_CONTEXT_RE.sub(lambda m: " " * len(m.group()), seg))
    found = [(m.lastgroup or "other", m.group()) for m in _TRIGGER_RE.finditer(blanked)]
    if not found:
        return None
    kinds = [k for k, _ in found]
    if "call" in kinds:
        return "call"
    kind, word = next((f for f in found if f[0] != "other"), found[0])
    if kind == "visit" and _MOVEMENT.match(word) and "talks" in kinds:
        return "talks"
    return kind


@lru_cache(maxsize=512)
def _location(seg: str) -> str | None:
    """The first place phrase after the meeting trigger (or anywhere, failing that)."""
    trig = _TRIGGER_RE.search(lower(seg))
    after = trig.start() if trig else 0
    return _first_location(seg, after) or (_first_location(seg, 0) if after else None)


def _first_location(seg: str, after: int) -> str | None:
    best: tuple[int, str] | None = None
    for rx in _LOCATION_RES:
        for m in rx.finditer(seg, after):
            loc = m.group("loc").strip()
            first = loc.split()[0] if not loc.startswith("the ") or len(loc.split()) < 2 else loc.split()[1]
            if first in lex.MONTHS or first in lex.WEEKDAYS or first in lex.STOP or loc[:1].isdigit():
                continue
            if loc.split()[-1] in lex.MONTHS or loc.split()[-1] in lex.WEEKDAYS:
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

    # --- meetings -------------------------------------------------------------------

    def _kind(self, seg: str, words: frozenset[str] | None = None) -> str | None:
        if words is not None and words.isdisjoint(lex.TRIGGER_KEYWORDS):
            return None
        return _kind_of(seg)

    def _participants(self, sent: Sentence, seg: str) -> list[Person]:
        return list(self._participants_cached(sent, seg))

    def _participants_cached(self, sent: Sentence, seg: str) -> list[Person]:
        key = sent.start
        if key not in self._people_memo:
            self._people_memo[key] = self._find_participants(sent, seg)
        return self._people_memo[key]

    def _find_participants(self, sent: Sentence, seg: str) -> list[Person]:
        excluded: list[tuple[int, int]] = []
        for m in trailing_attribution(seg):
            excluded.append((sent.start + m[0], sent.start + m[1]))
        trig = _TRIGGER_RE.search(lower(seg)) or _WEAK_RE.search(seg)
        verb = _SPEECH_VERB.search(seg)
        if trig and verb and verb.start() < trig.start():
            excluded.append((sent.start, sent.start + verb.start()))  # "Okafor added that ... negotiating"
        people: list[Person] = []
        for s, _, p in self.people.in_span(sent.start, sent.end):
            if any(a <= s < b for a, b in excluded) or p in people:
                continue
            people.append(p)
        words = self.doc.words(sent.start, sent.end)
        hm = _HE_SHE.search(seg[:60]) if ("he" in words or "she" in words) else None
        if hm:
            p = self.people.pronoun(sent.start + hm.start("p"))
            if p and p not in people:
                people.insert(0, p)
        for rm in (() if lex.PERSON_ROLE_HEADS.isdisjoint(words) else _ROLE_REF.finditer(seg)):
            at = sent.start + rm.start()
            if any(a <= at < b for a, b in excluded) or _ROLE_FOLLOWED.match(seg, rm.end()):
                continue  # "the chairman of X, Name": a new person, not a reference
            if _APPOS_END.search(seg, 0, rm.start()):
                continue  # an appositive: "Name, the chairman, ..."
            p = self.people.last_before(at, role_head=rm.group("head").casefold())
            if p and p not in people:
                people.append(p)
        return people

    def meetings(self) -> list[RawMeeting]:
        out: list[RawMeeting] = []
        sents = self.doc.sentences
        for idx, sent in enumerate(sents):
            words = self.doc.words(sent.start, sent.end)
            if words.isdisjoint(lex.TRIGGER_KEYWORDS) and words.isdisjoint(lex.ANAPHOR_KEYWORDS):
                if not (out and idx - out[-1].last <= 1 and out[-1].kind == "ceremony"):
                    continue
            seg = self.doc.outside_quotes(sent.start, sent.end)
            kind = self._kind(seg, words)
            am = None if words.isdisjoint(lex.ANAPHOR_KEYWORDS) else _ANAPHOR_RE.search(
                _CONTEXT_RE.sub(lambda m: " " * len(m.group()), seg))
            anaphor = am is not None
            presence = not words.isdisjoint(lex.ANAPHOR_KEYWORDS) and bool(_PRESENCE_RE.search(seg))
            last = out[-1] if out else None
            recent = last is not None and idx - last.last <= 2
            if kind is None and not (anaphor or presence):
                if last is not None and idx - last.last <= 1 and last.kind == "ceremony" and _WEAK_RE.search(seg):
                    people = self._participants(sent, seg)
                    if people:  # "X signed on behalf of ..." right after the ceremony
                        self._merge(last, idx, sent, seg, people)
                continue
            if am is not None and last is not None:
                noun = am.group().split()[-1].casefold()
                want = _NOUN_KIND.get(noun)
                if want and want != last.kind:
                    same = [m for m in out if m.kind == want]
                    if same:
                        last, recent = same[-1], True  # "the talks" after a call: the earlier talks
                    elif kind == want:
                        anaphor = False  # "The signing ceremony" after talks is a new event
            negated = not _NEGATION_WORDS.isdisjoint(words) and bool(_NEGATION_RE.search(seg))
            people = [] if negated else self._participants(sent, seg)
            if kind is None or negated:
                if last is not None and recent and (anaphor or presence) and not negated:
                    self._merge(last, idx, sent, seg, people)
                continue
            planned = bool(_PLANNED_RE.search(seg))
            if not people and not anaphor and not planned:
                starts = _TRIGGER_RE.match(lower(seg.lstrip())) is not None
                if last is not None and recent and starts:
                    self._merge(last, idx, sent, seg, people)
                    continue
                if not _GROUP_RE.search(seg):
                    continue
            if anaphor and last is not None and (recent or not people or set(people) & set(last.participants)):
                self._merge(last, idx, sent, seg, people)
                continue
            target = self._mergeable(out, kind, people, idx, seg, _location(self.text[sent.start:sent.end]))
            if target is not None:
                self._merge(target, idx, sent, seg, people)
                continue
            meeting = RawMeeting(kind=kind)
            if anaphor and idx > 0 and not people:
                prev = sents[idx - 1]
                pseg = self.doc.outside_quotes(prev.start, prev.end)
                prev_people = self._participants(prev, pseg)
                if len(prev_people) >= 2 and self._kind(pseg) is None:
                    self._merge(meeting, idx - 1, prev, pseg, prev_people)
            self._merge(meeting, idx, sent, seg, people)
            out.append(meeting)
        return out

    def _mergeable(self, out: list[RawMeeting], kind: str, people: list[Person], idx: int,
                   seg: str, location: str | None) -> RawMeeting | None:
        for m in reversed(out):
            if kind == "visit" and location and m.location == location and set(people) & set(m.participants):
                return m  # travelling to a meeting is part of it
            if m.kind != kind:
                continue
            overlap = len(set(people) & set(m.participants))
            if overlap >= 2 and (overlap == len(set(people)) or idx - m.last <= 2):
                return m
            if idx - m.last <= 1 and not _NEW_MARKER.search(seg):
                if overlap >= 1 or kind in ("ceremony", "summit"):
                    return m
        return None

    def _merge(self, m: RawMeeting, idx: int, sent: Sentence, seg: str, people: list[Person]) -> None:
        seg = self.text[sent.start:sent.end]
        m.evidence.append(sent)
        m.last = idx
        for p in people:
            if p not in m.participants:
                m.participants.append(p)
        if m.location is None:
            m.location = _location(seg)
        date = _date_text(seg)
        if date and (m.date_text is None or (_specific(date) and not _specific(m.date_text))):
            m.date_text = date
        for t in _topics(seg):
            if t not in m.topics and len(m.topics) < 4:
                m.topics.append(t)
        if m.outcome is None:
            om = _OUTCOME_RE.search(seg)
            if om and len(om.group().split()) <= 25:
                m.outcome = om.group().strip()

    # --- pledges ---------------------------------------------------------------------

    def pledges(self) -> list[RawPledge]:
        out: list[RawPledge] = []
        seen: set[tuple[str, str]] = set()
        for sent in self.doc.sentences:
            if self.doc.words(sent.start, sent.end).isdisjoint(lex.PLEDGE_KEYWORDS):
                continue
            seg = self.doc.outside_quotes(sent.start, sent.end)
            for m in [*_PLEDGE_RE.finditer(seg), *_PLEDGE_EXTRA.finditer(seg)]:
                left = seg[: m.start()]
                if _CONDITIONAL.search(left[-60:]):
                    continue
                actor = self._actor(sent, seg, m.start())
                if not actor:
                    continue
                commitment = self._commitment(seg, m)
                if not commitment or (actor, commitment) in seen:
                    continue
                if any(commitment in c or c in commitment for a, c in seen if a == actor):
                    continue
                seen.add((actor, commitment))
                out.append(RawPledge(actor, commitment, _beneficiary(commitment), _date_text(seg), sent))
        return out

    def _commitment(self, seg: str, m: re.Match[str]) -> str | None:
        rest = seg[m.end():]
        stops = [len(rest)]
        for rx_match in trailing_attribution(rest):
            stops.append(rx_match[2])
        cut = _CLAUSE_CUT.search(rest)
        if cut:
            stops.append(cut.start())
        body = rest[: min(stops)].strip(" ,.")
        for lead in ("to ", "that "):
            body = body[len(lead):] if body.startswith(lead) else body
        words = body.split()
        if len(words) < 2:
            return None
        return " ".join(words[:25])

    def _actor(self, sent: Sentence, seg: str, at: int) -> str | None:
        left = _AUX_TAIL.sub("", seg[:at].rstrip())
        whole = _WHOLE_SUBJECT.fullmatch(left)
        if whole and not self.people.in_span(sent.start, sent.start + len(left)) and not any(
            w.casefold() in _NOT_SUBJECT or w.endswith("ed") for w in left.split()
        ):
            rm = _ROLE_REF.fullmatch(whole.group("np"))
            p = self.people.last_before(sent.start, role_head=rm.group("head").casefold()) if rm else None
            return p.name if p else whole.group("np")  # "The operator of the Oban to Lismore ferry"
        if _COMMA_WHO.search(left):
            before = self.people.in_span(sent.start, sent.start + left.rfind(","))
            if before:  # "Ousmane Diagne, who offered ..."
                return before[-1][2].name
        if not left.strip() or _COORD_LEFT.search(left) or _REL_END.search(left):
            return self._subject(sent, seg, at)
        words = left.split()
        np: list[str] = []
        for w in reversed(words[-6:]):
            if w.casefold() in _NP_STOP or w.endswith((",", ";", ":")) or not any(c.isalnum() for c in w):
                break
            np.insert(0, w)
        for i, w in enumerate(np):  # start at the last determiner or possessive
            if i and (w.casefold() in _DETERMINERS or w.endswith(("'s", "’s"))):
                np = np[i:]
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
        mentions = self.people.in_span(start, start + len(phrase))
        if mentions:
            return mentions[-1][2].name
        rm = _ROLE_REF.fullmatch(phrase)
        if rm:
            p = self.people.last_before(start, role_head=rm.group("head").casefold())
            if p:
                return p.name
        if not (phrase[0].isupper() or np[0].casefold() in ("the", "a", "an", "both", "its", "their")):
            return None
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


def _beneficiary(commitment: str) -> str | None:
    for rx in _BENEFICIARY_RES:
        m = rx.search(commitment)
        if not m:
            continue
        words: list[str] = []
        for w in m.group("b").split():
            bare = w.strip(",.;:")
            if bare.casefold() in _NP_STOP and not (words and words[-1][:1].isupper() and bare in ("of", "and")):
                break
            if words and bare.endswith("ed") and not bare[:1].isupper():
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
