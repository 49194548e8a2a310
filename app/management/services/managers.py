"""Who manages a community on a day, and what each page reads about it (the one rule of logic.manager_on, through queries.managers)."""

from __future__ import annotations

from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.communities.tables import Community
from app.db import Prepared
from app.management import access
from app.management.logic import (
    manager_on,
    next_after,
    status_on,
)
from app.management.queries import managers
from app.management.tables import Arrangement, SharedService

HISTORY_COLUMNS = (
    Arrangement.id,
    Arrangement.community,
    Arrangement.mode,
    Arrangement.start_date,
    Arrangement.end_date,
    Arrangement.contract_end_date,
    Arrangement.company,
    Arrangement.community.name.as_alias("community_name"),
    Arrangement.company.name.as_alias("company_name"),
    Arrangement.company.is_red_property.as_alias("company_red"),
    Arrangement.contract_number,
    Arrangement.service_level,
    Arrangement.fee_fen_per_m2_month,
    Arrangement.bundle,
    Arrangement.bundle.name.as_alias("bundle_name"),
    Arrangement.supervising_region_code,
    Arrangement.responsible.display_name.as_alias("responsible_name"),
    Arrangement.unit_name,
    Arrangement.contact_name,
    Arrangement.contact_phone,
    Arrangement.end_reason,
    Arrangement.end_note,
    Arrangement.notice_given_on,
    Arrangement.short_notice_acknowledged,
    Arrangement.region_code,
)

SHARED_COLUMNS = (
    SharedService.id,
    SharedService.community,
    SharedService.community.name.as_alias("community_name"),
    SharedService.provider_community,
    SharedService.provider_community.name.as_alias("provider_name"),
    SharedService.company,
    SharedService.company.name.as_alias("company_name"),
    SharedService.start_date,
    SharedService.end_date,
    SharedService.note,
    SharedService.region_code,
)


def today() -> date:
    return clock.today()


# Read on every view of a community's page: built once (app.db.Prepared).
_HISTORY = Prepared(Arrangement, lambda community: Arrangement.select(*HISTORY_COLUMNS).where(
    Arrangement.community == community
).order_by(Arrangement.start_date, ascending=False))
_SHARED_WITH = Prepared(SharedService, lambda served, provider: SharedService.select(*SHARED_COLUMNS).where(
    (SharedService.community == served) | (SharedService.provider_community == provider)
).order_by(SharedService.start_date, ascending=False))


async def history(community_id: int) -> list[dict]:
    """Every arrangement of the community, newest first. The caller has checked the scope."""
    return await _HISTORY.run(community_id)


async def managers_on(community_ids: list[int], day: date) -> dict[int, dict]:
    """Each community's manager on ``day`` (``logic.manager_on``), keyed by community id: the current
    arrangement with its manager's name, or a shared service (mode ``shared_service``, the provider's
    company). Communities nobody manages are absent."""
    if not community_ids:
        return {}
    active_arrangement = (Arrangement.start_date <= day) & (
        Arrangement.end_date.is_null() | (Arrangement.end_date >= day)
    )
    rows = await Arrangement.select(*HISTORY_COLUMNS).where(
        Arrangement.community.is_in(community_ids) & active_arrangement
    )
    shared = await SharedService.select(*SHARED_COLUMNS).where(
        SharedService.community.is_in(community_ids) & (SharedService.start_date <= day)
        & (SharedService.end_date.is_null() | (SharedService.end_date >= day))
    )
    arrangements_of: dict[int, list[dict]] = {}
    for row in rows:
        arrangements_of.setdefault(row["community"], []).append(row)
    shared_of: dict[int, list[dict]] = {}
    for row in shared:
        shared_of.setdefault(row["community"], []).append(row)
    result = {}
    for community_id in arrangements_of.keys() | shared_of.keys():
        manager = manager_on(arrangements_of.get(community_id, []), shared_of.get(community_id, []), day)
        if manager is not None:
            result[community_id] = manager
    return result


async def upcoming(community_ids: list[int], day: date) -> dict[int, dict]:
    """Each community's next arrangement starting after ``day`` (``logic.next_after``), by community id."""
    if not community_ids:
        return {}
    rows = await Arrangement.select(*HISTORY_COLUMNS).where(
        Arrangement.community.is_in(community_ids) & (Arrangement.start_date > day)
    )
    later: dict[int, list[dict]] = {}
    for row in rows:
        later.setdefault(row["community"], []).append(row)
    result = {}
    for community_id, candidates in later.items():
        row = next_after(candidates, day)
        if row is not None:
            result[community_id] = row
    return result


