"""Working days and a complaint's response deadline: the official holiday calendar (National Day week,
the Spring Festival's make-up Saturdays), the after-hours rule, the overdue boundary, and the deadline
against a naive day-by-day count over a calendar typed here from the notices' text."""

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.clock import CHINA
from app.operations.deadlines import (
    WEEKENDS_ONLY,
    add_working_days,
    is_overdue,
    official_calendar,
    read_calendar,
    received_on,
    response_deadline,
)

FIVE_THIRTY = time(17, 30)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CHINA)


def due(filed_at: datetime, days: int = 3, day_ends: time = FIVE_THIRTY) -> date:
    return response_deadline(filed_at, days, day_ends=day_ends).due_on


# The arrangements as the General Office's notices word them: (first day off, last day off, make-up days).
NOTICES = {
    2025: [("01-01", "01-01", []), ("01-28", "02-04", ["01-26", "02-08"]), ("04-04", "04-06", []),
           ("05-01", "05-05", ["04-27"]), ("05-31", "06-02", []), ("10-01", "10-08", ["09-28", "10-11"])],
    2026: [("01-01", "01-03", ["01-04"]), ("02-15", "02-23", ["02-14", "02-28"]), ("04-04", "04-06", []),
           ("05-01", "05-05", ["05-09"]), ("06-19", "06-21", []), ("09-25", "09-27", []),
           ("10-01", "10-07", ["09-20", "10-10"])],
}


def _typed_calendar():
    off, work = set(), set()
    for year, spans in NOTICES.items():
        for first, last, make_up in spans:
            day = date.fromisoformat(f"{year}-{first}")
            while day <= date.fromisoformat(f"{year}-{last}"):
                off.add(day)
                day += timedelta(days=1)
            work |= {date.fromisoformat(f"{year}-{d}") for d in make_up}
    return off, work


TYPED_OFF, TYPED_WORK = _typed_calendar()


def naive_is_working(day: date) -> bool:
    if day.year not in NOTICES:
        return day.weekday() < 5
    return day in TYPED_WORK or (day.weekday() < 5 and day not in TYPED_OFF)


def naive_deadline(filed_at: datetime, days: int, day_ends: time) -> date:
    local = filed_at.astimezone(CHINA)
    day = local.date()
    if not (naive_is_working(day) and local.time() < day_ends):
        day += timedelta(days=1)
        while not naive_is_working(day):
            day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if naive_is_working(day):
            counted += 1
    return day


moments = st.datetimes(min_value=datetime(2024, 11, 1), max_value=datetime(2027, 12, 20),
                       timezones=st.sampled_from([CHINA, timezone.utc, timezone(timedelta(hours=-5))]))
day_ends = st.times(min_value=time(15, 0), max_value=time(20, 0))


# The calendar


def test_the_file_matches_the_notices_day_for_day():
    calendar = official_calendar()
    assert calendar.off == TYPED_OFF
    assert calendar.work == TYPED_WORK
    assert calendar.years == {2025, 2026}  # 2027's arrangement was not published when the file was made


@pytest.mark.parametrize("year", [2025, 2026])
def test_each_year_gives_the_thirteen_statutory_days_off(year):
    # 全国年节及纪念日放假办法 (2024 revision): 13 public holidays a year from 2025. Days off on weekdays
    # less the weekend days worked instead must come to exactly that, or a row was mistyped.
    calendar = official_calendar()
    weekdays_off = [day for day in calendar.off if day.year == year and day.weekday() < 5]
    make_up = [day for day in calendar.work if day.year == year]
    assert len(weekdays_off) - len(make_up) == 13
    assert all(day.weekday() >= 5 for day in make_up)


def test_national_day_week_is_off_and_its_make_up_weekend_days_are_worked():
    calendar = official_calendar()
    assert not any(calendar.is_working_day(date(2026, 10, d)) for d in range(1, 8))
    assert calendar.is_working_day(date(2026, 10, 8))  # Thursday after the week
    assert calendar.is_working_day(date(2026, 9, 20))  # Sunday worked
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday worked
    assert not calendar.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    assert not any(calendar.is_working_day(date(2025, 10, d)) for d in range(1, 9))  # with Mid-Autumn: 8 days
    assert calendar.is_working_day(date(2025, 9, 28)) and calendar.is_working_day(date(2025, 10, 11))


