"""The fund's reports: the ledger and statements as workbooks, the yearly publication (公示) and the
area's totals for street and bureau. Every read goes through ``access`` first (``views``' look-ups)."""

from __future__ import annotations

from app.accounts.logic import Principal, mask_name
from app.funds import access
from app.funds.logic import KINDS
from app.funds.services.mine import my_household_community
from app.funds.services.views import LedgerFilter, fund_community, one_household
from app.funds.tables import FundEntry

EXPORT_LIMIT = 100_000  # entries in one workbook: a community's whole ledger for decades

_LEDGER_EXPORT = (
    "SELECT e.seq, e.posted_at, e.kind, b.number AS building_number, h.unit_number, o.name AS owner_name, "
    "e.amount_fen, e.memo, e.reason, c.seq AS corrects_seq, e.who, e.hash "
    "FROM fund_entry e LEFT JOIN household h ON h.id = e.household LEFT JOIN building b ON b.id = h.building "
    "LEFT JOIN owner o ON o.id = h.owner LEFT JOIN fund_entry c ON c.id = e.corrects WHERE e.community = {} "
)
_STATEMENT_EXPORT = (
    "SELECT seq, posted_at, kind, amount_fen, memo, reason, "
    "SUM(amount_fen) OVER (ORDER BY seq) AS running FROM fund_entry WHERE community = {} AND household = {} "
    "ORDER BY seq LIMIT {}"
)


def _masked(rows: list[dict], whole: bool, key: str = "owner_name") -> list[dict]:
    if not whole:
        for row in rows:
            row[key] = mask_name(row[key] or "")
    return rows


async def ledger_export(actor: Principal, community_id: int, f: LedgerFilter) -> dict:
    """The community's ledger as its page filters it, oldest first, each unit's current owner named
    (masked but for street and bureau staff)."""
    community = await fund_community(actor, community_id)
    sql, values = _LEDGER_EXPORT, [community_id]
    if f.kind in KINDS:
        sql += "AND e.kind = {} "
        values.append(f.kind)
    if f.household:
        sql += "AND e.household = {} "
        values.append(f.household)
    rows = await FundEntry.raw(sql + "ORDER BY e.seq LIMIT {}", *values, EXPORT_LIMIT)
    return {"community": community, "rows": _masked(rows, access.sees_names(actor))}


async def _statement_rows(community: dict, household_id: int, whole: bool) -> dict:
    household = await one_household(community, household_id)
    rows = await FundEntry.raw(_STATEMENT_EXPORT, community["id"], household_id, EXPORT_LIMIT)
    return {"community": community, "household": _masked([household], whole)[0], "rows": rows}


async def statement_export(actor: Principal, community_id: int, household_id: int) -> dict:
    """A household's statement, oldest first, with the balance after each entry."""
    community = await fund_community(actor, community_id)
    return await _statement_rows(community, household_id, access.sees_names(actor))


async def my_statement_export(actor: Principal, household_id: int) -> dict:
    """One of the owner's own households' statement (his own name, whole)."""
    community = await my_household_community(actor, household_id)
    return await _statement_rows(community, household_id, True)
