"""A batch as a static HTML report: ``index.html`` (a sortable table, the
failures, a who-met-whom network) plus one page per article under ``articles/``.

Entries are streamed: each article page is written as its entry arrives and
only a small row per article is kept for the index.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summariser.errors import InputError
from summariser.render.html import PALETTE_SIZE, esc, page
from summariser.render.html import render as render_article
from summariser.schema import ArticleSummary

OK_STATUSES = {"ok", "done", "success", "succeeded", "cached"}
MAX_NODES = 400  # beyond this the network is unreadable and slow to draw


# --- Reading results ---------------------------------------------------------


@dataclass
class Entry:
    """One article's outcome, from a results line or a store row."""

    id: str
    status: str
    summary: ArticleSummary | None = None
    error: str | None = None
    error_type: str | None = None
    run: dict[str, Any] = field(default_factory=dict)
    text: str | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None and self.error is None

    def run_value(self, name: str) -> Any:
        if self.summary is not None:
            return getattr(self.summary.run, name, None)
        return self.run.get(name)

    @property
    def tokens(self) -> int:
        total = 0
        for name in ("input_tokens", "output_tokens"):
            value = self.run_value(name)
            total += value if isinstance(value, int) else 0
        return total


def entry_from_json(data: Any, *, where: str) -> Entry:
    """A results line: ``id``, ``status``, ``summary`` or ``error``, ``run``;
    a bare ArticleSummary (``summariser summarise`` output) also works."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    if "article_id" in data and "summary" in data and isinstance(data["summary"], str):
        data = {"id": data["article_id"], "status": "ok", "summary": data}
    summary: ArticleSummary | None = None
    error, error_type, attempts = _error(data.get("error"))
    raw = data.get("summary")
    if isinstance(raw, dict):
        try:
            summary = ArticleSummary.model_validate(raw)
        except ValidationError as exc:
            error, error_type = f"summary does not match the schema: {exc.errors()[0]['msg']}", "InvalidSummary"
    article_id = str(data.get("id") or (summary.article_id if summary else "") or "")
    if not article_id:
        raise InputError(f"{where}: no 'id'")
    status = str(data.get("status") or ("ok" if summary is not None and error is None else "failed"))
    if summary is None and error is None:
        error = "no summary recorded" if status.casefold() in OK_STATUSES else f"status {status}"
    # "run" is a run id in store exports, run info elsewhere.
    run = dict(data["run"]) if isinstance(data.get("run"), dict) else {}
    if attempts is not None:
        run.setdefault("attempts", attempts)
    text = data.get("text")
    if not isinstance(text, str):
        article = data.get("article")
        text = article.get("text") if isinstance(article, dict) else article if isinstance(article, str) else None
    return Entry(article_id, status, summary, error, error_type, run, text if isinstance(text, str) else None)


def _error(raw: Any) -> tuple[str | None, str | None, int | None]:
    """Message, class and attempts from an error string or object."""
    if raw is None or raw == "":
        return None, None, None
    if isinstance(raw, dict):
        kind = raw.get("class") or raw.get("type") or raw.get("error_class")
        message = str(raw.get("message") or raw.get("error") or json.dumps(raw, ensure_ascii=False))
        if raw.get("hint"):
            message = f"{message} ({raw['hint']})"
        attempts = raw.get("attempts")
        return message, str(kind) if kind else None, attempts if isinstance(attempts, int) else None
    return str(raw), None, None


@dataclass
class ResultsFile:
    """Entries of a results.jsonl, streamed; unreadable lines become ``problems``."""

    path: Path
    problems: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        self.problems = []
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read ({exc.strerror})") from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                where = f"{self.path}:{number}"
                if not raw.strip():
                    continue
                try:
                    yield entry_from_json(json.loads(raw), where=where)
                except (UnicodeDecodeError, json.JSONDecodeError):
                    # Typically the last line of a killed run; the rest is still worth a report.
                    self.problems.append(f"{where}: not a JSON line")
                except InputError as exc:
                    self.problems.append(exc.message)

    def ids(self) -> set[str]:
        return {e.id for e in self}


def store_entries(store: Any, run_id: int | None = None) -> Iterator[Entry]:
    """Entries of one run (default: the latest) from an open ``summariser.store.Store``."""
    run_id = run_id if run_id is not None else store.latest_run_id()
    if run_id is None:
        raise InputError(f"the store {store.path} has no runs", hint="run 'summariser batch --store ...' first")
    for line in store.export(run_id):
        yield entry_from_json(line, where=f"{store.path} run {run_id}")


def article_texts(path: str | Path, wanted: set[str] | None = None) -> dict[str, str]:
    """Article texts by id from a directory or JSONL file, read exactly as
    ``summariser batch`` reads them, so ids and offsets agree."""
    from summariser.articles import Article
    from summariser.sources import Sources

    texts: dict[str, str] = {}
    with Sources([str(path)]) as sources:
        for item in sources:
            if isinstance(item, Article) and (wanted is None or item.id in wanted):
                texts[item.id] = item.text
    return texts


# --- The who-met-whom network ------------------------------------------------


@dataclass
class Person:
    key: str
    name: str
    meetings: int = 0
    articles: set[str] = field(default_factory=set)


@dataclass
class Tie:
    a: str  # person keys, a < b
    b: str
    meetings: int = 0
    articles: set[str] = field(default_factory=set)


class Network:
    """People who attended meetings (nodes) and who met whom (edges)."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.ties: dict[tuple[str, str], Tie] = {}

    @staticmethod
    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def add(self, summary: ArticleSummary) -> None:
        for meeting in summary.meetings:
            keys: list[str] = []
            for name in meeting.attendees:
                k = self.key(name)
                if not k or k in keys:
                    continue
                keys.append(k)
                person = self.people.setdefault(k, Person(k, " ".join(name.split())))
                person.meetings += 1
                person.articles.add(summary.article_id)
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    pair = (a, b) if a < b else (b, a)
                    tie = self.ties.setdefault(pair, Tie(*pair))
                    tie.meetings += 1
                    tie.articles.add(summary.article_id)

    def degree(self) -> dict[str, int]:
        deg = dict.fromkeys(self.people, 0)
        for a, b in self.ties:
            deg[a] += 1
            deg[b] += 1
        return deg

    def top(self, limit: int) -> Network:
        """The ``limit`` most connected people and the ties among them."""
        if len(self.people) <= limit:
            return self
        deg = self.degree()
        keep = set(sorted(self.people, key=lambda k: (-deg[k], -self.people[k].meetings, k))[:limit])
        out = Network()
        out.people = {k: p for k, p in self.people.items() if k in keep}
        out.ties = {pair: t for pair, t in self.ties.items() if pair[0] in keep and pair[1] in keep}
        return out


