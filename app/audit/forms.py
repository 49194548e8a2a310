"""The audit log's filter, read from the query string: anything typed gives a filter or a message."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.audit.logic import actions
from app.audit.services import AuditFilter
from app.forms import Form
from app.i18n import gettext as _


@dataclass
class FilterForm(Form):
    """The one Form shape; ``filters`` is what the clean values mean to the audit service."""

    filters: AuditFilter = field(default_factory=AuditFilter)


def parse_filters(params) -> FilterForm:
    form = FilterForm(data=params)
    invalid = _("Write the date as YYYY-MM-DD, e.g. 2025-03-01.")
    since, until = form.date("since", invalid=invalid), form.date("until", invalid=invalid)
    if since and until and since > until:
        form.error("until", _("The last day cannot be before the first."))
        until = None
    action = form.text("action", max_length=64)
    object_type = form.text("object_type", max_length=64)
    form.filters = AuditFilter(
        action=action if action in actions() else "",
        object_type=object_type if object_type.replace("_", "").isalnum() else "",
        who=form.text("who", max_length=64),
        since=since,
        until=until,
    )
    return form
