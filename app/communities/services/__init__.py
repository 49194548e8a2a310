"""Communities as a user may see them: every query filtered by the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piccolo.columns.combination import Where

from app import clock
from app.accounts.logic import Principal
from app.communities import access
from app.communities.tables import Community
from app.db import Prepared, contains_text
from app.management.queries import managed_as, unmanaged
from app.pagination import Page, counted_page
from app.regions.logic import prefix_of
from app.settings import get_settings

LIST_COLUMNS = (
    Community.id,
    Community.code,
    Community.name,
    Community.address,
    Community.region_code,
    Community.year_built,
    Community.household_count,
    Community.total_area,
    Community.renovation_status,
)


def scope_condition(actor: Principal) -> Where | None:
    return access.scope(actor)


MODE_FILTERS = ("professional", "self_managed", "street_proxy", "unit_managed", "shared_service", "none")
SORTS = {
    "code": Community.code,
    "name": Community.name,
    "year": Community.year_built,
    "households": Community.household_count,
    "area": Community.total_area,
}


@dataclass(frozen=True)
class CommunityFilter:
    """What a community list asks for; the same filter drives the page and its XLSX export."""

    q: str = ""
    region_code: str | None = None
    mode: str = ""  # today's manager's mode (shared_service included), or "none" for communities nobody manages
    old: bool = False
    red: bool = False  # managed today by a red-property company
    sort: str = "code"
    descending: bool = False
    day: date | None = None  # "today" for the mode filters


def _conditions(actor: Principal, f: CommunityFilter) -> list:
    conditions = []
    scope = scope_condition(actor)
    if scope is not None:
        conditions.append(scope)
    if f.q:
        conditions.append(contains_text(Community.name, like_term(f.q)))
    if f.region_code:
        conditions.append(Community.region_code.like(prefix_of(f.region_code) + "%"))
    if f.old:
        conditions.append(Community.year_built <= get_settings().policy.old_built_by_year)
    day = f.day or clock.today()
    if f.mode == "none":
        conditions.append(unmanaged(day))
    elif f.mode in MODE_FILTERS or f.red:
        conditions.append(managed_as(day, f.mode or None, red=f.red))
    return conditions


def _ordered(query, f: CommunityFilter):
    column = SORTS.get(f.sort, Community.code)
    query = query.order_by(column, ascending=not f.descending)
    return query.order_by(Community.id) if column is not Community.code else query


async def list_communities(
    actor: Principal, f: CommunityFilter | None = None, *, page: int = 1, per_page: int = 25
) -> Page:
    """One page of the communities the filter matches, with their number (one query: ``counted_page``)."""
    f = f or CommunityFilter()
    return await counted_page(Community, LIST_COLUMNS, _conditions(actor, f), lambda query: _ordered(query, f), page, per_page)


EXPORT_LIMIT = 100_000


async def export_communities(actor: Principal, f: CommunityFilter) -> list[dict]:
    """Every community the filter matches (up to EXPORT_LIMIT), for the XLSX export."""
    query = Community.select(*LIST_COLUMNS, Community.building_count, Community.renovation_year)
    for condition in _conditions(actor, f):
        query = query.where(condition)
    return await _ordered(query, f).limit(EXPORT_LIMIT)


# ``access.scope`` for staff, with its SQL made once (app.db.Prepared).
_COMMUNITY_IN_AREA = Prepared(Community, lambda community, pattern: Community.select().where(
    (Community.id == community) & Community.region_code.like(pattern)))


async def get_community(actor: Principal, community_id: int) -> dict | None:
    """The community, or None when it does not exist or lies outside the actor's scope (same answer)."""
    if (pattern := access.area_pattern(actor)) is not None:  # the staff's case, every page view
        rows = await _COMMUNITY_IN_AREA.run(community_id, pattern)
        return rows[0] if rows else None
    query = Community.select().where(Community.id == community_id)
    scope = scope_condition(actor)
    if scope is not None:
        query = query.where(scope)
    return await query.first()


async def get_community_by_id(community_id: int) -> dict | None:
    """Unscoped: only for a caller that has already checked the scope through another object."""
    return await Community.select(*LIST_COLUMNS).where(Community.id == community_id).first()


def like_term(text: str) -> str:
    """A search term safe inside LIKE on both databases: wildcards and the escape character dropped."""
    return "".join(ch for ch in text.strip() if ch not in "%_\\")[:64]