def _components(net: Network) -> list[list[str]]:
    parent = {k: k for k in net.people}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in net.ties:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for k in sorted(net.people):
        groups.setdefault(find(k), []).append(k)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


EDGE_LENGTH = 70.0  # ideal distance between linked people, in pixels
MIN_GAP = 34.0  # no two people closer than this
LINE_HEIGHT = 16.0  # people this close vertically...
LABEL_CLEARANCE = 120.0  # ...and this close horizontally would have overlapping names


def _force_layout(n: int, edges: list[tuple[int, int]], iterations: int) -> list[list[float]]:
    """Fruchterman-Reingold in pixels, started from a circle: deterministic."""
    if n == 1:
        return [[0.0, 0.0]]
    k = EDGE_LENGTH
    radius = k * math.sqrt(n) / 2
    pos = [[radius * math.cos(2 * math.pi * i / n), radius * math.sin(2 * math.pi * i / n)] for i in range(n)]
    start = radius / 2
    for step in range(iterations):
        temperature = start * (1 - step / iterations)
        disp = [[0.0, 0.0] for _ in range(n)]
        for i in range(n):
            xi, yi = pos[i]
            for j in range(i + 1, n):
                dx, dy = xi - pos[j][0], yi - pos[j][1]
                d2 = dx * dx + dy * dy or 1e-6
                f = k * k / d2  # repulsion k²/d, along the unit vector
                disp[i][0] += dx * f
                disp[i][1] += dy * f
                disp[j][0] -= dx * f
                disp[j][1] -= dy * f
        for i, j in edges:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            f = math.sqrt(dx * dx + dy * dy) / k  # attraction d²/k
            disp[i][0] -= dx * f
            disp[i][1] -= dy * f
            disp[j][0] += dx * f
            disp[j][1] += dy * f
        for i in range(n):
            dx, dy = disp[i]
            d = math.sqrt(dx * dx + dy * dy) or 1e-6
            step_len = min(d, temperature)
            pos[i][0] += dx / d * step_len
            pos[i][1] += dy / d * step_len
    return pos


