"""Reading the administrative tree within a scope, and keeping its figures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app import clock
from app.accounts.logic import SYSTEM, Principal
from app.audit import services as audit
from app.communities.tables import Community
from app.db import transaction
from app.regions.logic import (
    InvalidRegionCode,
    contains,
    level_of,
    parent_of,
    prefix_of,
)
from app.regions.tables import Region
from app.settings import get_settings

NODE_COLUMNS = (
    Region.code,
    Region.name,
    Region.name_en,
    Region.level,
    Region.parent_code,
    Region.prefix,
    Region.community_count,
    Region.household_count,
    Region.old_community_count,
    Region.counted_at,
)


def can_see(actor: Principal, code: str) -> bool:
    """Bureau and street users see their own node and everything below it."""
    if actor.is_system:
        return True
    return actor.region_prefix is not None and contains(actor.region_prefix, code)


def visible_code(actor: Principal, raw: str) -> str:
    """A region code typed into a filter: kept when well formed and inside the actor's scope, else ""."""
    try:
        level_of(raw)
    except InvalidRegionCode:
        return ""
    return raw if can_see(actor, raw) else ""


async def get_node(actor: Principal, code: str) -> dict | None:
    if not can_see(actor, code):
        return None
    return await Region.select(*NODE_COLUMNS).where(Region.code == code).first()


async def children(code: str) -> list[dict]:
    return await Region.select(*NODE_COLUMNS).where(Region.parent_code == code).order_by(Region.code)


async def breadcrumbs(actor: Principal, code: str) -> list[dict]:
    """The path from the actor's own scope node down to ``code`` (never above what they may see)."""
    codes = []
    current: str | None = code
    while current is not None and can_see(actor, current):
        codes.append(current)
        current = parent_of(current)
    rows = await Region.select(Region.code, Region.name, Region.name_en).where(Region.code.is_in(codes)) if codes else []
    by_code = {row["code"]: row for row in rows}
    return [by_code[c] for c in reversed(codes) if c in by_code]


async def names(codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = await Region.select(Region.code, Region.name).where(Region.code.is_in(list(set(codes))))
    return {row["code"]: row["name"] for row in rows}


async def options_within(actor: Principal, max_level: str = "community") -> list[dict]:
    """Nodes inside the actor's scope, for a region filter (depth-first by code)."""
    prefix = actor.region_prefix
    query = Region.select(Region.code, Region.name, Region.level)
    if not actor.is_system:
        if prefix is None:
            return []
        query = query.where(Region.prefix.like(prefix + "%"))
    rows = await query.order_by(Region.prefix)
    levels = ("province", "prefecture", "county", "street", "community")
    allowed = set(levels[: levels.index(max_level) + 1])
    return [row for row in rows if row["level"] in allowed]


async def recount(progress: Callable[[int, str], Awaitable[None]] | None = None) -> dict:
    """Recompute every node's community, household and old-community figures from the communities.

    One grouped query over communities, then one update per node whose figures changed; running it
    twice gives the same figures.
    """
    rows = await Community.raw(
        "SELECT region_code, COUNT(*) AS communities, COALESCE(SUM(household_count), 0) AS households, "
        "SUM(CASE WHEN year_built <= {} THEN 1 ELSE 0 END) AS old FROM community GROUP BY region_code",
        get_settings().policy.old_built_by_year,
    )
    nodes = await Region.select(
        Region.code, Region.prefix, Region.community_count, Region.household_count, Region.old_community_count
    )
    totals: dict[str, list[int]] = {node["code"]: [0, 0, 0] for node in nodes}
    prefix_to_code = {node["prefix"]: node["code"] for node in nodes}
    for row in rows:
        code = row["region_code"]
        # Credit the figures to every ancestor whose prefix the community's code starts with.
        for length in (2, 4, 6, 9, 12):
            node_code = prefix_to_code.get(code[:length])
            if node_code is not None:
                figures = totals[node_code]
                figures[0] += int(row["communities"])
                figures[1] += int(row["households"])
                figures[2] += int(row["old"] or 0)
    changed = [
        node for node in nodes
        if [node["community_count"], node["household_count"], node["old_community_count"]] != totals[node["code"]]
    ]
    now = clock.utcnow()
    # Small transactions, so progress is visible and the write lock is never held for long.
    batch = 200
    for start in range(0, len(changed), batch):
        async with transaction():
            for node in changed[start : start + batch]:
                communities, households, old = totals[node["code"]]
                await Region.update(
                    {
                        Region.community_count: communities,
                        Region.household_count: households,
                        Region.old_community_count: old,
                    }
                ).where(Region.code == node["code"])
        if progress:
            await progress(int(100 * (start + batch) / len(changed)), "")
    async with transaction():
        await Region.update({Region.counted_at: now}, force=True)
        await audit.record(SYSTEM, "regions.recount", "region", "*", {"nodes": len(nodes), "changed": len(changed)})
    return {"nodes": len(nodes), "changed": len(changed), "communities": sum(int(r["communities"]) for r in rows)}


async def upsert_node(code: str, name: str, name_en: str = "") -> None:
    """Insert or rename a node by its natural key (the code); its level and parent follow from the code."""
    existing = await Region.select(Region.id).where(Region.code == code).first()
    if existing:
        await Region.update({Region.name: name, Region.name_en: name_en}).where(Region.code == code)
        return
    await Region.insert(
        Region(code=code, name=name, name_en=name_en, level=level_of(code), parent_code=parent_of(code), prefix=prefix_of(code))
    )