def test_spring_festival_is_off_and_its_make_up_saturdays_are_worked():
    calendar = official_calendar()
    assert not any(calendar.is_working_day(date(2026, 2, 15) + timedelta(days=n)) for n in range(9))
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday before: worked
    assert calendar.is_working_day(date(2026, 2, 28))  # Saturday after: worked
    assert calendar.is_working_day(date(2026, 2, 24))
    assert calendar.is_working_day(date(2025, 1, 26)) and calendar.is_working_day(date(2025, 2, 8))
    assert not calendar.is_working_day(date(2025, 1, 28)) and not calendar.is_working_day(date(2025, 2, 4))


def test_a_year_the_file_does_not_cover_counts_monday_to_friday():
    calendar = official_calendar()
    assert not calendar.covers(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 1, 1))  # a Friday: New Year's Day unknown until published
    assert not calendar.is_working_day(date(2027, 1, 2))


@pytest.mark.parametrize(("text", "message"), [
    ("date,kind,holiday\n2026-10-01,off,x\n2026-10-01,off,x\n", "given twice"),
    ("date,kind,holiday\n2026-10-09,work,x\n", "weekday"),  # a Friday cannot be a make-up day
    ("date,kind,holiday\n2026-10-01,holiday,x\n", "kind"),
    ("date,kind,holiday\n2026-13-01,off,x\n", "not a date"),
])
def test_a_mistyped_calendar_is_refused_with_its_row(text, message):
    with pytest.raises(ValueError, match=message):
        read_calendar("# a note\n" + text)


# The deadline


def test_three_working_days_from_a_weekday_filing_end_on_the_third_day_after():
    assert due(at(2026, 11, 30, 10, 0)) == date(2026, 12, 3)  # Monday 10:00 → Thursday
    assert due(at(2026, 12, 2, 9, 0)) == date(2026, 12, 7)  # Wednesday → Monday, over the weekend


def test_filed_after_working_hours_it_counts_from_the_next_working_day():
    assert due(at(2026, 11, 30, 17, 29, 59)) == date(2026, 12, 3)
    assert due(at(2026, 11, 30, 17, 30)) == date(2026, 12, 4)  # at closing time: the next day's
    assert due(at(2026, 11, 30, 23, 59)) == date(2026, 12, 4)
    assert due(at(2026, 12, 4, 18, 0)) == date(2026, 12, 10)  # Friday evening → received Monday
    assert due(at(2026, 11, 30, 18, 0), day_ends=time(19, 0)) == date(2026, 12, 3)  # a later closing setting


def test_filed_on_a_weekend_or_holiday_it_counts_from_the_next_working_day():
    assert due(at(2026, 12, 5, 10, 0)) == date(2026, 12, 10)  # Saturday → received Monday → Thursday
    assert due(at(2026, 10, 3, 9, 0)) == date(2026, 10, 12)  # National Day → received Thu 8th: Fri, Sat 10th, Mon
    assert due(at(2026, 9, 30, 10, 0)) == date(2026, 10, 10)  # the eve: Thu 8th, Fri 9th, the worked Saturday


def test_the_spring_festival_holiday_is_skipped_and_its_make_up_saturday_counted():
    assert due(at(2026, 2, 13, 10, 0)) == date(2026, 2, 25)  # Fri → Sat 14th (worked), Tue 24th, Wed 25th
    assert due(at(2026, 2, 14, 10, 0)) == date(2026, 2, 26)  # filed on the worked Saturday: received that day
    assert due(at(2026, 2, 14, 18, 0)) == date(2026, 2, 27)  # …after hours: received Tue 24th
    assert due(at(2026, 2, 26, 10, 0)) == date(2026, 3, 2)  # Thu → Fri 27th, Sat 28th (worked), Mon 2nd