def _spread(pos: list[list[float]], rounds: int = 30) -> None:
    """Push apart people closer than MIN_GAP: hubs pull their neighbours into a bunch."""
    n = len(pos)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = math.sqrt(dx * dx + dy * dy)
                if d >= MIN_GAP:
                    continue
                if d < 1e-6:  # coincident: separate along a fixed direction
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (MIN_GAP - d) / 2 / d
                pos[i][0] -= dx * push
                pos[i][1] -= dy * push
                pos[j][0] += dx * push
                pos[j][1] += dy * push
                moved = True
        if not moved:
            return


def _unclutter(pos: list[list[float]], rounds: int = 40) -> None:
    """Move people apart vertically when their names would share a line."""
    n = len(pos)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dy = pos[j][1] - pos[i][1]
                if abs(pos[j][0] - pos[i][0]) >= LABEL_CLEARANCE or abs(dy) >= LINE_HEIGHT:
                    continue
                shift = (LINE_HEIGHT - abs(dy)) / 2 + 0.5
                sign = 1.0 if dy >= 0 else -1.0
                pos[i][1] -= sign * shift
                pos[j][1] += sign * shift
                moved = True
        if not moved:
            return


def _circle(n: int) -> list[list[float]]:
    radius = max(MIN_GAP * n / (2 * math.pi), EDGE_LENGTH)
    return [[radius * math.cos(2 * math.pi * i / n), radius * math.sin(2 * math.pi * i / n)] for i in range(n)]


@dataclass(frozen=True)
class Placed:
    x: float
    y: float
    left: bool  # label to the left of the node (nodes on a group's left side)


def _label_width(name: str) -> float:
    return min(6.6 * len(name) + 10.0, 180.0)  # ~11px sans-serif


def layout(net: Network, width: int = 1100) -> tuple[dict[str, Placed], int, int]:
    """Node positions in pixels and the drawing's size. Each connected group
    is laid out on its own, then the groups are packed in rows ``width`` wide
    (wider only when one group needs it)."""
    positions: dict[str, Placed] = {}
    x = y = row_height = widest = 0.0
    gap = 24.0
    for group in _components(net):
        index = {k: i for i, k in enumerate(group)}
        edges = [(index[a], index[b]) for a, b in net.ties if a in index and b in index]
        n = len(group)
        if n <= 200:
            pos = _force_layout(n, edges, 100 if n <= 60 else 30)
            _spread(pos)
            _unclutter(pos)
        else:  # force layout is quadratic; a circle is still readable
            pos = _circle(n)
        xs, ys = [p[0] for p in pos], [p[1] for p in pos]
        mid = (min(xs) + max(xs)) / 2
        left_pad = max((_label_width(net.people[k].name) for k, p in zip(group, pos, strict=True)
                        if n > 1 and p[0] < mid), default=12.0)
        right_pad = max((_label_width(net.people[k].name) for k, p in zip(group, pos, strict=True)
                         if n == 1 or p[0] >= mid), default=12.0)
        box_w = left_pad + (max(xs) - min(xs)) + right_pad
        box_h = (max(ys) - min(ys)) + 24.0
        if x > 0 and x + box_w > width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for k, p in zip(group, pos, strict=True):
            px, py = x + left_pad + p[0] - min(xs), y + 12 + p[1] - min(ys)
            positions[k] = Placed(round(px, 1), round(py, 1), n > 1 and p[0] < mid)
        x += box_w + gap
        widest = max(widest, x - gap)
        row_height = max(row_height, box_h)
    return positions, max(width, math.ceil(widest)), int(y + row_height + 4)


