"""The audit log's filter, read from the query string: anything typed gives a filter or a message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.audit.logic import actions
from app.audit.services import AuditFilter
from app.i18n import gettext as _

_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # what <input type="date"> sends


@dataclass
class FilterForm:
    values: dict = field(default_factory=dict)
    clean: AuditFilter = field(default_factory=AuditFilter)
    errors: dict[str, str] = field(default_factory=dict)


def _day(raw: str, name: str, errors: dict) -> date | None:
    if not raw:
        return None
    if _ISO_DAY.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    errors[name] = _("Write the date as YYYY-MM-DD, e.g. 2025-03-01.")
    return None


def parse_filters(params) -> FilterForm:
    values = {name: str(params.get(name, "") or "").strip()[:64] for name in ("action", "object_type", "who", "since", "until")}
    errors: dict[str, str] = {}
    since, until = _day(values["since"], "since", errors), _day(values["until"], "until", errors)
    if since and until and since > until:
        errors["until"] = _("The last day cannot be before the first.")
        until = None
    clean = AuditFilter(
        action=values["action"] if values["action"] in actions() else "",
        object_type=values["object_type"] if values["object_type"].replace("_", "").isalnum() else "",
        who=values["who"],
        since=since,
        until=until,
    )
    return FilterForm(values=values, clean=clean, errors=errors)
