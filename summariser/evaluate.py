"""Score any engine against hand-annotated gold articles (``summariser eval``).

Gold files are JSON objects::

    {"id", "text", "publication_date",
     "attendees": [{"name", "aliases", "role", "organisation", "country"}],
     "meetings":  [{"attendees": [names], "location", "date_text", "topics"}],
     "pledges":   [{"actor", "commitment", "beneficiary"}],
     "quotes":    [{"speaker", "text", "kind"}],
     "optional_attendees": [...], "optional_meetings": [...]}

The four lists are required (an empty list says "none"; a missing one is
usually a typo). Unknown keys are ignored, so annotators may keep notes.

Scoring, per article and field (attendees, meetings, pledges, quotes):

* Matching is one-to-one and greedy: candidate pairs that pass the field's
  test are taken best score first (ties: gold order, then output order). Output items left unmatched are
  then matched the same way against the *optional* gold items; such an item is
  neither a true nor a false positive, and an unmatched optional item is not a
  false negative.
* Names are normalised by ``norm_name``: quote/dash variants folded
  (``grounding.fold``), casefolded, punctuation dropped, leading titles
  (Mr, Dr, President, General, the ...) stripped. Accents are kept.
* attendees: a pair matches when the {name} + aliases sets of the two sides
  share a normalised form (score 1.0 name = name, 0.9 name = alias, 0.8
  alias = alias, which only orders the greedy choice).
* meetings: each attendee name is mapped to a person key through the gold
  alias map (gold names, aliases and unambiguous surnames; output names also
  through their own aliases); a pair matches when the Jaccard index of the
  two key sets is >= 0.5 (two empty sets count as 1.0).
* pledges: the actors are the same party (``People.same``: equal keys, or
  one's name tokens contained in the other's, "Brunson" vs "Xavier Brunson")
  AND the commitments' content words (stop words dropped, crude suffix
  stemming) have an *overlap coefficient* |A∩B| / min(|A|, |B|) >= 0.5. The
  overlap coefficient, not Jaccard, because a clause and the sentence around
  it state the same commitment; length differences are not errors.
* quotes: each gold quote is located in the article (``Text.find_all``); an
  output quote matches when its span covers >= 0.5 of the gold quote's
  characters. Pairs are taken by span intersection-over-union, because gold
  quotes may nest (a quoted fragment inside a reported clause). Over matched
  pairs: speaker accuracy (``People.same``; None vs None is correct) and kind
  accuracy. Verbatim rate: the share of output quotes whose text is exactly
  ``article[start:end]``.

Precision is 1.0 when nothing was output and recall is 1.0 when the gold has
nothing, so an article with neither scores 1.0 (F1 is 0 when exactly one side
is empty). Micro averages sum TP/FP/FN over articles; macro averages are the
mean of the per-article values. Accuracies and rates with nothing to measure
are None. A failed article outputs nothing: all its gold items are FN.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from summariser.articles import read_utf8
from summariser.errors import InputError
from summariser.grounding import Text, fold
from summariser.schema import ArticleSummary, Attendee, Meeting, Pledge, Quote, QuoteKind, RunInfo

if TYPE_CHECKING:
    from summariser.pipeline import Result, Summariser

FIELDS = ("attendees", "meetings", "pledges", "quotes")
STATS = ("precision", "recall", "f1")
MEETING_JACCARD = 0.5
PLEDGE_OVERLAP = 0.5
QUOTE_OVERLAP = 0.5

# --- Gold files -----------------------------------------------------------------

_GOLD = ConfigDict(extra="ignore")


class GoldAttendee(BaseModel):
    model_config = _GOLD
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    organisation: str | None = None
    country: str | None = None


class GoldMeeting(BaseModel):
    model_config = _GOLD
    attendees: list[str]
    location: str | None = None
    date_text: str | None = None
    topics: list[str] = Field(default_factory=list)


class GoldPledge(BaseModel):
    model_config = _GOLD
    actor: str = Field(min_length=1)
    commitment: str = Field(min_length=1)
    beneficiary: str | None = None


class GoldQuote(BaseModel):
    model_config = _GOLD
    speaker: str | None = None
    text: str = Field(min_length=1)
    kind: QuoteKind = "direct"


class GoldArticle(BaseModel):
    model_config = _GOLD
    id: str = ""
    text: str = Field(min_length=1)
    publication_date: dt.date | None = None
    attendees: list[GoldAttendee]
    meetings: list[GoldMeeting]
    pledges: list[GoldPledge]
    quotes: list[GoldQuote]
    optional_attendees: list[GoldAttendee] = Field(default_factory=list)
    optional_meetings: list[GoldMeeting] = Field(default_factory=list)
    _path: str = PrivateAttr("")

    @property
    def path(self) -> str:
        return self._path


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Every ``*.json`` gold file in a directory (sorted), or one file."""
    p = Path(path)
    if p.is_file():
        files = [p]
    elif p.is_dir():
        files = sorted(f for f in p.glob("*.json") if f.is_file())
        if not files:
            raise InputError(f"{p}: no gold files (*.json) in this directory")
    else:
        raise InputError(f"{p}: no such file or directory")
    golds = [load_gold_file(f) for f in files]
    seen: dict[str, str] = {}
    for g in golds:
        if g.id in seen:
            raise InputError(f"{g.path}: duplicate id {g.id!r} (also in {seen[g.id]})")
        seen[g.id] = g.path
    return golds


