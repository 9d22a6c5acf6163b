"""Command-line interface: thin commands over the library."""

from __future__ import annotations

import importlib

import click

from summariser import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summariser")
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
