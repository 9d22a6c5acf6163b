"""Finding people: capitalised token runs qualified by titles, roles,
appositives and speech verbs, then merged into one record per person with
the forms (surname, partial name) the article uses for them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter

from summariser.offline import _lexicon as lex
from summariser.offline._rx import lead, words_alt
from summariser.offline._text import PARTICLES, UP, Doc, ascii_words, find_chunks

_ROLE_HEAD = words_alt(lex.ROLE_NOUNS)  # lower case: fit for IGNORECASE too
# Lower-case words that may qualify a role noun: "head coach", "health minister".
_ROLE_MOD_SET = frozenset({w.lower() for w in lex.PORTFOLIO} | lex.ROLE_NOUNS | {
    "forwards", "backs", "team", "club", "party", "opposition", "junior", "presiding", "government", "campaign",
    "union", "state", "local", "city", "county", "fisheries", "foreign", "finance", "chief", "vice", "prime",
})
_ROLE_MOD = words_alt(_ROLE_MOD_SET)
_COUNTRY_ALT = "|".join(sorted((re.escape(c) for c in [*lex.COUNTRIES, *lex.DEMONYMS]), key=len, reverse=True))
_SPEECH = words_alt(lex.SPEECH_VERBS)
_AUX = r"(?:(?:has|had|have|also|later|then|earlier|previously|again|further|once|had\s+earlier)\s+)*"

# "Niger's health minister, Aïssata Maïga," / "His lawyer, Karim El Amrani,"
# "Adaeze Okafor, the fund's president," / "Kang Shin-chul, Deputy Commander of the ... Command."
_APPOS_AFTER = re.compile(
    rf"^,\s+(?:(?:the|a|an)\s+)?(?:(?P<poss>(?!(?:with|and|for|from|by|at|in|on|as|to)\s)[\w .'’-]{{1,40}}?)['’]s\s+)?"
    rf"(?P<role>(?:(?i:{_ROLE_MOD}|{words_alt([*lex.COUNTRIES, *lex.DEMONYMS], fold_case=True)})\s+){{0,3}}?"
    rf"(?i:{_ROLE_HEAD})"
    rf"(?:\s+(?:of|for|at)\s+(?P<org>[^,;.\"“”()]{{1,70}}))?)"
    rf"(?:\s*\([{UP}][\w.&-]{{1,11}}\))?"  # "... National Renewal Party (NRP),": the acronym is no part of the role
    r"\s*(?=[,;.)]|$)"
)
# After a role appositive: a comma and a name (or a title and a name), whose post the appositive is.
_HOLDER_NEXT = re.compile(rf",\s+[{UP}][\w.'’-]*(?<!['’]s)\s+[{UP}]")
# Between the names of a list under one title: "Governors A, B and C"; a name's place ("A of Salta") in between.
_LIST_GAPS = frozenset({", ", " and ", ", and "})
_LIST_PLACE_GAPS = frozenset({" of ", " from "})
_ROLE_BEFORE = re.compile(rf"(?:^|[\s(])(?P<role>(?:(?i:{_ROLE_MOD})\s+)?(?:{_ROLE_HEAD}))\s+$")
_CUE_AFTER = re.compile(rf"^(?:\s+{_AUX}(?:{_SPEECH}|was\s+quoted|is\s+quoted)\b|,\s+(?:who|whose)\b|,\s+\d{{1,3}},)")
# The words _CUE_AFTER can go on with after its leading space: the whole \w run there, as each ends in \s or \b.
_CUE_FIRST = lex.SPEECH_VERBS | frozenset(
    "has had have also later then earlier previously again further once was is".split())
_HARD_ORG = lex.ORG_WORDS - lex.SOFT_ORG_WORDS
# ... and Spanish or French honorifics ("Dra. Ana Ruiz"): nothing to learn, and never a name of their own.
_SKIP_WORDS = lex.STOP - lex.TITLES - lex.PORTFOLIO | {"Dra", "Sra", "Srta", "Mme", "Mlle"}
_ORG_NOUNS_BEFORE = frozenset(
    "company firm group agency organisation organization lender bank operator manufacturer maker carrier insurer "
    "charity union club party newspaper broadcaster channel ministry institute university supplier developer "
    "alliance fund body regulator watchdog network station outlet daily team brand label chain airline retailer "
    "utility conglomerate consortium startup start-up drugmaker carmaker automaker chipmaker "
    "steelmaker foundation association federation cooperative co-operative venture band orchestra choir site "
    "website magazine tabloid portal "
    # Vessels: "the tanker Baltic Star" is a ship.
    "ship vessel tanker freighter trawler ferry yacht liner cruiser frigate warship submarine icebreaker".split()
)
# "the lender Nordbank", "a joint venture called Nordcell": the noun (and a naming verb) ends the text.
_ORG_BEFORE = lead(rf"\b{words_alt(_ORG_NOUNS_BEFORE)},?(?:\s+(?:called|named))?\s+$")
_NAMING_VERBS = frozenset({"called", "named"})
# "met the president of the drivers' union, Jhon Fredy Castañeda": the name is the post's, not the union's; unless
# the post is someone's already ("Eleni Stathopoulou, the chief executive of the operator, Kallisto Maritime").
_POST_OF_BEFORE = re.compile(
    rf"(?P<appos>,\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?)?\b(?i:{_ROLE_HEAD})\s+(?:of|at|for)\s+[^,;:]*,\s+$")
# Words that tell a person's gender, for "he"/"she": the pronouns, honorifics and gendered titles or roles.
_GENDERED = {w: "f" for w in "she ms mrs miss madam dame lady queen princess empress chairwoman spokeswoman "
                                 "businesswoman congresswoman sister mother widow".split()}
_GENDERED |= {w: "m" for w in "he mr sir lord king prince emperor chairman spokesman businessman congressman brother "
                              "father widower".split()}
# "Okafor said she ...", "Okafor, 74, told reporters he ...": a name, then its own pronoun.
_SAYS_BEFORE = re.compile(r"\b(?:said|says|added|adds|told\s+\w+|wrote|insisted|stressed)(?:\s+that)?$")
_CLAUSE_BREAK = re.compile(r"[.;:\n]")
_NAMING_WORDS = frozenset("codenamed code-named dubbed nicknamed operation exercise".split())
_CONNECT = re.compile(r"\s+(?:to|of|for|at)\s+(?:the\s+)?$")  # matched from a position, up to the next chunk
# After "Minister for/of": a run that the holder's name follows after a comma is the portfolio ("Minister for
# Higher Education and Research, Johan Lindqvist"); "Commissioner for Crisis Management Ingrid Vestergaard" ends in one.
_PORTFOLIO_END = re.compile(r"(?:\s+and\s+[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})?,\s+(?=\w)")
_NEXT_LOWER = re.compile(r"^\s+([a-z][\w-]*)")
# "Garment Exporters' Association", "the Farmers’ Union": the run names the organisation's members, not a person.
_MEMBERS_OF = re.compile(rf"^['’]\s+({words_alt(lex.ORG_WORDS)})\b")
# "Confecciones Albaicín's managing director": only an organisation has one.
EXECUTIVE_OF = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:chief\s+(?:executive|operating\s+officer|financial\s+officer)|managing\s+director"
    r"|chairman|chairwoman|CEO|board)\b")
# "Kerala's Fisheries Minister": only a government has portfolio ministers (the name before is a place).
_GOVERNMENT_OF = re.compile(rf"['’]s\s+(?:{words_alt(lex.PORTFOLIO)}\s+){{1,3}}(?:Minister|Secretary|Ministry)\b")
# "Nordbank chief executive Ann Lee", "Turkana governor Jeremiah Lokorio": the run before the post is no person.
_POST_AND_NAME = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{_ROLE_HEAD})\s+[{UP}]")
# "Comhairle Mhor, the islands' council,": a run that an organisation noun is in apposition to.
_ORG_APPOS_HEADS = _ORG_NOUNS_BEFORE | frozenset("council government authority ministry department".split())
_ORG_LOWER = frozenset(w.lower() for w in lex.ORG_WORDS) | lex.VENUE_NOUNS | frozenset(
    "airport port river lake street road bridge region county province district area valley coast island "
    "eruption earthquake task".split()  # "the Mount Ruma eruption", "the Nordic Shield task force"
)
_ORG_STRUCT = frozenset(w.casefold() for w in lex.ORG_WORDS - lex.PORTFOLIO)
_MODIFIERS = frozenset("Former Acting Interim Outgoing Incoming Senior".split())
_SUFFIXES = frozenset("Jr Jr. Sr Sr. II III IV".split())
_COUNTRY_TOKENS: dict[tuple[str, ...], str] = {}
for _c in lex.COUNTRIES + lex.CITIES:
    _COUNTRY_TOKENS[tuple(_c.split())] = _c
for _d, _c in lex.DEMONYMS.items():
    _COUNTRY_TOKENS[tuple(_d.split())] = _c
_CITY_SET = frozenset(lex.CITIES)
# Lone words that can always be (or name) a person: titles, portfolios and one-word places.
_SINGLE_WORTH = lex.TITLES | lex.PORTFOLIO | frozenset(k[0] for k in _COUNTRY_TOKENS if len(k) == 1)
_MAX_PLACE = max(len(k) for k in _COUNTRY_TOKENS)
_PLACE_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _k in sorted(_COUNTRY_TOKENS, key=len, reverse=True):
    _PLACE_FIRST.setdefault(_k[0], []).append(_k)
PRONOUNS = frozenset("he she him her his hers himself herself".split())
# Word classes as bits: one dict look-up per word instead of a set test per class.
_TITLE, _HONORIFIC, _MODIFIER, _PORTFOLIO, _ORG, _HARD, _AGENCY, _STOP, _DATE, _CITY = (1 << i for i in range(10))
_CLASS: dict[str, int] = {}
for _bit, _set in ((_TITLE, lex.TITLES), (_HONORIFIC, lex.HONORIFICS), (_MODIFIER, _MODIFIERS),
                   (_PORTFOLIO, lex.PORTFOLIO), (_ORG, lex.ORG_WORDS), (_HARD, _HARD_ORG), (_AGENCY, lex.AGENCIES),
                   (_STOP, lex.STOP), (_DATE, lex.MONTHS | lex.WEEKDAYS), (_CITY, _CITY_SET)):
    for _w in _set:
        _CLASS[_w] = _CLASS.get(_w, 0) | _bit
# Lone words that People._chunk() reads as neither a name nor a title: a one-word place, or a word of a class that
# cannot start a name ("Tuesday", "Ministry", "Senior"), unless it is a title. Met alone, they are skipped unread.
_LONE_NOTHING = frozenset(k[0] for k in _COUNTRY_TOKENS if len(k) == 1) | frozenset(
    w for w, c in _CLASS.items()
    if len(w.split()) == 1 and not c & _TITLE and c & (_PORTFOLIO | _MODIFIER | _ORG | _AGENCY | _STOP | _DATE))
_ROLE_OF = re.compile(r"(.+?)\s+(?:of|for|at)\s+(.+)$")
_LEADING_THE = re.compile(r"^the\s+")
_COUNTRY_POSS = re.compile(rf"({_COUNTRY_ALT})['’]s\b")


@dataclass(eq=False)
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


def _starts(chunk: str, words: list[str], s: int) -> list[int]:
    """Where each of ``words`` (``chunk.split()``) starts, ``chunk`` being a capitalised run at offset ``s``."""
    out = []
    if " ".join(words) == chunk:  # single spaces, as usual: no need to search
        for w in words:
            out.append(s)
            s += len(w) + 1
    else:
        i = 0
        for w in words:
            i = chunk.index(w, i)
            out.append(s + i)
            i += len(w)
    return out


def _acronym(tok: str) -> bool:
    return tok.isupper() and len(tok.replace(".", "")) >= 2 and tok not in lex.TITLES


def _place_len(words: list[str], i: int) -> int:
    """How many words from ``words[i]`` name a country, region or city (0: none)."""
    for place in _PLACE_FIRST.get(words[i], ()):
        n = len(place)
        if tuple(words[i:i + n]) == place:
            return n
    return 0


def _hyphen_places(tok: str) -> bool:
    if "-" not in tok:
        return False
    parts = tok.split("-")
    return len(parts) > 1 and all((p,) in _COUNTRY_TOKENS or p in lex.COUNTRIES for p in parts)


class People:
    """Everyone the article names, with a position index for resolving references."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.persons: list[Person] = []
        self._forms: dict[str, Person | None] = {}  # casefolded form -> person (None: ambiguous)
        self._folded: dict[str, str] = {}  # name -> its casefolded form, for _lookup
        self._affixes: set[str] = set()  # casefolded word runs that begin or end a name (ever), for _lookup
        self._named = False  # whether the current chunk yielded a name candidate
        self._list_role: str | None = None  # the singular title a plural one before the current chunk gives a list
        self._place_words: list[str] | None = None  # the dateline's place, for _place_led
        self.chunks: list[tuple[int, int]] = []  # every capitalised run, for finding organisations later
        self.chunk_text: list[str] = []
        self._detect()
        self._index()

    # --- detection -------------------------------------------------------------

    def _detect(self) -> None:
        text, forms = self.text, self._forms
        found = list(find_chunks(text, self.doc.body_start))
        self.chunks = list(map(re.Match.span, found))  # map: the calls run in C, not one bytecode loop each
        self.chunk_text = list(map(re.Match.group, found))
        pending: _Carry | None = None
        listed: tuple[int, str] | None = None  # after "Governors A": where A ends, and "Governor" for the rest
        barren: set[str] = set()
        done: set[str] = set()
        for word, (s, e) in zip(self.chunk_text, self.chunks, strict=True):
            if word in _SKIP_WORDS:  # "The", "In", "He": nothing to learn, and it breaks a title chain
                pending = listed = None
                continue
            list_role = None
            if listed is not None:
                gap = text[listed[0]:s]
                if gap in _LIST_PLACE_GAPS:  # "Governors A of Salta, ...": A's place, and the list goes on
                    listed, pending = (e, listed[1]), None
                    barren.add(word)  # a place wherever else it comes up
                    continue
                list_role = listed[1] if gap in _LIST_GAPS else None
                listed = None
            carry = pending if pending and _CONNECT.match(text, pending[0], s) else None
            if list_role is not None:  # the next name of the list: titled like the first
                carry = (s, list_role, None, None, s)
            if carry is None:
                if word in barren or word in _LONE_NOTHING:
                    pending = None
                    continue
                comma = text[e:e + 1] == ","
                if not comma and (word.casefold() in forms or word in done):
                    pending = None  # a name seen before; _index records the mention
                    continue
                if " " not in word and not (word in _SINGLE_WORTH or comma or self._single_worth(word, s)):
                    pending = None
                    continue
            self._named = False
            self._list_role = list_role
            pending = self._chunk(word, s, carry)
            if self._named and self._list_role:
                listed = (e, self._list_role)
            if pending is None and carry is None:
                # "South Korea", "Camp Humphreys": no name, no title, whatever the context. A titled
                # name ("Defence Minister Kim Seon-ho") seen again adds nothing new either.
                (done if self._named else barren).add(word)

    def _single_worth(self, word: str, s: int) -> bool:
        """Whether a lone capitalised word, neither a title or a portfolio nor followed by a comma nor a known
        name (_detect skips those first: _index records their mentions), can be (or name) a person: an
        appositive, or a word after a role noun."""
        text = self.text
        if s > 1 and text[s - 2:s] == ", ":
            return True
        prev = text[max(0, s - 30):s].rsplit(None, 1)
        return bool(prev) and prev[-1].casefold() in lex.ROLE_NOUNS

    def _chunk(self, chunk: str, s: int, carry: _Carry | None) -> _Carry | None:
        """Read the capitalised run ``chunk`` at ``s``: a title (returned, to wait for its name) or a name."""
        text = self.text
        words = chunk.split()
        nw = len(words)
        i, last_title, first_role = 0, -1, -1
        country: str | None = None
        has_org = False
        while i < nw:
            w = words[i]
            n = _place_len(words, i) if w in _PLACE_FIRST else 0
            if n:
                if country is None and last_title < 0:
                    country = _COUNTRY_TOKENS[tuple(words[i:i + n])]
                i += n
                continue
            c = _CLASS.get(w, 0)
            if c & _TITLE:
                last_title = i
                if first_role < 0 and not c & (_HONORIFIC | _MODIFIER):
                    first_role = i
            elif c & (_PORTFOLIO | _MODIFIER):
                if first_role < 0 and not c & _MODIFIER and (i + 1 < nw):
                    first_role = i
            elif c & (_ORG | _AGENCY) or (w.isupper() and _acronym(w)) or ("-" in w and _hyphen_places(w)):
                has_org = True
                first_role = -1  # role words before an organisation belong to it
            elif not c & _STOP:
                break
            i += 1
        for k in range(nw - 2, i - 1, -1):  # the last title before the last word
            if _CLASS.get(words[k], 0) & (_TITLE | _STOP) == _TITLE:
                if all(w not in lex.TITLES for w in words[k + 1:]):
                    # "Guatemalan President Andrés Morales": an unknown qualifier before the title.
                    first_role = k if first_role < 0 else first_role
                    last_title = k
                    i = k + 1
                    has_org = False
                break
        j = nw  # the name is words[i:j]: no trailing stop words or dates
        while j > i and _CLASS.get(words[j - 1], 0) & (_STOP | _DATE):
            j -= 1
        if j == i and last_title < 0:
            return None
        if j - i > 1 and _CLASS.get(words[j - 1], 0) & (_TITLE | _HONORIFIC) == _TITLE and (
                _CLASS.get(words[j - 2], 0) & _PORTFOLIO):
            return None  # "Pasture Affairs Minister": a post whose first word the lexicon lacks, not a name
        starts = _starts(chunk, words, s)
        role = org = None
        if last_title >= 0:
            role = self._role_text(words, starts, first_role, last_title)
            self._list_role = None  # a title of its own ends a list
            one = lex.PLURAL_TITLES.get(words[last_title])
            if one and role and role.endswith(words[last_title]):  # "Governors A, B and C": each is a governor
                role = self._list_role = role[:len(role) - len(words[last_title])] + one
            if first_role > 0 and any(w in lex.ORG_WORDS or (_acronym(w) and (w,) not in _COUNTRY_TOKENS)
                                      for w in words[:first_role]):
                org = text[s:starts[first_role - 1] + len(words[first_role - 1])]
        if j == i:
            return (s + len(chunk), role, org, country, s)
        chunk_start = s
        titled = last_title >= 0 or carry is not None
        if carry is not None and last_title < 0 and (
                _portfolio_after(text, carry[0], s, s + len(chunk))
                or (i == 0 and nw == 1 and text[carry[0]:s].split()[:1] == ["of"])):
            # "Minister for Higher Education and Research, Johan Lindqvist", "Cabinet Secretary for Climate Change,
            # Carys ...": the post, not a name; "the Lord Mayor of Cork": where the post is
            return None
        if carry is not None and last_title < 0 and i == 0 and j >= 3 and text[carry[0]:s].split() == ["for"] and (
                _PARTICLE_SET.isdisjoint(words[:j])):
            i = j - 2  # "Commissioner for Cohesion Ingrid Vestergaard": a portfolio the lexicon lacks, then the name
        if carry is not None and last_title < 0:
            _, role, org, c0, chunk_start = carry
            if i and country and not any(w in lex.PORTFOLIO for w in words[:i]):
                country = c0 or country  # "Ambassador to South Korea": the posting is not the country
            elif i:
                role = (role or "") + text[carry[0]:starts[i - 1] + len(words[i - 1])]
                country = c0 or country
            else:
                country = c0
        self._named = self._candidate(words[i:j], starts[i], starts[j - 1] + len(words[j - 1]), titled, role,
                                      2 if role else 0, org, country, has_org and not titled, chunk_start)
        return None

    def _place_led(self, words: list[str]) -> bool:
        """Whether ``words`` are or open with the dateline's place: "Cedar Bluff" in a CEDAR BLUFF story is the town,
        "Worcester Wanderers" in a WORCESTER one a club."""
        if self._place_words is None:  # "CEDAR BLUFF, Iowa": the town
            self._place_words = (self.doc.place or "").split(",")[0].casefold().split()
        n = len(self._place_words)
        return 0 < n <= len(words) and [w.casefold() for w in words[:n]] == self._place_words

    def _role_text(self, words: list[str], starts: list[int], first: int, last: int) -> str | None:
        if first < 0:
            return None
        role = words[first:last + 1]
        # "Commander General Xavier Brunson": the rank is not the post, unless it is "Attorney General".
        while len(role) > 1 and role[-1] in lex.RANKS and (role[-2], role[-1]) not in lex.COMPOUND_TITLES:
            role.pop()
        role = [w for w in role if w not in lex.HONORIFICS and w not in _MODIFIERS]
        if not role:
            return None
        if len(role) == last - first + 1:  # nothing left out: the text as written
            return self.text[starts[first]:starts[last] + len(words[last])]
        return " ".join(role)

    def _candidate(self, words: list[str], s: int, e: int, titled: bool, role: str | None, rank: int,
                   org: str | None, country: str | None, org_like: bool, chunk_start: int) -> bool:
        """Record the name ``words`` at [s, e) (a new person or another form of a known one), with what its
        context tells about them. False when it is not taken for a person."""
        text = self.text
        bad = (_HARD if titled else _ORG) | _DATE | _STOP | _CITY
        for w in words:
            if _CLASS.get(w, 0) & bad or (w.isupper() and _acronym(w) and w not in _SUFFIXES) or w.endswith("-based"):
                return False  # ... or "Halifax-based Tidewind Renewables": a company
        if words[0] in lex.DEMONYMS or (words[0] in _PLACE_FIRST and _place_len(words, 0) == len(words)):
            return False
        after = text[e:e + 120]
        nl = _NEXT_LOWER.match(after)
        if (nl and (nl.group(1) in _ORG_LOWER or (nl.group(1) in _ROLE_MOD_SET and _POST_AND_NAME.match(after)))) or (
                after[:1] in "'’" and (_MEMBERS_OF.match(after) or (not titled and (
                    EXECUTIVE_OF.match(after) or _GOVERNMENT_OF.match(after))))) or after.startswith(" and its "):
            return False  # ... or "talks between Nordair and its pilots"
        before = text[max(0, chunk_start - 90):chunk_start]
        # Cheap looks at the neighbouring words decide which (costlier) context patterns to try.
        tail = before.rstrip()
        prev = tail.rsplit(None, 1)[-1] if tail else ""
        prev_low = prev.rstrip(",").casefold()
        if ((prev_low in _ORG_NOUNS_BEFORE or prev_low in _NAMING_VERBS) and _ORG_BEFORE.search(before) and not (
                tail.endswith(",") and _post_holder_next(before))) or prev_low in _NAMING_WORDS:
            return False  # "the lender Nordbank", "an exercise codenamed Pontic Shield"
        appos_b = None
        if tail.endswith(","):  # search only the clause before the comma: the pattern is anchored at the end
            cut = max(tail.rfind(",", 0, len(tail) - 1), tail.rfind(".", 0, len(tail) - 1), tail.rfind(";"),
                      len(tail) - 80)
            clause = tail[cut + 1:]
            if _has_role_word(clause):
                appos_b = _appos_before(clause)
        appos_a = None
        opener = after[:1]
        if opener == ",":
            stop = min((k for k in (after.find(",", 1), after.find("."), after.find(";")) if k > 0), default=len(after))
            if not titled and _org_appos(after[1:stop].split()):
                return False
            if _has_role_word(after[:stop]):
                appos_a = _APPOS_AFTER.match(after)
                if appos_a and not _own_appos(appos_a, after, tail):
                    appos_a = None
        role_b = None if titled or prev_low not in lex.ROLE_NOUNS else _role_before(before, tail, prev)
        # _CUE_AFTER after a space needs its next word to be a speech verb or one that may come before one.
        cue = bool(((opener == "," or (opener == " " and nl and nl.group(1).partition("-")[0] in _CUE_FIRST))
                    and _CUE_AFTER.match(after)) or prev in lex.SPEECH_VERBS)
        strong = titled or bool(appos_b or appos_a or role_b)
        known = self._lookup(words, s)
        if known is None:
            if org_like or (not strong and (_place_or_name_before(tail) or self._place_led(words) or prev_low == "the"
                                            or text.startswith("The ", chunk_start, s))):
                return False  # ... "the Ardmore Star", "The Grey Lanterns": a ship, a band, not someone's name
            if len(words) == 1 and not strong:
                return False
            known = Person(name=text[s:e], first=s, strong=strong or cue)
            self.persons.append(known)
            self._register(known, known.name, True)
        elif len(words) == 1 or text[s:e].casefold() != known.name.casefold():
            form = text[s:e]
            if form.casefold() != known.name.casefold() and form not in known.aliases:
                if len(words) > len(known.name.split()):
                    # A fuller form ("Joe Biden" after "President Biden") becomes the name.
                    known.aliases.append(known.name)
                    known.name = form
                    self._register(known, form, True)
                else:
                    known.aliases.append(form)
                    self._register(known, form, False)
        known.strong = known.strong or strong or cue
        if role:
            known.set_role(role, rank if not all(w in lex.RANKS for w in role.split()) else 1)
        if appos_b:
            self._apply_appos(known, appos_b[0], appos_b[1], None, 3)
        if appos_a:
            self._apply_appos(known, appos_a.group("role"), appos_a.group("poss"), appos_a.group("org"), 3)
        if role_b:
            known.set_role(role_b, 2)
        if country and not known.country:
            known.country = country
        if not known.country and ("'s" in before[-60:] or "’s" in before[-60:]):
            c = _possessive_country(before)
            if c:
                known.country = c
        if org and not known.organisation:
            known.organisation = org
        return True

    def _apply_appos(self, p: Person, role: str, poss: str | None, org: str | None, rank: int) -> None:
        role = role.strip()
        words = role.split()
        n = _place_len(words, 0)
        if n and n < len(words):  # "Argentine counterpart": the nationality is the country
            if not p.country:
                p.country = _COUNTRY_TOKENS[tuple(words[:n])]
            role = " ".join(words[n:])
        m = _ROLE_OF.match(role)
        if m and org is None:
            org = m.group(2)
        if org:
            org_clean = _LEADING_THE.sub("", org.strip())
            structural = any(w.casefold() in _ORG_STRUCT for w in org_clean.split()) or any(
                p in org_clean for p in ("'s", "’s"))
            if structural and m:
                role = m.group(1)
                if not p.organisation:
                    p.organisation = org_clean
                cm = _COUNTRY_POSS.match(org_clean)
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
        # "De Vries" for "Maarten de Vries": only worth a look at everyone when some name begins or ends so.
        if len(words) >= 2 and key in self._affixes:
            tail, head, folded = " " + key, key + " ", self._folded
            for p in reversed(self.persons):
                pk = folded.get(p.name)
                if pk is None:
                    pk = folded[p.name] = p.name.casefold()
                if pk.endswith(tail) or pk.startswith(head):
                    return p
        return None

    def _register(self, p: Person, form: str, is_name: bool) -> None:
        """Make ``form`` (``p``'s name when ``is_name``, else an alias) and its first word and surname find ``p``."""
        forms = self._forms
        folded = form.casefold()
        forms[folded] = p
        words = form.split()
        if len(words) > 1:
            for w in _short_forms(words):
                if _CLASS.get(w, 0) & (_TITLE | _STOP) or len(w) < 2:
                    continue
                k = w.casefold()
                if k in _PARTICLE_SET:
                    continue
                if k in forms and forms[k] is not p:
                    forms[k] = None  # shared by two people: ambiguous
                else:
                    forms.setdefault(k, p)
        if is_name:  # every run of whole words that begins or ends the name, for _lookup
            affixes = self._affixes
            i = folded.find(" ")
            while i >= 0:
                affixes.add(folded[:i])
                affixes.add(folded[i + 1:])
                i = folded.find(" ", i + 1)

    # --- index and resolution ----------------------------------------------------

    def _index(self) -> None:
        self.persons = [p for p in self.persons if p.strong or len(p.name.split()) > 1]
        forms: dict[str, Person] = {}
        surnames: dict[str, str] = {}
        for p in self.persons:
            forms[p.name] = p
            for a in p.aliases:
                forms.setdefault(a, p)
            words = p.name.split()
            if len(words) > 1:
                surnames[p.name] = _surname(words)
                for w in _short_forms(words):
                    if self._forms.get(w.casefold()) is p and w not in forms:
                        forms[w] = p
        for form, p in list(forms.items()):
            if form[:1].islower():  # "van Wijk" opens a sentence as "Van Wijk"
                forms.setdefault(form[:1].upper() + form[1:], p)
        text, n, body = self.text, len(self.text), self.doc.body_start
        taken: list[tuple[int, int, Person, str]] = []
        claimed = bytearray(n)  # 1 where a longer form already found a mention
        for form in sorted(forms, key=len, reverse=True):  # longest first: "Kim Seon-ho" before "Kim"
            size = len(form)
            i = text.find(form, body)
            while i >= 0:
                j = i + size
                # Claimed first: about half the hits lie inside a longer form's mention. A mention claimed before
                # is no shorter than this form, so one that overlaps it covers its first or last character.
                if not (claimed[i] or claimed[j - 1]) and (
                        i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "-_")) and (
                        j == n or not (text[j].isalnum() or text[j] in "-_")):
                    taken.append((i, j, forms[form], form))
                    claimed[i:j] = b"\x01" * size
                i = text.find(form, j)
        taken.sort(key=itemgetter(0))
        self.mentions: list[tuple[int, int, Person]] = [t[:3] for t in taken]
        for _, _, p, form in taken:
            if form != p.name and form not in p.aliases and (
                    len(form.split()) == 1 or form == surnames.get(p.name)):
                p.aliases.append(form)
        self._m_starts = starts = [m[0] for m in self.mentions]
        # doc.quote_at(start) is not None, for each mention.
        opens, quotes = self.doc.quote_opens, self.doc.quotes
        ends = [q.close + 1 if q.close is not None else q.end for q in quotes]
        self._m_quoted: list[bool] = []
        quoted = self._m_quoted
        for pos in starts:
            q = bisect_right(opens, pos) - 1
            quoted.append(q >= 0 and quotes[q].open <= pos < ends[q])
        self.persons.sort(key=lambda p: p.first)
        # The first person named outside quotes in each sentence: what "he"/"she" usually refers to.
        # Mentions are fewer than sentences: walk them, taking each sentence's first one that qualifies. A mention
        # before the end of the last subject's sentence is in that sentence (both are in text order); the others
        # find theirs as doc.sentence_at() would, without a call each.
        self._subjects: list[tuple[int, Person]] = []
        sentences = self.doc.sentences
        sent_starts = [t.start for t in sentences]
        last_end = -1
        # Not q, an int above: in compiled code a name keeps one type.
        for (s, e, p), in_quote in zip(self.mentions, quoted, strict=True):
            if in_quote or s < last_end:
                continue
            k = bisect_right(sent_starts, s) - 1
            if k >= 0 and s < (end := sentences[k].end) and e <= end:
                self._subjects.append((s, p))
                last_end = end
        self._s_starts = [s for s, _ in self._subjects]
        self._genders = self._guess_genders()

    def _guess_genders(self) -> dict[int, str]:
        """"f" or "m" for people (by id) whose own words give it ("Okafor said she ..."), or that an honorific or a
        gendered title or role names ("Ms", "chairwoman", "King"); the others are left out. For "he"/"she"."""
        votes: dict[int, set[str]] = {}
        for p in self.persons:
            for w in (p.role or "").split():
                g = _GENDERED.get(w.rstrip(".").casefold())
                if g:
                    votes.setdefault(id(p), set()).add(g)
        text, mentions, starts, quoted = self.text, self.mentions, self._m_starts, self._m_quoted
        for (s, _, p), q in zip(mentions, quoted, strict=True):  # "Ms Okafor", "spokeswoman Ama Okafor"
            if q:
                continue
            before = text[max(0, s - 12):s].split()
            g = _GENDERED.get(before[-1].rstrip(".").casefold()) if before else None
            if g:
                votes.setdefault(id(p), set()).add(g)
        # "Okafor said she": the mention just before. Pronouns are few: find them, then look behind each.
        for word in (" she", " he", " She", " He"):  # str.find: a regex scan of the text costs several times more
            i = text.find(word, self.doc.body_start)
            while i >= 0:
                j = i + len(word)
                if not text[j:j + 1].isalnum():
                    sm = _SAYS_BEFORE.search(text, max(0, i - 40), i)
                    k = bisect_left(starts, i) - 1
                    if sm and k >= 0 and not quoted[k] and 0 <= sm.start() - mentions[k][1] <= 60 and (
                            not _CLAUSE_BREAK.search(text, mentions[k][1], sm.start())):
                        votes.setdefault(id(mentions[k][2]), set()).add(_GENDERED[word[1:].casefold()])
                i = text.find(word, j)
        return {k: v.pop() for k, v in votes.items() if len(v) == 1}

    def in_span(self, start: int, end: int, *, outside_quotes: bool = True) -> list[tuple[int, int, Person]]:
        mentions, quoted = self.mentions, self._m_quoted
        i = bisect_left(self._m_starts, start)
        out = []
        while i < len(mentions) and mentions[i][0] < end:
            if mentions[i][1] <= end and not (outside_quotes and quoted[i]):
                out.append(mentions[i])
            i += 1
        return out

    def pronoun(self, pos: int) -> Person | None:
        """The person "he"/"she" at ``pos`` most likely means: the latest sentence subject, skipping (up to three
        sentences back) subjects known to be of the other gender."""
        i = bisect_left(self._s_starts, pos) - 1
        if i < 0:
            return self.last_before(pos)
        word = self.text[pos:pos + 8].split(None, 1)
        want = _GENDERED.get(word[0].strip(",.;:!?'\"’”").casefold()) if word else None
        if want is not None:
            for k in range(i, max(-1, i - 4), -1):
                p = self._subjects[k][1]
                if self._genders.get(id(p), want) == want:
                    return p
        return self._subjects[i][1]

    def first_after(self, pos: int, role_head: str, within: int = 1500) -> Person | None:
        """Who a lead's "the health minister" at ``pos`` turns out to be: the first person named after it (within
        ``within`` characters) whose role has ``role_head`` or, failing that, the subject of the next sentence
        when the text gives them no role ("The chairman of Vindhya Steel promised ..." then "Arvind Mehrotra flew
        to Galați ...")."""
        i = bisect_left(self._m_starts, pos)
        while i < len(self.mentions) and self.mentions[i][0] < pos + within:
            p = self.mentions[i][2]
            if not self._m_quoted[i] and p.role and role_head in p.role.casefold():
                return p
            i += 1
        sent = self.doc.sentence_at(pos)
        if sent is None:
            return None
        k = bisect_left(self._s_starts, sent.end)
        if k < len(self._subjects):
            start, p = self._subjects[k]
            following = self.doc.sentence_at(start)  # the subject's sentence must be the very next one
            if p.role is None and following is not None and not self.doc.text[sent.end:following.start].strip():
                return p
        return None

    def last_before(self, pos: int, *, role_head: str | None = None) -> Person | None:
        i = bisect_left(self._m_starts, pos) - 1
        while i >= 0:
            p = self.mentions[i][2]
            if not self._m_quoted[i] and (role_head is None or (p.role and role_head in p.role.casefold())):
                return p
            i -= 1
        return None


