"""The fund's reports: the ledger and statements as workbooks, the yearly publication (公示) and the
area's totals for street and bureau. Every read goes through ``access`` first (``views``' look-ups)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from app import clock
from app.accounts.logic import Principal, mask_name
from app.clock import CHINA
from app.communities import services as communities
from app.errors import NotFound
from app.funds import access
from app.funds.logic import KINDS, PROPOSAL_STATES, under_line_sql
from app.funds.services.flows import china_midnight
from app.funds.services.mine import my_household_community
from app.funds.services.views import LedgerFilter, fund_community, one_household
from app.funds.tables import FundAccount, FundEntry, FundProposal
from app.pagination import Page, clamp_page, counted_page

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


# The yearly publication (公示). Sums split at the year's first and last moment in China's time:
# before the year (the opening balance), and in it (money in and out), by kind and by household.
_YEAR_BY_KIND = (
    "SELECT kind, SUM(CASE WHEN posted_at < {} THEN amount_fen ELSE 0 END) AS before_fen, "
    "SUM(CASE WHEN posted_at >= {} AND amount_fen > 0 THEN amount_fen ELSE 0 END) AS in_fen, "
    "SUM(CASE WHEN posted_at >= {} AND amount_fen < 0 THEN -amount_fen ELSE 0 END) AS out_fen, "
    "SUM(CASE WHEN posted_at >= {} THEN 1 ELSE 0 END) AS entries "
    "FROM fund_entry WHERE community = {} AND posted_at < {} GROUP BY kind"
)
_YEAR_BY_HOUSEHOLD = (
    "SELECT h.id, b.number AS building_number, h.unit_number, o.name AS owner_name, "
    "COALESCE(SUM(CASE WHEN e.posted_at < {} THEN e.amount_fen ELSE 0 END), 0) AS opening_fen, "
    "COALESCE(SUM(CASE WHEN e.posted_at >= {} AND e.amount_fen > 0 THEN e.amount_fen ELSE 0 END), 0) AS in_fen, "
    "COALESCE(SUM(CASE WHEN e.posted_at >= {} AND e.amount_fen < 0 THEN -e.amount_fen ELSE 0 END), 0) AS out_fen "
    "FROM fund_household f JOIN household h ON h.id = f.household JOIN building b ON b.id = h.building "
    "LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN fund_entry e ON e.household = f.household AND e.community = f.community AND e.posted_at < {} "
    "WHERE f.community = {} GROUP BY h.id, b.number, h.unit_number, o.name ORDER BY b.number, h.unit_number, h.id"
)
FIRST_YEAR = 1998  # housing reform: no fund is older


async def publication_community(actor: Principal, community_id: int) -> dict:
    """The community, when the actor may see its publication (its owners too); else ``NotFound``."""
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_see_publication(actor, community):
        raise NotFound(community_id)
    return community


def publication_year(year: int) -> int:
    """The year asked for, held between the first year a fund can have and this one."""
    return max(FIRST_YEAR, min(year or clock.this_year(), clock.this_year()))


_YEAR_PROJECTS = (
    "SELECT p.id, p.title, p.contractor, p.budget_fen, p.emergency_reason, p.authorised_by, p.scope, "
    "p.disbursed_at, COUNT(s.id) AS households, COALESCE(SUM(s.share_fen), 0) AS charged_fen "
    "FROM fund_proposal p LEFT JOIN fund_proposal_share s ON s.proposal = p.id "
    "WHERE p.community = {} AND p.state = 'disbursed' AND p.disbursed_at >= {} AND p.disbursed_at < {} "
    "GROUP BY p.id, p.title, p.contractor, p.budget_fen, p.emergency_reason, p.authorised_by, p.scope, p.disbursed_at "
    "ORDER BY p.disbursed_at, p.id"
)
_YEAR_SHARES = (
    "SELECT s.proposal, b.number AS building_number, h.unit_number, o.name AS owner_name, s.area, s.share_fen "
    "FROM fund_proposal_share s JOIN fund_proposal p ON p.id = s.proposal JOIN household h ON h.id = s.household "
    "JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "WHERE p.community = {} AND p.state = 'disbursed' AND p.disbursed_at >= {} AND p.disbursed_at < {} "
    "ORDER BY s.proposal, s.id"
)
_AREA_PROPOSALS = "SELECT state, COUNT(*) AS n FROM fund_proposal WHERE region_code LIKE {} GROUP BY state"


async def _projects(community_id: int, start, end) -> list[dict]:
    """The projects paid from the fund in the year (disbursed in it): cost, who did the work, an
    emergency's reason, and each household's share by floor area, names masked. Two queries."""
    projects = await FundProposal.raw(_YEAR_PROJECTS, community_id, start, end)
    if not projects:
        return []
    shares = await FundProposal.raw(_YEAR_SHARES, community_id, start, end)
    for project in projects:
        paid = project["disbursed_at"]
        paid = datetime.fromisoformat(paid) if isinstance(paid, str) else paid  # SQLite's raw rows: text
        project["paid_on"] = (paid if paid.tzinfo else paid.replace(tzinfo=timezone.utc)).astimezone(CHINA).date()
        project["shares"] = [{**row, "owner_name": mask_name(row["owner_name"] or "")}
                             for row in shares if row["proposal"] == project["id"]]
    return projects


async def publication(actor: Principal, community_id: int, year: int) -> dict:
    """The year's publication: opening and closing balance, money in by kind and out, and each
    household's opening, in, out and closing, owners' names masked for everyone (it is posted for
    all to read). Two aggregate queries."""
    community = await publication_community(actor, community_id)
    start, end = china_midnight(date(year, 1, 1)), china_midnight(date(year + 1, 1, 1))
    kinds = await FundEntry.raw(_YEAR_BY_KIND, start, start, start, start, community_id, end)
    households = await FundEntry.raw(_YEAR_BY_HOUSEHOLD, start, start, start, end, community_id)
    opening = sum(int(row["before_fen"]) for row in kinds)
    by_kind = [{"kind": key, "in_fen": int(row["in_fen"]), "out_fen": int(row["out_fen"]), "entries": int(row["entries"])}
               for key in KINDS for row in kinds if row["kind"] == key and row["entries"]]
    total_in = sum(row["in_fen"] for row in by_kind)
    total_out = sum(row["out_fen"] for row in by_kind)
    for row in households:
        row["owner_name"] = mask_name(row["owner_name"] or "")
        row["closing_fen"] = int(row["opening_fen"]) + int(row["in_fen"]) - int(row["out_fen"])
    return {
        "community": community, "year": year, "opening_fen": opening, "in_fen": total_in, "out_fen": total_out,
        "closing_fen": opening + total_in - total_out, "by_kind": by_kind, "households": households,
        "projects": await _projects(community_id, start, end),
        "years": (max(FIRST_YEAR, year - 1) if year > FIRST_YEAR else None, year + 1 if year < clock.this_year() else None),
        "may_fund": access.may(actor, community),
    }


# The area's totals for street and bureau: one query for the figures, one for a page of the list.
# The households under the 30% line come from a partial index of those households alone
# (migrations/app_2026_12_03t09_25_00_000000.py), scoped by their fund account's region code.
_UNDER = under_line_sql("f.")
_AREA_FIGURES = (
    "SELECT (SELECT COUNT(*) FROM community WHERE region_code LIKE {}) AS communities, "
    "COUNT(*) AS funds, COALESCE(SUM(a.balance_fen), 0) AS balance_fen, COALESCE(SUM(a.entry_count), 0) AS entries, "
    "(SELECT COUNT(*) FROM fund_household f JOIN fund_account x ON x.community = f.community "
    f"WHERE x.region_code LIKE {{}} AND {_UNDER}) AS under, "
    "(SELECT COUNT(DISTINCT f.community) FROM fund_household f JOIN fund_account x ON x.community = f.community "
    f"WHERE x.region_code LIKE {{}} AND {_UNDER}) AS communities_under "
    "FROM fund_account a WHERE a.region_code LIKE {}"
)
_AREA_LIST = (
    "SELECT a.community, c.name AS community_name, a.region_code, a.balance_fen, a.entry_count, "
    "COALESCE(u.n, 0) AS under_count, COUNT(*) OVER () AS total "
    "FROM fund_account a JOIN community c ON c.id = a.community LEFT JOIN ("
    "SELECT f.community, COUNT(*) AS n FROM fund_household f JOIN fund_account x ON x.community = f.community "
    f"WHERE x.region_code LIKE {{}} AND {_UNDER} GROUP BY f.community) u ON u.community = a.community "
    "WHERE a.region_code LIKE {} "
)
AREA_LISTS = {"funds": "", "under": "AND u.n > 0 "}
AREA_ORDER = {"funds": "ORDER BY c.name, a.community ", "under": "ORDER BY u.n DESC, c.name, a.community "}
AREA_PER_PAGE = 25


def _area(actor: Principal) -> str:
    if not access.may_see_area(actor):
        raise NotFound("funds")
    return (actor.region_prefix or "") + "%"


async def area_overview(actor: Principal) -> dict:
    """The fund across the actor's area: communities, those with a fund, the balance and entries of
    all their funds, households under the 30% line and the communities they are in."""
    pattern = _area(actor)
    row = (await FundAccount.raw(_AREA_FIGURES, pattern, pattern, pattern, pattern))[0]
    figures = {key: int(row[key] or 0) for key in ("communities", "funds", "balance_fen", "entries", "under",
                                                    "communities_under")}
    rows = await FundProposal.raw(_AREA_PROPOSALS, pattern)
    proposals = [{"state": state, "count": next((int(row["n"]) for row in rows if row["state"] == state), 0)}
                 for state in PROPOSAL_STATES]
    return {"figures": figures, "proposals": proposals}


async def area_list(actor: Principal, show: str, page: int) -> Page:
    """A page of the area's communities with a fund (or with households under the line), each with its
    balance, entries and households under the line."""
    pattern = _area(actor)
    sql = _AREA_LIST + AREA_LISTS[show] + AREA_ORDER[show] + "LIMIT {} OFFSET {}"
    rows = await FundAccount.raw(sql, pattern, pattern, AREA_PER_PAGE, (max(page, 1) - 1) * AREA_PER_PAGE)
    if not rows and page > 1:
        page = 1
        rows = await FundAccount.raw(sql, pattern, pattern, AREA_PER_PAGE, 0)
    total = rows[0]["total"] if rows else 0
    return Page(rows, total, clamp_page(page, total, AREA_PER_PAGE), AREA_PER_PAGE)


AREA_PROPOSALS_PER_PAGE = 25


async def area_proposals(actor: Principal, state: str, page: int) -> Page:
    """A page of the fund-use proposals across the actor's area, newest first, of one state or all."""
    conditions = [FundProposal.region_code.like(_area(actor))]
    if state in PROPOSAL_STATES:
        conditions.append(FundProposal.state == state)
    columns = (FundProposal.id, FundProposal.title, FundProposal.budget_fen, FundProposal.state,
               FundProposal.emergency_reason, FundProposal.created_at, FundProposal.community,
               FundProposal.community.name.as_alias("community_name"))
    return await counted_page(FundProposal, columns, conditions,
                              lambda query: query.order_by(FundProposal.id, ascending=False), page,
                              AREA_PROPOSALS_PER_PAGE)
