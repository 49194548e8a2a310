"""Service logs' pure rules: who served on the day, the future, hours in exact hundredths, the week."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from app.clock import CHINA
from app.operations.logs import logic


def test_only_the_company_that_manages_the_community_that_day_serves_it():
    assert logic.served_as({"mode": "professional", "company": 7}, 7) == "professional"
    assert logic.served_as({"mode": "shared_service", "company": 7}, 7) == "shared_service"
    assert logic.served_as({"mode": "professional", "company": 8}, 7) is None
    assert logic.served_as({"mode": "self_managed", "company": None}, 7) is None
    assert logic.served_as(None, 7) is None
    assert logic.served_as({"mode": "professional", "company": 7}, None) is None


def test_a_service_starting_now_is_done_and_one_a_minute_later_is_not():
    now = datetime(2026, 11, 25, 10, 30, tzinfo=CHINA)
    assert not logic.in_future(now, now)
    assert not logic.in_future(now - timedelta(minutes=1), now)
    assert logic.in_future(now + timedelta(minutes=1), now)


@pytest.mark.parametrize(("hours", "hundredths", "text"), [
    ("0.01", 1, "0.01"), ("1.5", 150, "1.5"), ("1.25", 125, "1.25"), ("2", 200, "2"), ("24.00", 2400, "24"),
])
def test_hours_are_kept_as_exact_hundredths(hours, hundredths, text):
    assert logic.hours_hundredths(Decimal(hours)) == hundredths
    assert logic.fmt_hours(hundredths) == text


def test_hours_with_three_decimals_are_refused_not_rounded():
    with pytest.raises(ValueError):
        logic.hours_hundredths(Decimal("1.255"))


def test_the_week_runs_monday_to_sunday():
    assert logic.week_of(date(2026, 11, 25)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert logic.week_of(date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert logic.week_of(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))
