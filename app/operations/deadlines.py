"""Working days in mainland China and a complaint's response deadline. Pure (the holiday calendar is a
small data file in the package, read once).

A working day is Monday to Friday, except the days of a public holiday, plus the weekend days worked
instead (调休上班), as the State Council's General Office announces them each year
(``data/holidays-cn.csv`` names the notices). A year the file does not cover counts Monday to Friday
only: a deadline that runs into such a year says so (``Deadline.assumed``), so a page can warn that the
year's holidays are not known yet.

The deadline rule, in China time (Asia/Shanghai) whatever the server's zone:

1. A complaint filed on a working day before the end of working hours (a setting, 17:30 by default)
   is received that day. Filed at that time or later, or on a day off, it is received on the next
   working day.
2. The day it is received is not counted (Civil Code art. 201: a period counted in days starts on the
   day after the event); the deadline is the N-th working day after it (N a setting, 3 by default).
3. The whole deadline day is in time: a response at 23:59 on it is not late; the complaint is overdue
   from 00:00 of the next day (``Deadline.due_at``), whether or not that day is a working day.

So with N = 3, a complaint filed on Monday at 10:00 is due by the end of Thursday; filed on Monday at
18:00 or on Saturday, by the end of Friday (of an ordinary week). A reopened complaint gets a new
deadline by the same rule, from the moment it was reopened.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from app.clock import CHINA

CALENDAR_FILE = Path(__file__).resolve().parent / "data" / "holidays-cn.csv"
DAY_KINDS = ("off", "work")  # a holiday's day off · a weekend day worked instead (调休上班)


@dataclass(frozen=True)
class HolidayCalendar:
    off: frozenset[date]  # days of a holiday (weekend days inside one included)
    work: frozenset[date]  # weekend days that are working days
    years: frozenset[int]  # the years whose arrangement is known

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.work:
            return True
        if day in self.off:
            return False
        return day.weekday() < 5


WEEKENDS_ONLY = HolidayCalendar(frozenset(), frozenset(), frozenset())


def read_calendar(text: str) -> HolidayCalendar:
    """A calendar from the data file's text (``#`` lines are notes). Raises ValueError, naming the line,
    on an unknown kind, a date given twice, or a make-up working day that is not a Saturday or Sunday
    (a typing slip that would silently move every deadline around it)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    off: set[date] = set()
    work: set[date] = set()
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            day = date.fromisoformat(row["date"])
        except (TypeError, ValueError):
            raise ValueError(f"holiday calendar row {number}: {row.get('date')!r} is not a date (YYYY-MM-DD)") from None
        kind = row.get("kind")
        if kind not in DAY_KINDS:
            raise ValueError(f"holiday calendar row {number}: kind must be one of {', '.join(DAY_KINDS)}, got {kind!r}")
        if day in off or day in work:
            raise ValueError(f"holiday calendar row {number}: {day} is given twice")
        if kind == "work" and day.weekday() < 5:
            raise ValueError(f"holiday calendar row {number}: {day} is a weekday, so it cannot be a make-up working day")
        (off if kind == "off" else work).add(day)
    years = frozenset(day.year for day in off | work)
    return HolidayCalendar(frozenset(off), frozenset(work), years)


@cache
def official_calendar() -> HolidayCalendar:
    return read_calendar(CALENDAR_FILE.read_text(encoding="utf-8"))


def next_working_day(day: date, calendar: HolidayCalendar) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int, calendar: HolidayCalendar) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
    if type(count) is not int or count < 1:
        raise ValueError(f"a number of working days must be a whole number of at least 1, got {count!r}")
    for _ in range(count):
        day = next_working_day(day, calendar)
    return day


def china_time(moment: datetime) -> datetime:
    """A moment in China time; a moment without a time zone is refused rather than guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment must carry its time zone (naive datetimes are ambiguous)")
    return moment.astimezone(CHINA)


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day``, China time."""
    return datetime.combine(day, time(0), tzinfo=CHINA)


def received_on(filed_at: datetime, day_ends: time, calendar: HolidayCalendar) -> date:
    """The working day a complaint filed at ``filed_at`` counts as received (rule 1 above)."""
    local = china_time(filed_at)
    day = local.date()
    if calendar.is_working_day(day) and local.time() < day_ends:
        return day
    return next_working_day(day, calendar)


@dataclass(frozen=True)
class Deadline:
    received_on: date  # the working day the complaint counts as received
    due_on: date  # the last day to respond: all of it is in time
    assumed: bool  # a day from filing to due_on lies in a year whose holidays are not known

    @property
    def due_at(self) -> datetime:
        """The first overdue moment: midnight at the end of ``due_on``, China time. What a table stores,
        so that "overdue" is one comparison in SQL (``due_at <= now``)."""
        return start_of(self.due_on + timedelta(days=1))


def response_deadline(
    filed_at: datetime, working_days: int, *, day_ends: time, calendar: HolidayCalendar | None = None
) -> Deadline:
    """When a complaint filed (or reopened) at ``filed_at`` must be answered by; see the module's rules."""
    calendar = official_calendar() if calendar is None else calendar
    received = received_on(filed_at, day_ends, calendar)
    due = add_working_days(received, working_days, calendar)
    first = china_time(filed_at).date()
    assumed = any(not calendar.covers(date(year, 1, 1)) for year in range(first.year, due.year + 1))
    return Deadline(received, due, assumed)


def is_overdue(due_at: datetime, now: datetime) -> bool:
    """Whether a response due by ``due_at`` (``Deadline.due_at``) is late at ``now``: from that moment on."""
    return china_time(now) >= china_time(due_at)