# What a list shows of a manager: its mode and its name (the company, the unit or the responsible
# person), for the arrangements not ended before the day and the shared services running on it, in
# one query. Written out rather than built by Piccolo: building a select with joins cost more than
# running it (a profile of the community list under load).
_LIST_CANDIDATES = """
SELECT a.community, a.mode, a.start_date, a.end_date, co.name AS company_name, a.unit_name,
       r.display_name AS responsible_name, 0 AS shared
FROM arrangement a LEFT JOIN company co ON co.id = a.company LEFT JOIN account r ON r.id = a.responsible
WHERE a.community IN ({ids}) AND (a.end_date IS NULL OR a.end_date >= {{}})
UNION ALL
SELECT s.community, '', s.start_date, s.end_date, co.name, '', '', 1
FROM shared_service s JOIN company co ON co.id = s.company
WHERE s.community IN ({ids}) AND s.start_date <= {{}} AND (s.end_date IS NULL OR s.end_date >= {{}})
"""


async def managers_and_next(community_ids: list[int], day: date) -> tuple[dict[int, dict], dict[int, dict]]:
    """For a list of communities: each one's manager on ``day`` (``logic.manager_on``) and its next
    arrangement (``logic.next_after``), by community id, with only what a list shows of them (mode and
    name). One query whatever the number of communities."""
    if not community_ids:
        return {}, {}
    ids = list(community_ids)
    marks = ", ".join("{}" for _ in ids)
    rows = await Arrangement.raw(_LIST_CANDIDATES.format(ids=marks), *ids, day, *ids, day, day)
    arrangements_of: dict[int, list[dict]] = {}
    shared_of: dict[int, list[dict]] = {}
    for row in rows:
        (shared_of if row["shared"] else arrangements_of).setdefault(row["community"], []).append(row)
    current, following = {}, {}
    for community_id in arrangements_of.keys() | shared_of.keys():
        candidates = arrangements_of.get(community_id, [])
        if (manager := manager_on(candidates, shared_of.get(community_id, []), day)) is not None:
            current[community_id] = manager
        if (later := next_after(candidates, day)) is not None:
            following[community_id] = later
    return current, following


async def manager_of(community_id: int, day: date) -> dict | None:
    """Who manages this community on ``day`` (None: nobody)."""
    return (await managers_on([community_id], day)).get(community_id)


async def current_counts(company_ids: list[int], day: date) -> dict[int, int]:
    """How many communities each company serves on ``day`` (professional, bundle or shared service)."""
    if not company_ids:
        return {}
    marks = ", ".join("{}" for _ in company_ids)
    rows = await Community.raw(
        f"SELECT m.company AS company, COUNT(DISTINCT m.community) AS n FROM ({{}}) m "
        f"WHERE m.company IN ({marks}) GROUP BY m.company",
        managers(day), *company_ids,
    )
    return {row["company"]: row["n"] for row in rows}


def _with_terms(actor: Principal, row: dict) -> dict:
    return {**row, "may_see_terms": access.may_see_terms(actor, row)}


async def community_section(actor: Principal, community: dict) -> dict:
    """What the community page shows about management: who manages it today, what comes next, the
    history, bundles and shared service."""
    community_id = community["id"]
    day = today()
    rows = [_with_terms(actor, row) for row in await history(community_id)]
    shared = await _SHARED_WITH.run(community_id, community_id)  # served, or serving with its company
    own_shared = [row for row in shared if row["community"] == community_id]
    current = manager_on(rows, own_shared, day)
    return {
        "arrangements": rows,
        "current_arrangement": current if current is not None and current["mode"] != "shared_service" else None,
        "current_manager": current,
        "next_arrangement": next_after(rows, day),
        "shared_services": shared,
        "today": day,
        "may_manage": access.may(actor, community),
    }


async def company_contracts(company_id: int, actor: Principal | None = None) -> list[dict]:
    """Every arrangement of one company, newest first, with its community and its status today
    (``current`` by the one rule, so the outgoing side of a handover reads ``ended``). With ``actor``,
    only those about communities the actor may see (a company user sees all of its own)."""
    query = Arrangement.select(
        Arrangement.id, Arrangement.community, Arrangement.community.name.as_alias("community_name"),
        Arrangement.start_date, Arrangement.end_date, Arrangement.contract_end_date, Arrangement.contract_number,
        Arrangement.service_level, Arrangement.fee_fen_per_m2_month, Arrangement.bundle.name.as_alias("bundle_name"),
        Arrangement.end_reason,
    ).where(Arrangement.company == company_id)
    area = access.company_history_area(actor, company_id)
    if area is None:
        return []
    rows = await query.where(Arrangement.region_code.like(area + "%")).order_by(Arrangement.start_date, ascending=False)
    return await _with_status(rows, shared=False)


async def _with_status(rows: list[dict], *, shared: bool) -> list[dict]:
    day = today()
    current = await managers_on(sorted({row["community"] for row in rows}), day)
    for row in rows:
        row["status"] = status_on(row, current.get(row["community"]), shared, day)
    return rows


async def company_shared_services(company_id: int, actor: Principal | None = None) -> list[dict]:
    """The communities a company serves or served as a neighbour's company (shared service)."""
    area = access.company_history_area(actor, company_id)
    if area is None:
        return []
    rows = await SharedService.select(*SHARED_COLUMNS).where(
        (SharedService.company == company_id) & SharedService.region_code.like(area + "%")
    ).order_by(SharedService.start_date, ascending=False)
    return await _with_status(rows, shared=True)
