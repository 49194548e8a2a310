"""The rules behind arrangements, at their boundaries."""

from datetime import date, timedelta

import pytest

from app.management.logic import (
    Period,
    active_on,
    conflict,
    first_conflict,
    notice_shortfall,
    required_notice_days,
)
from app.money import AmountResult, parse_yuan

D = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("new_start", "refused"),
    [
        (D - timedelta(days=1), True),  # two shared days
        (D, False),  # handover on one day: the old one's last day is the new one's first
        (D + timedelta(days=1), False),  # the next day: no overlap at all
        (D + timedelta(days=2), False),  # a gap of a day is allowed (the flags will notice it)
    ],
)
def test_a_new_arrangement_after_one_that_ends(new_start, refused):
    old = Period(date(2024, 1, 1), D)
    assert conflict(Period(new_start), old) is refused


def test_an_open_ended_arrangement_blocks_any_later_start():
    old = Period(date(2024, 1, 1))
    assert conflict(Period(date(2030, 1, 1)), old)


def test_a_new_arrangement_that_ends_the_day_an_old_one_starts_is_a_handover():
    later = Period(D, date(2027, 12, 31))
    assert not conflict(Period(date(2025, 1, 1), D), later)
    assert conflict(Period(date(2025, 1, 1), D + timedelta(days=1)), later)


def test_two_arrangements_starting_on_the_same_day_conflict_even_for_one_day():
    assert conflict(Period(D, D), Period(D, D))


def test_an_arrangement_inside_another_conflicts():
    assert conflict(Period(date(2025, 3, 1), date(2025, 4, 1)), Period(date(2025, 1, 1), date(2025, 12, 31)))


def test_first_conflict_names_the_earliest_clash():
    existing = [Period(date(2026, 1, 1), date(2026, 12, 31)), Period(date(2025, 1, 1), date(2025, 12, 31))]
    assert first_conflict(Period(date(2025, 6, 1)), existing) == existing[1]
    assert first_conflict(Period(date(2027, 1, 1)), existing) is None


def test_on_a_handover_day_the_new_arrangement_is_the_active_one():
    periods = [(Period(date(2024, 1, 1), D), "old"), (Period(D), "new")]
    assert active_on(periods, D - timedelta(days=1)) == "old"
    assert active_on(periods, D) == "new"
    assert active_on(periods, date(2023, 12, 31)) is None


@pytest.mark.parametrize(
    ("reason", "days_given", "short_by"),
    [
        ("dismissal", 60, 0),
        ("dismissal", 59, 1),
        ("dismissal", 61, 0),
        ("non_renewal", 90, 0),
        ("non_renewal", 89, 1),
        ("non_renewal", 60, 30),
        ("expiry", 0, 0),
    ],
)
def test_notice_periods_of_the_civil_code(reason, days_given, short_by):
    required = required_notice_days(reason, 60, 90)
    assert notice_shortfall(D - timedelta(days=days_given), D, required) == short_by


def test_no_notice_date_is_no_notice():
    assert notice_shortfall(None, D, 60) == 60
    assert notice_shortfall(None, D, 0) == 0


@pytest.mark.parametrize(
    ("text", "fen"),
    [("2.5", 250), ("0.01", 1), ("1,000.50", 100050), ("¥3", 300), (" 0.80 ", 80), ("０.８", 80), ("2元", 200)],
)
def test_yuan_become_exact_fen(text, fen):
    assert parse_yuan(text, 10**12).fen == fen


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "empty"), ("abc", "format"), ("0.001", "decimals"), ("1.500", "decimals"), ("2.555", "decimals"),
     ("-1", "not_positive"), ("NaN", "format"), ("1e20", "format"), ("0", "not_positive"), ("1,00.5", "format"),
     ("100.01", "too_large")],
)
def test_bad_amounts_are_named(text, problem):
    assert parse_yuan(text, 100_00) == AmountResult(None, problem)
