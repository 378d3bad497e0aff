"""The one clock: everything that asks "what is today" (freshness, "as at", targets, report dates,
"a period that has not happened") reads it here, so a test or an operator can set the day.

ONE_STOCKPORT_TODAY=YYYY-MM-DD runs the product as on that day (a server started with it, and every
process it starts, agree); tests set it with monkeypatch. Without it, the day in London.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone

ENV = "ONE_STOCKPORT_TODAY"

try:  # the UK's date, not the server's: a figure falls due at midnight in Stockport
    from zoneinfo import ZoneInfo

    _ZONE = ZoneInfo("Europe/London")
except Exception:  # no time-zone database on a slim image: UTC is at most an hour out
    _ZONE = timezone.utc


def today() -> date:
    fixed = os.environ.get(ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise ValueError(f"{ENV}={fixed!r} is not a date (YYYY-MM-DD)") from None
    return datetime.now(_ZONE).date()


def now() -> datetime:
    """This moment (UTC), on the clock's day: the time of day is real, the date is `today()`."""
    real = datetime.now(timezone.utc)
    if not os.environ.get(ENV, "").strip():
        return real
    return datetime.combine(today(), time(real.hour, real.minute, real.second, real.microsecond), timezone.utc)


def month() -> str:
    """Today's month as YYYY-MM (the register's months)."""
    return f"{today():%Y-%m}"
