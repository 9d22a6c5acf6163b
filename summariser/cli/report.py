"""`summariser report`: a batch as static HTML pages."""

from __future__ import annotations

import click

from summariser.cli.options import handle_errors


@click.command("report")
@click.argument("results", required=False, type=click.Path(dir_okay=False))
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="Read the results of a run from a batch store instead of a results file.")
@click.option("--run", "run_id", type=int, help="With --store: which run (default: the latest; see 'summariser runs').")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for index.html and articles/ (created if missing).")
@click.option("--articles", "articles_path", type=click.Path(exists=True),
              help="The batch's input (directory or JSONL) to find article texts by id; "
              "without the texts, article pages cannot highlight spans.")
@click.option("--title", default="Batch report", show_default=True, help="Title of the index page.")
@handle_errors
def report_command(results: str | None, store_path: str | None, run_id: int | None, out_dir: str,
                   articles_path: str | None, title: str) -> None:
    """Write an HTML report of a batch: index.html with a sortable table, the
    failures and a who-met-whom network, plus one page per article.

    The pages are self-contained: open them from disk, no network needed.

    \b
    Examples:
        summariser report results.jsonl --articles articles/ -o report/
        summariser report --store ~/.cache/summariser/store.sqlite -o report/
    """
    from pathlib import Path

    from summariser.errors import InputError
    from summariser.render import report

    if (results is None) == (store_path is None):
        raise InputError("give a results file or --store, not both or neither",
                         hint="summariser report results.jsonl -o report/")
    if run_id is not None and store_path is None:
        raise InputError("--run needs --store")

    def texts_for(ids: set[str]) -> dict[str, str]:
        return report.article_texts(articles_path, ids) if articles_path else {}

    if results is not None:
        source = report.ResultsFile(Path(results))
        texts = texts_for(source.ids())
        done = report.write_report(source, out_dir, texts=texts.get, title=title, problems=lambda: source.problems)
    else:
        from summariser.store import Store

        assert store_path is not None
        if not Path(store_path).is_file():
            raise InputError(f"{store_path}: no such store", hint="pass the --store PATH the batch used")
        with Store(store_path) as store:
            texts = texts_for({e.id for e in report.store_entries(store, run_id)})
            done = report.write_report(report.store_entries(store, run_id), out_dir, texts=texts.get, title=title)
    for problem in done.problems:
        click.echo(f"Warning: {problem}", err=True)
    failed = f", {done.failed} failed" if done.failed else ""
    click.echo(f"Wrote {done.index} ({done.pages} article page{'s' if done.pages != 1 else ''}{failed}).")
