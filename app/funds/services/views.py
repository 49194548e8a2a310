"""What the fund's pages show: a community's fund, a household's statement, an entry, an owner's own
sub-accounts, the community page's brief. Every read goes through ``access`` first: out of scope is
``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass

from app import clock
from app.accounts.logic import Principal
from app.communities import services as communities
from app.communities.tables import Household
from app.errors import NotFound
from app.funds import access
from app.funds.charts import chart
from app.funds.logic import KINDS, household_status, under_line_sql
from app.funds.services.flows import monthly_flows
from app.funds.services.ledger import rate_on
from app.funds.shares import area_hundredths, first_deposit_fen, top_up_due_fen
from app.funds.tables import FundAccount, FundEntry
from app.pagination import Page, clamp_page, counted_page

HOUSEHOLDS_PER_PAGE = 50
ENTRIES_PER_PAGE = 50
ENTRY_COLUMNS = (
    FundEntry.id, FundEntry.seq, FundEntry.kind, FundEntry.amount_fen, FundEntry.posted_at, FundEntry.who,
    FundEntry.memo, FundEntry.corrects, FundEntry.reason, FundEntry.household,
    FundEntry.household.unit_number.as_alias("unit_number"),
)


@dataclass(frozen=True)
class LedgerFilter:
    kind: str = ""
    household: int | None = None

    def params(self) -> dict[str, str]:
        return {"kind": self.kind, "household": str(self.household or "")}


async def fund_community(actor: Principal, community_id: int) -> dict:
    """The community, when the actor may see its fund; else ``NotFound``."""
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_see(actor, community):
        raise NotFound(community_id)
    return community


async def postable_community(actor: Principal, community_id: int) -> dict:
    """The community, when the actor may post to its fund (import, distribute); else ``NotFound``."""
    community = await fund_community(actor, community_id)
    if not access.may_post(actor, community):
        raise NotFound(community_id)
    return community


async def account_of(community_id: int) -> dict:
    row = await FundAccount.select(FundAccount.balance_fen, FundAccount.entry_count, FundAccount.updated_at).where(
        FundAccount.community == community_id).first()
    return row or {"balance_fen": 0, "entry_count": 0, "updated_at": None}


def with_figures(row: dict, rate: int | None) -> dict:
    """A household's row with what it owes, its status and any top-up due. A household without a
    sub-account yet owes its first deposit at today's rate (fixed when it first pays)."""
    if row.get("first_deposit_fen") is None:
        due = first_deposit_fen(area_hundredths(row["floor_area"]), rate) if rate is not None else 0
        row.update(first_deposit_fen=due, paid_fen=0, balance_fen=0)
    first, paid, balance = row["first_deposit_fen"], row["paid_fen"], row["balance_fen"]
    row["owed_fen"] = max(first - paid, 0)
    row["status"] = household_status(first, paid, balance)
    row["top_up_fen"] = top_up_due_fen(balance, first) if row["status"] == "under_line" else 0
    return row


_HOUSEHOLDS = (
    "SELECT h.id, h.unit_number, h.floor_area, b.number AS building_number, o.name AS owner_name, "
    "f.first_deposit_fen, f.paid_fen, f.balance_fen, COUNT(*) OVER () AS total "
    "FROM household h JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN fund_household f ON f.household = h.id WHERE h.community = {} "
)
_UNDER = f"AND {under_line_sql('f.')} "
_UNDER_COUNT = f"SELECT COUNT(*) AS n FROM fund_household WHERE community = {{}} AND {under_line_sql()}"
_ORDER = "ORDER BY b.number, h.unit_number, h.id LIMIT {} OFFSET {}"


async def households_page(community: dict, page: int, under_only: bool = False) -> Page:
    """A page of the community's households with their sub-accounts (or those under the 30% line)."""
    sql = _HOUSEHOLDS + (_UNDER if under_only else "") + _ORDER
    rows = await Household.raw(sql, community["id"], HOUSEHOLDS_PER_PAGE, (page - 1) * HOUSEHOLDS_PER_PAGE)
    if not rows and page > 1:
        page = 1
        rows = await Household.raw(sql, community["id"], HOUSEHOLDS_PER_PAGE, 0)
    # Today's rate only prices a household that has not paid in yet (no sub-account).
    unopened = any(row["first_deposit_fen"] is None for row in rows)
    rate = await rate_on(community["region_code"][:6], clock.today()) if unopened else None
    total = rows[0]["total"] if rows else 0
    return Page([with_figures(row, rate) for row in rows], total, clamp_page(page, total, HOUSEHOLDS_PER_PAGE),
                HOUSEHOLDS_PER_PAGE)


