"""The service-log form reads anything typed into it as a value or a message, never an error; the
boundaries of staff and hours; full-width digits; the lists' filters ignore what they cannot read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.operations.logs.forms import parse_filter, parse_log

FIELDS = ("community", "category", "service_date", "service_time", "staff_count", "hours", "notes")
VALID = {"community": "1", "category": "cleaning", "service_date": "2026-11-24", "service_time": "08:30",
         "staff_count": "3", "hours": "1.5", "notes": ""}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=3000), st.none(), st.integers())))
def test_any_input_is_a_value_or_a_message(clock, data):
    form = parse_log(data)
    assert form.ok or all(isinstance(message, str) and message for message in form.errors.values())
    if form.ok:
        assert 1 <= form.clean["staff_count"] <= 500 and Decimal(0) < form.clean["hours"] <= 24


@pytest.mark.parametrize(("field", "value", "ok"), [
    ("staff_count", "0", False), ("staff_count", "1", True), ("staff_count", "500", True), ("staff_count", "501", False),
    ("staff_count", "１２", True), ("staff_count", "2.5", False), ("staff_count", "", False),
    ("hours", "0", False), ("hours", "0.01", True), ("hours", "24", True), ("hours", "24.01", False),
    ("hours", "1.255", False), ("hours", "１.５", True), ("hours", "1.5小时", True), ("hours", "-1", False),
    ("service_time", "23:59", True), ("service_time", "24:00", False), ("service_time", "８:３０", False),
    ("service_date", "2026-02-30", False), ("category", "gardening", False),
])
def test_each_field_at_its_boundaries(clock, field, value, ok):
    form = parse_log({**VALID, field: value, "service_date": VALID["service_date"] if field != "service_date" else value})
    assert form.ok is ok, form.errors


def test_a_moment_after_now_is_refused_and_now_is_not(clock):
    assert parse_log({**VALID, "service_date": "2026-11-25", "service_time": "10:30"}).ok  # the frozen clock
    late = parse_log({**VALID, "service_date": "2026-11-25", "service_time": "10:31"})
    assert "service_date" in late.errors


def test_the_filters_ignore_what_they_cannot_read():
    f = parse_filter({"category": "bogus", "since": "2026-13-01", "until": "2026-11-30", "community": "x"}, with_community=True)
    assert (f.category, f.since, f.until, f.community) == ("", None, date(2026, 11, 30), None)
    assert parse_filter({"community": "7"}).community is None  # a community's own list has no such filter
