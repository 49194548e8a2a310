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

# Who manages a community on a day: one of the four modes, or a neighbour's company lending its
# staff (shared service, 套管), which counts as served wherever "managed" is counted.
SHARED_SERVICE = "shared_service"
MANAGER_MODES = {**MODES, SHARED_SERVICE: lazy("Shared service by a neighbour's company")}

# Modes under a contract with a property company: the only ones the Civil Code's notice periods
# (arts. 946–948) and the contract's end date apply to.
CONTRACT_MODES = ("professional",)

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
    """The payload of the period active on ``day``; on a handover day, the one that starts then.

    THE rule for "who manages community X on day D" (``queries.MANAGERS_SQL`` is its SQL twin):
    dates inclusive; when one arrangement's last day is the next one's first, the new one is current.
    """
    candidates = [(period, payload) for period, payload in periods if period.start <= day <= period.last_day]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: pair[0].start)[1]


def manager_on(arrangements: list[dict], shared_services: list[dict], day: date) -> dict | None:
    """The manager of one community on ``day``: its current arrangement (``active_on``), else a shared
    service running that day (mode ``shared_service``, the provider's company), else None.

    Rows carry ``start_date`` and ``end_date``; the answer is the row itself with ``mode`` set.
    """
    row = active_on([(Period(r["start_date"], r["end_date"]), r) for r in arrangements], day)
    if row is not None:
        return row
    shared = active_on([(Period(r["start_date"], r["end_date"]), r) for r in shared_services], day)
    return {**shared, "mode": SHARED_SERVICE} if shared is not None else None


def next_after(arrangements: list[dict], day: date) -> dict | None:
    """The first arrangement that starts after ``day`` (shown as "from <date>: …")."""
    later = [r for r in arrangements if r["start_date"] > day]
    return min(later, key=lambda r: r["start_date"]) if later else None


def may_end_as_expiry(contract_end: date | None, end_date: date) -> bool:
    """"The contract expired" is true only on or after the contracted last day (an open contract
    never expires); ending earlier is an early termination, with its notice rule."""
    return contract_end is not None and end_date >= contract_end


def notice_applies(mode: str) -> bool:
    """Notice periods bind a property company's service contract, not self- or unit-management."""
    return mode in CONTRACT_MODES


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


def status_on(row: dict, manager: dict | None, shared: bool, day: date) -> str:
    """A contract's (``shared`` False) or shared service's (True) standing on ``day``: ``current`` when
    the one rule names it the manager (so the outgoing side of a handover reads ``ended``), ``later``
    when it has not started, else ``ended``."""
    if manager is not None and (manager["mode"] == SHARED_SERVICE) == shared and manager["id"] == row["id"]:
        return "current"
    return "later" if row["start_date"] > day else "ended"
