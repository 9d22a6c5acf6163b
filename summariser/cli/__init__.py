"""Command-line interface: thin commands over the library."""

from __future__ import annotations

import importlib

import click

from summariser import __version__


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from summariser.offline import compiled  # not at start-up: it imports pydantic

    build = "compiled by mypyc" if compiled() else "pure Python"
    click.echo(f"summariser, version {__version__} (offline engine: {build})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version, and whether the offline engine is the compiled build, and exit.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Grounded summaries of news articles: meetings, attendees, pledges and quotes,
    each tied to the exact characters of the article.

    \b
    Example:
        summariser summarise article.txt --published 2025-01-02
    """
    ctx.ensure_object(dict)["debug"] = debug


# One line per command: (module under summariser.cli, attribute). Command
# modules import only click at the top, so --help stays fast.
COMMANDS = [
    ("summarise", "summarise_command"),
    ("summarise", "schema_command"),
    ("eval", "eval_command"),
    ("report", "report_command"),
    ("batch", "batch_command"),
    ("batch", "export_command"),
    ("batch", "runs_command"),
    ("batch", "batch_status_command"),
    ("batch", "batch_collect_command"),
]

for _module, _attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(f"summariser.cli.{_module}"), _attr))


def main() -> None:
    cli(prog_name="summariser")
