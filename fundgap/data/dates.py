"""Partial dates as the sources give them: a year, a quarter, a month or a day, and how precise each is."""

from __future__ import annotations

import re
from datetime import date, timedelta

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QUARTER_DATE = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_partial_date(text: str) -> date | None:
    """ "2024", "2024-Q2", "2024-05", "2024-05-31" -> the first day they name; None when it does not parse."""
    quarter = QUARTER_DATE.match(text)
    if quarter:
        return date(int(quarter.group(1)), 3 * int(quarter.group(2)) - 2, 1)
    match = PARTIAL_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def last_day(text: str) -> date | None:
    """The last day a partial date names: "2024" -> 2024-12-31, "2024-Q2" -> 2024-06-30, "2024-05" ->
    2024-05-31."""
    first = parse_partial_date(text)
    if first is None:
        return None
    precision = date_precision(text)
    if precision == "day":
        return first
    months = {"year": 12, "quarter": 3, "month": 1}[precision]
    year, month = divmod(first.month - 1 + months, 12)
    return date(first.year + year, month + 1, 1) - timedelta(days=1)


def date_precision(text: str | None) -> str:
    """ "2024" year, "2024-Q2" quarter, "2024-05" month, "2024-05-31" day; empty or unparsable: unknown."""
    if not isinstance(text, str) or not text or parse_partial_date(text) is None:
        return "unknown"
    if QUARTER_DATE.match(text):
        return "quarter"
    return {4: "year", 7: "month", 10: "day"}.get(len(text), "unknown")
