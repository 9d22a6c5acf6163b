"""Batch files: the same model requests, run somewhere else.

- ``export_requests`` writes OpenAI Batch API request lines (``custom_id`` = article
  id, ``body`` = exactly what the online path sends first) for ``vllm run-batch``
  or any other runner;
- ``submit`` writes them, uploads them and creates OpenAI batches;
- ``status`` asks how the batches are doing;
- ``collect`` reads the output lines, in any order, through the same validation
  and grounding as the online path, and stores each result by ``custom_id``.
  With ``repair``, articles whose output failed validation are re-asked online.

Every request sent is remembered in the store (``jobs``/``job_items``, the
article included), so collecting needs nothing but the output.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summariser.articles import Article
from summariser.batch import BATCH_API_DISCOUNT, Batch, Observer, RunReport
from summariser.errors import ConfigError, ExtractionError, InputError, LLMError, SummariserError
from summariser.limits import CallStats
from summariser.schema import SCHEMA_VERSION
from summariser.sources import Item, Problem
from summariser.store import Key, Store, content_hash

if TYPE_CHECKING:
    from summariser.pipeline import Summariser
    from summariser.schema import ArticleSummary

ENDPOINT = "/v1/chat/completions"
# OpenAI's limits per batch input file are 50,000 requests and 200 MB.
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 190 * 1024 * 1024
DONE_STATUSES = ("completed", "expired", "cancelled", "failed")


@dataclass
class Prepared:
    """What export/submit did."""

    requests: int = 0
    cached: int = 0
    problems: list[str] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)


def _require_llm(summariser: Summariser) -> None:
    if summariser.backend != "llm":
        raise ConfigError("batch files need an LLM backend, not the offline engine",
                          hint="pass --model and --base-url, or set OPENAI_API_KEY")


def request_line(summariser: Summariser, article: Article) -> dict[str, Any]:
    """One Batch API request: the body the online path sends for this article."""
    from summariser import prompts
    from summariser.client import request_body

    return {"custom_id": article.id, "method": "POST", "url": ENDPOINT,
            "body": request_body(summariser.settings, prompts.load().messages(article))}


def _uncached(summariser: Summariser, store: Store, items: Iterable[Item], force: bool,
              prepared: Prepared) -> Iterator[tuple[Article, str]]:
    model, prompt_version = summariser.model_name, summariser.prompt_version
    for item in items:
        if isinstance(item, Problem):
            prepared.problems.append(str(item))
            continue
        digest = content_hash(item)
        if not force:
            row = store.get(Key(digest, model, prompt_version, SCHEMA_VERSION))
            if row is not None and row["status"] == "ok":
                prepared.cached += 1
                continue
        yield item, digest


def _new_job(summariser: Summariser, store: Store, job_id: str, kind: str, info: dict[str, Any]) -> None:
    s = summariser.settings
    store.add_job(job_id, kind, model=s.model, mode=s.effective_mode, prompt_version=summariser.prompt_version,
                  schema_version=SCHEMA_VERSION, info=info)


def _write_chunks(summariser: Summariser, store: Store, items: Iterable[Item], *, force: bool, prepared: Prepared,
                  directory: Path, kind: str, single: bool = False) -> Iterator[tuple[str, Path]]:
    """Write request files (one unless limits force a split) and record their items under a job id."""
    handle: Any = None
    job_id, path, count, size = "", Path(), 0, 0
    pending: list[tuple[Article, str]] = []

    def flush_items() -> None:
        with store.transaction():
            store.add_job_items(job_id, pending)
        pending.clear()

    try:
        for article, digest in _uncached(summariser, store, items, force, prepared):
            line = (json.dumps(request_line(summariser, article), ensure_ascii=False) + "\n").encode("utf-8")
            full = count >= MAX_REQUESTS_PER_FILE or size + len(line) > MAX_BYTES_PER_FILE
            if handle is not None and full and not single:
                flush_items()
                handle.close()
                yield job_id, path
                handle = None
            if handle is None:
                job_id = f"{kind}-{uuid.uuid4().hex[:12]}"
                path = directory / f"requests-{job_id}.jsonl"
                with store.transaction():
                    _new_job(summariser, store, job_id, kind, {"file": str(path)})
                handle = path.open("wb")
                count = size = 0
            handle.write(line)
            count, size = count + 1, size + len(line)
            prepared.requests += 1
            pending.append((article, digest))
            if len(pending) >= 1000:
                flush_items()
        if handle is not None:
            flush_items()
            handle.close()
            handle = None
            yield job_id, path
    finally:
        if handle is not None:
            handle.close()


def export_requests(summariser: Summariser, store: Store, items: Iterable[Item], path: str | Path, *,
                    force: bool = False) -> Prepared:
    """Write the request JSONL to ``path`` (all at once: renamed into place when complete)."""
    _require_llm(summariser)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    prepared = Prepared()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".summariser-") as tmp:
        for job_id, written in _write_chunks(summariser, store, items, force=force, prepared=prepared,
                                             directory=Path(tmp), kind="export", single=True):
            os.replace(written, target)
            store.update_job(job_id, status="exported", info={"file": str(target)})
            prepared.jobs.append(job_id)
    if not prepared.jobs:  # nothing to do: still leave a valid (empty) file
        target.write_bytes(b"")
    return prepared


def _files_client(summariser: Summariser) -> Any:
    _require_llm(summariser)
    # Uploads and downloads are large and rare: a longer timeout and a few SDK retries.
    return summariser.llm.openai.with_options(max_retries=3, timeout=max(summariser.settings.timeout, 600.0))


def submit(summariser: Summariser, store: Store, items: Iterable[Item], *, force: bool = False,
           client: Any = None) -> Prepared:
    """Upload request files and create one OpenAI batch per file; returns the batch ids."""
    client = client or _files_client(summariser)
    prepared = Prepared()
    with tempfile.TemporaryDirectory(prefix="summariser-batch-") as tmp:
        for job_id, path in _write_chunks(summariser, store, items, force=force, prepared=prepared,
                                          directory=Path(tmp), kind="pending"):
            try:
                with path.open("rb") as fh:
                    uploaded = client.files.create(file=(path.name, fh), purpose="batch")
                batch = client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h",
                                              metadata={"summariser_job": job_id})
            except Exception as exc:
                with store.transaction():
                    store.db.execute("DELETE FROM job_items WHERE job_id=?", (job_id,))
                    store.db.execute("DELETE FROM jobs WHERE id=?", (job_id,))
                raise _api_error(summariser, exc, "submitting the batch") from None
            with store.transaction():  # the job is known by the batch id from now on
                store.db.execute("UPDATE jobs SET id=?, kind='openai', status=? WHERE id=?",
                                 (batch.id, batch.status, job_id))
                store.db.execute("UPDATE job_items SET job_id=? WHERE job_id=?", (batch.id, job_id))
            store.update_job(batch.id, info={"input_file_id": uploaded.id, "file": None})
            prepared.jobs.append(batch.id)
    return prepared


def _api_error(summariser: Summariser, exc: BaseException, doing: str) -> SummariserError:
    if isinstance(exc, SummariserError):
        return exc
    status = getattr(exc, "status_code", None)
    message = summariser.settings.redact(str(getattr(exc, "message", None) or exc))
    return LLMError(f"{doing} failed: {message}", status_code=status,
                    hint="check the endpoint supports /v1/files and /v1/batches (OpenAI does)")


def status(summariser: Summariser, store: Store, batch_ids: Iterable[str] = (), *,
           client: Any = None) -> list[dict[str, Any]]:
    """Refresh and return the state of the given batches, or of every uncollected one."""
    ids = list(batch_ids) or [j["id"] for j in store.jobs("openai", uncollected=True)]
    if not ids:
        return []
    client = client or _files_client(summariser)
    out = []
    for batch_id in ids:
        try:
            batch = client.batches.retrieve(batch_id)
        except Exception as exc:
            raise _api_error(summariser, exc, f"asking about batch {batch_id}") from None
        counts = batch.request_counts
        info = {"output_file_id": batch.output_file_id, "error_file_id": batch.error_file_id,
                "total": getattr(counts, "total", None), "completed": getattr(counts, "completed", None),
                "failed": getattr(counts, "failed", None)}
        if store.job(batch_id) is not None:
            store.update_job(batch_id, status=batch.status, info=info)
        job = store.job(batch_id)
        out.append({"id": batch_id, "status": batch.status, **info, "known": job is not None,
                    "collected_run": job["collected_run"] if job else None})
    return out


# -- Collecting


@dataclass
class Collected:
    status: str  # the batch status; "completed" when results were stored
    report: RunReport | None = None
    repaired: int = 0


def parse_output_line(summariser: Summariser, line: dict[str, Any], article: Article,
                      prompt_version: str) -> ArticleSummary:
    """One output line -> a grounded summary, through the online path's validation."""
    from summariser import grounding
    from summariser.client import parse_completion

    response = line.get("response") or {}
    code = response.get("status_code")
    body = response.get("body")
    error = line.get("error")
    if error or code != 200 or not isinstance(body, dict):
        detail = (error or {}).get("message") if isinstance(error, dict) else None
        if detail is None and isinstance(body, dict):
            err = body.get("error")
            detail = err.get("message") if isinstance(err, dict) else None
        raise LLMError(f"the batch request failed: HTTP {code}: {detail or 'no detail'}", status_code=code,
                       attempts=1, hint="re-run these articles with 'summariser batch'")
    stats, started = CallStats(), time.perf_counter()
    extraction = parse_completion(summariser.settings, body, stats)
    grounded = grounding.ground(extraction, article.text, article.published)
    summary = summariser.assemble(article, extraction, grounded, stats, started)
    summary.run.prompt_version = prompt_version
    return summary


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, raw


