"""`summariser summarise` and `summariser schema`."""

from __future__ import annotations

import sys
from typing import Any

import click

from summariser.cli.options import engine_options, handle_errors, make_summariser, pop_engine_flags
from summariser.formats import FORMAT_NAMES, renderer


def _is_tty() -> bool:
    return sys.stdout.isatty()


@click.command("summarise")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@engine_options
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES),
              help="Output format (default: pretty on a terminal, JSON when piped). html: one self-contained page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write to FILE instead of stdout.")
@click.option("--published", help="Publication date (YYYY-MM-DD): lets relative dates become ISO dates.")
@click.option("--id", "article_id", help="Article id (default: the file name without extension).")
@handle_errors
def summarise_command(files: tuple[str, ...], fmt: str | None, output: str | None, published: str | None,
                      article_id: str | None, **kwargs: Any) -> None:
    """Summarise articles: text files, JSON files with a "text" field, or - for stdin.

    Several files give one JSON object per line.

    \b
    Examples:
        summariser summarise article.txt --published 2025-01-02
        cat article.txt | summariser summarise - --format json
        summariser summarise a.txt b.txt --base-url http://127.0.0.1:11434/v1 -m llama3.1
    """
    from summariser import articles
    from summariser.cli.output import open_output
    from summariser.errors import ArticleError, InputError

    paths = files or ("-",)
    if len(paths) > 1 and article_id:
        raise InputError("--id applies to a single article", hint="give one file, or drop --id")
    if len(paths) > 1 and fmt == "html":
        raise InputError("--format html renders one article", hint="give one file, or use 'summariser report'")
    if paths == ("-",) and sys.stdin.isatty():
        raise InputError("no article given", hint="pass a file, or pipe text into 'summariser summarise -'")
    summariser = make_summariser(pop_engine_flags(kwargs))
    fmt = fmt or ("pretty" if output is None and _is_tty() and len(paths) == 1 else "json")
    render = renderer(fmt)
    worst = 0
    with open_output(output) as out:
        for path in paths:
            try:
                art = articles.read_text(sys.stdin.read(), name="-") if path == "-" else articles.read_file(path)
                result = summariser.summarise(art, article_id=article_id, published=published)
            except (InputError, ArticleError) as exc:  # report, keep going with the other files
                click.echo(f"Error: {path}: {exc.one_line()}", err=True)
                worst = max(worst, exc.exit_code)
                continue
            text = render(result, art.text, color=out.isatty()) if fmt == "pretty" else render(result, art.text)
            out.write(text if text.endswith("\n") else text + "\n")
            out.flush()
    if worst:
        sys.exit(worst)


@click.command("schema")
@click.option("--indent", default=2, show_default=True, help="JSON indentation.")
def schema_command(indent: int) -> None:
    """Print the JSON Schema of the output (ArticleSummary).

    \b
    Example:
        summariser schema > article-summary.schema.json
    """
    import json

    from summariser.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=indent))