_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ASCII_WORD_RE = re.compile("[a-z]+(?:-[a-z]+)*")  # _WORD_RE on lower-case ASCII, faster


def _role_before(before: str, tail: str, prev: str) -> str | None:
    """``_ROLE_BEFORE.search(before).group("role")``; ``tail`` is ``before`` stripped and ``prev`` its last word."""
    # The pattern is anchored at the end: a role noun (in the lexicon's case) that is the last word or follows a "("
    # in it, after at most a modifier word (in any case) and whitespace. Read with string operations: ``re`` tries
    # a case-insensitive alternation's branches one by one, at every letter.
    if len(tail) == len(before):  # no whitespace after the noun
        return None
    k = prev.rfind("(")
    noun = prev[k + 1:]
    if noun not in lex.ROLE_NOUNS:
        return None
    head = tail[:len(tail) - len(prev)].rstrip()
    if k >= 0 or not head:  # a "(" or nothing before the noun: no modifier
        return noun
    word = head.rsplit(None, 1)[-1]
    mod = word[word.rfind("(") + 1:]
    if not mod.isascii():  # IGNORECASE matches a few other letters to ASCII ones (the Kelvin sign to "k")
        m = _ROLE_BEFORE.search(before, max(len(head) - len(word) - 1, 0))
        return m.group("role") if m else None
    return before[len(head) - len(mod):len(tail)] if mod.lower() in _ROLE_MOD_SET else noun


