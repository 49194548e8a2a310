"""Credit cycles: the span a score is computed for. Pure.

Item 15 recomputes the points every year, so a cycle is a calendar year by default; a county whose
scheme runs from another month sets ``CREDIT_CYCLE_START_MONTH`` (7: July to June). A cycle is named
by the year it starts in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Cycle:
    """Inclusive bounds: ``start`` is its first day, ``end`` its last."""

    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        """"2026" for a calendar year, "2026–2027" for a cycle that straddles two."""
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}–{self.end.year}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, first: date, last: date | None) -> bool:
        """Whether the inclusive span ``first`` … ``last`` (None: open-ended) shares a day with the cycle."""
        return first <= self.end and (last is None or last >= self.start)


def _check_month(start_month: int) -> None:
    if not 1 <= start_month <= 12:
        raise ValueError(f"a cycle starts in a month, 1 to 12, not {start_month}")


def cycle_starting(year: int, start_month: int = 1) -> Cycle:
    """The cycle that starts in ``year`` (on the first of ``start_month``)."""
    _check_month(start_month)
    start = date(year, start_month, 1)
    following = date(year + 1, start_month, 1)
    return Cycle(start, following - timedelta(days=1))


def cycle_of(day: date, start_month: int = 1) -> Cycle:
    """The cycle ``day`` falls in: with a July start, 30 June 2026 is in 2025–2026, 1 July in 2026–2027."""
    _check_month(start_month)
    year = day.year if day.month >= start_month else day.year - 1
    return cycle_starting(year, start_month)


def previous(cycle: Cycle) -> Cycle:
    return cycle_of(cycle.start - timedelta(days=1), cycle.start.month)
