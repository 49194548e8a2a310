"""The audit log, for bureau users, within their area: filtered by day, user, object type and action."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from app.audit import services as audit
from app.audit.forms import parse_filters
from app.audit.logic import actions, describe, object_text, object_type_label
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, render

PER_PAGE = 50


@get("/audit", name="list_audit", guards=[allow("bureau")])
async def list_audit(request: Request) -> Template:
    form = parse_filters(request.query_params)
    page = query_int(request, "page")
    htmx = getattr(request, "htmx", None)
    fragment = bool(htmx and not htmx.boosted and htmx.target == "audit-rows")
    entries = await audit.list_entries(
        principal_of(request), filters=form.filters, page=page, per_page=PER_PAGE, with_choices=not fragment
    )
    context = {
        "entries": entries,
        "form": form,
        "params": form.filters.params(),
        "actions": actions(),
        "describe": describe,
        "object_text": object_text,
        "object_type_label": object_type_label,
        "page": entries.page,
        "pages": entries.pages,
    }
    return render(request, "audit/list.html", context, fragment="audit/_rows.html", target="audit-rows")


ROUTES = [list_audit]