async def ledger_page(community_id: int, f: LedgerFilter, page: int) -> Page:
    """The community's entries, newest first, of one kind and/or one household."""
    conditions = [FundEntry.community == community_id]
    if f.kind in KINDS:
        conditions.append(FundEntry.kind == f.kind)
    if f.household:
        conditions.append(FundEntry.household == f.household)
    return await counted_page(FundEntry, ENTRY_COLUMNS, conditions,
                              lambda query: query.order_by(FundEntry.seq, ascending=False), page, ENTRIES_PER_PAGE)


async def fund_overview(actor: Principal, community_id: int) -> dict:
    community = await fund_community(actor, community_id)
    account = await account_of(community_id)
    return {
        "community": community, "account": account, "flows": chart(await monthly_flows(community_id, account["balance_fen"])),
        "may_fund": access.may(actor, community), "under_count": await under_count(community_id),
    }


async def under_count(community_id: int) -> int:
    rows = await FundAccount.raw(_UNDER_COUNT, community_id)
    return rows[0]["n"]


_ONE_HOUSEHOLD = (
    "SELECT h.id, h.community, h.unit_number, h.floor_area, b.number AS building_number, o.name AS owner_name, "
    "f.first_deposit_fen, f.paid_fen, f.balance_fen "
    "FROM household h JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN fund_household f ON f.household = h.id WHERE h.id = {}"
)
_STATEMENT = (
    "SELECT id, seq, kind, amount_fen, posted_at, who, memo, corrects, reason, running FROM ("
    "SELECT id, seq, kind, amount_fen, posted_at, who, memo, corrects, reason, "
    "SUM(amount_fen) OVER (ORDER BY seq) AS running FROM fund_entry WHERE community = {} AND household = {}"
    ") AS s ORDER BY seq DESC LIMIT {} OFFSET {}"
)


async def one_household(community: dict, household_id: int) -> dict:
    rows = await Household.raw(_ONE_HOUSEHOLD, household_id)
    if not rows or rows[0]["community"] != community["id"]:
        raise NotFound(household_id)
    rate = await rate_on(community["region_code"][:6], clock.today()) if rows[0]["first_deposit_fen"] is None else None
    return with_figures(rows[0], rate)


async def statement(community: dict, household_id: int, page: int) -> dict:
    """A household's sub-account and its entries, newest first, each with the balance after it."""
    household = await one_household(community, household_id)
    count = await FundEntry.count().where((FundEntry.community == community["id"]) & (FundEntry.household == household_id))
    page = clamp_page(page, count, ENTRIES_PER_PAGE)
    rows = await FundEntry.raw(_STATEMENT, community["id"], household_id, ENTRIES_PER_PAGE, (page - 1) * ENTRIES_PER_PAGE)
    return {"community": community, "household": household, "entries": Page(rows, count, page, ENTRIES_PER_PAGE)}


async def household_statement(actor: Principal, community_id: int, household_id: int, page: int) -> dict:
    community = await fund_community(actor, community_id)
    return await statement(community, household_id, page) | {"may_fund": access.may(actor, community)}


async def entry(actor: Principal, entry_id: int) -> dict:
    """One entry with its community (when the actor may see its fund), what it corrects and what corrected it."""
    row = await FundEntry.select(*ENTRY_COLUMNS, FundEntry.community, FundEntry.idempotency_key, FundEntry.prev_hash,
                                 FundEntry.hash).where(FundEntry.id == entry_id).first()
    if row is None:
        raise NotFound(entry_id)
    community = await fund_community(actor, row["community"])
    corrected_by = await FundEntry.select(FundEntry.id, FundEntry.seq, FundEntry.reason).where(
        FundEntry.corrects == entry_id).first()
    return {"entry": row, "community": community, "corrected_by": corrected_by, "may_fund": access.may(actor, community)}


async def community_section(actor: Principal, community: dict) -> dict:
    """The community page's brief of its fund, for those who may see it: balance, entries and the
    households under the 30% line (one query)."""
    if not access.may_see(actor, community):
        return {"fund_brief": None}
    rows = await FundAccount.raw(
        "SELECT (SELECT balance_fen FROM fund_account WHERE community = {}) AS balance_fen, "
        "(SELECT entry_count FROM fund_account WHERE community = {}) AS entry_count, "
        f"({_UNDER_COUNT}) AS under_count",
        community["id"], community["id"], community["id"])
    row = rows[0]
    return {"fund_brief": {"balance_fen": row["balance_fen"] or 0, "entry_count": row["entry_count"] or 0,
                           "under_count": row["under_count"]}}
