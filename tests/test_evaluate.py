"""`summariser eval`: scoring math on hand-built outputs, gold loading, the CLI."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED, Replay, make_summariser

from summariser import evaluate as ev
from summariser.articles import Article
from summariser.cli import cli
from summariser.errors import ExtractionError, InputError
from summariser.pipeline import Result
from summariser.schema import ArticleSummary, Attendee, Meeting, Pledge, Quote, RunInfo

GOLD_SMALL = Path(__file__).parent / "data" / "gold_small"

TEXT = (
    'Oslo, May 2 (NTB) Mayor Ana Ruiz met Tom Lee and Dr. Kari Berg on Friday. "We agreed on a new ferry line," '
    'Ruiz said. Lee said the port "will open in June and hire 40 staff." Berg promised 3 million kroner to the '
    "harbour trust."
)


def gold(**fields: Any) -> ev.GoldArticle:
    data: dict[str, Any] = {"id": "g", "text": TEXT, "attendees": [], "meetings": [], "pledges": [], "quotes": []}
    return ev.GoldArticle.model_validate(data | fields)


def out(**fields: Any) -> ArticleSummary:
    return ArticleSummary(article_id="g", run=RunInfo(backend="test"), **fields)


def person(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases)}


def quote(text: str, speaker: str | None = None, start: int | None = None, end: int | None = None,
          kind: str = "direct") -> Quote:
    s = TEXT.index(text) if start is None else start
    e = s + len(text) if end is None else end
    return Quote(speaker=speaker, text=TEXT[s:e], start=s, end=e, kind=kind)  # type: ignore[arg-type]


def counts(score: ev.FieldScore) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --- normalisation and the small measures ---------------------------------------------


def test_norm_name_strips_titles_and_punctuation_but_keeps_accents() -> None:
    assert ev.norm_name("Dr. Ana  Ruíz–Pérez") == "ana ruíz-pérez"
    assert ev.norm_name("President  O’Neil Jr.") == "o'neil"
    assert ev.norm_name("General") == "general"  # a title alone is still a name
    assert ev.norm_name("Ruíz") != ev.norm_name("Ruiz")


def test_prf_conventions() -> None:
    assert ev.prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert ev.prf(0, 0, 3) == (1.0, 0.0, 0.0)
    assert ev.prf(0, 2, 0) == (0.0, 1.0, 0.0)
    p, r, f = ev.prf(2, 1, 1)
    assert (p, r) == (2 / 3, 2 / 3) and f == pytest.approx(2 / 3)


def test_overlap_coefficient_and_jaccard() -> None:
    assert ev.overlap_coefficient("provide $40 million", "will provide 40 million dollars to the fund") == 1.0
    assert ev.overlap_coefficient("the", "a fund") == 0.0  # stop words only: nothing to compare
    assert ev.jaccard(set(), set()) == 1.0
    assert ev.jaccard({"a", "b"}, {"a", "b", "c", "d"}) == 0.5


# --- attendees -------------------------------------------------------------------------------


def test_attendees_exact_counts_and_one_to_one() -> None:
    g = gold(attendees=[person("Ana Ruiz", "Ruiz"), person("Tom Lee"), person("Kari Berg")])
    s = ev.score_article(g, out(attendees=[
        Attendee(name="Mayor Ana Ruiz"), Attendee(name="Ruiz"), Attendee(name="Tom Lee"), Attendee(name="Oslo"),
    ]))
    assert counts(s.fields["attendees"]) == (2, 2, 1)  # "Ruiz" twice: one TP, one FP
    assert s.fields["attendees"].missed == ["Kari Berg"]
    assert s.fields["attendees"].spurious == ["Ruiz", "Oslo"]  # the exact name wins the gold item


def test_attendees_match_through_predicted_and_gold_aliases() -> None:
    g = gold(attendees=[person("Kari Berg"), person("Tom Lee", "Lee")])
    s = ev.score_article(g, out(attendees=[
        Attendee(name="Berg", aliases=["Kari Berg"]),  # output alias = gold name
        Attendee(name="Thomas Lee", aliases=["Lee"]),  # alias = alias
    ]))
    assert counts(s.fields["attendees"]) == (2, 0, 0)


def test_optional_attendees_count_neither_way() -> None:
    g = gold(attendees=[person("Ana Ruiz")], optional_attendees=[person("Tom Lee"), person("Kari Berg")])
    s = ev.score_article(g, out(attendees=[Attendee(name="Ana Ruiz"), Attendee(name="Tom Lee"),
                                           Attendee(name="Tom Lee")]))
    # Tom Lee matches an optional item (neither TP nor FP); his duplicate is an FP; Berg unmatched is no FN.
    assert counts(s.fields["attendees"]) == (1, 1, 0)


# --- meetings --------------------------------------------------------------------------------


def meeting(*names: str) -> Meeting:
    return Meeting(attendees=list(names))


def test_meeting_jaccard_threshold_edges() -> None:
    people = [person("Ana Ruiz", "Ruiz"), person("Tom Lee"), person("Kari Berg"), person("Ole Dahl"),
              person("Siv Moe")]
    g = gold(attendees=people, meetings=[{"attendees": ["Ana Ruiz", "Tom Lee"]}])
    at_half = ev.score_article(g, out(meetings=[meeting("Ana Ruiz", "Tom Lee", "Kari Berg", "Ole Dahl")]))
    assert counts(at_half.fields["meetings"]) == (1, 0, 0)  # 2/4 = 0.5 matches
    below = ev.score_article(g, out(meetings=[meeting("Ana Ruiz", "Kari Berg")]))
    assert counts(below.fields["meetings"]) == (0, 1, 1)  # 1/3 does not
    just_below = ev.score_article(g, out(meetings=[meeting("Ana Ruiz", "Tom Lee", "Kari Berg", "Ole Dahl",
                                                           "Siv Moe")]))
    assert counts(just_below.fields["meetings"]) == (0, 1, 1)  # 2/5


def test_meeting_names_go_through_the_alias_map_on_both_sides() -> None:
    g = gold(attendees=[person("Ana Ruiz", "Ruiz"), person("Tom Lee"), person("Kari Berg")],
             meetings=[{"attendees": ["Ruiz", "Lee"]}])  # gold uses an alias and a unique surname
    s = ev.score_article(g, out(
        attendees=[Attendee(name="Mayor Ruiz", aliases=["Ana Ruiz"]), Attendee(name="Tom Lee")],
        meetings=[meeting("Mayor Ruiz", "Tom Lee")],  # output uses its own attendee name
    ))
    assert counts(s.fields["meetings"]) == (1, 0, 0)


def test_meetings_greedy_best_jaccard_and_optional() -> None:
    g = gold(attendees=[person("Ana Ruiz"), person("Tom Lee"), person("Kari Berg")],
             meetings=[{"attendees": ["Ana Ruiz", "Tom Lee"]}, {"attendees": ["Ana Ruiz", "Tom Lee", "Kari Berg"]}],
             optional_meetings=[{"attendees": ["Kari Berg"]}])
    s = ev.score_article(g, out(meetings=[meeting("Ana Ruiz", "Tom Lee", "Kari Berg"), meeting("Kari Berg"),
                                          meeting("Tom Lee", "Kari Berg")]))
    # The 3-person output pairs with the 3-person gold (1.0), not the 2-person one; the lone "Kari Berg" is the
    # optional meeting; "Lee + Berg" overlaps the 2-person gold only 1/3.
    assert counts(s.fields["meetings"]) == (1, 1, 1)
    assert s.fields["meetings"].missed == ["Ana Ruiz + Tom Lee"]


# --- pledges ----------------------------------------------------------------------------------


def test_pledge_actor_containment_and_commitment_overlap() -> None:
    g = gold(attendees=[person("Kari Berg")],
             pledges=[{"actor": "Kari Berg", "commitment": "3 million kroner to the harbour trust"}])
    ok = ev.score_article(g, out(pledges=[Pledge(actor="Dr. Berg", commitment="promised 3 million kroner")]))
    assert counts(ok.fields["pledges"]) == (1, 0, 0)
    wrong_actor = ev.score_article(g, out(pledges=[Pledge(actor="Tom Lee", commitment="3 million kroner")]))
    assert counts(wrong_actor.fields["pledges"]) == (0, 1, 1)


def test_pledge_overlap_threshold_edges() -> None:
    g = gold(pledges=[{"actor": "Xavier Brunson", "commitment": "upholding alliance"}])
    # overlap coefficient = |A∩B| / min(|A|, |B|): 1 of 2 content words = 0.5 -> match
    half = ev.score_article(g, out(pledges=[Pledge(actor="Brunson", commitment="upholding peace")]))
    assert counts(half.fields["pledges"]) == (1, 0, 0)
    g3 = gold(pledges=[{"actor": "Xavier Brunson", "commitment": "upholding the alliance firmly"}])
    third = ev.score_article(g3, out(pledges=[Pledge(actor="Brunson", commitment="upholding lasting peace")]))
    assert counts(third.fields["pledges"]) == (0, 1, 1)  # 1 of 3 < 0.5


# --- quotes -----------------------------------------------------------------------------------

FERRY = "We agreed on a new ferry line,"


def test_quote_overlap_threshold_edges() -> None:
    g = gold(quotes=[{"speaker": "Ana Ruiz", "text": FERRY}])
    start, n = TEXT.index(FERRY), len(FERRY)  # 30 characters
    half = ev.score_article(g, out(quotes=[quote(FERRY, start=start, end=start + n // 2)]))
    assert counts(half.fields["quotes"]) == (1, 0, 0)
    short = ev.score_article(g, out(quotes=[quote(FERRY, start=start, end=start + n // 2 - 1)]))
    assert counts(short.fields["quotes"]) == (0, 1, 1)
    # A longer output span still covers the whole gold quote.
    wide = ev.score_article(g, out(quotes=[quote(FERRY, start=start - 1, end=start + n + 8)]))
    assert counts(wide.fields["quotes"]) == (1, 0, 0)


def test_quotes_one_to_one() -> None:
    g = gold(quotes=[{"text": FERRY}])
    start = TEXT.index(FERRY)
    s = ev.score_article(g, out(quotes=[quote(FERRY), quote(FERRY, start=start, end=start + 20)]))
    assert counts(s.fields["quotes"]) == (1, 1, 0)


def test_nested_gold_quotes_pair_clause_with_clause_whatever_the_order() -> None:
    clause = 'the port "will open in June and hire 40 staff."'
    fragment = "will open in June and hire 40 staff."
    kinds = {clause: "reported", fragment: "direct"}
    for order in ([fragment, clause], [clause, fragment]):
        g = gold(quotes=[{"text": t, "kind": kinds[t]} for t in order])
        s = ev.score_article(g, out(quotes=[quote(clause, kind="reported"), quote(fragment)]))
        assert counts(s.fields["quotes"]) == (2, 0, 0)
        assert s.kind_correct == 2  # each output paired with its own gold quote


def test_gold_quote_is_located_through_folded_quote_marks() -> None:
    text = "Ana Ruiz said: “We’re ready.” Then she left."
    g = ev.GoldArticle.model_validate({"id": "x", "text": text, "attendees": [], "meetings": [], "pledges": [],
                                       "quotes": [{"text": "We're ready."}]})
    assert ev.quote_spans(g) == [(text.index("We"), text.index("”"))]


def test_speaker_accuracy_alias_aware_and_none_vs_none() -> None:
    port = "will open in June and hire 40 staff."
    g = gold(attendees=[person("Ana Ruiz", "Ruiz"), person("Tom Lee")],
             quotes=[{"speaker": "Ana Ruiz", "text": FERRY}, {"speaker": "Tom Lee", "text": port},
                     {"speaker": None, "text": "new ferry line"}])
    s = ev.score_article(g, out(quotes=[quote(FERRY, speaker="Ruiz"), quote(port, speaker=None),
                                        quote("harbour trust", speaker="Kari Berg")]))
    # The third gold quote lies inside the first; its span is taken by the first output quote.
    assert counts(s.fields["quotes"]) == (2, 1, 1)
    assert (s.speaker_correct, s.matched_quotes) == (1, 2)
    assert s.speaker_accuracy == 0.5
    g2 = gold(quotes=[{"speaker": None, "text": FERRY}])
    assert ev.score_article(g2, out(quotes=[quote(FERRY)])).speaker_accuracy == 1.0


def test_verbatim_rate_counts_output_quotes_that_are_not_the_article_text() -> None:
    g = gold(quotes=[{"text": FERRY}])
    start = TEXT.index(FERRY)
    tampered = Quote(text="We agreed on a NEW ferry line,", start=start, end=start + len(FERRY))
    s = ev.score_article(g, out(quotes=[quote(FERRY), tampered]))
    assert (s.verbatim_quotes, s.output_quotes, s.verbatim_rate) == (1, 2, 0.5)
    assert ev.score_article(g, out()).verbatim_rate is None  # no output quotes: nothing to measure


# --- aggregation --------------------------------------------------------------------------------


def test_micro_macro_and_failed_articles() -> None:
    g1 = gold(id="a", attendees=[person("Ana Ruiz"), person("Tom Lee")])
    g2 = gold(id="b")  # no gold items at all
    g3 = gold(id="c", attendees=[person("Kari Berg")], quotes=[{"text": FERRY}])
    report = ev.Report([
        ev.score_article(g1, out(attendees=[Attendee(name="Ana Ruiz"), Attendee(name="Oslo")])),
        ev.score_article(g2, out()),
        ev.score_article(g3, None, error="boom"),
    ])
    micro = report.micro("attendees")
    assert counts(micro) == (1, 1, 2)
    assert micro.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    # macro: a = 0.5, b (nothing either side) = 1.0, c (failed, all FN) = 0.0
    assert report.macro("attendees")["f1"] == pytest.approx(0.5)
    assert counts(report.articles[2].fields["quotes"]) == (0, 0, 1)
    assert [a.id for a in report.failed] == ["c"]
    data = report.as_dict()
    assert data["failed"] == [{"id": "c", "error": "boom"}]
    assert data["micro"]["quotes"]["fn"] == 1 and data["micro"]["speaker_accuracy"] is None


def test_metric_names_and_thresholds() -> None:
    g = gold(attendees=[person("Ana Ruiz")], quotes=[{"speaker": "Ana Ruiz", "text": FERRY}])
    report = ev.Report([ev.score_article(g, out(attendees=[Attendee(name="Ana Ruiz")],
                                                quotes=[quote(FERRY, speaker="Tom Lee")]))])
    assert report.metric("attendees") == 1.0
    assert report.metric("macro.quotes.recall") == 1.0
    assert report.metric("speaker") == 0.0
    assert report.metric("verbatim_rate") == 1.0
    assert ev.parse_threshold(" quotes.f1 =0.9") == ("quotes.f1", 0.9)
    for bad in ("quotes", "quotes=high", "quotes=1.5", "venues=0.5", "quotes.accuracy=0.5"):
        with pytest.raises(ValueError):
            ev.parse_threshold(bad)
    checks = ev.check(report, [("attendees", 1.0), ("speaker_accuracy", 0.85)])
    assert [c.ok for c in checks] == [True, False]


# --- gold loading ---------------------------------------------------------------------------------


def test_load_gold_small() -> None:
    golds = ev.load_gold(GOLD_SMALL)
    assert [g.id for g in golds] == ["alpha", "beta"]
    alpha = golds[0]
    assert str(alpha.publication_date) == "2025-03-03" and alpha.optional_attendees[0].name == "Li Wen"
    assert alpha.path.endswith("alpha.json")


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


VALID = {"id": "v", "text": "Ana Ruiz said: \"Yes.\"", "attendees": [], "meetings": [], "pledges": [],
         "quotes": [{"speaker": "Ana Ruiz", "text": "Yes."}]}


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "invalid JSON at line 1"),
    ("[1, 2]", "expected a JSON object"),
    ({k: v for k, v in VALID.items() if k != "quotes"}, "quotes: Field required"),
    (VALID | {"attendees": [{"aliases": []}]}, "attendees[0].name: Field required"),
    (VALID | {"meetings": [{"attendees": "Ana Ruiz"}]}, "meetings[0].attendees: Input should be a valid list"),
    (VALID | {"publication_date": "yesterday"}, "publication_date:"),
    (VALID | {"text": "   "}, "text: the article text is empty"),
    (VALID | {"quotes": [{"text": "No."}]}, "quotes[0].text 'No.' is not in the article text"),
])
def test_gold_file_errors_name_the_file_and_the_problem(tmp_path: Path, content: Any, message: str) -> None:
    path = write(tmp_path, "bad.json", content)
    with pytest.raises(InputError) as err:
        ev.load_gold(tmp_path)
    assert str(path) in err.value.one_line() and message in err.value.one_line()
    assert "\n" not in err.value.one_line()


def test_gold_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        ev.load_gold(tmp_path / "missing")
    with pytest.raises(InputError, match=r"no gold files \(\*\.json\)"):
        ev.load_gold(tmp_path)
    write(tmp_path, "a.json", VALID)
    write(tmp_path, "b.json", VALID)
    with pytest.raises(InputError, match="duplicate id 'v'"):
        ev.load_gold(tmp_path)


def test_gold_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "nameless.json", {k: v for k, v in VALID.items() if k != "id"})
    assert ev.load_gold(tmp_path / "nameless.json")[0].id == "nameless"


# --- the command ------------------------------------------------------------------------------------


class FakeEngine:
    """Stands in for Summariser: canned outputs (or errors) by article id."""

    backend = "fake"
    model_name = "fake-1"

    def __init__(self, outputs: dict[str, ArticleSummary | Exception]) -> None:
        self.outputs = outputs
        self.seen: list[Article] = []
        self.concurrency: int | None = None

    async def asummarise_many(self, articles: Iterable[Article], concurrency: int = 8) -> AsyncIterator[Result]:
        self.concurrency = concurrency
        for art in reversed(list(articles)):  # completion order is not input order
            self.seen.append(art)
            value = self.outputs[art.id]
            yield Result(art, error=value) if isinstance(value, Exception) else Result(art, summary=value)


def small_outputs() -> dict[str, ArticleSummary | Exception]:
    alpha, beta = (ev.load_gold(GOLD_SMALL / f"{n}.json")[0] for n in ("alpha", "beta"))

    def q(text: str, where: str, speaker: str | None) -> Quote:
        s = where.index(text)
        return Quote(speaker=speaker, text=text, start=s, end=s + len(text))

    return {
        "alpha": ArticleSummary(
            article_id="alpha", run=RunInfo(backend="fake"),
            attendees=[Attendee(name="Ana Ruiz", aliases=["Ruiz"]), Attendee(name="Tomás Ólafsson"),
                       Attendee(name="Li Wen")],
            meetings=[Meeting(attendees=["Ana Ruiz", "Tomás Ólafsson"])],
            pledges=[Pledge(actor="Ólafsson", commitment="5 million dollars")],
            quotes=[q("build 200 new homes by next spring.", alpha.text, "Ana Ruiz"),
                    q("We will not wait for another winter,", alpha.text, "Ana Ruiz")],
        ),
        "beta": ArticleSummary(article_id="beta", run=RunInfo(backend="fake"),
                               quotes=[q("It was a cold morning and a warm finish,", beta.text, "Mira Stone")]),
    }


def tfn(score: dict[str, Any]) -> tuple[int, int, int]:
    return score["tp"], score["fp"], score["fn"]


def invoke(monkeypatch: pytest.MonkeyPatch, engine: Any, *args: str) -> Any:
    monkeypatch.setattr("summariser.cli.eval.make_summariser", lambda flags: engine)
    return CliRunner().invoke(cli, ["eval", *args])


def test_cli_json(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = FakeEngine(small_outputs())
    result = invoke(monkeypatch, engine, str(GOLD_SMALL), "--format", "json", "-j", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert engine.concurrency == 3
    assert {a.id: str(a.published) for a in engine.seen} == {"alpha": "2025-03-03", "beta": "2025-04-09"}
    assert data["articles"] == 2 and data["failed"] == [] and data["backend"] == "fake"
    micro = data["micro"]
    assert tfn(micro["attendees"]) == (2, 0, 1)  # Li Wen optional
    assert tfn(micro["meetings"]) == (1, 0, 1)
    assert tfn(micro["pledges"]) == (1, 0, 1)
    assert tfn(micro["quotes"]) == (3, 0, 0)
    assert micro["speaker_accuracy"] == pytest.approx(2 / 3) and micro["verbatim_rate"] == 1.0
    assert data["macro"]["meetings"]["f1"] == pytest.approx((2 / 3 + 1.0) / 2)  # beta: no meetings either side
    assert [a["id"] for a in data["per_article"]] == ["alpha", "beta"]  # gold order, not completion order
    assert data["per_article"][0]["attendees"]["missed"] == ["Joe Bright"]


def test_cli_table_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(monkeypatch, FakeEngine(small_outputs()), str(GOLD_SMALL))
    assert result.exit_code == 0, result.output
    for text in ("alpha", "beta", "attendees", "meetings", "pledges", "quotes", "F1 micro", "speaker accuracy 0.667",
                 "verbatim quotes 1.000 (3/3)"):
        assert text in result.stdout


def test_cli_failed_article_exits_1_and_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = small_outputs() | {"beta": ExtractionError("model never produced valid output")}
    result = invoke(monkeypatch, FakeEngine(outputs), str(GOLD_SMALL), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["failed"] == [{"id": "beta", "error": "model never produced valid output"}]
    assert data["micro"]["quotes"]["fn"] == 1
    assert "Error: beta: model never produced valid output" in result.stderr


def test_cli_fail_under(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = FakeEngine(small_outputs())
    ok = invoke(monkeypatch, engine, str(GOLD_SMALL), "--fail-under", "quotes=1", "--fail-under", "verbatim=1")
    assert ok.exit_code == 0, ok.output
    low = invoke(monkeypatch, engine, str(GOLD_SMALL), "-f", "json", "--fail-under", "speaker_accuracy=0.85")
    assert low.exit_code == 1
    assert "speaker_accuracy is 0.667, below --fail-under 0.85" in low.stderr
    assert json.loads(low.stdout)["checks"] == [
        {"metric": "speaker_accuracy", "threshold": 0.85, "value": pytest.approx(2 / 3), "ok": False}]
    bad = invoke(monkeypatch, engine, str(GOLD_SMALL), "--fail-under", "venues=0.5")
    assert bad.exit_code == 2 and "unknown metric 'venues'" in bad.stderr


def test_cli_bad_gold_exits_2_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", VALID | {"quotes": None})
    result = invoke(monkeypatch, FakeEngine({}), str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {path}: quotes: Input should be a valid list"
    assert result.stdout == ""


def test_cli_llm_backend_end_to_end(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clean_env: Any) -> None:
    """The real LLM path (openai + instructor + grounding) over recorded responses."""
    text = SEED.read_text(encoding="utf-8")
    people = [person("Kim Seon-ho", "Kim"), person("Philip Goldberg", "Goldberg"), person("Samuel Paparo", "Paparo"),
              person("Xavier Brunson", "Brunson"), person("Kang Shin-chul")]
    write(tmp_path, "seed.json", {
        "id": "seed", "text": text, "publication_date": "2025-01-02", "attendees": people,
        "optional_attendees": [person("Paul LaCamera")],
        "meetings": [{"attendees": ["Kim Seon-ho", "Philip Goldberg"]},
                     {"attendees": ["Kim", "Paparo", "Brunson", "Goldberg", "Kang Shin-chul"]}],
        "pledges": [{"actor": "Brunson",
                     "commitment": "continued commitment to upholding the South Korea-US alliance"}],
        "quotes": [{"speaker": "Kim Seon-ho", "text": "South Korea's external policy remains unchanged",
                    "kind": "reported"},
                   {"speaker": "Xavier Brunson", "text": "collective security"},
                   {"speaker": "Xavier Brunson", "text": "rules-based international order"},
                   {"speaker": "Xavier Brunson", "text": "One may be overpowered. Two can defend themselves. "
                                                         "A cord of three strands is not quickly broken."}],
    })
    write(tmp_path, "broken.json", {"id": "broken", "text": "Ana Ruiz met Tom Lee.", "publication_date": None,
                                    "attendees": [person("Ana Ruiz")], "meetings": [], "pledges": [], "quotes": []})
    replay = Replay(["fault-400", "seed-good"])  # broken.json sorts first; concurrency 1 keeps the order
    result = invoke(monkeypatch, make_summariser(replay), str(tmp_path), "--format", "json", "--concurrency", "1")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["backend"] == "llm" and [f["id"] for f in data["failed"]] == ["broken"]
    seed = data["per_article"][1]
    assert seed["id"] == "seed" and seed["error"] is None
    assert tfn(seed["attendees"]) == (5, 0, 0)
    assert tfn(seed["quotes"]) == (4, 0, 0)
    assert seed["verbatim_rate"] == 1.0 and seed["speaker_accuracy"] == 1.0
    assert (seed["pledges"]["tp"], seed["pledges"]["fn"]) == (1, 0)
    assert seed["meetings"]["tp"] == 2
    assert replay.bodies[1]["messages"]  # the second request was the seed article


def as_output(g: ev.GoldArticle) -> ArticleSummary:
    """The gold annotations dressed as an engine's output."""
    quotes = [Quote(speaker=q.speaker, text=g.text[s:e], start=s, end=e, kind=q.kind)
              for q, (s, e) in zip(g.quotes, [span or (0, 0) for span in ev.quote_spans(g)], strict=True)]
    return ArticleSummary(
        article_id=g.id, run=RunInfo(backend="gold"), quotes=quotes,
        attendees=[Attendee(name=a.name, aliases=a.aliases) for a in g.attendees],
        meetings=[Meeting(attendees=m.attendees) for m in g.meetings],
        pledges=[Pledge(actor=p.actor, commitment=p.commitment) for p in g.pledges],
    )


@pytest.mark.skipif(not (ROOT / "fixtures" / "gold").is_dir(), reason="no fixtures/gold")
def test_the_project_gold_set_loads_and_scores_perfectly_against_itself() -> None:
    golds = ev.load_gold(ROOT / "fixtures" / "gold")
    report = ev.Report([ev.score_article(g, as_output(g)) for g in golds])
    for name in ev.FIELDS:
        assert report.micro(name).f1 == 1.0, [a.fields[name].missed for a in report.articles]
    assert report.speaker_accuracy() in (1.0, None) and report.verbatim_rate() in (1.0, None)
