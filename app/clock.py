"""The one clock: "today" is a day in China whatever the server's time zone. Tests that need
another day patch these functions, nothing else."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(CHINA)


def utcnow() -> datetime:
    """The moment, for timestamps stored in the database (``Timestamptz`` columns)."""
    return now().astimezone(timezone.utc)


def today() -> date:
    return now().date()


def this_year() -> int:
    return today().year
