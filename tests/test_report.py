"""`summariser report`: index, article pages, sortable table, failures,
the who-met-whom network, reading results files and the store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _render_samples import BATCH, Page, batch_summaries, hostile
from click.testing import CliRunner

from summariser.cli import cli
from summariser.render.report import Entry, Network, ResultsFile, layout, page_name, write_report


@pytest.fixture(scope="module")
def samples():
    return batch_summaries()


def results_lines(samples, *, with_text: bool = False) -> list[dict]:
    """Lines as `summariser batch` / `summariser export` write them."""
    lines = []
    for summary, text in samples:
        line = {"id": summary.article_id, "status": "ok", "summary": summary.model_dump(mode="json"), "run": 3}
        if with_text:
            line["text"] = text
        lines.append(line)
    lines.append({"id": "batch-006", "status": "failed", "run": 3,
                  "error": {"class": "LLMError", "message": "HTTP 500 <b>from</b> upstream",
                            "hint": "try again later", "attempts": 3}})
    lines.append({"id": "batch-007", "status": "unfinished", "run": 3,
                  "error": {"class": "Unfinished", "message": "the run stopped before this article finished"}})
    return lines


def write_jsonl(path: Path, lines: list[dict], tail: str = "") -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines) + tail, encoding="utf-8")
    return path


def index_rows(index: Page) -> list[str]:
    return [a["href"] for t, a in index.tags if t == "a" and (a.get("href") or "").startswith("articles/")]


def test_index_and_one_page_per_article(tmp_path, samples):
    entries = [Entry(s.article_id, "ok", s, text=t if i % 2 == 0 else None) for i, (s, t) in enumerate(samples)]
    entries.append(Entry("batch-006", "failed", error="HTTP 500 <b>x</b>", error_type="LLMError",
                         run={"attempts": 3}))
    texts = {samples[1][0].article_id: samples[1][1]}  # one more text comes from the lookup
    report = write_report(entries, tmp_path / "out", texts=texts.get, title="Nightly <run>")
    assert report.index == tmp_path / "out" / "index.html" and report.pages == 6 and report.failed == 1
    doc = report.index.read_text(encoding="utf-8")
    assert "<h1>Nightly &lt;run&gt;</h1>" in doc
    pages = sorted(p.name for p in (tmp_path / "out" / "articles").iterdir())
    assert pages == [f"batch-00{i}.html" for i in range(1, 7)]
    index = Page(doc)
    for href in set(index_rows(index)):
        assert (tmp_path / "out" / href).is_file(), href
    # Pages with a text highlight it; the one without says why and how to fix it.
    for name, has_text in (("batch-001", True), ("batch-002", True), ("batch-003", True), ("batch-004", False)):
        page = (tmp_path / "out" / "articles" / f"{name}.html").read_text(encoding="utf-8")
        assert ('id="article"' in page) is has_text, name
        assert ("--articles DIR|JSONL" in page) is not has_text, name
        assert 'href="../index.html"' in page
    failure = (tmp_path / "out" / "articles" / "batch-006.html").read_text(encoding="utf-8")
    assert "LLMError: HTTP 500 &lt;b&gt;x&lt;/b&gt;" in failure and "<b>x" not in failure


def test_sortable_table_markup(tmp_path, samples):
    entries = [Entry(s.article_id, "ok", s) for s, _ in samples]
    doc = write_report(entries, tmp_path).index.read_text(encoding="utf-8")
    page = Page(doc)
    heads = [a for t, a in page.tags if t == "th" and a.get("data-key")]
    assert [h["data-key"] for h in heads] == ["id", "headline", "meetings", "pledges", "quotes", "status",
                                              "backend", "tokens"]
    assert [h["data-type"] for h in heads] == ["text", "text", "num", "num", "num", "text", "text", "num"]
    assert heads[0].get("aria-sort") == "ascending"
    # Each heading is a button, so sorting works from the keyboard.
    table = doc.split('<table id="results"', 1)[1].split("</table>", 1)[0]
    assert table.count('<button type="button">') == 8
    body = table.split("<tbody>", 1)[1]
    assert body.count("<tr>") == 5
    ids = re.findall(r'<td class="id"><a href="articles/([^"]+)\.html">', body)
    assert ids == sorted(ids)
    tokens = [int(v) for v in re.findall(r'data-v="(\d+)"', body)]
    assert tokens == [s.run.input_tokens + s.run.output_tokens for s, _ in samples]
    first = body.split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', first) == ["1", "1", "3"]  # batch-001
    assert "ok</span>" in first and "<td>llm</td>" in first


def test_failures_are_listed_with_their_errors(tmp_path, samples):
    path = write_jsonl(tmp_path / "results.jsonl", results_lines(samples))
    doc = write_report(ResultsFile(path), tmp_path / "out").index.read_text(encoding="utf-8")
    failures = doc.split('id="fail-h"', 1)[1].split("</section>", 1)[0]
    assert "batch-006" in failures and "LLMError" in failures
    assert "HTTP 500 &lt;b&gt;from&lt;/b&gt; upstream (try again later)" in failures
    assert "batch-007" in failures and "Unfinished" in failures
    assert '<td class="num">3</td>' in failures  # attempts


def test_network_nodes_and_edges(tmp_path, samples):
    summaries = [s for s, _ in samples]
    again = summaries[1].model_copy(deep=True)  # the same two presidents meet in a second article
    again.article_id = "batch-002b"
    again.meetings[0].attendees = ["marcela  ibáñez", "Tomás Echeverría"]  # spelling varies: same person
    h, _ = hostile()
    entries = [Entry(s.article_id, "ok", s) for s in [*summaries, again, h]]
    doc = write_report(entries, tmp_path).index.read_text(encoding="utf-8")
    svg = doc.split("<svg", 1)[1].split("</svg>", 1)[0]
    page = Page("<svg" + svg + "</svg>")
    nodes = {a["data-person"]: int(a["data-meetings"]) for t, a in page.tags if t == "g" and "data-person" in a}
    assert nodes == {"Fiona Macrae": 1, "Alasdair Black": 1, "Marcela Ibáñez": 2, "Tomás Echeverría": 2,
                     "Nikos Papadakis": 1, "Katerina Vlachou": 1, "Ana <b>Ruiz</b>": 1, "Tom Lee": 1}
    edges = {frozenset((a["data-source"], a["data-target"])): int(a["data-meetings"])
             for t, a in page.tags if t == "line"}
    assert edges == {frozenset({"Fiona Macrae", "Alasdair Black"}): 1,
                     frozenset({"Marcela Ibáñez", "Tomás Echeverría"}): 2,
                     frozenset({"Nikos Papadakis", "Katerina Vlachou"}): 1,
                     frozenset({"Ana <b>Ruiz</b>", "Tom Lee"}): 1}
    assert "<b>" not in svg and "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in svg
    assert 'stroke-width="3"' in svg  # two meetings draw a thicker edge
    # Edge ends sit on their nodes.
    where = {a["data-person"]: tuple(map(float, re.findall(r"[\d.]+", a["transform"])))
             for t, a in page.tags if t == "g" and "data-person" in a}
    for t, a in page.tags:
        if t == "line":
            assert where[a["data-source"]] == (float(a["x1"]), float(a["y1"]))
            assert where[a["data-target"]] == (float(a["x2"]), float(a["y2"]))


def test_layout_is_deterministic_and_inside_the_drawing(samples):
    net = Network()
    for s, _ in samples:
        net.add(s)
    for i in range(12):  # a bigger group: everyone meets the next two
        s = samples[0][0].model_copy(deep=True)
        s.meetings[0].attendees = [f"Person {i}", f"Person {(i + 1) % 12}", f"Person {(i + 2) % 12}"]
        net.add(s)
    first, width, height = layout(net)
    assert (first, width, height) == layout(net)
    assert all(0 <= p.x <= width and 0 <= p.y <= height for p in first.values())
    points = list(first.values())
    closest = min(((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1:])
    assert closest >= 30


def test_page_names_are_safe_and_unique():
    taken: dict[str, str] = {}
    assert page_name("batch-001", taken) == "batch-001"
    odd = page_name("../x y<script>", taken)
    assert re.fullmatch(r"x_y_script-[0-9a-f]{8}", odd)
    assert page_name("Batch-001", taken) != "Batch-001"  # clashes on case-insensitive file systems
    assert page_name("batch-001", taken) == "batch-001"


def test_results_file_reading(tmp_path, samples):
    lines = results_lines(samples, with_text=True)
    path = write_jsonl(tmp_path / "results.jsonl", lines, tail='{"id": "cut-off", "sta')
    source = ResultsFile(path)
    entries = list(source)
    assert [e.id for e in entries] == [*(s.article_id for s, _ in samples), "batch-006", "batch-007"]
    assert source.problems == [f"{path}:8: not a JSON line"]
    ok = entries[0]
    assert ok.ok and ok.text == samples[0][1] and ok.tokens == samples[0][0].run.input_tokens + 300
    failed = entries[5]
    assert not failed.ok and failed.error_type == "LLMError" and failed.run["attempts"] == 3
    # A bare summary line (`summariser summarise a.txt b.txt`) is an ok entry too.
    bare = write_jsonl(tmp_path / "bare.jsonl", [samples[0][0].model_dump(mode="json")])
    (entry,) = ResultsFile(bare)
    assert entry.ok and entry.id == "batch-001"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_results_file_with_articles(tmp_path, samples):
    results = write_jsonl(tmp_path / "results.jsonl", results_lines(samples))
    out = tmp_path / "report"
    result = invoke("report", str(results), "-o", str(out), "--articles", str(BATCH))
    assert result.exit_code == 0, result.output
    assert "7 article pages, 2 failed" in result.stdout
    page = Page((out / "articles" / "batch-001.html").read_text(encoding="utf-8"))
    assert page.article_text == samples[0][1]
    assert page.covered("q0")
    # Without --articles the pages still render, without highlighting, and say so.
    result = invoke("report", str(results), "-o", str(tmp_path / "bare"))
    assert result.exit_code == 0, result.output
    assert "--articles DIR|JSONL" in (tmp_path / "bare" / "articles" / "batch-001.html").read_text()


def test_cli_store(tmp_path, samples):
    from summariser.store import Key, Store

    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        run_id = store.start_run("batch", backend="llm", model="gpt-4o-mini", prompt_version="p1",
                                 schema_version="1.0")
        for seq, (summary, _) in enumerate(samples, start=1):
            key = Key(f"hash-{seq}", "gpt-4o-mini", "p1", "1.0")
            store.save(key, summary.article_id, status="ok", run_id=run_id, summary=summary.model_dump_json())
            store.record_item(run_id, summary.article_id, key.content_hash, "ok", seq=seq)
        key = Key("hash-bad", "gpt-4o-mini", "p1", "1.0")
        store.save(key, "bad", status="failed", run_id=run_id, error_class="ExtractionError",
                   error_message="never valid", attempts=3)
        store.record_item(run_id, "bad", key.content_hash, "failed", seq=9)
    out = tmp_path / "report"
    result = invoke("report", "--store", str(path), "-o", str(out), "--articles", str(BATCH))
    assert result.exit_code == 0, result.output
    doc = (out / "index.html").read_text(encoding="utf-8")
    assert "ExtractionError" in doc and "never valid" in doc
    assert 'id="article"' in (out / "articles" / "batch-005.html").read_text(encoding="utf-8")
    assert len(list((out / "articles").iterdir())) == 6


def test_cli_usage_errors(tmp_path):
    result = invoke("report", "-o", str(tmp_path / "r"))
    assert result.exit_code == 2 and "results file or --store" in result.stderr
    result = invoke("report", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "r"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = invoke("report", "--store", str(tmp_path / "missing.sqlite"), "-o", str(tmp_path / "r"))
    assert result.exit_code == 2 and "no such store" in result.stderr
    assert not (tmp_path / "missing.sqlite").exists()



def test_index_is_self_contained_with_strict_csp(tmp_path, samples):
    import base64
    import hashlib

    from summariser.render.html import STYLE
    from summariser.render.report import SORT_SCRIPT

    entries = [Entry(s.article_id, "ok", s) for s, _ in samples]
    entries.append(Entry("bad", "failed", error="boom"))
    out = tmp_path / "out"
    write_report(entries, out)
    for path in [out / "index.html", *(out / "articles").iterdir()]:
        doc = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://", doc), path.name
        page = Page(doc)
        (csp,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv")]
        assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src data:" in csp
        assert not [t for t, a in page.tags if "style" in a or any(k.startswith("on") for k in a)]
    sha = "sha256-" + base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()
    style = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    def csp(name: str) -> str:
        page = Page((out / name).read_text(encoding="utf-8"))
        return next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv"))

    assert f"script-src '{sha}'; style-src '{style}'" in csp("index.html")
    assert "script-src 'none'" in csp("articles/bad.html")


def test_big_networks_keep_the_most_connected_people(tmp_path, samples, monkeypatch):
    import summariser.render.report as report

    monkeypatch.setattr(report, "MAX_NODES", 3)
    seed_like = samples[0][0].model_copy(deep=True)
    seed_like.article_id = "hub"
    seed_like.meetings[0].attendees = ["Hub Person", "Fiona Macrae", "Alasdair Black"]
    entries = [Entry(s.article_id, "ok", s) for s in [*(s for s, _ in samples), seed_like]]
    doc = write_report(entries, tmp_path).index.read_text(encoding="utf-8")
    assert "Showing the 3 most connected of 7 people." in doc
    page = Page("<svg" + doc.split("<svg", 1)[1])
    shown = {a["data-person"] for t, a in page.tags if t == "g" and "data-person" in a}
    assert shown == {"Hub Person", "Fiona Macrae", "Alasdair Black"}
