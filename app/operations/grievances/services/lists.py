"""The complaint lists: a company's (by deadline), a street's or bureau's in its area (filtered by
state, overdue, community, channel and who answers), a committee's community, an owner's own, and
one community's. Each is one query (the page with its count) read by an index: company or street,
state, deadline (the migration's complaint_*_state_due), or community and filing time."""

from __future__ import annotations

from dataclasses import dataclass

from app import clock
from app.accounts.logic import Principal, mask_name
from app.communities import services as communities
from app.errors import NotFound
from app.operations.complaints import CHANNELS, STATES, overdue
from app.operations.grievances import access
from app.operations.grievances.tables import Complaint
from app.pagination import counted_page

PER_PAGE = 25
VIEWS = ("routed", "inherited")  # a company's: routed to it · of communities it took over since

LIST_COLUMNS = (
    Complaint.id, Complaint.community, Complaint.community.name.as_alias("community_name"), Complaint.region_code,
    Complaint.channel, Complaint.complainant, Complaint.complainant_name, Complaint.subject,
    Complaint.responsible_kind, Complaint.responsible_company,
    Complaint.responsible_company.name.as_alias("company_name"), Complaint.filed_at, Complaint.due_at,
    Complaint.state, Complaint.responses, Complaint.last_response_at, Complaint.seen_at, Complaint.satisfied,
)


@dataclass(frozen=True)
class Filters:
    state: str = ""  # "" = every state
    overdue: bool = False
    community: int | None = None
    channel: str = ""
    responsible: str = ""  # company · street · ""
    view: str = "routed"

    def params(self) -> dict:
        return {"state": self.state, "overdue": "1" if self.overdue else "", "community": self.community or "",
                "channel": self.channel, "responsible": self.responsible,
                "view": self.view if self.view != "routed" else ""}


def clean_filters(state: str, overdue_flag: str, community: int | None, channel: str, responsible: str,
                  view: str) -> Filters:
    """Filters from the query string: anything unknown is ignored rather than refused (a list always shows)."""
    return Filters(
        state=state if state in STATES else "",
        overdue=overdue_flag in ("1", "yes", "on"),
        community=community,
        channel=channel if channel in CHANNELS else "",
        responsible=responsible if responsible in ("company", "street") else "",
        view=view if view in VIEWS else "routed",
    )


def _conditions(actor: Principal, filters: Filters) -> list:
    now = clock.now()
    if actor.role == "company":
        if filters.view == "inherited":
            conditions = [access.managed_today(actor.company_id or -1, now.date()),
                          Complaint.responsible_company.is_null()
                          | (Complaint.responsible_company != actor.company_id)]
        else:
            conditions = [Complaint.responsible_company == actor.company_id]
    else:
        scope = access.scope(actor, now.date())
        conditions = [scope] if scope is not None else []
    if filters.overdue:
        conditions += [Complaint.state == "open", Complaint.due_at <= now]
    elif filters.state:
        conditions.append(Complaint.state == filters.state)
    if filters.community is not None:
        conditions.append(Complaint.community == filters.community)
    if filters.channel:
        conditions.append(Complaint.channel == filters.channel)
    if filters.responsible:
        conditions.append(Complaint.responsible_kind == filters.responsible)
    return conditions


def decorate(actor: Principal, rows: list[dict]) -> list[dict]:
    """Each row with its overdue mark and, for a reader who may not know who complained, the name masked."""
    now = clock.now()
    for row in rows:
        row["overdue"] = overdue(row["state"], row["due_at"], now)
        row["new_response"] = row["last_response_at"] is not None and (
            row["seen_at"] is None or row["seen_at"] < row["last_response_at"])
        if not access.sees_complainant(actor, row):
            row["complainant_name"] = mask_name(row["complainant_name"])
    return rows


def _order(actor: Principal, filters: Filters):
    by_deadline = actor.role in ("company", "street", "bureau") and (filters.state == "open" or filters.overdue
                                                                      or actor.role == "company")
    if by_deadline:
        return lambda query: query.order_by(Complaint.due_at).order_by(Complaint.id)
    return lambda query: query.order_by(Complaint.filed_at, ascending=False).order_by(Complaint.id, ascending=False)


async def list_complaints(actor: Principal, filters: Filters, page: int) -> dict:
    rows = await counted_page(Complaint, LIST_COLUMNS, _conditions(actor, filters), _order(actor, filters),
                              page, PER_PAGE)
    decorate(actor, rows.rows)
    return {"complaints": rows, "filters": filters, "states": STATES, "channels": CHANNELS,
            "is_company": actor.role == "company", "is_area": actor.role in access.STAFF}


async def list_community_complaints(actor: Principal, community_id: int, filters: Filters, page: int) -> dict:
    """One community's complaints, newest first, as far as the actor may see them (a company: those
    routed to it, and all of them while it manages the community)."""
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_see_community_list(actor):
        raise NotFound(community_id)
    scope = access.scope(actor, clock.today())
    conditions = [Complaint.community == community_id, *([scope] if scope is not None else [])]
    if filters.state:
        conditions.append(Complaint.state == filters.state)
    rows = await counted_page(
        Complaint, LIST_COLUMNS, conditions,
        lambda query: query.order_by(Complaint.filed_at, ascending=False).order_by(Complaint.id, ascending=False),
        page, PER_PAGE)
    decorate(actor, rows.rows)
    return {"community": community, "complaints": rows, "filters": filters, "states": STATES,
            "may_file": access.filing_part(actor, community) is not None}
