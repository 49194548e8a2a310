"""Service logs' rules: who may log a community on a day, and what a log may hold. Pure.

A company logs a service only for a community it manages or serves on the day of the service: its
professional arrangement (a bundle's included) or a shared service (套管), as management's one rule
(``app.management.logic.manager_on``) names the manager of that day. On a handover day the incoming
company is the manager, so the outgoing one may log its last day only when that is not also the next
one's first.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from app.operations.complaints import SERVICE_CATEGORIES

CATEGORIES = SERVICE_CATEGORIES
MAX_STAFF = 500  # more on one service is a typing slip
MAX_HOURS = Decimal(24)  # one service within one day
HOURS_PLACES = 2
NOTES_LENGTH = 1000
MAX_PHOTOS = 6  # photos on one log (each at most PHOTO_MAX_BYTES)


def served_as(manager: dict | None, company_id: int | None) -> str | None:
    """How ``company_id`` served the community on the day whose manager is ``manager`` (the row
    ``manager_on`` gives): "professional" or "shared_service"; None when it did not manage it then."""
    if manager is None or company_id is None or manager.get("company") != company_id:
        return None
    return manager["mode"]


def in_future(started_at: datetime, now: datetime) -> bool:
    """A service that starts after this moment has not been done: it cannot be logged yet."""
    return started_at > now


def hours_hundredths(hours: Decimal) -> int:
    """Hours (at most two decimals, as the form reads them) in exact hundredths: 1.25 → 125."""
    value = hours * 100
    if value != value.to_integral_value():
        raise ValueError(f"{hours} has more than {HOURS_PLACES} decimals")
    return int(value)


def fmt_hours(hundredths: int) -> str:
    """125 → "1.25", 150 → "1.5", 200 → "2"."""
    whole, part = divmod(hundredths, 100)
    return f"{whole}" if part == 0 else f"{whole}.{part:02d}".rstrip("0")


def week_of(day: date) -> tuple[date, date]:
    """The week (Monday to Sunday) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