def network_svg(net: Network, width: int = 1100) -> str:
    if not net.people:
        return '<p class="empty">No meetings with named attendees in this batch.</p>'
    placed, width, height = layout(net, width)
    group_of = {k: i for i, g in enumerate(_components(net)) for k in g}
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="net-title"><title id="net-title">Who met whom: {len(net.people)} people, '
           f"{len(net.ties)} ties</title>"]
    out.append('<g class="edges">')
    for (a, b), tie in sorted(net.ties.items()):
        pa, pb = placed[a], placed[b]
        names = f"{net.people[a].name} – {net.people[b].name}"
        tip = f"{names}: {tie.meetings} meeting{'s' if tie.meetings != 1 else ''} ({', '.join(sorted(tie.articles))})"
        out.append(f'<line class="edge" x1="{pa.x}" y1="{pa.y}" x2="{pb.x}" y2="{pb.y}" '
                   f'stroke-width="{min(1 + tie.meetings, 6)}" data-source="{esc(net.people[a].name)}" '
                   f'data-target="{esc(net.people[b].name)}" data-meetings="{tie.meetings}">'
                   f"<title>{esc(tip)}</title></line>")
    out.append('</g><g class="nodes">')
    for k, person in sorted(net.people.items()):
        p = placed[k]
        r = min(4 + 1.5 * math.sqrt(person.meetings), 11)
        tip = (f"{person.name}: {person.meetings} meeting{'s' if person.meetings != 1 else ''} in "
               f"{', '.join(sorted(person.articles))}")
        text = (f'<text x="{-(r + 4):.1f}" y="4" text-anchor="end">' if p.left else f'<text x="{r + 4:.1f}" y="4">')
        out.append(f'<g class="node k{group_of[k] % PALETTE_SIZE}" data-person="{esc(person.name)}" '
                   f'data-meetings="{person.meetings}" transform="translate({p.x} {p.y})"><title>{esc(tip)}</title>'
                   f'<circle r="{r:.1f}"/>{text}{esc(person.name)}</text></g>')
    out.append("</g></svg>")
    return "".join(out)


# --- Pages -------------------------------------------------------------------

SORT_SCRIPT = r"""
(() => {
  "use strict";
  const table = document.getElementById("results");
  if (!table) return;
  const body = table.tBodies[0], heads = Array.from(table.tHead.rows[0].cells);
  const live = document.getElementById("sort-status");
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function sort(th) {
    const col = th.cellIndex, numeric = th.dataset.type === "num";
    const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    const sign = dir === "ascending" ? 1 : -1;
    const rows = Array.from(body.rows).map((row, i) => {
      const cell = row.cells[col], raw = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
      return { row, i, key: numeric ? parseFloat(raw) || 0 : raw };
    });
    rows.sort((a, b) => (numeric ? a.key - b.key : collator.compare(a.key, b.key)) * sign || a.i - b.i);
    const frag = document.createDocumentFragment();
    rows.forEach((r) => frag.appendChild(r.row));
    body.appendChild(frag);
    heads.forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", dir);
    if (live) live.textContent = "Sorted by " + th.textContent.trim() + ", " + dir + ".";
  }
  heads.forEach((th) => {
    const button = th.querySelector("button");
    if (button) button.addEventListener("click", () => sort(th));
  });
})();
"""

_PAGE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Row:
    id: str
    href: str
    headline: str
    meetings: int
    pledges: int
    quotes: int
    status: str
    ok: bool
    backend: str
    tokens: int
    error: str | None
    error_type: str | None
    attempts: Any


@dataclass
class Report:
    index: Path
    pages: int
    failed: int
    people: int
    problems: list[str]


