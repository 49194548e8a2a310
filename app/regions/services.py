"""Reading the administrative tree within a scope, and keeping its figures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from app import clock
from app.accounts.logic import SYSTEM, Principal
from app.audit import services as audit
from app.communities.tables import Community
from app.db import Prepared, is_postgres, transaction
from app.jobs import services as jobs
from app.regions import access, tree
from app.regions.divisions import Division
from app.regions.logic import (
    InvalidRegionCode,
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
    return access.may_see(actor, code)


def visible_code(actor: Principal, raw: str) -> str:
    """A region code typed into a filter: kept when well formed and inside the actor's scope, else ""."""
    try:
        level_of(raw)
    except InvalidRegionCode:
        return ""
    return raw if can_see(actor, raw) else ""


async def node_in_scope(actor: Principal, code: str, level: str) -> bool:
    """Whether ``code`` names a node of the tree at ``level`` inside the actor's scope: a code a form
    posts must be a real node the actor may see, never just one that looks like a code."""
    if not can_see(actor, code):
        return False
    return await Region.exists().where((Region.code == code) & (Region.level == level))


async def node_and_children(actor: Principal, code: str) -> tuple[dict | None, list[dict]]:
    """A node with its figures and its children with theirs, in one query (the home and region pages)."""
    if not code or not can_see(actor, code):
        return None, []
    rows = await _NODE_AND_CHILDREN.run(code, code)
    node = next((row for row in rows if row["code"] == code), None)
    return node, [row for row in rows if row["code"] != code] if node else []


_NODE_AND_CHILDREN = Prepared(Region, lambda code, parent: Region.select(*NODE_COLUMNS).where(
    (Region.code == code) | (Region.parent_code == parent)).order_by(Region.code))


async def children(code: str) -> list[dict]:
    return await Region.select(*NODE_COLUMNS).where(Region.parent_code == code).order_by(Region.code)


async def breadcrumbs(actor: Principal, code: str) -> list[dict]:
    """The path from the actor's own scope node down to ``code`` (never above what they may see)."""
    return await tree.path(actor, code)


async def node_name(actor: Principal, code: str) -> str:
    """A node's name when the actor may see it (from this process's copy of the tree), else ""."""
    if not code or not can_see(actor, code):
        return ""
    return (await tree.names([code])).get(code, "")


async def names(codes: list[str]) -> dict[str, str]:
    return await tree.names(codes)


async def picker(actor: Principal, code: str | None = None) -> dict:
    """What a region picker shows: the path from the actor's own node down to ``code`` (their own node
    when None) and that node's children, from this process's copy of the tree (no query once read)."""
    node = code or actor.region_code
    if not node or not can_see(actor, node):
        return {"path": [], "children": []}
    path = await tree.path(actor, node)
    return {"path": path, "children": await tree.children(node) if path else []}


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


_TOTALS = (
    "COUNT(*) AS communities, COALESCE(SUM(household_count), 0) AS households, "
    "SUM(CASE WHEN year_built <= {} THEN 1 ELSE 0 END) AS old FROM community"
)
_FIGURES = "SELECT region_code, " + _TOTALS


async def recount(progress: Callable[[int, str], Awaitable[None]] | None = None, code: str | None = None) -> dict:
    """Recompute the community, household and old-community figures from the communities.

    Without ``code``, the whole tree: one grouped query, then one update per node whose figures
    changed. With ``code``, only its branch: the node, everything below it and its ancestors (what a
    change to one community, or an import into one area, can alter), in one transaction. Running
    either twice gives the same figures.
    """
    if code is not None:
        return await _recount_branch(code)
    rows = await Community.raw(_FIGURES + " GROUP BY region_code", get_settings().policy.old_built_by_year)
    nodes = await Region.select(
        Region.code, Region.prefix, Region.community_count, Region.household_count, Region.old_community_count
    )
    totals = _credit(nodes, rows)
    changed = [node for node in nodes if _figures(node) != totals[node["code"]]]
    now = clock.utcnow()
    # Small transactions, so progress is visible and the write lock is never held for long.
    batch = 200
    for start in range(0, len(changed), batch):
        async with transaction():
            for node in changed[start : start + batch]:
                await _store(node["code"], totals[node["code"]])
        if progress:
            await progress(int(100 * (start + batch) / len(changed)), "")
    async with transaction():
        await Region.update({Region.counted_at: now}, force=True)
        await audit.record(SYSTEM, "regions.recount", "region", "*", {"nodes": len(nodes), "changed": len(changed)})
    return {"nodes": len(nodes), "changed": len(changed), "communities": sum(int(r["communities"]) for r in rows)}


def _figures(node: dict) -> list[int]:
    return [node["community_count"], node["household_count"], node["old_community_count"]]


def _credit(nodes: list[dict], rows: list[dict]) -> dict[str, list[int]]:
    """Each node's totals: every community's figures credited to each node whose prefix its region code starts with."""
    totals: dict[str, list[int]] = {node["code"]: [0, 0, 0] for node in nodes}
    prefix_to_code = {node["prefix"]: node["code"] for node in nodes}
    for row in rows:
        region_code = row["region_code"]
        for length in (2, 4, 6, 9, 12):
            node_code = prefix_to_code.get(region_code[:length])
            if node_code is not None:
                figures = totals[node_code]
                figures[0] += int(row["communities"])
                figures[1] += int(row["households"])
                figures[2] += int(row["old"] or 0)
    return totals


