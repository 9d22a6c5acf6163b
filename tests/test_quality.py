"""The offline engine's quality bar on the hand-annotated gold sets (issue 4).

All the sets are held out: the engine's rules were written against other articles, and
tests/data/gold_holdout* were written after them (see their READMEs). This test keeps the
bar from regressing on any of them."""

from __future__ import annotations

from pathlib import Path

import pytest
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


HOLDOUTS = sorted((Path(__file__).parent / "data").glob("gold_holdout*"))  # every held-out set there is


@pytest.mark.parametrize("gold_dir", [FIXTURES / "gold", *HOLDOUTS], ids=["gold", *(d.name for d in HOLDOUTS)])
def test_offline_engine_meets_the_quality_bar_on_gold(gold_dir: Path) -> None:
    golds = evaluate.load_gold(gold_dir)
    assert len(golds) >= 10
    report = evaluate.run(Summariser(backend="offline"), golds, concurrency=2)
    checks = evaluate.check(report, BAR.items())
    failed = [(c.name, c.value) for c in checks if not c.ok]
    assert failed == [], failed
