"""What the pages show of complaints: a complaint with its timeline and the actions open to the
actor, the community page's section, and the company's, street's and owner's home sections (each
within the sections' budget of two queries)."""

from __future__ import annotations

from piccolo.query import OrderByRaw

from app import clock
from app.accounts.logic import Principal, mask_name
from app.operations.complaints import TRANSITIONS, allowed_actions, overdue
from app.operations.grievances import access
from app.operations.grievances.services.complaints import events_of, get_complaint, mark_seen
from app.operations.grievances.services.lists import LIST_COLUMNS, decorate
from app.operations.grievances.tables import Complaint
from app.pagination import counted_page

HOME_ROWS = 8


async def complaint_page(actor: Principal, complaint_id: int) -> dict:
    complaint = await get_complaint(actor, complaint_id)
    parts = access.parts(actor, complaint)
    now = clock.now()
    if "complainant" in parts:
        await mark_seen(complaint)
    if not access.sees_complainant(actor, complaint):
        complaint["complainant_name"] = mask_name(complaint["complainant_name"])
    actions = allowed_actions(complaint["state"], parts)
    return {
        "complaint": complaint,
        "events": await events_of(complaint_id),
        "overdue": overdue(complaint["state"], complaint["due_at"], now),
        "actions": actions,
        "action_labels": {action: TRANSITIONS[action].label for action in actions},
        "closes_as_staff": "staff" in parts and "complainant" not in parts,
        "inherited": actor.role == "company" and "responsible" not in parts,
    }


async def community_section(actor: Principal, community: dict) -> dict:
    """How many complaints the community has, by state, and how many are overdue: counts only, so an
    owner or a company sees nothing of who complained or about what (one query by the community's index)."""
    now = clock.now()
    rows = await Complaint.raw(
        "SELECT state, COUNT(*) AS n, SUM(CASE WHEN state = 'open' AND due_at <= {} THEN 1 ELSE 0 END) AS late "
        "FROM complaint WHERE community = {} GROUP BY state", now, community["id"])
    counts = {row["state"]: row["n"] for row in rows}
    return {"complaint_counts": {
        "open": counts.get("open", 0), "responded": counts.get("responded", 0), "closed": counts.get("closed", 0),
        "overdue": sum(row["late"] or 0 for row in rows),
        "may_list": access.may_see_community_list(actor),
        "may_file": access.filing_part(actor, community) is not None,
    }}


async def _page_of(actor: Principal, conditions: list, order) -> tuple[list[dict], int]:
    """The first rows and their number, in one query (``counted_page``: the number rides as a sub-select)."""
    page = await counted_page(Complaint, LIST_COLUMNS, conditions, order, 1, HOME_ROWS)
    return decorate(actor, page.rows), page.total


async def company_home(actor: Principal) -> dict:
    """A company's home: the complaints routed to it awaiting a response, nearest deadline first."""
    if actor.role != "company" or not actor.company_id:
        return {"home_complaints": [], "home_complaints_total": 0}
    rows, total = await _page_of(actor, [Complaint.responsible_company == actor.company_id, Complaint.state == "open"],
                                 lambda query: query.order_by(Complaint.due_at).order_by(Complaint.id))
    return {"home_complaints": rows, "home_complaints_total": total}


async def street_home(actor: Principal) -> dict:
    """A street's home: the complaints in its area past their deadline, the longest overdue first."""
    if actor.role != "street" or not actor.region_prefix:
        return {"home_overdue": [], "home_overdue_total": 0}
    conditions = [access.area_condition(actor.region_prefix), Complaint.state == "open",
                  Complaint.due_at <= clock.now()]
    rows, total = await _page_of(actor, conditions, lambda query: query.order_by(Complaint.due_at).order_by(Complaint.id))
    return {"home_overdue": rows, "home_overdue_total": total}


async def owner_home(actor: Principal) -> dict:
    """An owner's home: his complaints, those with a response he has not read first."""
    if actor.role != "owner" or actor.id is None:
        return {"my_complaints": []}
    rows = await Complaint.select(*LIST_COLUMNS).where(Complaint.complainant == actor.id).order_by(
        OrderByRaw(_UNREAD_FIRST)).order_by(Complaint.id, ascending=False).limit(HOME_ROWS)
    return {"my_complaints": decorate(actor, rows)}


# A complaint with a response its complainant has not read sorts first (``decorate``'s new_response).
_UNREAD_FIRST = ("CASE WHEN complaint.last_response_at IS NOT NULL AND (complaint.seen_at IS NULL"
                 " OR complaint.seen_at < complaint.last_response_at) THEN 0 ELSE 1 END")
