"""Management arrangements (item 16) and the Civil Code's notice periods (arts. 946 and 947). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.i18n import lazy

MODES = {
    "professional": lazy("Professional property service"),
    "self_managed": lazy("Residents' self-management"),
    "street_proxy": lazy("Managed by the street office"),
    "unit_managed": lazy("Managed by the owning work unit"),
}

END_REASONS = {
    "expiry": lazy("The contract expired"),
    "dismissal": lazy("The owners dismissed the company"),
    "non_renewal": lazy("The company declined to renew"),
    "handover": lazy("Handed over to a new manager"),
    "other": lazy("Other"),
}

PROJECT_KINDS = {
    "government_office": lazy("Government office building"),
    "school": lazy("School"),
    "other": lazy("Other public project"),
}

SERVICE_LEVEL_LABELS = {
    "star1": lazy("One-star service"),
    "star2": lazy("Two-star service"),
    "star3": lazy("Three-star service"),
    "star4": lazy("Four-star service"),
    "star5": lazy("Five-star service"),
}


@dataclass(frozen=True)
class Period:
    """Inclusive dates; ``end`` None means open-ended."""

    start: date
    end: date | None = None

    @property
    def last_day(self) -> date:
        return self.end or date.max


def conflict(new: Period, existing: Period) -> bool:
    """Whether two arrangements of one community may not both stand.

    Dates are inclusive, so sharing any day is an overlap, with one exception: a handover day,
    where one arrangement's last day is the other's first (and they do not start together).
    """
    first = max(new.start, existing.start)
    last = min(new.last_day, existing.last_day)
    if first > last:
        return False
    one_shared_day = first == last
    handover = one_shared_day and new.start != existing.start and (
        existing.end == new.start or new.end == existing.start
    )
    return not handover


def first_conflict(new: Period, existing: list[Period]) -> Period | None:
    for period in sorted(existing, key=lambda p: p.start):
        if conflict(new, period):
            return period
    return None


def active_on(periods: list[tuple[Period, object]], day: date) -> object | None:
    """The payload of the period active on ``day``; on a handover day, the one that starts then."""
    candidates = [(period, payload) for period, payload in periods if period.start <= day <= period.last_day]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: pair[0].start)[1]


def required_notice_days(reason: str, dismissal_days: int, non_renewal_days: int) -> int:
    """Days of notice the law asks for this way of ending: art. 946 (dismissal), art. 947 (non-renewal)."""
    return {"dismissal": dismissal_days, "non_renewal": non_renewal_days}.get(reason, 0)


def notice_shortfall(notice_given_on: date | None, end_date: date, required_days: int) -> int:
    """How many days short of the required notice this ending is (0: enough).

    Notice given exactly ``required_days`` before the last day is enough. No notice date at all
    counts as no notice.
    """
    if required_days == 0:
        return 0
    if notice_given_on is None:
        return required_days
    given = (end_date - notice_given_on).days
    return max(0, required_days - given)
