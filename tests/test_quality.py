"""The offline engine's quality bar on the hand-annotated gold set (issue 4).

The gold set is held out: the engine's rules were written against other
articles. This test keeps the bar from regressing."""

from __future__ import annotations

from conftest import FIXTURES

from summariser import evaluate
from summariser.pipeline import Summariser

BAR = {
    "quotes": 0.90,
    "speaker_accuracy": 0.85,
    "attendees": 0.75,
    "meetings": 0.60,
    "pledges": 0.50,
    "verbatim_rate": 1.0,
}


def test_offline_engine_meets_the_quality_bar_on_gold():
    golds = evaluate.load_gold(FIXTURES / "gold")
    assert len(golds) >= 10
    report = evaluate.run(Summariser(backend="offline"), golds, concurrency=2)
    checks = evaluate.check(report, BAR.items())
    failed = [(c.name, c.value) for c in checks if not c.ok]
    assert failed == [], failed
