"""Turning an ArticleSummary into text for people or programs."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summariser.schema import ArticleSummary

FORMAT_NAMES = ("json", "pretty", "markdown", "html")


def to_json(summary: ArticleSummary, article: str = "") -> str:
    return summary.model_dump_json(exclude_none=False)


def to_pretty(summary: ArticleSummary, article: str = "", *, color: bool = False, width: int = 100) -> str:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list = [Text(summary.summary)]
    if summary.key_points:
        parts.append(Text("\n".join(f"• {p}" for p in summary.key_points)))

    def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
        if rows:
            t = Table(title=title, title_justify="left", expand=True)
            for c in columns:
                t.add_column(c, overflow="fold")
            for r in rows:
                t.add_row(*r)
            parts.append(t)

    table("Meetings", ["kind", "attendees", "where / when", "topics"],
          [[m.kind, ", ".join(m.attendees), " / ".join(x for x in (m.location, m.date_text) if x),
            "; ".join(m.topics)] for m in summary.meetings])
    table("Attendees", ["name", "role", "organisation", "country"],
          [[a.name, a.role or "", a.organisation or "", a.country or ""] for a in summary.attendees])
    table("Pledges", ["actor", "commitment", "beneficiary"],
          [[p.actor, p.commitment, p.beneficiary or ""] for p in summary.pledges])
    table("Quotes", ["speaker", "quote", "at"],
          [[q.speaker or "?", (f"“{q.text}”" if q.kind == "direct" else q.text), f"{q.start}-{q.end}"]
           for q in summary.quotes])
    if summary.warnings:
        parts.append(Text("\n".join(f"! {w}" for w in summary.warnings), style="yellow"))
    run = summary.run
    parts.append(Text(f"{run.backend} · {run.model} · {run.attempts} attempt(s) · "
                      f"{run.input_tokens}+{run.output_tokens} tokens · {run.latency_ms:.0f} ms", style="dim"))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="auto" if color else None)
    console.print(Panel(Group(*parts), title=f"[b]{summary.headline}[/b]", subtitle=summary.article_id))
    return buffer.getvalue()


def to_markdown(summary: ArticleSummary, article: str = "") -> str:
    from summariser.render.markdown import render

    return render(summary, article)


def to_html(summary: ArticleSummary, article: str = "") -> str:
    from summariser.render.html import render

    return render(summary, article)


def renderer(name: str) -> Callable[..., str]:
    return {"json": to_json, "pretty": to_pretty, "markdown": to_markdown, "html": to_html}[name]