def test_the_filing_moment_is_read_in_china_time():
    # 09:45 UTC on Monday is 17:45 in Beijing: after hours.
    assert due(datetime(2026, 11, 30, 9, 45, tzinfo=timezone.utc)) == date(2026, 12, 4)
    assert due(datetime(2026, 11, 30, 9, 15, tzinfo=timezone.utc)) == date(2026, 12, 3)
    # 20:00 Sunday in UTC is already Monday 04:00 in Beijing.
    assert due(datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc)) == date(2026, 12, 3)
    with pytest.raises(ValueError):
        response_deadline(datetime(2026, 11, 30, 10, 0), 3, day_ends=FIVE_THIRTY)


def test_a_deadline_running_into_an_unpublished_year_says_it_assumed_weekends_only():
    known = response_deadline(at(2026, 12, 1, 10, 0), 3, day_ends=FIVE_THIRTY)
    assert not known.assumed
    crossing = response_deadline(at(2026, 12, 30, 10, 0), 3, day_ends=FIVE_THIRTY)
    assert crossing.assumed and crossing.due_on == date(2027, 1, 4)  # Thu 31st, Fri 1st, Mon 4th
    assert response_deadline(at(2026, 12, 1, 10, 0), 3, day_ends=FIVE_THIRTY, calendar=WEEKENDS_ONLY).assumed


def test_the_last_minute_of_the_deadline_day_is_in_time_and_midnight_is_overdue():
    deadline = response_deadline(at(2026, 11, 30, 10, 0), 3, day_ends=FIVE_THIRTY)
    assert deadline.due_at == at(2026, 12, 4, 0, 0)
    assert not is_overdue(deadline.due_at, at(2026, 12, 3, 23, 59))
    assert not is_overdue(deadline.due_at, at(2026, 12, 3, 23, 59, 59, 999999))
    assert is_overdue(deadline.due_at, at(2026, 12, 4, 0, 0))
    assert is_overdue(deadline.due_at, at(2026, 12, 4, 0, 1))
    # the same moments seen from a server on UTC
    assert not is_overdue(deadline.due_at, datetime(2026, 12, 3, 15, 59, tzinfo=timezone.utc))
    assert is_overdue(deadline.due_at, datetime(2026, 12, 3, 16, 0, tzinfo=timezone.utc))
    with pytest.raises(ValueError):
        is_overdue(deadline.due_at, datetime(2026, 12, 4, 1, 0))


def test_a_number_of_working_days_must_be_a_whole_positive_number():
    for wrong in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            add_working_days(date(2026, 12, 1), wrong, WEEKENDS_ONLY)


@given(moments, st.integers(min_value=1, max_value=15), day_ends)
def test_the_deadline_is_the_naive_day_by_day_count(filed_at, days, closing):
    assert response_deadline(filed_at, days, day_ends=closing).due_on == naive_deadline(filed_at, days, closing)


@given(moments, st.integers(min_value=1, max_value=15))
def test_the_deadline_day_is_a_working_day_with_exactly_that_many_after_receipt(filed_at, days):
    calendar = official_calendar()
    deadline = response_deadline(filed_at, days, day_ends=FIVE_THIRTY)
    assert calendar.is_working_day(deadline.received_on) and calendar.is_working_day(deadline.due_on)
    between = [deadline.received_on + timedelta(days=n) for n in range(1, (deadline.due_on - deadline.received_on).days + 1)]
    assert sum(calendar.is_working_day(day) for day in between) == days
    assert deadline.received_on >= filed_at.astimezone(CHINA).date()
    assert deadline.received_on == received_on(filed_at, FIVE_THIRTY, calendar)


@given(moments, moments, st.integers(min_value=1, max_value=10))
def test_a_later_filing_is_never_due_earlier(first, second, days):
    first, second = sorted((first, second))
    assert due(first, days) <= due(second, days)
    assert due(first, days) < due(first, days + 1)
