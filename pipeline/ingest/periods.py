"""Periods as publishers write them (2021, 2025-01, 2026-01-01, 2023-01-01/P1Y) → canonical fields."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(/P1Y)?$")


def parse_period(raw: str) -> tuple[str, date, str] | None:
    """(canonical period, start date, label) or None if `raw` is not a period we understand.

    Monthly releases dated the 1st ("2026-01-01") become "2026-01" so that releases published
    with and without the day line up as one period.
    """
    m = _PATTERN.match(raw.strip())
    if not m:
        return None
    year, month, day, annual = m.groups()
    try:
        start = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if annual:
        return raw.strip(), start, year
    if month is None:
        return year, start, year
    if day is None or day == "01":
        return f"{year}-{month}", start, f"{_MONTHS[start.month - 1]} {year}"
    return f"{year}-{month}-{day}", start, f"{int(day)} {_MONTHS[start.month - 1]} {year}"
