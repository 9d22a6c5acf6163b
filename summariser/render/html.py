"""One article as a self-contained HTML page: the text with every grounded span
highlighted, and a side panel whose items jump to their spans.

Everything from the article or the model goes through ``esc``; the page loads
nothing (a Content-Security-Policy allows only its own hashed inline style and
script), so it works opened from disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summariser.schema import ArticleSummary

PALETTE_SIZE = 8
NO_COLOUR = "x"  # unknown speaker


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# --- Page shell shared with the batch report --------------------------------

# Fixed strings, so their CSP hashes are constants. Colours are classes (c0..c7):
# a hash-only style-src forbids style="" attributes.
STYLE = """
:root{--ink:#1f2937;--muted:#4b5563;--line:#e2e8f0;--bg:#f6f7f9;--card:#fff;--accent:#1d4ed8;--focus:#2563eb;
--c0:#1d4ed8;--t0:#dbeafe;--c1:#c2410c;--t1:#ffedd5;--c2:#15803d;--t2:#dcfce7;--c3:#7e22ce;--t3:#f3e8ff;
--c4:#be185d;--t4:#fce7f3;--c5:#0f766e;--t5:#ccfbf1;--c6:#a16207;--t6:#fef3c7;--c7:#b91c1c;--t7:#fee2e2;
--cx:#475569;--tx:#e2e8f0;--meet:#4338ca;--pledge:#b45309}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
h1,h2,h3{line-height:1.25;margin:0}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:3px}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:8px;top:8px;z-index:10;background:#fff;padding:6px 10px}
.topbar{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;padding:10px 24px;background:#0f172a;
color:#e2e8f0;font-size:13px}
.topbar a{color:#bfdbfe}
.topbar .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#fff}
.topbar .meta{color:#cbd5e1}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(320px,400px);min-height:calc(100vh - 40px)}
.article-col{padding:28px 40px 80px;min-width:0}
.article-text{max-width:700px;margin:0 auto;font:17px/1.75 "Iowan Old Style","Charter","Georgia",
"Cambria","Times New Roman",serif;color:#111827}
.article-text p{margin:0 0 1em}
.article-head{max-width:700px;margin:0 auto 18px}
.article-head .eyebrow{font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:12.5px;color:var(--muted);margin-top:10px;
padding-bottom:12px;border-bottom:1px solid var(--line)}
.legend span{display:inline-flex;align-items:center;gap:5px}
.notice{max-width:700px;margin:0 auto 18px;padding:10px 14px;border:1px solid #fcd34d;background:#fffbeb;
border-radius:8px;color:#78350f;font-size:14px}
.seg{cursor:pointer;border-radius:2px;padding:1px 0;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.seg:hover{filter:brightness(.96)}
.seg:focus-visible{outline-offset:1px}
.qb0{background:var(--t0)}.qb1{background:var(--t1)}.qb2{background:var(--t2)}.qb3{background:var(--t3)}
.qb4{background:var(--t4)}.qb5{background:var(--t5)}.qb6{background:var(--t6)}.qb7{background:var(--t7)}
.qbx{background:var(--tx)}
.mf0{color:var(--c0)}.mf1{color:var(--c1)}.mf2{color:var(--c2)}.mf3{color:var(--c3)}.mf4{color:var(--c4)}
.mf5{color:var(--c5)}.mf6{color:var(--c6)}.mf7{color:var(--c7)}
.mention{font-weight:650}
.em,.ep{text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:5px}
.em{text-decoration-color:var(--meet)}
.ep{text-decoration-color:var(--pledge);text-decoration-style:dashed}
.em.ep{text-decoration-style:double;text-decoration-color:var(--meet)}
.seg.hl{background:#fde68a;box-shadow:0 0 0 1px #f59e0b}
.seg.hl-focus{background:#fcd34d;box-shadow:0 0 0 2px #b45309}
.sw{display:inline-block;width:10px;height:10px;border-radius:50%;flex:none;background:var(--cx)}
.sw.c0{background:var(--c0)}.sw.c1{background:var(--c1)}.sw.c2{background:var(--c2)}.sw.c3{background:var(--c3)}
.sw.c4{background:var(--c4)}.sw.c5{background:var(--c5)}.sw.c6{background:var(--c6)}.sw.c7{background:var(--c7)}
.ul-m,.ul-p{display:inline-block;width:22px;border-bottom:2px solid var(--meet);height:8px}
.ul-p{border-bottom:2px dashed var(--pledge)}
.tint{display:inline-block;width:18px;height:12px;border-radius:2px;background:var(--t0)}
.panel,.article-text,td,.error-box{overflow-wrap:anywhere}
.narrow{max-width:760px;margin:0 auto}
.narrow .card{margin-top:16px}
.narrow .error-box{max-width:none}
.panel{background:var(--card);border-left:1px solid var(--line);padding:0 20px 40px;position:sticky;top:0;
height:100vh;overflow-y:auto}
.panel .headline{font-size:20px;margin:20px 0 8px;color:#0f172a}
.panel .summary{margin:0 0 6px;color:#334155}
.panel section{margin-top:22px}
.panel h2{font-size:12px;letter-spacing:.07em;text-transform:uppercase;color:var(--muted);margin-bottom:8px;
display:flex;gap:6px;align-items:center}
.count{background:#e2e8f0;color:#334155;border-radius:9px;padding:0 7px;font-size:11px;letter-spacing:0}
.plain{margin:0;padding-left:18px;color:#334155}
.plain li{margin:3px 0}
.items{list-style:none;margin:0;padding:0;display:grid;gap:6px}
.item{scroll-margin:96px 0 16px;display:block;width:100%;text-align:left;font:inherit;font-size:14px;
color:inherit;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 10px;cursor:pointer}
.item:hover{border-color:#94a3b8;background:#f8fafc}
.item[aria-pressed="true"]{border-color:#b45309;background:#fffbeb;box-shadow:0 0 0 1px #b45309}
.item.supported{border-color:var(--focus);background:#eff6ff}
.item .head{display:flex;gap:6px;align-items:center;font-weight:600;color:#0f172a}
.item .sub{display:block;color:var(--muted);font-size:13px;margin-top:2px}
.item .quote{display:block;font-family:"Iowan Old Style","Charter",Georgia,serif;font-size:14.5px;color:#1e293b}
.item.nospan .sub.where{color:#92400e}
.chip{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.05em;border-radius:4px;
padding:0 5px;background:#e0e7ff;color:#3730a3}
.chip.pledge{background:#ffedd5;color:#9a3412}
.selection{position:sticky;top:0;z-index:2;background:#eff6ff;border:1px solid #bfdbfe;border-radius:0 0 8px 8px;
padding:10px 12px;margin:0 -8px}
.selection h2{margin-bottom:6px;color:#1e3a8a}
.selection blockquote{margin:0 0 6px;padding-left:8px;border-left:3px solid #93c5fd;color:#1e293b;
font-family:"Iowan Old Style","Charter",Georgia,serif;font-size:14px}
.selection .supports{margin:0 0 2px;font-size:12px;color:#1e3a8a}
.selection ul{margin:0;padding:0;list-style:none;display:grid;gap:4px}
.selection button{font:inherit;font-size:13.5px;text-align:left;width:100%;border:0;background:none;
color:var(--accent);text-decoration:underline;cursor:pointer;padding:2px 0}
.status{min-height:1.2em;font-size:13px;color:var(--muted);margin:10px 0 0}
.warnings li{color:#92400e}
.run dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0;font-size:13px}
.run dt{color:var(--muted)}
.run dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.empty{color:var(--muted);font-size:13.5px;margin:0}
.muted{color:var(--muted)}
.error-box{max-width:700px;margin:0 auto;padding:14px 16px;border:1px solid #fecaca;background:#fef2f2;
border-radius:8px;color:#7f1d1d}
.error-box pre{white-space:pre-wrap;margin:6px 0 0;font-size:13px}
.wrap{max-width:1200px;margin:0 auto;padding:24px}
.index-head h1{font-size:24px;color:#0f172a}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 4px;padding:0;list-style:none}
.stats li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 14px;font-size:13px;
color:var(--muted)}
.stats b{display:block;font-size:20px;color:#0f172a}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-top:20px}
.card>h2{font-size:16px;margin-bottom:10px;color:#0f172a}
.hint{color:var(--muted);font-size:13px;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
thead th{position:sticky;top:0;background:#f8fafc;z-index:1;padding:0}
th button{all:unset;box-sizing:border-box;display:block;width:100%;padding:8px 10px;cursor:pointer;
font-weight:600;font-size:12.5px;color:#334155;white-space:nowrap}
th.num button{text-align:right}
th .th{display:block;padding:8px 10px;font-weight:600;font-size:12.5px;color:#334155}
th button:focus-visible{outline:3px solid var(--focus);outline-offset:-3px}
th button::after{content:"\\2195";color:#94a3b8;margin-left:5px}
th[aria-sort="ascending"] button::after{content:"\\25B2";color:#0f172a}
th[aria-sort="descending"] button::after{content:"\\25BC";color:#0f172a}
tbody tr:hover{background:#f8fafc}
td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;white-space:nowrap}
.badge{display:inline-block;border-radius:9px;padding:0 8px;font-size:12px;font-weight:600}
.badge.ok{background:#dcfce7;color:#166534}
.badge.bad{background:#fee2e2;color:#991b1b}
.failures td.msg{color:#7f1d1d}
.network svg{display:block;width:100%;height:auto;background:#fbfcfe;border:1px solid var(--line);border-radius:8px}
.network .edge{stroke:#94a3b8}
.network .node circle{fill:var(--cx);stroke:#fff;stroke-width:1.5}
.network .k0 circle{fill:var(--c0)}.network .k1 circle{fill:var(--c1)}.network .k2 circle{fill:var(--c2)}
.network .k3 circle{fill:var(--c3)}.network .k4 circle{fill:var(--c4)}.network .k5 circle{fill:var(--c5)}
.network .k6 circle{fill:var(--c6)}.network .k7 circle{fill:var(--c7)}
.network .node text{font-size:11px;fill:#1f2937;paint-order:stroke;stroke:#fbfcfe;stroke-width:3px}
.network .node:hover text{font-weight:700}
.network .edge:hover{stroke:#0f172a}
@media (max-width:900px){.table-wrap{overflow-x:auto}.layout{grid-template-columns:1fr}
.panel{position:static;height:auto;border-left:0;
border-top:1px solid var(--line)}.article-col{padding:20px}}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
@media print{.panel{position:static;height:auto}.topbar{background:none;color:#000}}
"""

ARTICLE_SCRIPT = r"""
(() => {
  "use strict";
  const d = document, article = d.getElementById("article"), statusBox = d.getElementById("status");
  const selection = d.getElementById("selection"), list = selection.querySelector("ul");
  const excerpt = selection.querySelector("blockquote");
  const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;
  const segs = Array.from(d.querySelectorAll(".seg"));
  let current = null, index = 0;
  const item = (k) => d.getElementById("item-" + k);
  const say = (t) => { statusBox.textContent = t; };
  function clear() {
    d.querySelectorAll(".seg.hl").forEach((e) => e.classList.remove("hl", "hl-focus"));
    d.querySelectorAll('.item[aria-pressed="true"]').forEach((b) => b.setAttribute("aria-pressed", "false"));
    d.querySelectorAll(".item.supported").forEach((b) => b.classList.remove("supported"));
  }
  function activate(k) {
    const button = item(k), label = button ? button.dataset.label : k;
    const heads = d.querySelectorAll('.seg[data-starts~="' + k + '"]');
    index = current === k && heads.length ? (index + 1) % heads.length : 0;
    clear();
    current = k;
    if (button) button.setAttribute("aria-pressed", "true");
    if (!heads.length) { say(label + ": not located in the article text."); return; }
    d.querySelectorAll('.seg[data-items~="' + k + '"]').forEach((e) => e.classList.add("hl"));
    const target = heads[index];
    target.classList.add("hl-focus");
    target.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    const more = heads.length > 1 ? " (activate again for the next)" : "";
    say(label + ": span " + (index + 1) + " of " + heads.length + more);
  }
  function rove(seg) {
    segs.forEach((s) => { s.tabIndex = -1; });
    seg.tabIndex = 0;
  }
  function support(seg) {
    clear();
    current = null;
    rove(seg);
    seg.classList.add("hl", "hl-focus");
    const keys = (seg.dataset.items || "").split(" ").filter(Boolean);
    excerpt.textContent = seg.textContent;
    list.replaceChildren();
    keys.forEach((k) => {
      const b = item(k);
      if (!b) return;
      b.classList.add("supported");
      const li = d.createElement("li"), link = d.createElement("button");
      link.type = "button";
      link.textContent = b.dataset.label;
      link.addEventListener("click", () => { activate(k); b.focus({ preventScroll: true }); });
      li.append(link);
      list.append(li);
    });
    selection.hidden = false;
    const first = keys.length ? item(keys[0]) : null;
    if (first) first.scrollIntoView({ block: "nearest", behavior: smooth ? "smooth" : "auto" });
    say("Selected text supports " + keys.length + " item" + (keys.length === 1 ? "" : "s") + ".");
  }
  d.querySelectorAll(".item[data-item]").forEach((b) => b.addEventListener("click", () => activate(b.dataset.item)));
  if (article) {
    article.addEventListener("click", (e) => { const s = e.target.closest(".seg"); if (s) support(s); });
    article.addEventListener("keydown", (e) => {
      const s = e.target.closest(".seg");
      if (!s) return;
      const i = segs.indexOf(s);
      let next = null;
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); support(s); return; }
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = segs[Math.min(i + 1, segs.length - 1)];
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = segs[Math.max(i - 1, 0)];
      else if (e.key === "Home") next = segs[0];
      else if (e.key === "End") next = segs[segs.length - 1];
      if (next) { e.preventDefault(); rove(next); next.focus(); }
    });
  }
  d.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { clear(); current = null; selection.hidden = true; say(""); }
  });
})();
"""

# Deliberately nothing else may load: no network, no plugins, no base rewriting.
_CSP_FIXED = "default-src 'none'; img-src data:; connect-src 'none'; font-src 'none'; media-src 'none'; " \
    "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"


def csp(scripts: Iterable[str], styles: Iterable[str] = (STYLE,)) -> str:
    script_src = " ".join(_hash(s) for s in scripts) or "'none'"
    style_src = " ".join(_hash(s) for s in styles)
    return f"{_CSP_FIXED}; script-src {script_src}; style-src {style_src}"


def page(title: str, body: str, *, script: str | None, body_class: str) -> str:
    """A complete document; ``body`` must already be escaped markup."""
    scripts = [script] if script else []
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(scripts))}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<link rel="icon" href="data:,">\n',  # stops a favicon request
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n",
        f'<body class="{body_class}">\n{body}\n',
    ]
    parts += [f"<script>{s}</script>\n" for s in scripts]
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# --- Spans -------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One span to highlight: which item it supports and how it looks."""

    start: int
    end: int
    key: str  # panel item id, e.g. "q0", "a2", "m1", "p0"
    css: str  # e.g. "qb2", "mention mf0", "em", "ep"


@dataclass
class Segment:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)  # keys whose span begins here


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every span boundary (and every newline) into
    non-overlapping pieces, each with the marks that cover it."""
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((m.start, m.end))
    i = text.find("\n")
    while i >= 0:
        cuts.update((i, i + 1))
        i = text.find("\n", i + 1)
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    by_start: dict[int, list[int]] = {}
    for n, m in enumerate(marks):
        by_start.setdefault(m.start, []).append(n)
    active: dict[int, Mark] = {}  # mark index -> mark; index order keeps classes stable
    out: list[Segment] = []
    for a, b in itertools.pairwise(bounds):
        for n in [n for n, m in active.items() if m.end <= a]:
            del active[n]
        fresh = by_start.get(a, [])
        for n in fresh:
            active[n] = marks[n]
        covering = [active[n] for n in sorted(active)]
        starts = list(dict.fromkeys(marks[n].key for n in fresh))
        out.append(Segment(a, b, covering, starts))
    return out


# --- The article page --------------------------------------------------------


@dataclass
class _Item:
    key: str
    label: str  # plain text, shown in the "supports" box
    spans: int = 0


class _Builder:
    """Collects marks and panel markup from one summary."""

    def __init__(self, summary: ArticleSummary, text: str) -> None:
        self.summary = summary
        self.text = text
        self.marks: list[Mark] = []
        self.mismatched = 0
        self.colour: dict[str, str] = {}
        for i, a in enumerate(summary.attendees):
            c = str(i % PALETTE_SIZE)
            self.colour.setdefault(a.name, c)
            self.colour.setdefault(a.name.casefold(), c)
            for alias in a.aliases:
                self.colour.setdefault(alias.casefold(), c)

    def colour_of(self, name: str | None) -> str:
        if not name:
            return NO_COLOUR
        return self.colour.get(name) or self.colour.get(name.casefold()) or NO_COLOUR

    def add(self, key: str, css: str, start: int, end: int, expect: str | None = None) -> int:
        """Add a mark if it indexes this text; return how many were added."""
        if not self.text:
            return 0
        ok = 0 <= start < end <= len(self.text) and (expect is None or self.text[start:end] == expect)
        if not ok:
            self.mismatched += 1
            return 0
        self.marks.append(Mark(start, end, key, css))
        return 1


def _where(n: int, noun: str) -> str:
    if n == 0:
        return "not located in the text"
    return f"{n} {noun}{'' if n == 1 else 's'} in the text"


def _clip(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _button(item: _Item, inner: str) -> str:
    cls = "item" if item.spans else "item nospan"
    return (f'<li><button type="button" class="{cls}" id="item-{item.key}" data-item="{item.key}" '
            f'data-label="{esc(item.label)}" aria-pressed="false">{inner}</button></li>')


def _section(title: str, items: list[str], empty: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    body = f'<ul class="items">{"".join(items)}</ul>' if items else f'<p class="empty">{esc(empty)}</p>'
    return f'<section{cls}><h2>{esc(title)} <span class="count">{len(items)}</span></h2>{body}</section>'


def _panel(b: _Builder) -> str:
    s = b.summary
    out: list[str] = []

    meetings: list[str] = []
    for i, m in enumerate(s.meetings):
        key = f"m{i}"
        item = _Item(key, f"Meeting ({m.kind}): {', '.join(m.attendees) or 'attendees unknown'}")
        item.spans = sum(b.add(key, "em", e.start, e.end, e.text) for e in m.evidence)
        when = m.date_text or ""
        if m.date:
            when = f"{when} ({m.date.isoformat()})" if when else m.date.isoformat()
        lines = [f'<span class="head"><span class="chip">{esc(m.kind)}</span>'
                 f'{esc(", ".join(m.attendees) or "attendees unknown")}</span>']
        place = " · ".join(x for x in (m.location, when) if x)
        if place:
            lines.append(f'<span class="sub">{esc(place)}</span>')
        if m.topics:
            lines.append(f'<span class="sub">Topics: {esc("; ".join(m.topics))}</span>')
        if m.outcome:
            lines.append(f'<span class="sub">Outcome: {esc(m.outcome)}</span>')
        lines.append(f'<span class="sub where">{_where(item.spans, "evidence span")}</span>')
        meetings.append(_button(item, "".join(lines)))

    pledges: list[str] = []
    for i, p in enumerate(s.pledges):
        key = f"p{i}"
        item = _Item(key, f"Pledge: {p.actor} — {_clip(p.commitment, 100)}")
        item.spans = sum(b.add(key, "ep", e.start, e.end, e.text) for e in p.evidence)
        lines = [f'<span class="head"><span class="chip pledge">pledge</span>{esc(p.actor)}</span>',
                 f'<span class="sub">{esc(p.commitment)}</span>']
        extra = " · ".join(x for x in (f"for {p.beneficiary}" if p.beneficiary else None, p.date_text) if x)
        if extra:
            lines.append(f'<span class="sub">{esc(extra)}</span>')
        lines.append(f'<span class="sub where">{_where(item.spans, "evidence span")}</span>')
        pledges.append(_button(item, "".join(lines)))

    attendees: list[str] = []
    for i, a in enumerate(s.attendees):
        key, c = f"a{i}", str(i % PALETTE_SIZE)
        item = _Item(key, f"Attendee: {a.name}")
        item.spans = sum(b.add(key, f"mention mf{c}", sp.start, sp.end) for sp in a.mentions)
        lines = [f'<span class="head"><span class="sw c{c}" aria-hidden="true"></span>{esc(a.name)}</span>']
        about = " · ".join(x for x in (a.role, a.organisation, a.country) if x)
        if about:
            lines.append(f'<span class="sub">{esc(about)}</span>')
        if a.aliases:
            lines.append(f'<span class="sub">Also: {esc(", ".join(a.aliases))}</span>')
        lines.append(f'<span class="sub where">{_where(item.spans, "mention")}</span>')
        attendees.append(_button(item, "".join(lines)))

    quotes: list[str] = []
    for i, q in enumerate(s.quotes):
        key, c = f"q{i}", b.colour_of(q.speaker)
        who = q.speaker or "Unattributed"
        item = _Item(key, f"Quote ({who}): {_clip(q.text, 100)}")
        item.spans = b.add(key, f"quote qb{c}", q.start, q.end, q.text)
        shown = f"“{_clip(q.text)}”" if q.kind == "direct" else _clip(q.text)
        lines = [f'<span class="quote">{esc(shown)}</span>',
                 f'<span class="sub"><span class="sw c{c}" aria-hidden="true"></span> {esc(who)} · {esc(q.kind)}'
                 f"{'' if item.spans else ' · not located in the text'}</span>"]
        quotes.append(_button(item, "".join(lines)))

    out.append('<section id="selection" class="selection" hidden aria-live="polite">'
               "<h2>Selected text</h2><blockquote></blockquote><p class=\"supports\">supports</p><ul></ul></section>")
    out.append('<p id="status" class="status" role="status"></p>')
    out.append(f'<h1 class="headline">{esc(s.headline or "(no headline)")}</h1>')
    if s.summary:
        out.append(f'<p class="summary">{esc(s.summary)}</p>')
    if s.key_points:
        points = "".join(f"<li>{esc(p)}</li>" for p in s.key_points)
        out.append(f'<section><h2>Key points</h2><ul class="plain">{points}</ul></section>')
    out.append(_section("Meetings", meetings, "No meetings found."))
    out.append(_section("Pledges", pledges, "No pledges found."))
    out.append(_section("Attendees", attendees, "No attendees found."))
    out.append(_section("Quotes", quotes, "No quotes found."))
    if s.warnings:
        warns = "".join(f"<li>{esc(w)}</li>" for w in s.warnings)
        out.append(f'<section class="warnings"><h2>Warnings <span class="count">{len(s.warnings)}</span></h2>'
                   f'<ul class="plain">{warns}</ul></section>')
    out.append(_run_info(s))
    return "".join(out)


def _run_info(s: ArticleSummary) -> str:
    r = s.run
    rows = [("article", s.article_id), ("backend", r.backend), ("model", r.model or "—"),
            ("prompt", r.prompt_version or "—"), ("schema", r.schema_version), ("attempts", r.attempts),
            ("requests", r.requests), ("tokens", f"{r.input_tokens} in + {r.output_tokens} out"),
            ("latency", f"{r.latency_ms:.0f} ms")]
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<section class="run"><h2>Run</h2><dl>{cells}</dl></section>'


def _article_markup(text: str, marks: list[Mark]) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    first = True
    for seg in segments(text, marks):
        piece = text[seg.start:seg.end]
        if piece == "\n":
            if current:
                paragraphs.append("".join(current))
            current = []
            continue
        if not seg.marks:
            current.append(esc(piece))
            continue
        classes = ["seg"]
        for family in ("quote", "mention", "em", "ep"):
            hit = next((m for m in seg.marks if m.css.split()[0] == family), None)
            if hit:  # first mark of each family decides its colour
                classes.append(hit.css)
        keys = " ".join(dict.fromkeys(m.key for m in seg.marks))
        starts = f' data-starts="{" ".join(seg.starts)}"' if seg.starts else ""
        current.append(f'<span class="{" ".join(classes)}" role="button" tabindex="{0 if first else -1}" '
                       f'data-items="{keys}"{starts}>{esc(piece)}</span>')
        first = False
    if current:
        paragraphs.append("".join(current))
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def _legend(b: _Builder) -> str:
    people = "".join(f'<span><span class="sw c{i % PALETTE_SIZE}" aria-hidden="true"></span>{esc(a.name)}</span>'
                     for i, a in enumerate(b.summary.attendees))
    kinds = ('<span><span class="tint" aria-hidden="true"></span>quote, tinted by speaker</span>'
             '<span><span class="mention mf0">Name</span>&nbsp;mention, coloured by person</span>'
             '<span><span class="ul-m" aria-hidden="true"></span>meeting evidence</span>'
             '<span><span class="ul-p" aria-hidden="true"></span>pledge evidence</span>')
    return f'<div class="legend" aria-label="Legend">{kinds}{people}</div>'


def render(summary: ArticleSummary, article_text: str = "", *, back_href: str | None = None,
           note: str | None = None) -> str:
    """The page for one article. Without ``article_text`` the panel is shown
    with a notice instead of the highlighted text."""
    b = _Builder(summary, article_text)
    panel = _panel(b)  # fills b.marks
    notices: list[str] = [note] if note else []
    if not article_text and not note:
        notices.append("The article text is not available, so spans cannot be highlighted.")
    elif b.mismatched:
        notices.append(f"{b.mismatched} span(s) do not index this text and are not highlighted.")
    d = summary.dateline
    meta = " · ".join(x for x in (d.place, d.date.isoformat() if d.date else d.date_text, d.source) if x) if d else ""
    crumbs = f'<a href="{esc(back_href)}">← All articles</a>' if back_href else ""
    top = (f'<header class="topbar">{crumbs}<span class="id">{esc(summary.article_id)}</span>'
           f'<span class="meta">{esc(meta)}</span></header>')
    legend = _legend(b) if article_text else ""
    head = f'<div class="article-head"><div class="eyebrow">Article text</div>{legend}</div>'
    notes = "".join(f'<p class="notice">{esc(n)}</p>' for n in notices)
    text = (f'<div id="article" class="article-text" aria-label="Article text">'
            f"{_article_markup(article_text, b.marks)}</div>") if article_text else ""
    body = (f'<a class="skip" href="#panel">Skip to the summary panel</a>{top}<div class="layout">'
            f'<main class="article-col">{head}{notes}{text}</main>'
            f'<aside id="panel" class="panel" aria-label="Summary" tabindex="-1">{panel}</aside></div>')
    title = f"{summary.headline or summary.article_id} — summary"
    return page(title, body, script=ARTICLE_SCRIPT, body_class="page-article")


def to_html(summary: ArticleSummary, article_text: str = "") -> str:
    return render(summary, article_text)
