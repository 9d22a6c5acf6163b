"""The lead-based parts of the offline engine: key points are ranked lazily (``_best_first`` scores a sentence in
full only when it could come next), which must give the order a full sort by score gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summariser.offline import _lead
from summariser.offline._text import build

_ARTICLES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "articles").glob("*.txt"))


def _full_sort(doc, informative, weights):  # the order key_points() documents, every sentence scored
    scored = []
    for rank, s in enumerate(informative):
        score = weights.get(s.start, 0.0) + max(0.0, 2.0 - 0.4 * rank)
        if len(doc.text[s.start:s.end].split()) > 40:
            score -= 1.0
        if any(c.isdigit() for c in doc.text[s.start:s.end]):
            score += 0.3
        scored.append((-score, s.start, s))
    return [s for *_, s in sorted(scored, key=lambda t: t[:2])]


@pytest.mark.parametrize("path", _ARTICLES, ids=lambda p: p.stem)
def test_best_first_orders_key_point_candidates_as_a_full_sort_does(path):
    text = path.read_text(encoding="utf-8")
    dl = _lead.dateline(text)
    doc = build(text, dl.body_start, dl.place)
    informative = [s for s in doc.sentences if len(text[s.start:s.end].split()) >= 6]
    assert len(informative) >= 5
    rnd = random.Random(path.stem)
    # Weights as extract() gives them (multiples of 0.5) make ties with the lead bonus and the digit bonus.
    for share in (0.0, 0.3, 0.7, 1.0):
        weights = {s.start: rnd.choice([0.5, 1.0, 1.5, 2.0, 3.0]) for s in doc.sentences if rnd.random() < share}
        assert list(_lead._best_first(doc, informative, weights)) == _full_sort(doc, informative, weights)


def test_has_words_counts_no_further_than_asked():
    assert _lead._has_words("one two  three\nfour five six", 6)
    assert not _lead._has_words("one two three four five", 6)
    assert not _lead._has_words("   ", 1)
    assert _lead._has_words(" a ", 1)