def _has_role_word(clause: str) -> bool:
    if not clause.isascii():
        words = _WORD_RE.findall(clause.lower())
    elif "-" in clause:  # "vice-president" is one word
        words = _ASCII_WORD_RE.findall(clause.lower())
    else:  # the words are the runs of letters
        words = ascii_words(clause)
    return not lex.ROLE_NOUNS.isdisjoint(words)


_APPOS_DETERMINERS = frozenset("the his her their its".split())


def _modifier(words: list[str], j: int) -> bool:
    """Whether ``words[j]`` may qualify the post that ``words`` (after a possessive or determiner) end in: "Vamo's
    global chief operating officer", "the group's Benelux managing director", "its South Africa general manager"."""
    w = words[j]
    if w.casefold() in _ROLE_MOD_SET or w in lex.DEMONYMS:
        return True
    if not w.replace("-", "").isalpha():
        return False
    if w.islower():  # an adjective or a noun, not a function word ("the", "who")
        return w.capitalize() not in lex.STOP
    return all(x[:1].isupper() and x.casefold() not in _FUNCTION_WORDS for x in words[:j + 1])  # capitalised ones lead


_FUNCTION_WORDS = frozenset("and or the a an of for in on at to with by from".split())


def _appos_before(clause: str) -> tuple[str, str | None] | None:
    """(role, possessor) for a clause ending in a role: "Niger's health minister", "His lawyer",
    "the chairman of the city's People's Committee". The rightmost determiner or possessive that
    opens a well-formed role phrase wins."""
    words = clause.rstrip(" ,").split()
    for s in range(len(words) - 2, -1, -1):
        w = words[s]
        poss = w.endswith(("'s", "’s"))
        if not poss and w.casefold() not in _APPOS_DETERMINERS:
            continue
        rest = words[s + 1:]
        j = 0
        while j < len(rest) and j < 3 and _modifier(rest, j) and not (
                rest[j].casefold() in lex.ROLE_NOUNS and (j + 1 == len(rest) or rest[j + 1] in ("of", "for"))):
            j += 1
        if j >= len(rest) or rest[j].casefold() not in lex.ROLE_NOUNS:
            continue
        if j + 1 < len(rest) and rest[j + 1] not in ("of", "for"):
            continue
        owner = None
        if poss:
            k = s
            while (k > 0 and words[k - 1][:1].isupper() and words[k - 1].replace("-", "").isalpha()
                   and words[k - 1].casefold() not in _APPOS_DETERMINERS):
                k -= 1
            owner = " ".join([*words[k:s], w[:-2]])
        return " ".join(rest), owner
    return None


