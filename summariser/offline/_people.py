"""Finding people: capitalised token runs qualified by titles, roles,
appositives and speech verbs, then merged into one record per person with
the forms (surname, partial name) the article uses for them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from summariser.offline import _lexicon as lex
from summariser.offline._text import CHUNK_RE, UP, Doc

_ROLE_HEAD = "|".join(sorted((re.escape(w) for w in lex.ROLE_NOUNS), key=len, reverse=True))
_COUNTRY_ALT = "|".join(sorted((re.escape(c) for c in [*lex.COUNTRIES, *lex.DEMONYMS]), key=len, reverse=True))
_SPEECH = "|".join(sorted(lex.SPEECH_VERBS, key=len, reverse=True))
_AUX = r"(?:(?:has|had|have|also|later|then|earlier|previously|again|further|once|had\s+earlier)\s+)*"

# "Niger's health minister, Aïssata Maïga," / "His lawyer, Karim El Amrani,"
_APPOS_BEFORE = re.compile(
    rf"(?:(?P<poss>(?:[{UP}][\w.'’-]*\s+){{0,4}}[{UP}][\w.-]*)['’]s|\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)"
    rf"(?:\s+[\w-]+['’]s)?)\s+(?P<role>(?:[\w-]+\s+){{0,3}}?(?i:{_ROLE_HEAD})(?:\s+(?:of|for)\s+[^,;.\"“”]{{1,60}}?)?)"
    r",\s*$"
)
# "Adaeze Okafor, the fund's president," / "Kang Shin-chul, Deputy Commander of the ... Command."
_APPOS_AFTER = re.compile(
    rf"^,\s+(?:(?:the|a|an)\s+)?(?:(?P<poss>[\w .'’-]{{1,40}}?)['’]s\s+)?"
    rf"(?P<role>(?:[\w-]+\s+){{0,3}}?(?i:{_ROLE_HEAD})(?:\s+(?:of|for|at)\s+(?P<org>[^,;.\"“”()]{{1,70}}))?)"
    r"\s*(?=[,;.)]|$)"
)
_ROLE_BEFORE = re.compile(rf"(?:^|[\s(])(?P<role>(?:[a-z][\w-]*\s+)?(?:{_ROLE_HEAD}))\s+$")
_POSS_COUNTRY = re.compile(
    rf"(?P<c>{_COUNTRY_ALT})['’]s\s+(?:(?:acting|new|outgoing|former|interim|incoming|then|top|chief|senior|current"
    r"|veteran|longtime|newly|appointed|elected)\s+)*$"
)
_CUE_AFTER = re.compile(rf"^(?:\s+{_AUX}(?:{_SPEECH}|was\s+quoted|is\s+quoted)\b|,\s+(?:who|whose)\b|,\s+\d{{1,3}},)")
_CUE_BEFORE = re.compile(rf"\b(?:{_SPEECH})\s+$")
_ORG_BEFORE = re.compile(
    r"\b(?:company|firm|group|agency|organisation|organization|lender|bank|operator|manufacturer|maker|carrier"
    r"|insurer|charity|union|club|party|newspaper|broadcaster|channel|ministry|institute|university|supplier"
    r"|developer|alliance|fund|body|regulator|watchdog|network|station|outlet|daily|team|brand|label|chain)"
    r",?\s+$"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|outside|across|into|towards|toward|via|of)\s+(?:the\s+)?$")
_CONNECT = re.compile(r"^\s+(?:to|of|for|at)\s+(?:the\s+)?$")
_NEXT_LOWER = re.compile(r"^\s+([a-z][\w-]*)")
_ORG_LOWER = frozenset(w.lower() for w in lex.ORG_WORDS) | lex.VENUE_NOUNS | frozenset(
    "airport port river lake street road bridge region county province district area valley coast island".split()
)
_MODIFIERS = frozenset("Former Acting Interim Outgoing Incoming Senior".split())
_SUFFIXES = frozenset("Jr Jr. Sr Sr. II III IV".split())
_COUNTRY_TOKENS: dict[tuple[str, ...], str] = {}
for _c in lex.COUNTRIES + lex.CITIES:
    _COUNTRY_TOKENS[tuple(_c.split())] = _c
for _d, _c in lex.DEMONYMS.items():
    _COUNTRY_TOKENS[tuple(_d.split())] = _c
_CITY_SET = frozenset(lex.CITIES)
_MAX_PLACE = max(len(k) for k in _COUNTRY_TOKENS)
PRONOUNS = frozenset("he she him her his hers himself herself".split())


@dataclass
class Person:
    name: str
    first: int
    strong: bool = False
    role: str | None = None
    role_rank: int = 0
    organisation: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)

    def set_role(self, role: str | None, rank: int) -> None:
        if role and rank > self.role_rank:
            self.role, self.role_rank = role.strip(), rank


# A title chunk waiting for its name: (end, role, organisation, country, chunk start).
_Carry = tuple[int, "str | None", "str | None", "str | None", int]


def _tokens(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(s + m.start(), s + m.end(), m.group()) for m in re.finditer(r"\S+", text[s:e])]


def _acronym(tok: str) -> bool:
    core = tok.replace(".", "")
    return len(core) >= 2 and core.isupper() and tok not in lex.TITLES


def _place_len(words: list[str], i: int) -> int:
    for n in range(min(_MAX_PLACE, len(words) - i), 0, -1):
        if tuple(words[i:i + n]) in _COUNTRY_TOKENS:
            return n
    return 0


def _hyphen_places(tok: str) -> bool:
    parts = tok.split("-")
    return len(parts) > 1 and all((p,) in _COUNTRY_TOKENS or p in lex.COUNTRIES for p in parts)


class People:
    """Everyone the article names, with a position index for resolving references."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.persons: list[Person] = []
        self._forms: dict[str, Person | None] = {}  # casefolded form -> person (None: ambiguous)
        self._detect()
        self._index()

    # --- detection -------------------------------------------------------------

    def _detect(self) -> None:
        text = self.text
        pending: _Carry | None = None
        for m in CHUNK_RE.finditer(text, self.doc.body_start):
            toks = _tokens(text, m.start(), m.end())
            carry = pending if pending and _CONNECT.match(text[pending[0]:m.start()]) else None
            pending = self._chunk(toks, carry)

    def _chunk(self, toks: list[tuple[int, int, str]], carry: _Carry | None) -> _Carry | None:
        text = self.text
        words = [t[2] for t in toks]
        i, last_title, first_role = 0, -1, -1
        country: str | None = None
        has_org = False
        while i < len(words):
            n = _place_len(words, i)
            if n:
                if country is None and last_title < 0:
                    country = _COUNTRY_TOKENS[tuple(words[i:i + n])]
                i += n
                continue
            w = words[i]
            if w in lex.TITLES:
                last_title = i
                if first_role < 0 and w not in lex.HONORIFICS and w not in _MODIFIERS:
                    first_role = i
            elif w in lex.PORTFOLIO or w in _MODIFIERS:
                if first_role < 0 and w not in _MODIFIERS and (i + 1 < len(words)):
                    first_role = i
            elif w in lex.ORG_WORDS or _acronym(w) or w in lex.AGENCIES or _hyphen_places(w):
                has_org = True
                first_role = -1  # role words before an organisation belong to it
            elif w in lex.STOP:
                pass
            else:
                break
            i += 1
        name_toks = toks[i:]
        while name_toks and (name_toks[-1][2] in lex.STOP or name_toks[-1][2] in lex.MONTHS
                             or name_toks[-1][2] in lex.WEEKDAYS):
            name_toks = name_toks[:-1]
        prefix_end = toks[i - 1][1] if i else toks[0][0]
        role = org = None
        if last_title >= 0:
            role = self._role_text(toks, first_role, last_title)
            org_toks = toks[:first_role] if first_role > 0 else []
            if org_toks and any(t[2] in lex.ORG_WORDS or _acronym(t[2]) for t in org_toks):
                org = text[org_toks[0][0]:org_toks[-1][1]]
        chunk_start = toks[0][0]
        if not name_toks:
            if last_title >= 0:
                return (toks[-1][1], role, org, country, chunk_start)
            return None
        titled = last_title >= 0 or carry is not None
        if carry is not None and last_title < 0:
            _, role, org, c0, chunk_start = carry
            if i and country and not any(w in lex.PORTFOLIO for w in words[:i]):
                country = c0 or country  # "Ambassador to South Korea": the posting is not the country
            elif i:
                role = (role or "") + text[carry[0]:prefix_end]
                country = c0 or country
            else:
                country = c0
        self._candidate(name_toks, titled, role, 2 if role else 0, org, country, has_org and not titled, chunk_start)
        return None

    def _role_text(self, toks: list[tuple[int, int, str]], first: int, last: int) -> str | None:
        if first < 0:
            return None
        words = [t[2] for t in toks[first:last + 1]]
        # "Commander General Xavier Brunson": the rank is not the post, unless it is "Attorney General".
        while len(words) > 1 and words[-1] in lex.RANKS and (words[-2], words[-1]) not in lex.COMPOUND_TITLES:
            words.pop()
        words = [w for w in words if w not in lex.HONORIFICS and w not in _MODIFIERS]
        if not words:
            return None
        end = toks[first + len(words) - 1][1] if len(words) == last - first + 1 else None
        return self.text[toks[first][0]:end] if end else " ".join(words)

    def _candidate(self, toks: list[tuple[int, int, str]], titled: bool, role: str | None, rank: int,
                   org: str | None, country: str | None, org_like: bool, chunk_start: int) -> None:
        text = self.text
        s, e = toks[0][0], toks[-1][1]
        words = [t[2] for t in toks]
        before = text[max(0, s - 90):s]
        after = text[e:e + 120]
        if any(w in lex.ORG_WORDS or w in lex.MONTHS or w in lex.WEEKDAYS or (w in lex.STOP) for w in words):
            return
        if any(_acronym(w) for w in words if w not in _SUFFIXES) or words[0] in lex.DEMONYMS:
            return
        if _place_len(words, 0) == len(words) or any(w in _CITY_SET for w in words):
            return
        nl = _NEXT_LOWER.match(after)
        if nl and nl.group(1) in _ORG_LOWER:
            return
        if _ORG_BEFORE.search(before):
            return
        appos_b = _APPOS_BEFORE.search(before)
        appos_a = _APPOS_AFTER.match(after)
        role_b = None if titled else _ROLE_BEFORE.search(before)
        cue = bool(_CUE_AFTER.match(after) or _CUE_BEFORE.search(before))
        strong = titled or bool(appos_b or appos_a or role_b)
        known = self._lookup(words, s)
        if known is None:
            if org_like or (not strong and _PLACE_BEFORE.search(before)):
                return
            if len(words) == 1 and not strong:
                return
            if len(words) == 1 and not (titled or appos_b or appos_a or role_b):
                return
            known = Person(name=text[s:e], first=s, strong=strong or cue)
            self.persons.append(known)
            self._register(known, known.name)
        elif len(words) == 1 or text[s:e].casefold() != known.name.casefold():
            form = text[s:e]
            if form.casefold() != known.name.casefold() and form not in known.aliases:
                if len(words) > len(known.name.split()):
                    # A fuller form ("Joe Biden" after "President Biden") becomes the name.
                    known.aliases.append(known.name)
                    known.name = form
                    self._register(known, form)
                else:
                    known.aliases.append(form)
                    self._register(known, form)
        known.strong = known.strong or strong or cue
        if role:
            known.set_role(role, rank if not all(w in lex.RANKS for w in role.split()) else 1)
        if appos_b:
            self._apply_appos(known, appos_b.group("role"), appos_b.group("poss"), None, 3)
        if appos_a:
            self._apply_appos(known, appos_a.group("role"), appos_a.group("poss"), appos_a.group("org"), 3)
        if role_b:
            known.set_role(role_b.group("role"), 2)
        if country and not known.country:
            known.country = country
        if not known.country:
            pc = _POSS_COUNTRY.search(text, max(0, chunk_start - 90), chunk_start)
            if pc:
                known.country = lex.DEMONYMS.get(pc.group("c"), pc.group("c"))
        if org and not known.organisation:
            known.organisation = org

    def _apply_appos(self, p: Person, role: str, poss: str | None, org: str | None, rank: int) -> None:
        role = role.strip()
        m = re.match(r"(.+?)\s+(?:of|for|at)\s+(.+)$", role)
        if m and org is None:
            org = m.group(2)
        if org:
            org_clean = re.sub(r"^the\s+", "", org.strip())
            structural = any(w in lex.ORG_WORDS for w in org_clean.split()) or "'s" in org_clean or "’s" in org_clean
            if structural and m:
                role = m.group(1)
                if not p.organisation:
                    p.organisation = org_clean
                cm = re.match(rf"({_COUNTRY_ALT})['’]s\b", org_clean)
                if cm and not p.country:
                    p.country = lex.DEMONYMS.get(cm.group(1), cm.group(1))
        p.set_role(role, rank)
        if poss:
            poss = poss.strip()
            if (poss,) in _COUNTRY_TOKENS or tuple(poss.split()) in _COUNTRY_TOKENS:
                if not p.country:
                    p.country = _COUNTRY_TOKENS[tuple(poss.split())]
            elif poss[:1].isupper() and not p.organisation and poss.split()[0] not in lex.STOP:
                p.organisation = poss

    def _lookup(self, words: list[str], pos: int) -> Person | None:
        key = " ".join(words).casefold()
        if key in self._forms:
            return self._forms[key]
        if len(words) >= 2:  # "De Vries" for "Maarten de Vries"
            for p in reversed(self.persons):
                pk = p.name.casefold()
                if pk.endswith(" " + key) or pk.startswith(key + " "):
                    return p
        return None

    def _register(self, p: Person, form: str) -> None:
        words = form.split()
        self._forms[form.casefold()] = p
        if len(words) > 1:
            for w in (words[0], words[-1]):
                if w in lex.TITLES or w in lex.STOP or len(w) < 2 or w.casefold() in _PARTICLE_SET:
                    continue
                k = w.casefold()
                if k in self._forms and self._forms[k] is not p:
                    self._forms[k] = None  # shared by two people: ambiguous
                else:
                    self._forms.setdefault(k, p)

    # --- index and resolution ----------------------------------------------------

    def _index(self) -> None:
        self.persons = [p for p in self.persons if p.strong or len(p.name.split()) > 1]
        forms: dict[str, Person] = {}
        for p in self.persons:
            forms[p.name] = p
            for a in p.aliases:
                forms.setdefault(a, p)
            words = p.name.split()
            for w in {words[0], words[-1]} if len(words) > 1 else set():
                if self._forms.get(w.casefold()) is p and w not in forms:
                    forms[w] = p
        self.mentions: list[tuple[int, int, Person]] = []
        if forms:
            alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            pattern = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
            for m in pattern.finditer(self.text, self.doc.body_start):
                p = forms[m.group()]
                self.mentions.append((m.start(), m.end(), p))
                if m.group() != p.name and len(m.group().split()) == 1 and m.group() not in p.aliases:
                    p.aliases.append(m.group())
        self._m_starts = [m[0] for m in self.mentions]
        self.persons.sort(key=lambda p: p.first)

    def resolve_name(self, phrase: str) -> Person | None:
        words = phrase.split()
        while words and (words[0] in lex.TITLES or words[0] in lex.PORTFOLIO):
            words = words[1:]
        return self._lookup(words, 0) if words else None

    def in_span(self, start: int, end: int, *, outside_quotes: bool = True) -> list[tuple[int, int, Person]]:
        i = bisect_left(self._m_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i][0] < end:
            s, e, p = self.mentions[i]
            if e <= end and not (outside_quotes and self.doc.quote_at(s)):
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, pos: int, *, role_head: str | None = None) -> Person | None:
        i = bisect_left(self._m_starts, pos) - 1
        while i >= 0:
            s, _, p = self.mentions[i]
            if not self.doc.quote_at(s) and (role_head is None or (p.role and role_head in p.role.casefold())):
                return p
            i -= 1
        return None


_PARTICLE_SET = frozenset("de da di du del della der den van von bin ibn al la le dos das ter ten y e zu af el".split())