def load_gold_file(path: str | Path) -> GoldArticle:
    p = Path(path)
    raw = read_utf8(p)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a JSON object, got {type(data).__name__}")
    try:
        gold = GoldArticle.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        where = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in first["loc"]).lstrip(".")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{p}: {where or 'file'}: {first['msg']}{more}") from None
    if not gold.text.strip():
        raise InputError(f"{p}: text: the article text is empty")
    if not gold.id:
        gold.id = p.stem
    for i, span in enumerate(quote_spans(gold)):
        if span is None:
            raise InputError(f"{p}: quotes[{i}].text {_clip(gold.quotes[i].text)!r} is not in the article text")
    gold._path = str(p)
    return gold


def quote_spans(gold: GoldArticle, text: Text | None = None) -> list[tuple[int, int] | None]:
    """Where each gold quote is in the article; a repeated text takes the next occurrence."""
    text = text or Text(gold.text)
    used: set[tuple[int, int]] = set()
    spans: list[tuple[int, int] | None] = []
    for q in gold.quotes:
        hits = text.find_all(q.text)
        span = next((h for h in hits if h not in used), hits[0] if hits else None)
        if span:
            used.add(span)
        spans.append(span)
    return spans


# --- Normalisation ----------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['-]\w+)*")
_TITLES = frozenset(
    """the mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend president vice prime minister
    premier chancellor secretary senator sen rep governor gov mayor ambassador judge justice general gen admiral
    adm colonel col major maj captain capt lieutenant lt sergeant sgt commander cmdr king queen prince princess
    sheikh""".split()
)
_SUFFIXES = frozenset({"jr", "sr"})
_STOP = frozenset(
    """a an the and or of to for in on at by with from as into onto over its it their his her our your my this that
    these those be is are was were been being will would shall should can could may might must has have had do does
    did not no than then so such also further more all any each other""".split()
)


def norm_name(name: str) -> str:
    """'Dr. Ana  Ruíz–Pérez' -> 'ana ruíz-pérez'."""
    tokens = _WORD.findall(fold(name).casefold())
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "e", "s"):  # crude, but the same on both sides
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    words = re.findall(r"\w+", fold(text).casefold())
    return {_stem(w) for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())}