_PLACE_PREPS = frozenset("in at from near outside across into towards toward via of".split())
_NAME_JOINERS = frozenset("on of for and de du des la le".split())


def _portfolio_after(text: str, title_end: int, start: int, end: int) -> bool:
    """Whether the run at [start, end) follows its title through "of"/"for" and a name follows it."""
    if text[title_end:start].split()[:1] not in (["of"], ["for"]):
        return False
    m = _PORTFOLIO_END.match(text, end)
    return m is not None and text[m.end()].isupper()


def _own_appos(m: re.Match[str], after: str, tail: str) -> bool:
    """Whether the role appositive ``m`` (of ``_APPOS_AFTER`` on ``after``) describes the run before it."""
    poss = m.group("poss")
    if poss and " by " in f" {poss} ":  # "chaired by the region's premier": a participle phrase, no possessor
        return False
    # "a meeting in Tarbes, the mayor of Lourdes, Anne Vidal, ...": after a place, the post is the next name's.
    return not (_HOLDER_NEXT.match(after, m.end()) and _place_or_name_before(tail))


def _org_appos(words: list[str]) -> bool:
    """Whether an appositive of ``words`` names an organisation: "the country's biggest lender", "a shipping firm"."""
    return (1 < len(words) < 6 and words[0] in ("the", "a", "an") and words[-1] in _ORG_APPOS_HEADS
            and _FUNCTION_WORDS.isdisjoint(words[1:]))