async def _store(code: str, figures: list[int]) -> None:
    communities, households, old = figures
    await Region.update(
        {Region.community_count: communities, Region.household_count: households, Region.old_community_count: old}
    ).where(Region.code == code)


async def _recount_branch(code: str) -> dict:
    level_of(code)  # InvalidRegionCode for a malformed one
    ancestors = []
    current = parent_of(code)
    while current is not None:
        ancestors.append(current)
        current = parent_of(current)
    prefix = prefix_of(code)
    year = get_settings().policy.old_built_by_year
    async with transaction():
        if is_postgres():
            # Two recounts of overlapping branches take turns on the shared nodes (in code order, so
            # never a deadlock): the later one reads what the earlier one's change committed.
            await Region.select(Region.id).where(Region.code.is_in([*ancestors, code])).order_by(Region.code).lock_rows()
        nodes = await Region.select(
            Region.code, Region.prefix, Region.community_count, Region.household_count, Region.old_community_count
        ).where(Region.prefix.like(prefix + "%") | Region.code.is_in(ancestors or [code]))
        below = [node for node in nodes if node["prefix"].startswith(prefix)]
        rows = await Community.raw(_FIGURES + " WHERE region_code LIKE {} GROUP BY region_code", year, prefix + "%")
        totals = _credit(below, rows)
        for node in nodes:
            if node["code"] in totals:
                continue
            # An ancestor: its whole area, one aggregate (at most four of them).
            row = (await Community.raw("SELECT " + _TOTALS + " WHERE region_code LIKE {}", year, node["prefix"] + "%"))[0]
            totals[node["code"]] = [int(row["communities"]), int(row["households"] or 0), int(row["old"] or 0)]
        changed = [node for node in nodes if _figures(node) != totals[node["code"]]]
        for node in changed:
            await _store(node["code"], totals[node["code"]])
        if nodes:
            await Region.update({Region.counted_at: clock.utcnow()}).where(
                Region.code.is_in([node["code"] for node in nodes])
            )
    return {"nodes": len(nodes), "changed": len(changed), "communities": totals.get(code, [0])[0]}


async def recount_after_change(actor: Principal, region_code: str | None) -> int | None:
    """Start the recount of ``region_code``'s branch; call it inside the transaction of a change that
    alters counts (a community created or changed, a building or household added, an import done).
    The job is sent once that transaction commits, so it counts what the change wrote."""
    if not region_code:
        return None
    return await jobs.start_job(actor, "recount_regions", {"code": region_code}, region_code, audited=False)


IMPORT_BATCH = 500  # rows per INSERT … ON CONFLICT: well under both databases' parameter limits


async def import_divisions(actor: Principal, divisions: Iterable[Division], scope: str = "*") -> dict:
    """Load official division codes into the tree: an upsert on the code, in one transaction.

    New codes are inserted and changed names updated, in batches (never a query per node); a name
    the file leaves out (an empty English name) keeps what the tree has. Nothing is deleted, so a
    node that communities or accounts refer to stays even when a newer list drops it. A code the
    tree cannot hold is skipped and counted. Importing the same list twice changes nothing the
    second time. One audit entry per import, with its counts.
    """
    wanted: dict[str, Division] = {}
    skipped = 0
    for division in divisions:
        try:
            level_of(division.code)
        except InvalidRegionCode:
            skipped += 1
            continue
        if not division.name:
            skipped += 1
            continue
        wanted[division.code] = Division(division.code, division.name[:64], division.name_en[:128])  # the columns' sizes
    async with transaction():
        existing_query = Region.select(Region.code, Region.name, Region.name_en)
        if scope != "*":
            existing_query = existing_query.where(Region.code.like(scope + "%"))
        existing = {row["code"]: row for row in await existing_query}
        created, renamed, rows = 0, 0, []
        for code in sorted(wanted):
            division = wanted[code]
            current = existing.get(code)
            name_en = division.name_en or (current["name_en"] if current else "")
            if current is None:
                created += 1
            elif (current["name"], current["name_en"]) != (division.name, name_en):
                renamed += 1
            else:
                continue
            rows.append(Region(code=code, name=division.name, name_en=name_en, level=level_of(code),
                               parent_code=parent_of(code), prefix=prefix_of(code)))
        for start in range(0, len(rows), IMPORT_BATCH):
            await Region.insert(*rows[start : start + IMPORT_BATCH]).on_conflict(
                target=Region.code, action="DO UPDATE", values=[Region.name, Region.name_en]
            )
        if rows:
            await tree.changed()
        result = {"nodes": len(wanted), "created": created, "renamed": renamed,
                  "unchanged": len(wanted) - created - renamed, "skipped": skipped}
        await audit.record(actor, "regions.import", "region", scope, result, None if scope == "*" else scope)
    return result


async def upsert_node(code: str, name: str, name_en: str = "") -> None:
    """Insert or rename a node by its natural key (the code); its level and parent follow from the code."""
    async with transaction():
        existing = await Region.select(Region.id).where(Region.code == code).first()
        if existing:
            await Region.update({Region.name: name, Region.name_en: name_en}).where(Region.code == code)
        else:
            await Region.insert(Region(code=code, name=name, name_en=name_en, level=level_of(code),
                                       parent_code=parent_of(code), prefix=prefix_of(code)))
        await tree.changed()
