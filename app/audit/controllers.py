"""The audit log, for bureau users, within their area."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from app.audit import services as audit
from app.audit.logic import actions
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, query_str, render

PER_PAGE = 50


@get("/audit", name="list_audit", guards=[allow("bureau")])
async def list_audit(request: Request) -> Template:
    action = query_str(request, "action", 64)
    if action not in actions():
        action = ""
    page = query_int(request, "page")
    entries = await audit.list_entries(principal_of(request), action=action or None, page=page, per_page=PER_PAGE)
    context = {
        "entries": entries,
        "action": action,
        "actions": actions(),
        "page": page,
        "pages": max(1, -(-entries.total // PER_PAGE)),
    }
    return render(request, "audit/list.html", context, fragment="audit/_rows.html", target="audit-rows")


ROUTES = [list_audit]