def _download(client: Any, file_id: str, directory: Path) -> Path:
    path = directory / f"{file_id}.jsonl"
    with client.files.with_streaming_response.content(file_id) as response, path.open("wb") as out:
        for chunk in response.iter_bytes():
            out.write(chunk)
    return path


def collect(
    summariser: Summariser,
    store: Store,
    *,
    batch_id: str | None = None,
    from_file: str | Path | None = None,
    job_id: str | None = None,
    repair: bool = False,
    output: str | None = None,
    observer: Observer | None = None,
    concurrency: int = 8,
    price: tuple[float, float] | None = None,
    client: Any = None,
) -> Collected:
    """Store the results of a finished batch (``batch_id``) or of an output file (``from_file``)."""
    if (batch_id is None) == (from_file is None):
        raise ConfigError("give a batch id or --from-file, not both")
    jobs: dict[str, dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="summariser-collect-")))
        files: list[tuple[str, Path]] = []
        if batch_id is not None:
            job = store.job(batch_id)
            if job is None:
                raise InputError(f"batch {batch_id} was not submitted with this store ({store.path})",
                                 hint="pass the --store used by 'summariser batch --submit'")
            client = client or _files_client(summariser)
            (state,) = status(summariser, store, [batch_id], client=client)
            if state["status"] not in DONE_STATUSES:
                return Collected(status=state["status"])
            for key in ("output_file_id", "error_file_id"):
                if state[key]:
                    try:
                        files.append((state[key], _download(client, state[key], tmp)))
                    except Exception as exc:
                        raise _api_error(summariser, exc, f"downloading {state[key]}") from None
            jobs[batch_id] = job
            job_id = batch_id
        else:
            assert from_file is not None
            path = Path(from_file)
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            files.append((str(path), path))
            if job_id is not None:
                job = store.job(job_id)
                if job is None:
                    raise InputError(f"no job {job_id} in the store {store.path}")
                jobs[job_id] = job
        first = jobs[job_id] if job_id else None
        return _collect_lines(summariser, store, files, jobs, job_id=job_id, first=first, repair=repair,
                              output=output, observer=observer, concurrency=concurrency, price=price,
                              openai_batch=batch_id is not None)


