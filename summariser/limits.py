"""Per-article accounting and limits shared between concurrent workers.
Kept free of openai imports so the offline path stays light."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CallStats:
    """Counts for one article, summed over every attempt (failed ones too)."""

    attempts: int = 0
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    waits: list[float] = field(default_factory=list)

    def add_usage(self, usage: Any) -> None:
        if usage is not None:
            self.input_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.output_tokens += getattr(usage, "completion_tokens", 0) or 0


class RateGate:
    """A pause shared by every worker: one 429 holds them all back."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.resume_at = 0.0
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        self.pauses += 1
        self.resume_at = max(self.resume_at, self._clock() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.resume_at - self._clock())