def _post_holder_next(before: str) -> bool:
    """Whether ``before`` ends with a post of an organisation and a comma that the holder's name follows."""
    m = _POST_OF_BEFORE.search(before)
    return m is not None and m.group("appos") is None


def _place_or_name_before(tail: str) -> bool:
    """"in Le Guilvinec" is a place; "Group on Vaccine Provision" continues another name."""
    words = tail.rsplit(None, 2)[-2:]  # the last two words, without splitting the whole tail
    if not words:
        return False
    last = words[-1].casefold()
    if last in _PLACE_PREPS or (last == "the" and len(words) == 2 and words[0].casefold() in _PLACE_PREPS):
        return True
    return last in _NAME_JOINERS and len(words) == 2 and words[0][:1].isupper()


_POSS_MODIFIERS = frozenset(
    "acting new outgoing former interim incoming then top chief senior current veteran longtime newly appointed "
    "elected".split()
)


def _possessive_country(before: str) -> str | None:
    """"South Korea" for "... South Korea's acting " (a country's possessive right before a name)."""
    words = before.split()
    while words and words[-1] in _POSS_MODIFIERS:
        words.pop()
    if not words or not words[-1].endswith(("'s", "’s")):
        return None
    words[-1] = words[-1][:-2]
    for n in range(min(_MAX_PLACE, len(words)), 0, -1):
        place = tuple(words[-n:])
        if place in _COUNTRY_TOKENS:
            return lex.DEMONYMS.get(" ".join(place), _COUNTRY_TOKENS[place])
    return None


def surname(name: str) -> str:
    """"von der Leyen" for "Ursula von der Leyen", "Goldberg" for "Philip Goldberg"."""
    return _surname(name.split())


def _short_forms(words: list[str]) -> tuple[str, ...]:
    """The one-word forms a name of ``words`` goes by later: the first word ("Kim" of "Kim Seon-ho"), the surname,
    and of three words or more the one before the last ("Benítez" of "Rodrigo Benítez Ayala", a first surname)."""
    sur = _surname(words)
    if len(words) >= 3 and " " not in sur and words[-2][:1].isupper():
        return words[0], sur, words[-2]
    return words[0], sur


def _surname(words: list[str]) -> str:
    """``surname`` of the name whose words (``name.split()``) are ``words``."""
    if len(words) < 3 or _PARTICLE_SET.isdisjoint(words[1:-1]):  # the usual case, tested in C
        return words[-1]
    for i in range(1, len(words) - 1):
        if words[i] in _PARTICLE_SET:
            return " ".join(words[i:])
    return words[-1]


_PARTICLE_SET = frozenset([*PARTICLES, "el"])