def overlap_coefficient(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


class People:
    """Maps any form of a person (name, alias, unambiguous surname) to one key, gold names first."""

    def __init__(self, gold: Iterable[GoldAttendee]) -> None:
        self.forms: dict[str, str] = {}
        for a in gold:
            key = norm_name(a.name)
            for form in (a.name, *a.aliases):
                if norm_name(form):
                    self.forms.setdefault(norm_name(form), key)
        lasts: dict[str, set[str]] = {}
        for key in set(self.forms.values()):
            if len(key.split()) > 1:
                lasts.setdefault(key.split()[-1], set()).add(key)
        for last, keys in lasts.items():
            if len(keys) == 1:  # a surname two people share names neither
                self.forms.setdefault(last, keys.pop())

    def key(self, name: str, aliases: Iterable[str] = ()) -> str:
        for form in (name, *aliases):
            found = self.forms.get(norm_name(form))
            if found:
                return found
        return norm_name(name)

    def same(self, a: str | None, b: str | None, a_aliases: Iterable[str] = (), b_aliases: Iterable[str] = ()) -> bool:
        """Same person: equal keys, or one key's tokens inside the other's."""
        if a is None or b is None:
            return a is None and b is None
        ka, kb = self.key(a, a_aliases), self.key(b, b_aliases)
        if ka == kb:
            return bool(ka)
        ta, tb = set(ka.split()), set(kb.split())
        return bool(ta and tb) and (ta <= tb or tb <= ta)


# --- Scores ---------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)  # gold items not found
    spurious: list[str] = field(default_factory=list)  # output items matching nothing

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    def as_dict(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                               "recall": self.recall, "f1": self.f1}
        if details:
            out |= {"missed": self.missed, "spurious": self.spurious}
        return out


@dataclass
class ArticleScore:
    id: str
    fields: dict[str, FieldScore]
    speaker_correct: int = 0
    kind_correct: int = 0
    matched_quotes: int = 0
    verbatim_quotes: int = 0
    output_quotes: int = 0
    speaker_errors: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_correct, self.matched_quotes)

    @property
    def verbatim_rate(self) -> float | None:
        return _ratio(self.verbatim_quotes, self.output_quotes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "error": self.error,
            **{name: score.as_dict() for name, score in self.fields.items()},
            "speaker_accuracy": self.speaker_accuracy,
            "speaker": {"correct": self.speaker_correct, "matched": self.matched_quotes, "errors": self.speaker_errors},
            "kind_accuracy": _ratio(self.kind_correct, self.matched_quotes),
            "verbatim_rate": self.verbatim_rate,
            "verbatim": {"verbatim": self.verbatim_quotes, "quotes": self.output_quotes},
        }


G = TypeVar("G")
P = TypeVar("P")


