"""``changxiao funds verify``: read every ledger back and find the first entry that is not as posted.

Streams: entries come in keyset pages of ``PAGE`` (by community, then id: an index), so memory holds
one page and one figure per household of the community being read, whatever the ledger's size.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from app.communities.tables import Community
from app.funds.logic import ChainCheck, Problem
from app.funds.tables import FundAccount, FundEntry, FundHousehold

PAGE = 2000
ENTRY_COLUMNS = (
    FundEntry.id, FundEntry.community, FundEntry.seq, FundEntry.household, FundEntry.kind, FundEntry.amount_fen,
    FundEntry.posted_at, FundEntry.who, FundEntry.memo, FundEntry.idempotency_key, FundEntry.corrects,
    FundEntry.reason, FundEntry.prev_hash, FundEntry.hash,
)


@dataclass(frozen=True)
class Finding:
    community: int
    community_name: str
    entries: int  # entries read
    problem: Problem | None  # the first one found, or None: the ledger is as posted


async def _entry_pages(community_id: int) -> AsyncIterator[list[dict]]:
    after = 0
    while True:
        rows = await FundEntry.select(*ENTRY_COLUMNS).where(
            (FundEntry.community == community_id) & (FundEntry.id > after)
        ).order_by(FundEntry.id).limit(PAGE)
        if not rows:
            return
        yield rows
        after = rows[-1]["id"]


async def _corrected_kinds(rows: list[dict]) -> dict[int, str]:
    ids = [row["corrects"] for row in rows if row["corrects"] is not None]
    if not ids:
        return {}
    found = await FundEntry.select(FundEntry.id, FundEntry.kind).where(FundEntry.id.is_in(ids))
    return {row["id"]: row["kind"] for row in found}


async def _out_of_order(community_id: int, problem: Problem) -> Problem:
    """An entry further on than expected: the ones between are gone, or stand later (reordered)."""
    expected = problem.details["expected"]
    if await FundEntry.exists().where((FundEntry.community == community_id) & (FundEntry.seq == expected)):
        return Problem("reordered", {"seq": problem.details["seq"], "id": problem.details["id"]})
    return problem


async def _household_problem(community_id: int, check: ChainCheck) -> Problem | None:
    after, seen = 0, set()
    while True:
        rows = await FundHousehold.select(
            FundHousehold.id, FundHousehold.household, FundHousehold.balance_fen, FundHousehold.paid_fen
        ).where((FundHousehold.community == community_id) & (FundHousehold.id > after)).order_by(
            FundHousehold.id).limit(PAGE)
        if not rows:
            return check.orphan_problem(seen)
        for row in rows:
            if (problem := check.household_problem(row)) is not None:
                return problem
            seen.add(row["household"])
        after = rows[-1]["id"]


async def verify_account(account: dict) -> Finding:
    """One community's ledger against its hashes, its sequence, its account and its sub-accounts."""
    community_id = account["community"]
    check = ChainCheck()
    async for rows in _entry_pages(community_id):
        corrected = await _corrected_kinds(rows)
        for row in rows:
            check.feed(row, corrected.get(row["corrects"]))
            if check.problem is not None:
                break
        if check.problem is not None:
            break
    problem = check.finish(account)
    if problem is not None and problem.kind == "missing":
        problem = await _out_of_order(community_id, problem)
    if problem is None:
        problem = await _household_problem(community_id, check)
    return Finding(community_id, account["community_name"], check.count, problem)


async def verify_funds(community_id: int | None = None) -> AsyncIterator[Finding]:
    """Every community's fund (or the one asked for), one finding each, accounts read in pages too."""
    after = 0
    while True:
        query = FundAccount.select(
            FundAccount.id, FundAccount.community, FundAccount.balance_fen, FundAccount.entry_count,
            FundAccount.head_hash, FundAccount.community.name.as_alias("community_name"),
        ).where(FundAccount.id > after).order_by(FundAccount.id).limit(PAGE)
        if community_id is not None:
            query = query.where(FundAccount.community == community_id)
        accounts = await query
        if not accounts:
            break
        for account in accounts:
            yield await verify_account(account)
        after = accounts[-1]["id"]
    async for finding in accounts_missing(community_id):
        yield finding


async def accounts_missing(community_id: int | None = None) -> AsyncIterator[Finding]:
    """Communities whose ledger has entries but whose account row is gone (a finding each)."""
    condition = "AND e.community = {}" if community_id is not None else ""
    rows = await FundEntry.raw(
        "SELECT e.community, c.name, COUNT(*) AS n FROM fund_entry e JOIN community c ON c.id = e.community "
        f"WHERE NOT EXISTS (SELECT 1 FROM fund_account a WHERE a.community = e.community) {condition} "
        "GROUP BY e.community, c.name ORDER BY e.community", *([community_id] if community_id is not None else []))
    for row in rows:
        yield Finding(row["community"], row["name"], 0, Problem("no_account", {"count": row["n"]}))


async def community_exists(community_id: int) -> bool:
    return await Community.exists().where(Community.id == community_id)