def page_name(article_id: str, taken: dict[str, str]) -> str:
    """A file name for an id: readable, safe on any file system, unique even
    on case-insensitive ones. ``taken`` maps used names (casefolded) to ids."""
    safe = _PAGE_CHARS.sub("_", article_id).strip("._")[:80] or "article"
    name = safe
    if safe != article_id or taken.get(safe.casefold(), article_id) != article_id:
        name = f"{safe}-{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:8]}"
    taken[name.casefold()] = article_id
    return name


def _failure_page(entry: Entry) -> str:
    kind = f"{entry.error_type}: " if entry.error_type else ""
    run = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in sorted(entry.run.items())
                  if isinstance(v, (str, int, float)))
    body = (f'<header class="topbar"><a href="../index.html">← All articles</a><span class="id">{esc(entry.id)}'
            f'</span><span class="meta">status: {esc(entry.status)}</span></header>'
            f'<main class="wrap"><div class="narrow"><div class="error-box" role="alert">'
            f"<strong>This article failed.</strong><pre>{esc(kind)}{esc(entry.error or 'unknown error')}</pre></div>"
            + (f'<section class="card run"><h2>Run</h2><dl>{run}</dl></section>' if run else "")
            + "</div></main>")
    return page(f"{entry.id} — failed", body, script=None, body_class="page-failure")


def _row(entry: Entry, href: str) -> Row:
    s = entry.summary
    backend = entry.run_value("backend")
    return Row(
        id=entry.id, href=href, headline=s.headline if s else "",
        meetings=len(s.meetings) if s else 0, pledges=len(s.pledges) if s else 0, quotes=len(s.quotes) if s else 0,
        status=entry.status, ok=entry.ok, backend=str(backend) if backend else "", tokens=entry.tokens,
        error=entry.error, error_type=entry.error_type, attempts=entry.run_value("attempts"),
    )


def write_report(
    entries: Iterable[Entry],
    out_dir: str | Path,
    *,
    texts: Callable[[str], str | None] | None = None,
    title: str = "Batch report",
    problems: Callable[[], list[str]] | None = None,
    articles_hint: str = "pass --articles DIR|JSONL to highlight its spans",
) -> Report:
    """Write ``index.html`` and ``articles/<id>.html`` into ``out_dir``."""
    out = Path(out_dir)
    pages_dir = out / "articles"
    pages_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Row] = {}  # by id: a later line for the same id replaces the earlier
    taken: dict[str, str] = {}
    names: dict[str, str] = {}
    net = Network()
    for entry in entries:
        name = names.get(entry.id) or names.setdefault(entry.id, page_name(entry.id, taken))
        if entry.ok:
            assert entry.summary is not None
            text = entry.text if entry.text is not None else (texts(entry.id) if texts else None)
            note = None if text else f"The article text is not available for this page: {articles_hint}."
            doc = render_article(entry.summary, text or "", back_href="../index.html", note=note)
            net.add(entry.summary)
        else:
            doc = _failure_page(entry)
        _write(pages_dir / f"{name}.html", doc)
        rows[entry.id] = _row(entry, f"articles/{name}.html")
    issues = problems() if problems else []
    shown = net.top(MAX_NODES)
    index = out / "index.html"
    _write(index, _index(sorted(rows.values(), key=lambda r: r.id), net, shown, title, issues))
    return Report(index, len(rows), sum(not r.ok for r in rows.values()), len(net.people), issues)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _index(rows: list[Row], net: Network, shown: Network, title: str, problems: list[str]) -> str:
    ok = [r for r in rows if r.ok]
    failed = [r for r in rows if not r.ok]
    stats = [("articles", len(rows)), ("succeeded", len(ok)), ("failed", len(failed)),
             ("meetings", sum(r.meetings for r in ok)), ("pledges", sum(r.pledges for r in ok)),
             ("quotes", sum(r.quotes for r in ok)), ("people", len(net.people)),
             ("tokens", f"{sum(r.tokens for r in rows):,}")]
    parts = [f'<a class="skip" href="#results">Skip to the table</a>'
             f'<header class="topbar"><span class="id">summariser</span><span class="meta">batch report</span>'
             f'</header><main class="wrap"><div class="index-head"><h1>{esc(title)}</h1>'
             f'<ul class="stats">{"".join(f"<li><b>{esc(v)}</b>{esc(k)}</li>" for k, v in stats)}</ul></div>']
    if problems:
        items = "".join(f"<li>{esc(p)}</li>" for p in problems[:20])
        more = f"<li>… and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
        parts.append(f'<p class="notice" role="note">{len(problems)} input line(s) could not be read.</p>'
                     f'<ul class="plain">{items}{more}</ul>')
    parts.append(_table(rows))
    parts.append(_failures(failed))
    note = (f"Showing the {len(shown.people)} most connected of {len(net.people)} people. "
            if shown is not net else "")
    parts.append(f'<section class="card network" aria-labelledby="net-h"><h2 id="net-h">Who met whom</h2>'
                 f'<p class="hint">{esc(note)}People are nodes; an edge joins two people who attended the same '
                 f"meeting, thicker for more meetings. Hover for details.</p>{network_svg(shown)}</section>")
    parts.append("</main>")
    return page(title, "".join(parts), script=SORT_SCRIPT, body_class="page-index")


