"""Turn date phrases into ISO dates, only when the article's publication date
makes the answer certain. A year is never guessed without one."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_PATTERNS = [
    re.compile(r"\b(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}{_YEAR}", re.I),
]
# Every pattern needs a digit: a phrase without one ('on Tuesday') skips them.
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z]+")
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
# A dateless "December 20" later than this many days after publication
# must belong to the previous year.
_FUTURE_SLACK_DAYS = 31


def parse_iso(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def resolve(date_text: str | None, published: dt.date | None) -> dt.date | None:
    """ISO date for ``date_text``, or None when it does not follow for certain."""
    if not date_text:
        return None
    text = date_text.strip()
    for pattern in _PATTERNS if _DIGIT.search(text) else ():
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        try:
            if groups.get("iso_y"):
                return dt.date(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
            month, day = _MONTHS[groups["month"].lower()], int(groups["day"])
            if groups.get("year"):
                return dt.date(int(groups["year"]), month, day)
            if published is None:
                return None
            candidate = dt.date(published.year, month, day)
            if (candidate - published).days > _FUTURE_SLACK_DAYS:
                candidate = dt.date(published.year - 1, month, day)
            return candidate
        except ValueError:  # 31 February and friends
            return None
    if published is None:
        return None
    words = _WORD.findall(text.lower())
    if "last" in words or "next" in words:
        return None  # "last Monday" is ambiguous across newsrooms
    for word in words:
        if word in _RELATIVE:
            return published + dt.timedelta(days=_RELATIVE[word])
        if word in _WEEKDAYS:
            back = (published.weekday() - _WEEKDAYS.index(word)) % 7
            return published - dt.timedelta(days=back)
    return None
