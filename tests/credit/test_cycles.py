"""Credit cycles: calendar years by default, or twelve months from another month."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.credit.cycles import Cycle, cycle_of, cycle_starting, previous


def test_a_cycle_is_a_calendar_year_by_default():
    cycle = cycle_of(date(2026, 5, 17))
    assert cycle == Cycle(date(2026, 1, 1), date(2026, 12, 31))
    assert (cycle.year, cycle.label) == (2026, "2026")
    assert cycle_of(date(2026, 1, 1)) == cycle_of(date(2026, 12, 31)) == cycle
    assert cycle_of(date(2025, 12, 31)) == cycle_starting(2025)


def test_a_cycle_from_july_runs_to_the_end_of_june():
    assert cycle_of(date(2026, 6, 30), 7) == Cycle(date(2025, 7, 1), date(2026, 6, 30))
    assert cycle_of(date(2026, 7, 1), 7) == Cycle(date(2026, 7, 1), date(2027, 6, 30))
    assert cycle_of(date(2026, 7, 1), 7).label == "2026–2027"


def test_a_leap_year_cycle_has_366_days():
    cycle = cycle_starting(2028)
    assert (cycle.end - cycle.start).days + 1 == 366
    assert date(2028, 2, 29) in cycle


def test_the_previous_cycle_ends_the_day_before():
    assert previous(cycle_starting(2026)) == cycle_starting(2025)
    assert previous(cycle_starting(2026, 7)) == cycle_starting(2025, 7)


def test_overlap_counts_shared_days_at_both_ends():
    cycle = cycle_starting(2026)
    assert cycle.overlaps(date(2025, 1, 1), date(2026, 1, 1))
    assert not cycle.overlaps(date(2025, 1, 1), date(2025, 12, 31))
    assert cycle.overlaps(date(2026, 12, 31), None)
    assert not cycle.overlaps(date(2027, 1, 1), None)


def test_a_month_that_is_not_one_is_refused():
    for month in (0, 13):
        with pytest.raises(ValueError):
            cycle_of(date(2026, 1, 1), month)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=1, max_value=12))
def test_every_day_is_in_exactly_one_cycle_and_cycles_follow_each_other(day, month):
    cycle = cycle_of(day, month)
    assert day in cycle and cycle.start.day == 1 and cycle.start.month == month
    assert cycle_of(cycle.end + timedelta(days=1), month).start == cycle.end + timedelta(days=1)
    assert 365 <= (cycle.end - cycle.start).days + 1 <= 366
