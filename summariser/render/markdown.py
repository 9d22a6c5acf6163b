"""One article as Markdown: headline, summary, key points, tables of meetings,
pledges and attendees, quotes as block quotes.

Text from the article or the model is escaped so it stays text: Markdown
viewers pass raw HTML through, so ``<`` becomes ``&lt;``, and inline syntax
characters are backslash-escaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summariser.schema import ArticleSummary

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ORDERED = re.compile(r"^(\d+)([.)])")
_BLOCK_CHARS = "#>+-="


def inline(text: object) -> str:
    """Escape text for use inside a paragraph, list item or table cell."""
    flat = " ".join(str(text).split())  # a newline would end a table row or list item
    flat = _ENTITY.sub("&amp;", flat).replace("<", "&lt;")
    flat = _INLINE.sub(r"\\\1", flat)
    # Only a line's start can open a block (heading, quote, list): "1." -> "1\.".
    ordered = _ORDERED.match(flat)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{flat[ordered.end():]}"
    return "\\" + flat if flat[:1] in _BLOCK_CHARS else flat


def _table(columns: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    out += ["| " + " | ".join(inline(c) if c else " " for c in row) + " |" for row in rows]
    return out


def _when(date_text: str | None, date: object) -> str:
    if date_text and date:
        return f"{date_text} ({date})"
    return str(date_text or date or "")


def render(summary: ArticleSummary, article_text: str = "") -> str:
    s = summary
    out: list[str] = [f"# {inline(s.headline or s.article_id)}", ""]
    meta = [f"`{s.article_id.replace('`', '')}`"]
    if s.dateline:
        d = s.dateline
        meta += [inline(x) for x in (d.place, _when(d.date_text, d.date), d.source) if x]
    out += [" · ".join(meta), ""]
    if s.summary:
        out += [inline(s.summary), ""]
    if s.key_points:
        out += ["## Key points", ""] + [f"- {inline(p)}" for p in s.key_points] + [""]
    if s.meetings:
        out += ["## Meetings", ""]
        out += _table(["Kind", "Attendees", "Where", "When", "Topics", "Outcome"],
                      [[m.kind, ", ".join(m.attendees), m.location or "", _when(m.date_text, m.date),
                        "; ".join(m.topics), m.outcome or ""] for m in s.meetings])
        out.append("")
    if s.pledges:
        out += ["## Pledges", ""]
        out += _table(["Actor", "Commitment", "Beneficiary", "When"],
                      [[p.actor, p.commitment, p.beneficiary or "", _when(p.date_text, p.date)] for p in s.pledges])
        out.append("")
    if s.attendees:
        out += ["## Attendees", ""]
        out += _table(["Name", "Role", "Organisation", "Country", "Mentions"],
                      [[a.name, a.role or "", a.organisation or "", a.country or "", str(len(a.mentions))]
                       for a in s.attendees])
        out.append("")
    if s.quotes:
        out += ["## Quotes", ""]
        for q in s.quotes:
            said = f"“{inline(q.text)}”" if q.kind == "direct" else inline(q.text)
            who = inline(q.speaker) if q.speaker else "unattributed"
            out += [f"> {said}", ">", f"> — {who}{' (reported)' if q.kind == 'reported' else ''}"
                    f" · characters {q.start}–{q.end}", ""]
    if s.warnings:
        out += ["## Warnings", ""] + [f"- {inline(w)}" for w in s.warnings] + [""]
    r = s.run
    out.append(f"*{inline(r.backend)} · {inline(r.model or 'no model')} · {r.attempts} attempt(s) · "
               f"{r.input_tokens}+{r.output_tokens} tokens · {r.latency_ms:.0f} ms*")
    return "\n".join(out) + "\n"


def to_markdown(summary: ArticleSummary, article_text: str = "") -> str:
    return render(summary, article_text)