_COLUMNS = [("id", "ID", "text"), ("headline", "Headline", "text"), ("meetings", "Meetings", "num"),
            ("pledges", "Pledges", "num"), ("quotes", "Quotes", "num"), ("status", "Status", "text"),
            ("backend", "Backend", "text"), ("tokens", "Tokens", "num")]


def _table(rows: list[Row]) -> str:
    heads = []
    for key, label, kind in _COLUMNS:
        cls = ' class="num"' if kind == "num" else ""
        sort = ' aria-sort="ascending"' if key == "id" else ""
        heads.append(f'<th scope="col"{cls} data-type="{kind}" data-key="{key}"{sort}>'
                     f'<button type="button">{label}</button></th>')
    body = []
    for r in rows:
        badge = "ok" if r.ok else "bad"
        headline = esc(r.headline) if r.ok else f'<span class="muted">{esc(r.error_type or "failed")}</span>'
        body.append(
            f'<tr><td class="id"><a href="{esc(r.href)}">{esc(r.id)}</a></td><td>{headline}</td>'
            f'<td class="num">{r.meetings}</td><td class="num">{r.pledges}</td><td class="num">{r.quotes}</td>'
            f'<td><span class="badge {badge}">{esc(r.status)}</span></td><td>{esc(r.backend)}</td>'
            f'<td class="num" data-v="{r.tokens}">{r.tokens:,}</td></tr>')
    return (f'<section class="card" aria-labelledby="table-h"><h2 id="table-h">Articles</h2>'
            f'<p class="hint">Select a column heading to sort; select again to reverse. '
            f'<span id="sort-status" role="status"></span></p><div class="table-wrap">'
            f'<table id="results" class="sortable"><thead><tr>{"".join(heads)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></section>')


def _failures(failed: list[Row]) -> str:
    if not failed:
        return ('<section class="card failures" aria-labelledby="fail-h"><h2 id="fail-h">Failures</h2>'
                '<p class="empty">No article failed.</p></section>')
    rows = "".join(
        f'<tr><td class="id"><a href="{esc(r.href)}">{esc(r.id)}</a></td><td>{esc(r.error_type or "")}</td>'
        f'<td class="msg">{esc(r.error or "")}</td><td class="num">{esc(r.attempts if r.attempts else "")}</td></tr>'
        for r in failed)
    return (f'<section class="card failures" aria-labelledby="fail-h"><h2 id="fail-h">Failures '
            f'<span class="count">{len(failed)}</span></h2><div class="table-wrap"><table><thead><tr>'
            f'<th scope="col"><span class="th">ID</span></th><th scope="col"><span class="th">Error</span></th>'
            f'<th scope="col"><span class="th">Message</span></th><th scope="col" class="num">'
            f'<span class="th">Attempts</span></th></tr></thead><tbody>{rows}</tbody></table></div></section>')
