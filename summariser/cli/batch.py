"""`summariser batch`, `export`, `runs`, `batch-status` and `batch-collect`."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from summariser.cli.options import engine_options, handle_errors, make_summariser, pop_engine_flags

_SIGNAL_EXIT = {"SIGINT": 130, "SIGTERM": 143}


def _store_option(f: Any) -> Any:
    return click.option("--store", "store_path", type=click.Path(dir_okay=False),
                        help="SQLite store (default: in the user cache dir). [env SUMMARISER_STORE]")(f)


def _price_options(f: Any) -> Any:
    f = click.option("--price-out", type=click.FloatRange(min=0), help="USD per million output tokens.")(f)
    return click.option("--price-in", type=click.FloatRange(min=0),
                        help="USD per million input tokens (default: a small table of common models).")(f)


def _open_store(path: str | None) -> Any:
    from summariser import config
    from summariser.store import Store

    return Store(path or config.store_path(config.resolve()))


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _say(message: str) -> None:
    click.echo(f"summariser: {message}", err=True)


def _price(summariser: Any, model: str, price_in: float | None, price_out: float | None) -> Any:
    from summariser.batch import price_for

    s = summariser.settings
    return price_for(model, backend=summariser.backend, local=s.is_local_server, price_in=price_in,
                     price_out=price_out)


def _progress_line(counts: Any, elapsed: float) -> str:
    rate = counts.finished * 60.0 / elapsed if elapsed > 0 else 0.0
    of = f"/{counts.total}" if counts.total is not None else ""
    eta = ""
    if counts.total and rate > 0:
        eta = f", ETA {_duration((counts.total - counts.finished) * 60.0 / rate)}"
    extra = f", {counts.invalid} invalid input" if counts.invalid else ""
    return (f"{counts.finished}{of} done (ok {counts.ok}, cached {counts.cached}, failed {counts.failed}{extra}), "
            f"{rate:.1f}/min{eta}")


def _observer(progress: bool | None, log_every: float) -> Any:
    """A rich progress bar on a terminal; otherwise a plain line every ``log_every`` seconds."""
    from summariser.batch import Observer

    class Plain(Observer):
        def __init__(self) -> None:
            self.started_at = time.perf_counter()

        def started(self, run_id: int, counts: Any) -> None:
            of = f" of {counts.total} articles" if counts.total is not None else ""
            _say(f"run {run_id} started{of}")

        def article(self, event: Any, counts: Any) -> None:
            if event.status == "invalid":
                _say(f"skipped {event.article_id}: {event.message}")
            elif event.status == "failed":
                _say(f"failed {event.article_id}: {event.message}")

        def tick(self, counts: Any, elapsed: float) -> None:
            _say(_progress_line(counts, elapsed))

        def stopping(self, reason: str, grace: float) -> None:
            _say(f"{reason}: taking no new articles; waiting up to {grace:g}s for those in flight "
                 "(send it again to stop now)")

    if not (progress if progress is not None else sys.stderr.isatty()):
        return Plain(), log_every

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    class Bar(Plain):
        def __init__(self) -> None:
            super().__init__()
            self.console = Console(stderr=True)
            self.bar = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("ok {task.fields[ok]} · cached {task.fields[cached]} · [red]failed {task.fields[failed]}"),
                TextColumn("{task.fields[rate]}/min"), TimeRemainingColumn(),
                console=self.console, transient=False,
            )
            self.task: Any = None

        def started(self, run_id: int, counts: Any) -> None:
            self.bar.start()
            self.task = self.bar.add_task(f"run {run_id}", total=counts.total, ok=0, cached=0, failed=0, rate="0")

        def article(self, event: Any, counts: Any) -> None:
            if event.status in ("invalid", "failed"):
                self.console.print(f"[yellow]{'skipped' if event.status == 'invalid' else 'failed'} "
                                   f"{event.article_id}:[/] {event.message}", markup=True, highlight=False)
            elapsed = time.perf_counter() - self.started_at
            rate = f"{counts.finished * 60.0 / elapsed:.0f}" if elapsed > 0 else "0"
            self.bar.update(self.task, completed=counts.finished, ok=counts.ok, cached=counts.cached,
                            failed=counts.failed, rate=rate)

        def tick(self, counts: Any, elapsed: float) -> None:
            pass

        def stop(self) -> None:
            self.bar.stop()

    return Bar(), 5.0


def _print_report(report: Any, *, output: str | None, store: Any, model: str, price: Any) -> None:
    c = report.counts
    parts = [f"{c.ok} ok", f"{c.cached} cached", f"{c.failed} failed"]
    if c.unfinished:
        parts.append(f"{c.unfinished} unfinished")
    if c.invalid:
        parts.append(f"{c.invalid} invalid input")
    stopped = f" (stopped: {report.stopped})" if report.stopped else ""
    startup = f" ({_duration(report.startup_s)} of it loading the engine)" if report.startup_s >= 0.5 else ""
    _say(f"run {report.run_id} finished in {_duration(report.wall_s)}{startup}{stopped}: {', '.join(parts)}")
    cost = "unknown (pass --price-in/--price-out)" if report.cost_usd is None else f"${report.cost_usd:,.4f}"
    if price == (0.0, 0.0):
        cost = "$0 (offline engine or your own server)"
    elif price is not None and report.cost_usd is not None:
        cost += f" ({model} at ${price[0]:g}/${price[1]:g} per million tokens)"
    click.echo(f"  tokens: {report.input_tokens:,} in, {report.output_tokens:,} out; estimated cost {cost}", err=True)
    click.echo(f"  speed: {report.per_minute:,.1f} articles/min", err=True)
    if report.rate_limit_pauses or report.limiter_wait_s:
        click.echo(f"  rate limits: {report.rate_limit_pauses} pause(s) on 429, {report.limiter_wait_s:g}s waiting "
                   "for --rpm/--tpm", err=True)
    if report.slowest:
        slow = ", ".join(f"{aid} ({ms / 1000:.1f}s)" for aid, ms in report.slowest)
        click.echo(f"  slowest: {slow}", err=True)
    if report.failure_classes:
        click.echo("  failures: " + ", ".join(f"{k} ×{n}" for k, n in report.failure_classes.items()), err=True)
    if report.problems:
        shown = report.problems[:5]
        more = f" (+{c.invalid - len(shown)} more)" if c.invalid > len(shown) else ""
        click.echo("  invalid input: " + "; ".join(shown) + more, err=True)
    where = f"results: {output}; " if output and output != "-" else ""
    click.echo(f"  {where}store: {store.path}", err=True)


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@engine_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="results.jsonl, one line per article, written as each finishes (- for stdout).")
@_store_option
@click.option("--glob", help="Only files in directories matching this pattern, e.g. '*.html'.")
@click.option("-c", "--concurrency", type=click.IntRange(1, 512), default=8, show_default=True,
              help="Articles in flight at once.")
@click.option("--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for the offline engine (0: one per available core; 1: in this process).")
@click.option("--rpm", type=click.FloatRange(min=0.001), help="Requests per minute, shared by all workers.")
@click.option("--tpm", type=click.FloatRange(min=1), help="Tokens per minute, shared by all workers.")
@click.option("--force", is_flag=True, help="Redo articles that already have a result in the store.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed article.")
@_price_options
@click.option("--log-every", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="Seconds between progress lines when not on a terminal.")
@click.option("--progress/--no-progress", default=None, help="Force the progress bar on or off.")
@click.option("--grace", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="On SIGINT/SIGTERM, seconds to let articles in flight finish.")
@click.option("--submit", type=click.Choice(["openai"]), help="Send the requests as an OpenAI batch instead.")
@click.option("--export-requests", type=click.Path(dir_okay=False),
              help="Write the batch request JSONL (for vllm run-batch) and stop.")
@handle_errors
def batch_command(inputs: tuple[str, ...], output: str | None, store_path: str | None, glob: str | None,
                  concurrency: int, jobs: int, rpm: float | None, tpm: float | None, force: bool, fail_fast: bool,
                  price_in: float | None, price_out: float | None, log_every: float, progress: bool | None,
                  grace: float, submit: str | None, export_requests: str | None, **kwargs: Any) -> None:
    """Summarise many articles: resumable, cached, concurrent.

    INPUT is a file, a directory (searched recursively), a JSONL file with one
    article per line ("id", "text", optional "title", "url", "published"), or -
    for JSONL on stdin. Re-running skips articles already done.

    \b
    Examples:
        summariser batch articles/ -o results.jsonl
        summariser batch feed.jsonl -o results.jsonl -c 16 --rpm 500 -m gpt-4o-mini
        summariser batch feed.jsonl -o results.jsonl --backend offline --jobs 0
        summariser batch feed.jsonl --export-requests requests.jsonl
        summariser batch feed.jsonl --submit openai
    """
    from summariser import batchfiles
    from summariser.batch import Batch
    from summariser.errors import ConfigError
    from summariser.limits import RateLimiter
    from summariser.sources import Sources

    if submit and export_requests:
        raise ConfigError("--submit and --export-requests are alternatives", hint="use one of them")
    summariser = make_summariser(pop_engine_flags(kwargs), jobs=jobs)
    with _open_store(store_path or summariser.settings.store) as store, Sources(inputs, glob=glob) as sources:
        scan = sources.scan()  # duplicate ids and missing paths fail here, before any model call
        if submit or export_requests:
            if export_requests:
                done = batchfiles.export_requests(summariser, store, sources, export_requests, force=force)
                _say(f"wrote {done.requests} requests to {export_requests} ({done.cached} already in the store)")
                if done.requests:
                    _say(f"run them, e.g. 'vllm run-batch -i {export_requests} -o output.jsonl --model "
                         f"{summariser.settings.model}', then 'summariser batch-collect --from-file output.jsonl'")
            else:
                done = batchfiles.submit(summariser, store, sources, force=force)
                _say(f"submitted {done.requests} requests as {len(done.jobs)} batch(es); "
                     f"{done.cached} already in the store")
                for job in done.jobs:
                    click.echo(job)
                if done.jobs:
                    _say("check with 'summariser batch-status', then 'summariser batch-collect BATCH_ID'")
            for problem in done.problems:
                _say(f"skipped {problem}")
            sys.exit(1 if done.problems else 0)
        observer, tick = _observer(progress, log_every)
        price = _price(summariser, summariser.model_name, price_in, price_out)
        run = Batch(summariser, store, output=output, concurrency=concurrency, limiter=RateLimiter(rpm, tpm),
                    force=force, fail_fast=fail_fast, price=price, observer=observer, grace=grace, tick=tick,
                    info={"inputs": list(inputs), "output": output}, jobs=jobs)
        try:
            report = run.run(sources, total=scan.articles, handle_signals=True)
        finally:
            if hasattr(observer, "stop"):
                observer.stop()
    _print_report(report, output=output, store=store, model=summariser.model_name, price=price)
    sys.exit(_SIGNAL_EXIT.get(report.stopped or "", report.exit_code))


@click.command("export")
@_store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default: stdout).")
@click.option("--run", "run_id", type=int, help="Run id (default: the latest batch or collect run).")
@handle_errors
def export_command(store_path: str | None, output: str | None, run_id: int | None) -> None:
    """Rewrite a run's results.jsonl from the store.

    \b
    Example:
        summariser export -o results.jsonl
    """
    import json

    from summariser.cli.output import open_output
    from summariser.errors import ConfigError

    with _open_store(store_path) as store:
        run_id = run_id if run_id is not None else store.latest_run_id()
        if run_id is None:
            raise ConfigError(f"the store {store.path} has no runs yet", hint="run 'summariser batch' first")
        n = 0
        with open_output(output) as out:
            for line in store.export(run_id):
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                n += 1
    _say(f"exported {n} results of run {run_id}")


@click.command("runs")
@_store_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
@handle_errors
def runs_command(store_path: str | None, limit: int, as_json: bool) -> None:
    """List past runs with their figures, newest first.

    \b
    Example:
        summariser runs -n 5
    """
    import datetime as dt
    import json

    with _open_store(store_path) as store:
        runs = store.runs(limit)
    if as_json:
        for r in runs:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if not runs:
        _say("no runs yet")
        return
    header = (f"{'run':>5}  {'kind':<8} {'status':<11} {'started':<16} {'wall':>7} {'ok':>6} {'cached':>6} "
              f"{'failed':>6} {'unfin':>5} {'tokens in/out':>17} {'cost $':>9} {'/min':>8}  model")
    click.echo(header)
    for r in runs:
        rep = r["report"] or {}
        started = dt.datetime.fromtimestamp(r["started_at"]).strftime("%Y-%m-%d %H:%M")
        wall = _duration(rep["wall_s"]) if "wall_s" in rep else "-"
        tokens = f"{rep.get('input_tokens', 0):,}/{rep.get('output_tokens', 0):,}" if "input_tokens" in rep else "-"
        cost = f"{rep['cost_usd']:.4f}" if rep.get("cost_usd") is not None else "-"
        per_min = f"{rep['per_minute']:,.1f}" if "per_minute" in rep else "-"
        click.echo(f"{r['id']:>5}  {r['kind']:<8} {r['status']:<11} {started:<16} {wall:>7} {rep.get('ok', 0):>6} "
                   f"{rep.get('cached', 0):>6} {rep.get('failed', 0):>6} {rep.get('unfinished', 0):>5} "
                   f"{tokens:>17} {cost:>9} {per_min:>8}  {r['model']}")
        if rep.get("failure_classes"):
            click.echo("       failures: " + ", ".join(f"{k} ×{n}" for k, n in rep["failure_classes"].items()))


@click.command("batch-status")
@click.argument("batch_ids", nargs=-1)
@engine_options
@_store_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per batch.")
@handle_errors
def batch_status_command(batch_ids: tuple[str, ...], store_path: str | None, as_json: bool, **kwargs: Any) -> None:
    """Show OpenAI batches submitted from this store (default: those not yet collected).

    \b
    Example:
        summariser batch-status
    """
    import json

    from summariser import batchfiles, config
    from summariser.pipeline import Summariser

    settings = config.resolve(**pop_engine_flags(kwargs))
    settings.require_llm()
    with _open_store(store_path or settings.store) as store:
        states = batchfiles.status(Summariser(settings.with_(backend="llm")), store, batch_ids)
    if not states:
        _say("no batches waiting to be collected")
    for s in states:
        if as_json:
            click.echo(json.dumps(s))
            continue
        counts = f"{s['completed'] or 0}/{s['total'] or 0} done, {s['failed'] or 0} failed"
        collected = f", collected in run {s['collected_run']}" if s["collected_run"] else ""
        click.echo(f"{s['id']}  {s['status']:<11} {counts}{collected}")


@click.command("batch-collect")
@click.argument("batch_id", required=False)
@click.option("--from-file", type=click.Path(dir_okay=False, exists=True),
              help="Import a batch output file instead, e.g. from 'vllm run-batch'.")
@click.option("--job", "job_id",
              help="With --from-file: the export job the requests came from (default: found by custom_id).")
@click.option("--repair", is_flag=True, help="Re-ask articles whose output failed validation, online.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Also write results.jsonl.")
@engine_options
@_store_option
@click.option("-c", "--concurrency", type=click.IntRange(1, 512), default=8, show_default=True,
              help="Articles in flight when repairing.")
@_price_options
@handle_errors
def batch_collect_command(batch_id: str | None, from_file: str | None, job_id: str | None, repair: bool,
                          output: str | None, store_path: str | None, concurrency: int, price_in: float | None,
                          price_out: float | None, **kwargs: Any) -> None:
    """Store the results of a finished batch, mapped back to articles by custom_id.

    \b
    Examples:
        summariser batch-collect batch_abc123
        summariser batch-collect --from-file output.jsonl --repair -o results.jsonl
    """
    from summariser import batchfiles, config
    from summariser.errors import ConfigError
    from summariser.pipeline import Summariser

    if (batch_id is None) == (from_file is None):
        raise ConfigError("give a BATCH_ID or --from-file", hint="see 'summariser batch-status' for batch ids")
    settings = config.resolve(**pop_engine_flags(kwargs))
    if batch_id or repair:
        settings.require_llm()  # downloading from OpenAI or re-asking needs an endpoint
    summariser = Summariser(settings.with_(backend="llm"))
    price = _price(summariser, settings.model, price_in, price_out)
    if from_file and price_in is None and price_out is None:
        price = (0.0, 0.0)  # output from 'vllm run-batch': your own hardware
    observer, _ = _observer(False, 30.0)
    with _open_store(store_path or settings.store) as store:
        done = batchfiles.collect(summariser, store, batch_id=batch_id, from_file=from_file, job_id=job_id,
                                  repair=repair, output=output, observer=observer, concurrency=concurrency,
                                  price=price)
        if done.report is None:
            _say(f"batch {batch_id} is {done.status}; collect it when it has completed")
            sys.exit(1)
        if done.repaired:
            _say(f"re-asked {done.repaired} article(s) online")
        _print_report(done.report, output=output, store=store, model=settings.model, price=price)
    sys.exit(done.report.exit_code)
