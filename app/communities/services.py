"""Communities as a user may see them: every query filtered by the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.communities.tables import Community
from app.db import contains_text
from app.regions.logic import prefix_of

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
    """The condition that keeps a query on communities inside the actor's scope.

    None means unrestricted (the system). A role with nothing to see gets a condition that matches
    nothing, so a forgotten role fails closed.
    """
    if actor.is_system:
        return None
    if actor.role in ("bureau", "street") and actor.region_prefix:
        return Community.region_code.like(actor.region_prefix + "%")
    if actor.role in ("committee", "owner") and actor.community_id:
        return Community.id == actor.community_id
    # Company users will see the communities they manage once arrangements exist.
    return Community.id == -1


@dataclass(frozen=True)
class CommunityPage:
    rows: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


async def list_communities(
    actor: Principal, *, q: str = "", region_code: str | None = None, page: int = 1, per_page: int = 25
) -> CommunityPage:
    conditions = []
    scope = scope_condition(actor)
    if scope is not None:
        conditions.append(scope)
    if q:
        conditions.append(contains_text(Community.name, like_term(q)))
    if region_code:
        conditions.append(Community.region_code.like(prefix_of(region_code) + "%"))
    query = Community.select(*LIST_COLUMNS)
    count = Community.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    total = await count
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = await query.order_by(Community.code).limit(per_page).offset((page - 1) * per_page)
    return CommunityPage(rows=rows, total=total, page=page, per_page=per_page)


async def get_community(actor: Principal, community_id: int) -> dict | None:
    """The community, or None when it does not exist or lies outside the actor's scope (same answer)."""
    query = Community.select().where(Community.id == community_id)
    scope = scope_condition(actor)
    if scope is not None:
        query = query.where(scope)
    return await query.first()


def like_term(text: str) -> str:
    """A search term safe inside LIKE on both databases: wildcards and the escape character dropped."""
    return "".join(ch for ch in text.strip() if ch not in "%_\\")[:64]