def _greedy(scores: list[list[tuple[float, float]]], threshold: float) -> list[tuple[int, int]]:
    """One-to-one (gold, output) pairs from (score, rank) cells: highest rank first, among scores >= threshold."""
    candidates = sorted(
        ((rank, i, j) for i, row in enumerate(scores) for j, (s, rank) in enumerate(row)
         if s > 0 and s >= threshold - 1e-9),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_out: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_out:
            used_gold.add(i)
            used_out.add(j)
            pairs.append((i, j))
    return pairs


def _match(
    gold: Sequence[G], optional: Sequence[G], output: Sequence[P], score: Callable[[G, P], float], threshold: float,
    label_gold: Callable[[G], str], label_out: Callable[[P], str], rank: Callable[[G, P], float] | None = None,
) -> tuple[FieldScore, list[tuple[int, int]]]:
    def cell(g: G, p: P) -> tuple[float, float]:
        value = score(g, p)
        return value, (rank(g, p) if rank and value > 0 else value)

    pairs = _greedy([[cell(g, p) for p in output] for g in gold], threshold)
    matched = {j for _, j in pairs}
    left = [j for j in range(len(output)) if j not in matched]
    excused = {left[j] for _, j in _greedy([[cell(o, output[j]) for j in left] for o in optional], threshold)}
    found = {i for i, _ in pairs}
    result = FieldScore(
        tp=len(pairs), fp=len(left) - len(excused), fn=len(gold) - len(pairs),
        missed=[label_gold(g) for i, g in enumerate(gold) if i not in found],
        spurious=[label_out(output[j]) for j in left if j not in excused],
    )
    return result, sorted(pairs)


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _names(a: GoldAttendee | Attendee) -> set[str]:
    return {n for n in (norm_name(x) for x in (a.name, *a.aliases)) if n}


def _attendee_score(g: GoldAttendee, p: Attendee) -> float:
    gn, pn = norm_name(g.name), norm_name(p.name)
    if gn and gn == pn:
        return 1.0
    gs, ps = _names(g), _names(p)
    if pn in gs or gn in ps:
        return 0.9
    return 0.8 if gs & ps else 0.0


def _meeting_label(m: GoldMeeting | Meeting) -> str:
    return " + ".join(m.attendees) + (f" @ {m.location}" if m.location else "")


def _quote_label(speaker: str | None, text: str) -> str:
    return f"{speaker or '?'}: {_clip(text, 50)}"


def score_article(gold: GoldArticle, summary: ArticleSummary | None, error: str | None = None) -> ArticleScore:
    """Score one article's output; ``summary`` None (a failed article) outputs nothing."""
    out = summary or ArticleSummary(article_id=gold.id, run=RunInfo(backend="none"))
    text = Text(gold.text)
    people = People([*gold.attendees, *gold.optional_attendees])
    aliases = {a.name: a.aliases for a in out.attendees}

    def out_key(name: str) -> str:
        return people.key(name, aliases.get(name, ()))

    fields: dict[str, FieldScore] = {}
    fields["attendees"], _ = _match(
        gold.attendees, gold.optional_attendees, out.attendees, _attendee_score, 1e-9,
        lambda g: g.name, lambda p: p.name,
    )

    def meeting_score(g: GoldMeeting, p: Meeting) -> float:
        keys = {k for k in (people.key(n) for n in g.attendees) if k}
        return jaccard(keys, {k for k in (out_key(n) for n in p.attendees) if k})

    fields["meetings"], _ = _match(
        gold.meetings, gold.optional_meetings, out.meetings, meeting_score, MEETING_JACCARD,
        _meeting_label, _meeting_label,
    )

    def pledge_score(g: GoldPledge, p: Pledge) -> float:
        if not people.same(g.actor, p.actor, b_aliases=aliases.get(p.actor, ())):
            return 0.0
        return overlap_coefficient(g.commitment, p.commitment)

    fields["pledges"], _ = _match(
        gold.pledges, [], out.pledges, pledge_score, PLEDGE_OVERLAP,
        lambda g: f"{g.actor}: {_clip(g.commitment, 50)}", lambda p: f"{p.actor}: {_clip(p.commitment, 50)}",
    )

    spans = quote_spans(gold, text)

    def covered(i: int, p: Quote) -> int:
        span = spans[i]
        return max(0, min(span[1], p.end) - max(span[0], p.start)) if span else 0

    def quote_score(i: int, p: Quote) -> float:
        span = spans[i]
        return covered(i, p) / (span[1] - span[0]) if span and span[1] > span[0] else 0.0

    def quote_rank(i: int, p: Quote) -> float:
        # Gold quotes nest (a fragment inside a reported clause): pair by
        # intersection over union, so a clause goes to the clause.
        span = spans[i]
        if span is None:
            return 0.0
        union = max(span[1], p.end) - min(span[0], p.start)
        return covered(i, p) / union if union else 0.0

    fields["quotes"], pairs = _match(
        list(range(len(gold.quotes))), [], out.quotes, quote_score, QUOTE_OVERLAP,
        lambda i: _quote_label(gold.quotes[i].speaker, gold.quotes[i].text), lambda p: _quote_label(p.speaker, p.text),
        rank=quote_rank,
    )

    score = ArticleScore(id=gold.id, fields=fields, error=error)
    for i, j in pairs:
        g, p = gold.quotes[i], out.quotes[j]
        score.matched_quotes += 1
        score.kind_correct += g.kind == p.kind
        if people.same(g.speaker, p.speaker, b_aliases=aliases.get(p.speaker or "", ())):
            score.speaker_correct += 1
        else:
            score.speaker_errors.append(f"{_clip(g.text, 40)!r}: {g.speaker or 'None'} ≠ {p.speaker or 'None'}")
    score.output_quotes = len(out.quotes)
    score.verbatim_quotes = sum(1 for q in out.quotes if q.text and gold.text[q.start : q.end] == q.text)
    return score


# --- Aggregation ------------------------------------------------------------------


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@dataclass
class Report:
    articles: list[ArticleScore]
    backend: str | None = None
    model: str | None = None
    source: str | None = None

    def micro(self, name: str) -> FieldScore:
        scores = [a.fields[name] for a in self.articles]
        return FieldScore(tp=sum(s.tp for s in scores), fp=sum(s.fp for s in scores), fn=sum(s.fn for s in scores))

    def macro(self, name: str) -> dict[str, float]:
        scores = [a.fields[name] for a in self.articles]
        return {stat: (sum(getattr(s, stat) for s in scores) / len(scores) if scores else 1.0) for stat in STATS}

    def speaker_accuracy(self, average: str = "micro") -> float | None:
        if average == "macro":
            return _mean(a.speaker_accuracy for a in self.articles)
        return _ratio(sum(a.speaker_correct for a in self.articles), sum(a.matched_quotes for a in self.articles))

    def verbatim_rate(self, average: str = "micro") -> float | None:
        if average == "macro":
            return _mean(a.verbatim_rate for a in self.articles)
        return _ratio(sum(a.verbatim_quotes for a in self.articles), sum(a.output_quotes for a in self.articles))

    @property
    def failed(self) -> list[ArticleScore]:
        return [a for a in self.articles if a.error is not None]

    def metric(self, name: str) -> float | None:
        """A named number: ``[micro.|macro.]FIELD[.precision|.recall|.f1]``, ``speaker_accuracy``, ``verbatim_rate``."""
        average, rest = parse_metric(name)
        if rest == "speaker_accuracy":
            return self.speaker_accuracy(average)
        if rest == "verbatim_rate":
            return self.verbatim_rate(average)
        field_name, stat = rest.split(".")
        if average == "macro":
            return self.macro(field_name)[stat]
        return float(getattr(self.micro(field_name), stat))

    def as_dict(self) -> dict[str, Any]:
        matched = sum(a.matched_quotes for a in self.articles)
        return {
            "source": self.source,
            "backend": self.backend,
            "model": self.model,
            "articles": len(self.articles),
            "failed": [{"id": a.id, "error": a.error} for a in self.failed],
            "micro": {
                **{name: self.micro(name).as_dict(details=False) for name in FIELDS},
                "speaker_accuracy": self.speaker_accuracy(),
                "verbatim_rate": self.verbatim_rate(),
                "kind_accuracy": _ratio(sum(a.kind_correct for a in self.articles), matched),
            },
            "macro": {
                **{name: self.macro(name) for name in FIELDS},
                "speaker_accuracy": self.speaker_accuracy("macro"),
                "verbatim_rate": self.verbatim_rate("macro"),
            },
            "counts": {
                "matched_quotes": matched,
                "speaker_correct": sum(a.speaker_correct for a in self.articles),
                "output_quotes": sum(a.output_quotes for a in self.articles),
                "verbatim_quotes": sum(a.verbatim_quotes for a in self.articles),
            },
            "settings": {
                "meeting_jaccard": MEETING_JACCARD, "pledge_overlap": PLEDGE_OVERLAP,
                "pledge_measure": "overlap coefficient of content words", "quote_overlap": QUOTE_OVERLAP,
            },
            "per_article": [a.as_dict() for a in self.articles],
        }


_ALIASES = {"speaker": "speaker_accuracy", "speakers": "speaker_accuracy", "verbatim": "verbatim_rate"}


def parse_metric(name: str) -> tuple[str, str]:
    """('micro'|'macro', canonical name); ValueError names the accepted forms."""
    text = name.strip().lower()
    average = "micro"
    for prefix in ("micro.", "macro."):
        if text.startswith(prefix):
            average, text = prefix[:-1], text[len(prefix):]
    text = _ALIASES.get(text, text)
    if text in ("speaker_accuracy", "verbatim_rate"):
        return average, text
    field_name, _, stat = text.partition(".")
    stat = stat or "f1"
    if field_name not in FIELDS or stat not in STATS:
        raise ValueError(
            f"unknown metric {name!r}: use [micro.|macro.]FIELD[.precision|.recall|.f1] with FIELD one of "
            f"{', '.join(FIELDS)}, or speaker_accuracy, verbatim_rate"
        )
    return average, f"{field_name}.{stat}"


def parse_threshold(spec: str) -> tuple[str, float]:
    """'quotes=0.9' -> ('quotes', 0.9)."""
    name, sep, raw = spec.partition("=")
    if not sep:
        raise ValueError(f"{spec!r} is not METRIC=VALUE, e.g. quotes=0.90")
    parse_metric(name)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{spec!r}: {raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise ValueError(f"{spec!r}: the value must be between 0 and 1")
    return name.strip(), value


@dataclass(frozen=True)
class Check:
    metric: str
    threshold: float
    value: float | None

    @property
    def ok(self) -> bool:
        # None: nothing to measure, which cannot show the bar is met.
        return self.value is not None and self.value >= self.threshold - 1e-9


def check(report: Report, thresholds: Iterable[tuple[str, float]]) -> list[Check]:
    return [Check(name, value, report.metric(name)) for name, value in thresholds]


# --- Running an engine ---------------------------------------------------------------


def run(summariser: Summariser, golds: Sequence[GoldArticle], concurrency: int = 8) -> Report:
    """Summarise every gold article (``asummarise_many``, as batch does) and score the output."""
    from summariser.articles import Article

    articles = [Article(text=g.text, id=g.id, published=g.publication_date) for g in golds]

    async def collect() -> dict[str, Result]:
        return {r.article.id: r async for r in summariser.asummarise_many(articles, concurrency=concurrency)}

    results = asyncio.run(collect())
    scores = []
    for g in golds:
        result = results[g.id]
        error = None if result.ok else (result.error.one_line() if result.error else "failed")
        scores.append(score_article(g, result.summary, error=error))
    return Report(scores, backend=summariser.backend, model=summariser.model_name)
