"""`summariser eval`: score an engine against hand-annotated gold articles."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from summariser.cli.options import engine_options, handle_errors, make_summariser, pop_engine_flags

if TYPE_CHECKING:
    from rich.console import Console

    from summariser.evaluate import Check, Report

_FIELD_TITLES = {"attendees": "Attendees", "meetings": "Meetings", "pledges": "Pledges", "quotes": "Quotes"}


def _thresholds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, float]]:
    from summariser.evaluate import parse_threshold

    try:
        return [parse_threshold(v) for v in values]
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


@click.command("eval")
@click.argument("gold_dir", metavar="GOLD_DIR", type=click.Path())
@engine_options
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: per-article and summary tables; json: one object with every number, for scripts.")
@click.option("-j", "--concurrency", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Articles in flight at once (the same mechanism as batch).")
@click.option("--fail-under", "thresholds", metavar="METRIC=VALUE", multiple=True, callback=_thresholds,
              help="Exit 1 if METRIC < VALUE; repeatable. METRIC: [micro.|macro.]FIELD[.precision|.recall|.f1] "
                   "(FIELD: attendees, meetings, pledges, quotes; micro F1 by default), speaker_accuracy, "
                   "verbatim_rate.")
@handle_errors
def eval_command(gold_dir: str, fmt: str, concurrency: int, thresholds: list[tuple[str, float]],
                 **kwargs: Any) -> None:
    """Score an engine against the gold files (*.json) in GOLD_DIR (or one gold file).

    Per field (attendees, meetings, pledges, quotes): precision, recall and F1,
    micro (TP/FP/FN summed over articles) and macro (mean of per-article
    scores; an article with no gold and no output items scores 1.0). Attendees
    match by normalised name or alias; meetings by attendee-set Jaccard >= 0.5;
    pledges by actor and commitment content-word overlap coefficient >= 0.5;
    quotes when the output span covers >= 0.5 of the gold quote. Also speaker
    accuracy over matched quotes and the share of output quotes that are
    verbatim in the article. Items under optional_attendees/optional_meetings
    count neither for nor against. A failed article counts as all missed.

    Exit status: 0 ok, 1 an article failed or a --fail-under check missed,
    2 a bad gold directory or file.

    \b
    Examples:
        summariser eval fixtures/gold --backend offline
        summariser eval fixtures/gold --format json > scores.json
        summariser eval fixtures/gold --backend offline --fail-under quotes=0.90 \\
            --fail-under speaker_accuracy=0.85 --fail-under attendees=0.75 \\
            --fail-under meetings=0.60 --fail-under pledges=0.50 --fail-under verbatim_rate=1
    """
    import json

    from summariser import evaluate

    golds = evaluate.load_gold(gold_dir)  # bad gold exits 2 before any engine starts
    summariser = make_summariser(pop_engine_flags(kwargs))
    report = evaluate.run(summariser, golds, concurrency=concurrency)
    report.source = gold_dir
    checks = evaluate.check(report, thresholds)
    if fmt == "json":
        data = report.as_dict()
        data["checks"] = [{"metric": c.metric, "threshold": c.threshold, "value": c.value, "ok": c.ok}
                          for c in checks]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _render(report, checks)
    for a in report.failed:
        click.echo(f"Error: {a.id}: {a.error}", err=True)
    for c in checks:
        if not c.ok:
            value = "nothing to measure" if c.value is None else f"{c.value:.3f}"
            click.echo(f"eval: {c.metric} is {value}, below --fail-under {c.threshold:g}", err=True)
    if report.failed or not all(c.ok for c in checks):
        sys.exit(1)


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _render(report: Report, checks: list[Check], console: Console | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from summariser.evaluate import FIELDS

    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:
            console.width = max(console.width, 110)  # a pipe or file gets the whole table

    per = Table(title="Per article (F1, tp/fp/fn)", title_justify="left")
    per.add_column("article", overflow="fold")
    for name in FIELDS:
        per.add_column(_FIELD_TITLES[name], justify="right")
    per.add_column("speaker", justify="right")
    per.add_column("verbatim", justify="right")
    for a in report.articles:
        cells = [f"{a.fields[n].f1:.2f} [dim]{a.fields[n].tp}/{a.fields[n].fp}/{a.fields[n].fn}[/dim]" for n in FIELDS]
        name = escape(a.id) if a.error is None else f"{escape(a.id)} [red](failed)[/red]"
        per.add_row(name, *cells, _num(a.speaker_accuracy), _num(a.verbatim_rate))
    console.print(per)

    summary = Table(title=f"{len(report.articles)} articles · {report.backend} · {report.model}", title_justify="left")
    for column in ("field", "TP", "FP", "FN", "precision", "recall", "F1 micro", "F1 macro"):
        summary.add_column(column, justify="left" if column == "field" else "right")
    for n in FIELDS:
        micro, macro = report.micro(n), report.macro(n)
        summary.add_row(n, str(micro.tp), str(micro.fp), str(micro.fn), _num(micro.precision, 3),
                        _num(micro.recall, 3), f"[b]{micro.f1:.3f}[/b]", _num(macro["f1"], 3))
    console.print(summary)

    counts = report.as_dict()["counts"]
    console.print(
        f"speaker accuracy {_num(report.speaker_accuracy(), 3)} ({counts['speaker_correct']}/{counts['matched_quotes']}"
        f" matched quotes) · verbatim quotes {_num(report.verbatim_rate(), 3)} "
        f"({counts['verbatim_quotes']}/{counts['output_quotes']})"
    )
    if report.failed:
        console.print(f"[red]{len(report.failed)} failed:[/red]")
        for a in report.failed:
            console.print(f"  {a.id}: {a.error}", markup=False)
    for c in checks:
        mark = "[green]ok[/green]" if c.ok else "[red]FAIL[/red]"
        console.print(f"{mark} {c.metric} = {_num(c.value, 3)} (--fail-under {c.threshold:g})")
