"""Using the fund (Order No. 165): a proposal, its apportionment by floor area, the emergency path,
cancelling, and the pages that show them. Putting it to the owners' vote and what their decision
does live in ``votes``; posting the charges in ``disbursing``.

Who bears a use is who votes on it: the bearing households are decisions' ``entitled_units`` for the
same buildings or units. Shares are computed live while a draft and frozen (``FundProposalShare``)
once the proposal goes to the vote or its emergency is authorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import services as communities
from app.communities.tables import Building, Household
from app.db import is_postgres, transaction
from app.decisions import access as decision_access
from app.decisions.services.decisions import entitled_units
from app.errors import FieldError, NotFound
from app.funds import access
from app.funds.logic import EMERGENCY_REASONS, PROPOSAL_SCOPES, PROPOSAL_STATES, shortfall_fen
from app.funds.shares import ShareError, apportion, area_hundredths, share_message
from app.funds.tables import FundProposal, FundProposalShare
from app.i18n import gettext as _
from app.pagination import Page, clamp_page

MAX_BUDGET_FEN = 10_000_000_000  # 100 million yuan for one project: more is a typing slip
TITLE_LENGTH = 200
CONTRACTOR_LENGTH = 200
AUTHORISED_BY_LENGTH = 100
DESCRIPTION_LENGTH = 1500  # under the forms' MAX_FIELD, so an over-long one is refused, never cut
PER_PAGE = 25

LIST_COLUMNS = (FundProposal.id, FundProposal.title, FundProposal.budget_fen, FundProposal.contractor,
                FundProposal.scope, FundProposal.state, FundProposal.emergency_reason, FundProposal.authorised_on,
                FundProposal.created_at, FundProposal.decision_id)


@dataclass
class ProposalInput:
    title: str = ""
    description: str = ""
    budget_fen: int = 0
    contractor: str = ""
    scope: str = "whole"
    building_ids: list[int] = field(default_factory=list)
    household_ids: list[int] = field(default_factory=list)


async def proposal_community(actor: Principal, community_id: int) -> dict:
    """The community, when the actor may see its uses of the fund; else ``NotFound``."""
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_see_proposals(actor, community):
        raise NotFound(community_id)
    return community


async def proposer_community(actor: Principal, community_id: int) -> dict:
    """The community, when the actor may propose uses of its fund; else ``NotFound``."""
    community = await proposal_community(actor, community_id)
    if not access.may_propose(actor, community):
        raise NotFound(community_id)
    return community


async def list_proposals(actor: Principal, community_id: int, page: int) -> dict:
    community = await proposal_community(actor, community_id)
    condition = FundProposal.community == community_id
    total = await FundProposal.count().where(condition)
    page = clamp_page(page, total, PER_PAGE)
    rows = await FundProposal.select(*LIST_COLUMNS).where(condition).order_by(
        FundProposal.id, ascending=False).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    return {"community": community, "proposals": Page(rows, total, page, PER_PAGE),
            "may_propose": access.may_propose(actor, community)}


async def buildings_of(community_id: int) -> list[dict]:
    return await Building.select(Building.id, Building.number).where(
        Building.community == community_id).order_by(Building.number)


async def bearing_units(community_id: int, scope: str, building_ids: list[int], household_ids: list[int]) -> list[dict]:
    """The households that bear a use, by id: the same units an owners' decision limited to these
    buildings or units counts (decisions' ``entitled_units``), so who pays is who votes."""
    rows = await entitled_units(community_id, building_ids if scope == "buildings" else [],
                                household_ids if scope == "units" else [])
    return sorted(rows, key=lambda row: row["id"])


def shares_of(units: list[dict], budget_fen: int) -> list[dict]:
    """Each unit's share of the budget by floor area, exact to the fen (largest remainder; ties to the
    larger area, then the lower household id)."""
    areas = [area_hundredths(unit["floor_area"]) for unit in units]
    try:
        parts = apportion(budget_fen, areas)
    except ShareError as error:
        raise FieldError("scope", share_message(error.problem)) from None
    return [{**unit, "area": area, "share_fen": part} for unit, area, part in zip(units, areas, parts, strict=True)]


async def check_input(community_id: int, data: ProposalInput) -> list[dict]:
    """What a proposal must be (``FieldError`` names the field); answers its apportionment."""
    if not data.title:
        raise FieldError("title", _("Name the project."))
    if data.budget_fen <= 0 or data.budget_fen > MAX_BUDGET_FEN:
        raise FieldError("budget", _("Enter the budget in yuan, more than zero."))
    if data.scope not in PROPOSAL_SCOPES:
        raise FieldError("scope", _("Choose who bears the cost."))
    if data.scope == "buildings":
        if not data.building_ids:
            raise FieldError("building_ids", _("Tick the buildings that bear the cost."))
        found = await Building.count().where(Building.community == community_id, Building.id.is_in(data.building_ids))
        if found != len(data.building_ids):
            raise FieldError("building_ids", _("Choose buildings of this community."))
    if data.scope == "units":
        if not data.household_ids:
            raise FieldError("household_ids", _("Tick the units that bear the cost."))
        found = await Household.count().where(Household.community == community_id,
                                              Household.id.is_in(data.household_ids))
        if found != len(data.household_ids):
            raise FieldError("household_ids", _("Choose units of this community."))
    units = await bearing_units(community_id, data.scope, data.building_ids, data.household_ids)
    return shares_of(units, data.budget_fen)


async def create_proposal(actor: Principal, community_id: int, data: ProposalInput) -> int:
    community = await proposer_community(actor, community_id)
    await check_input(community_id, data)
    async with transaction():
        rows = await FundProposal.insert(FundProposal(
            community=community_id, region_code=community["region_code"], created_by=actor.id, **_columns(data),
        )).returning(FundProposal.id)
        proposal_id = rows[0]["id"]
        await audit.record(actor, "fund.propose", "fund_proposal", proposal_id,
                           {"title": data.title, "budget_fen": data.budget_fen}, community["region_code"],
                           object_name=data.title)
    return proposal_id


def _columns(data: ProposalInput) -> dict:
    """What a proposal's form sets, the ids kept only for the scope chosen."""
    return {"title": data.title, "description": data.description, "budget_fen": data.budget_fen,
            "contractor": data.contractor, "scope": data.scope,
            "building_ids": data.building_ids if data.scope == "buildings" else [],
            "household_ids": data.household_ids if data.scope == "units" else []}


async def update_proposal(actor: Principal, proposal_id: int, data: ProposalInput) -> None:
    """Change a draft (a proposal not yet before the owners nor authorised): its shares are still
    live, so the page shows the new apportionment at once."""
    proposal, community = await editable(actor, proposal_id)
    if proposal["state"] != "draft":
        raise state_error(proposal["state"])
    await check_input(proposal["community"], data)
    async with transaction():
        current = await lock_proposal(proposal_id)
        if current["state"] != "draft":  # put to the vote or authorised meanwhile
            raise state_error(current["state"])
        await FundProposal.update({getattr(FundProposal, name): value for name, value in _columns(data).items()}).where(
            FundProposal.id == proposal_id)
        await audit.record(actor, "fund.edit", "fund_proposal", proposal_id,
                           {"title": data.title, "budget_fen": data.budget_fen}, community["region_code"],
                           object_name=data.title)


async def get_proposal(actor: Principal, proposal_id: int) -> tuple[dict, dict]:
    """The proposal and its community, when the actor may see the community's uses; else NotFound."""
    row = await FundProposal.select().where(FundProposal.id == proposal_id).output(load_json=True).first()
    if row is None:
        raise NotFound(proposal_id)
    return row, await proposal_community(actor, row["community"])


_FROZEN = (
    "SELECT s.household AS id, s.area, s.share_fen, h.unit_number, b.number AS building_number, "
    "o.name AS owner_name, h.owner, COALESCE(f.balance_fen, 0) AS balance_fen "
    "FROM fund_proposal_share s JOIN household h ON h.id = s.household JOIN building b ON b.id = h.building "
    "LEFT JOIN owner o ON o.id = h.owner LEFT JOIN fund_household f ON f.household = s.household "
    "WHERE s.proposal = {} ORDER BY s.household"
)
_BALANCES = "SELECT household, balance_fen FROM fund_household WHERE community = {}"


async def apportionment(proposal: dict) -> list[dict]:
    """Each bearing household's share, balance and what it lacks: the frozen shares once the proposal
    has gone to the vote or been authorised, else (a draft) as the register stands today."""
    rows = await FundProposalShare.raw(_FROZEN, proposal["id"])
    if not rows and proposal["state"] in ("draft", "cancelled"):  # never frozen: as it would be today
        try:
            rows = shares_of(await bearing_units(proposal["community"], proposal["scope"], proposal["building_ids"],
                                                 proposal["household_ids"]), proposal["budget_fen"])
        except FieldError:
            return []
        balances = {row["household"]: row["balance_fen"] for row in
                    await FundProposalShare.raw(_BALANCES, proposal["community"])}
        for row in rows:
            row["balance_fen"] = balances.get(row["id"], 0)
    for row in rows:
        row["short_fen"] = shortfall_fen(row["balance_fen"], row["share_fen"])
    return rows


async def lock_proposal(proposal_id: int) -> dict:
    """The proposal as it stands, locked until the transaction ends (SQLite: the write lock)."""
    if is_postgres():
        await FundProposal.raw("SELECT id FROM fund_proposal WHERE id = {} FOR UPDATE", proposal_id)
    return await FundProposal.select().where(FundProposal.id == proposal_id).output(load_json=True).first()


async def freeze(proposal: dict) -> list[dict]:
    units = await bearing_units(proposal["community"], proposal["scope"], proposal["building_ids"],
                                proposal["household_ids"])
    rows = shares_of(units, proposal["budget_fen"])
    await FundProposalShare.delete().where(FundProposalShare.proposal == proposal["id"])
    await FundProposalShare.insert(*[FundProposalShare(proposal=proposal["id"], household=row["id"], area=row["area"],
                                                       share_fen=row["share_fen"]) for row in rows])
    return rows


def state_error(state: str) -> FieldError:
    return FieldError("state", _("This proposal is %(state)s: it cannot do that now.",
                                 state=_(PROPOSAL_STATES.get(state, state))))


async def editable(actor: Principal, proposal_id: int) -> tuple[dict, dict]:
    proposal, community = await get_proposal(actor, proposal_id)
    if not access.may_propose(actor, community):
        raise NotFound(proposal_id)
    return proposal, community


async def authorise_emergency(actor: Principal, proposal_id: int, reason: str, authorised_by: str,
                              authorised_on: date) -> None:
    """The emergency path (Order No. 165 art. 29): no vote; the reason, who authorised it and when are
    recorded, the shares frozen, and the use is published to the community's owners afterwards."""
    if reason not in EMERGENCY_REASONS:
        raise FieldError("reason", _("Choose the emergency from the list."))
    if not authorised_by:
        raise FieldError("authorised_by", _("Say who authorised the emergency repair."))
    if authorised_on > clock.today():
        raise FieldError("authorised_on", _("The day of authorisation cannot be in the future."))
    proposal, community = await editable(actor, proposal_id)
    async with transaction():
        current = await lock_proposal(proposal_id)
        if current["state"] != "draft":
            raise state_error(current["state"])
        await freeze(current)
        await FundProposal.update({
            FundProposal.state: "emergency", FundProposal.emergency_reason: reason,
            FundProposal.authorised_by: authorised_by, FundProposal.authorised_on: authorised_on,
        }).where(FundProposal.id == proposal_id)
        await audit.record(actor, "fund.emergency", "fund_proposal", proposal_id,
                           {"emergency_reason": reason, "authorised_by": authorised_by}, community["region_code"],
                           object_name=proposal["title"])


async def cancel(actor: Principal, proposal_id: int) -> None:
    """Withdraw a proposal not yet disbursed nor before the owners (a vote in progress runs its course)."""
    proposal, community = await editable(actor, proposal_id)
    async with transaction():
        current = await lock_proposal(proposal_id)
        if current["state"] not in ("draft", "approved", "rejected"):
            raise state_error(current["state"])
        await FundProposal.update({FundProposal.state: "cancelled"}).where(FundProposal.id == proposal_id)
        await audit.record(actor, "fund.cancel", "fund_proposal", proposal_id, {}, community["region_code"],
                           object_name=proposal["title"])


async def proposal_page(actor: Principal, proposal_id: int) -> dict:
    """The proposal with its apportionment: whole for those who keep the books, only the actor's own
    households for an owner."""
    proposal, community = await get_proposal(actor, proposal_id)
    rows = await apportionment(proposal)
    keeper = access.may_propose(actor, community)
    if not keeper:
        mine = {row["id"] for row in await Household.raw(
            "SELECT h.id FROM owner_link l JOIN household h ON h.owner = l.owner WHERE l.account = {}", actor.id)}
        rows = [row for row in rows if row["id"] in mine]
    return {
        "proposal": proposal, "community": community, "shares": rows,
        "short": [row for row in rows if row["short_fen"] > 0] if keeper else [],
        "total_area": sum(row["area"] for row in rows), "total_fen": sum(row["share_fen"] for row in rows),
        "may": {"propose": keeper, "vote": keeper and decision_access.may_draft(actor, community)},
    }