def _collect_lines(summariser: Summariser, store: Store, files: list[tuple[str, Path]],
                   jobs: dict[str, dict[str, Any]], *, job_id: str | None, first: dict[str, Any] | None,
                   repair: bool, output: str | None, observer: Observer | None, concurrency: int,
                   price: tuple[float, float] | None, openai_batch: bool) -> Collected:
    # The job decides the cache key: what was sent, not what is configured now.
    job = first
    if job is None:
        job = _job_of_first_line(store, files)
    if job is None:
        raise InputError("no line of the output matches a request sent from this store",
                         hint="collect with the --store that exported the requests")
    jobs.setdefault(job["id"], job)
    engine = _engine_for(summariser, job)
    run = Batch(engine, store, output=output, concurrency=concurrency, observer=observer, kind="collect",
                price=price, discount=BATCH_API_DISCOUNT if openai_batch else 1.0, model=job["model"],
                prompt_version=job["prompt_version"], info={"jobs": sorted(jobs), "files": [n for n, _ in files]})
    run.open(total=job["requests"] if len(jobs) == 1 else None)
    seen: set[str] = set()
    to_repair: list[Article] = []
    try:
        for name, path in files:
            for number, raw in _lines(path):
                where = f"{name}:{number}"
                try:
                    line = json.loads(raw)
                    custom_id = str(line["custom_id"])
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    run.record_problem(Problem(where, f"not a batch output line ({type(exc).__name__})"))
                    continue
                found = store.find_job_item(custom_id, job_id)
                if found is None:
                    run.record_problem(Problem(where, f"custom_id {custom_id!r} matches no request sent"))
                    continue
                owner, digest, article = found
                if custom_id in seen:
                    run.record_problem(Problem(where, f"custom_id {custom_id!r} appears twice; the first was kept"))
                    continue
                seen.add(custom_id)
                line_job = jobs.get(owner) or store.job(owner)
                assert line_job is not None
                jobs[owner] = line_job
                key = Key(digest, line_job["model"], line_job["prompt_version"], line_job["schema_version"])
                try:
                    summary = parse_output_line(engine, line, article, line_job["prompt_version"])
                except ExtractionError as exc:
                    if repair:
                        to_repair.append(article)
                    else:
                        run.record_failure(article, key, exc)
                except SummariserError as exc:
                    run.record_failure(article, key, exc)
                else:
                    run.record_ok(article, key, summary, latency_ms=0.0)
        for owner, owner_job in jobs.items():  # requests that never came back
            for custom_id, digest, article in store.job_items(owner):
                if custom_id not in seen:
                    key = Key(digest, owner_job["model"], owner_job["prompt_version"], owner_job["schema_version"])
                    run.record_failure(article, key, LLMError(
                        "no output line came back for this request", attempts=0,
                        hint="re-run these articles with 'summariser batch'"))
        if to_repair:
            asyncio.run(run.process(to_repair))
    finally:
        report = run.close()
    for owner in jobs:
        store.update_job(owner, status="collected", collected_run=run.run_id)
    return Collected(status="completed", report=report, repaired=len(to_repair))


def _job_of_first_line(store: Store, files: list[tuple[str, Path]]) -> dict[str, Any] | None:
    for _, path in files:
        for _, raw in _lines(path):
            try:
                found = store.find_job_item(str(json.loads(raw)["custom_id"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
            if found is not None:
                return store.job(found[0])
    return None


def _engine_for(summariser: Summariser, job: dict[str, Any]) -> Summariser:
    """A Summariser that parses and re-asks as the job's model and mode."""
    s = summariser.settings
    if s.model == job["model"] and s.effective_mode == job["mode"] and summariser.backend == "llm":
        return summariser
    from summariser.pipeline import Summariser as _Summariser

    return _Summariser(s.with_(model=job["model"], mode=job["mode"], backend="llm"))
