"""The service-log form and the lists' filters: each reads what was typed, keeps it for the form's
second showing, and says what is wrong next to the field."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from app import clock
from app.forms import Form, fold_width, parse_date, parse_id
from app.i18n import gettext as _
from app.numbers import parse_decimal
from app.operations.logs import logic
from app.operations.logs.views import LogFilter

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?")


def blank_log(community: int | None = None) -> Form:
    now = clock.now()
    return Form(values={"community": str(community or ""), "category": "", "service_date": now.date().isoformat(),
                        "service_time": now.strftime("%H:%M"), "staff_count": "1", "hours": "", "notes": ""})


def parse_log(data) -> Form:
    form = Form(data=data)
    form.id("community", required=_("Choose the community."))
    form.choice("category", logic.CATEGORIES, _("Choose what kind of service it was."))
    day = form.date("service_date", required=_("Enter the day of the service."))
    raw_time = fold_width(form.raw("service_time")).strip()
    match = _TIME.fullmatch(raw_time)
    if not raw_time:
        form.error("service_time", _("Enter the time the service began."))
    elif match is None:
        form.error("service_time", _("Enter the time as HH:MM, for example 08:30."))
    if day is not None and match is not None:
        started = datetime.combine(day, time(int(match.group(1)), int(match.group(2))), tzinfo=clock.CHINA)
        form.clean["started_at"] = started
        if logic.in_future(started, clock.now()):
            form.error("service_date", _("A service cannot be logged before it is done: the day and time are in the future."))
    staff = form.whole("staff_count", minimum=1, maximum=logic.MAX_STAFF,
                       message=_("Enter the number of staff, from 1 to %(n)s.", n=logic.MAX_STAFF))
    if staff is None and "staff_count" not in form.errors:
        form.error("staff_count", _("Enter the number of staff, from 1 to %(n)s.", n=logic.MAX_STAFF))
    hours = parse_decimal(form.raw("hours"), places=logic.HOURS_PLACES, maximum=logic.MAX_HOURS, suffixes=("小时", "h"))
    if hours.problem == "empty":
        form.error("hours", _("Enter how many hours it took."))
    elif hours.problem == "decimals":
        form.error("hours", _("At most two decimals, for example 1.25."))
    elif hours.problem:
        form.error("hours", _("Enter the hours, more than 0 and at most %(n)s.", n=logic.MAX_HOURS))
    form.clean["hours"] = hours.value
    form.text("notes", max_length=logic.NOTES_LENGTH)
    return form


def _day(raw: str) -> date | None:
    return parse_date(raw) if raw else None


def parse_filter(params, *, with_community: bool = False) -> LogFilter:
    """The lists' filters from the query string; anything unreadable is left out, never an error."""
    category = str(params.get("category", ""))[:16]
    since, until = _day(str(params.get("since", ""))[:32]), _day(str(params.get("until", ""))[:32])
    community = parse_id(str(params.get("community", ""))[:16]) if with_community else None
    return LogFilter(category=category if category in logic.CATEGORIES else "", since=since, until=until,
                     community=community)
