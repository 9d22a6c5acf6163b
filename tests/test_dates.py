import datetime as dt

import pytest

from summariser.dates import parse_iso, resolve

PUB = dt.date(2025, 1, 2)  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Thursday", PUB, dt.date(2025, 1, 2)),
        ("on Monday", PUB, dt.date(2024, 12, 30)),
        ("on December 20", PUB, dt.date(2024, 12, 20)),
        ("Jan 2", PUB, dt.date(2025, 1, 2)),
        ("20 December 2023", None, dt.date(2023, 12, 20)),
        ("Sept. 5, 2024", None, dt.date(2024, 9, 5)),
        ("2024-03-01", None, dt.date(2024, 3, 1)),
        ("yesterday", PUB, dt.date(2025, 1, 1)),
        ("on December 20", None, None),  # no year can be known
        ("on Thursday", None, None),
        ("last month", PUB, None),
        ("last Monday", PUB, None),
        ("February 30", PUB, None),
        ("", PUB, None),
        (None, PUB, None),
    ],
)
def test_resolve(text, published, expected):
    assert resolve(text, published) == expected


def test_parse_iso():
    assert parse_iso("2025-01-02") == PUB
    assert parse_iso("2025-01-02T10:00:00Z") == PUB
    assert parse_iso("not a date") is None
    assert parse_iso(PUB) is PUB
