"""A small threaded OpenAI-compatible server for tests and benchmarks.

Serves recorded bodies from fixtures/responses: chat completions (with a
configurable latency, per-article scripted faults and a "hold" that parks
requests), plus /v1/files and /v1/batches, which run a batch file through the
same responder and return its lines in reverse order.

    python tests/fake_server.py --latency 0.2     # prints the base URL, serves until killed
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RESPONSES = Path(__file__).resolve().parent.parent / "fixtures" / "responses"
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "seed-korea-us-alliance.txt"
_ARTICLE_ID = re.compile(r"^Article id: (.*)$", re.MULTILINE)


def load_fixture(name: str) -> dict[str, Any]:
    return json.loads((RESPONSES / f"{name}.json").read_text(encoding="utf-8"))


def as_content(body: dict[str, Any]) -> dict[str, Any]:
    """A tool-call completion rewritten as a JSON-content one (json_schema/json modes)."""
    body = copy.deepcopy(body)
    for choice in body.get("choices", []):
        message = choice["message"]
        calls = message.pop("tool_calls", None) or []
        if calls:
            message["content"] = calls[0]["function"]["arguments"]
            if choice.get("finish_reason") == "tool_calls":
                choice["finish_reason"] = "stop"
    return body


def article_id(body: dict[str, Any]) -> str | None:
    for message in body.get("messages", []):
        if message.get("role") == "user":
            m = _ARTICLE_ID.search(str(message.get("content", "")))
            if m:
                return m.group(1)
    return None


class FakeOpenAI:
    """Thread-safe fake. ``script`` maps an article id to fixture names served in
    turn before the default; the default is seed-good for the seed article,
    empty-extraction for anything else."""

    def __init__(self, latency: float = 0.0, *, script: dict[str, list[str]] | None = None,
                 responder: Callable[[dict[str, Any]], str] | None = None, hold_after: int | None = None,
                 notify_at: int | None = None, timeout_sleep: float = 1.0) -> None:
        self.latency = latency
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.responder = responder
        self.hold_after = hold_after  # answer this many chat requests, then park the rest until released
        self.notify_at = notify_at if notify_at is not None else hold_after
        self.timeout_sleep = timeout_sleep
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.reached = threading.Event()  # set when notify_at chat requests have arrived
        self.chat_requests: list[str | None] = []  # article id per chat request, in arrival order
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_script: dict[str, str] = {}  # custom_id -> fixture name inside batch files
        self._seed = SEED.read_text(encoding="utf-8")
        self._cache: dict[tuple[str, bool], bytes] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> str:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- chat completions

    def choose(self, body: dict[str, Any], custom_id: str | None = None) -> str:
        aid = article_id(body)
        with self.lock:
            if custom_id is not None and custom_id in self.batch_script:
                return self.batch_script[custom_id]
            queue = self.script.get(aid or "")
            if queue:
                return queue.pop(0)
        if self.responder is not None:
            return self.responder(body)
        user = next((m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"), "")
        return "seed-good" if self._seed in str(user) else "empty-extraction"

    def answer(self, name: str, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes] | str:
        """(status, headers, bytes) for a fixture, or the fault name."""
        tools = "tools" in body
        key = (name, tools)
        recorded = load_fixture(name) if key not in self._cache else None
        if recorded is not None and "fault" in recorded:
            return str(recorded["fault"])
        if key not in self._cache:
            assert recorded is not None
            payload = recorded["body"] if tools or recorded["status"] != 200 else as_content(recorded["body"])
            headers = {k: v for k, v in recorded.get("headers", {}).items() if k.lower() != "content-type"}
            self._cache[key] = json.dumps({"status": recorded["status"], "headers": headers}).encode() + b"\n" + \
                json.dumps(payload).encode()
        meta, _, data = self._cache[key].partition(b"\n")
        info = json.loads(meta)
        return info["status"], info["headers"], data

    def chat(self, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes] | str:
        with self.lock:
            self.chat_requests.append(article_id(body))
            n = len(self.chat_requests)
        if self.notify_at is not None and n >= self.notify_at:
            self.reached.set()
        if self.hold_after is not None and n > self.hold_after:
            self.released.wait()
        if self.latency:
            time.sleep(self.latency)
        return self.answer(self.choose(body), body)

    # -- files and batches

    def add_file(self, content: bytes, filename: str, purpose: str) -> dict[str, Any]:
        file_id = f"file-{uuid.uuid4().hex[:12]}"
        obj = {"id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
               "filename": filename, "purpose": purpose, "status": "processed"}
        with self.lock:
            self.files[file_id] = {"meta": obj, "content": content}
        return obj

    def create_batch(self, data: dict[str, Any]) -> dict[str, Any]:
        batch_id = f"batch_{uuid.uuid4().hex[:12]}"
        obj = {"id": batch_id, "object": "batch", "endpoint": data["endpoint"], "errors": None,
               "input_file_id": data["input_file_id"], "completion_window": data["completion_window"],
               "status": "validating", "output_file_id": None, "error_file_id": None,
               "created_at": int(time.time()), "metadata": data.get("metadata"),
               "request_counts": {"total": 0, "completed": 0, "failed": 0}}
        with self.lock:
            self.batches[batch_id] = obj
        return obj

    def advance(self, batch_id: str) -> dict[str, Any] | None:
        """Each retrieval moves a batch on: validating -> in_progress -> completed."""
        with self.lock:
            obj = self.batches.get(batch_id)
            if obj is None:
                return None
            if obj["status"] == "validating":
                obj["status"] = "in_progress"
                return dict(obj)
            if obj["status"] != "in_progress":
                return dict(obj)
            content = self.files[obj["input_file_id"]]["content"]
        out, err = [], []
        lines = [json.loads(line) for line in content.decode("utf-8").splitlines() if line.strip()]
        for i, line in enumerate(lines):
            cid, body = line["custom_id"], line["body"]
            answer = self.answer(self.choose(body, cid), body)
            if isinstance(answer, str):  # a transport fault inside a batch shows up as a 500 line
                answer = (500, {}, json.dumps({"error": {"message": f"fault {answer}"}}).encode())
            status, _, data = answer
            record = {"id": f"batch_req_{i}", "custom_id": cid,
                      "response": {"status_code": status, "request_id": f"req_{i}", "body": json.loads(data)},
                      "error": None}
            (out if status == 200 else err).append(json.dumps(record))
        # Lines come back in any order: reversed here, to prove nothing relies on it.
        out.reverse()
        err.reverse()
        with self.lock:
            obj["status"] = "completed"
            obj["completed_at"] = int(time.time())
            obj["request_counts"] = {"total": len(lines), "completed": len(out), "failed": len(err)}
        if out:
            obj["output_file_id"] = self.add_file(("\n".join(out) + "\n").encode(), "output.jsonl",
                                                  "batch_output")["id"]
        if err:
            obj["error_file_id"] = self.add_file(("\n".join(err) + "\n").encode(), "errors.jsonl",
                                                 "batch_output")["id"]
        return dict(obj)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default listen backlog is 5: a burst of new connections would
    # lose SYNs and wait out the 1 s retransmit, which real servers don't do.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client killed mid-request (the SIGKILL test) is expected, not news


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"  # keep-alive, like a real server
    disable_nagle_algorithm = True  # headers and body go out in two writes; Nagle would hold the second

    def log_message(self, format: str, *args: Any) -> None:  # the base class's signature
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, data: bytes, headers: dict[str, str] | None = None,
              content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj).encode())

    def do_POST(self) -> None:
        fake = self.fake
        raw = self._body()
        with fake.lock:
            fake.requests.append(("POST", self.path))
        if self.path.endswith("/chat/completions"):
            answer = fake.chat(json.loads(raw))
            if answer == "timeout":
                time.sleep(fake.timeout_sleep)
                self.close_connection = True
                return
            if isinstance(answer, str):  # "connect" and other faults: drop the connection
                self.close_connection = True
                return
            status, headers, data = answer
            self._send(status, data, headers)
        elif self.path.endswith("/files"):
            fields = _multipart(self.headers.get("content-type", ""), raw)
            filename, content = fields.get("file", ("upload.jsonl", b""))
            purpose = fields.get("purpose", ("", b"batch"))[1].decode()
            self._json(200, fake.add_file(content, filename, purpose))
        elif self.path.endswith("/batches"):
            self._json(200, fake.create_batch(json.loads(raw)))
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_GET(self) -> None:
        fake = self.fake
        with fake.lock:
            fake.requests.append(("GET", self.path))
        parts = self.path.split("?")[0].rstrip("/").split("/")
        if parts[-1] == "stats":  # for benchmarks running the server in another process
            with fake.lock:
                served = len(fake.chat_requests)
            self._json(200, {"chat_requests": served})
        elif len(parts) >= 2 and parts[-2] == "batches":
            obj = fake.advance(parts[-1])
            self._json(200, obj) if obj else self._json(404, {"error": {"message": "no such batch"}})
        elif len(parts) >= 3 and parts[-1] == "content" and parts[-3] == "files":
            entry = fake.files.get(parts[-2])
            if entry is None:
                self._json(404, {"error": {"message": "no such file"}})
            else:
                self._send(200, entry["content"], content_type="application/octet-stream")
        elif len(parts) >= 2 and parts[-2] == "files":
            entry = fake.files.get(parts[-1])
            self._json(200, entry["meta"]) if entry else self._json(404, {"error": {"message": "no such file"}})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})


def _multipart(content_type: str, raw: bytes) -> dict[str, tuple[str, bytes]]:
    """name -> (filename, content) for a multipart/form-data body."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not m:
        return {}
    fields: dict[str, tuple[str, bytes]] = {}
    for part in raw.split(b"--" + m.group(1).encode()):
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        disposition = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        if name:
            fields[name.group(1)] = (filename.group(1) if filename else "", content.removesuffix(b"\r\n"))
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per chat request")
    args = parser.parse_args()
    fake = FakeOpenAI(latency=args.latency)
    print(fake.start(), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
        sys.exit(0)


if __name__ == "__main__":
    main()
