"""A stand-in for ``summariser.jobs.summarise_offline`` in the tests of ``batch --jobs``.

Worker processes are spawned: they receive the job by module and name and import it
themselves, so a test's stand-in must be a module-level function in a module they can
import (this directory is on sys.path, and spawned workers get the parent's sys.path).
Markers in an article's text make the worker misbehave; other articles run the real job.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from summariser import jobs
from summariser.articles import Article

RAISE = "RAISE-IN-WORKER"  # the job raises, as a bug in the engine would
EXIT = "EXIT-IN-WORKER"  # the worker process dies at once, as under the OOM killer
SIGINT_GROUP = "SIGINT-THE-GROUP"  # the worker sends SIGINT to its process group (Ctrl-C), then carries on
HANG = "PRINT-PID-AND-HANG"  # the worker prints its pid on stdout and never finishes the article

_real = jobs.summarise_offline  # captured before install(): in a worker, the module is never patched


def summarise(art: Article) -> Any:
    if RAISE in art.text:
        ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        raise ValueError(f"boom in worker {os.getpid()} (SIGINT {'ignored' if ignored else 'handled'})")
    if EXIT in art.text:
        os._exit(3)
    if SIGINT_GROUP in art.text:
        os.killpg(os.getpgid(0), signal.SIGINT)
    if HANG in art.text:
        print(os.getpid(), flush=True)
        threading.Event().wait()
    return _real(art)


def install() -> None:
    """Make batches started after this call (in this process) send their articles to ``summarise``."""
    jobs.summarise_offline = summarise
