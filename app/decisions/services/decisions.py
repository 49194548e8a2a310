"""Drafting, opening and closing decisions: every change scoped, checked, audited in its transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import services as communities
from app.communities.logic import unit_order
from app.communities.tables import Building, Household
from app.companies.tables import Company
from app.db import is_postgres, transaction
from app.decisions import access, logic
from app.decisions.services import outcomes
from app.decisions.tables import Decision, DecisionHead
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.pagination import Page, clamp_page
from app.settings import get_settings

COLUMNS = (
    Decision.id, Decision.community, Decision.community.name.as_alias("community_name"), Decision.region_code,
    Decision.matter, Decision.title, Decision.body, Decision.attachments, Decision.opens_on, Decision.closes_on,
    Decision.building_ids, Decision.household_ids, Decision.state, Decision.rule, Decision.company,
    Decision.company.name.as_alias("company_name"), Decision.service_start, Decision.service_end,
    Decision.entitled_heads, Decision.entitled_area, Decision.voted_heads, Decision.voted_area,
    Decision.yes_heads, Decision.yes_area, Decision.no_heads, Decision.no_area, Decision.outcome, Decision.acted_at, Decision.act_note,
    Decision.act_failed, Decision.created_at, Decision.opened_at, Decision.closed_at,
)
LIST_COLUMNS = (
    Decision.id, Decision.community, Decision.community.name.as_alias("community_name"), Decision.matter,
    Decision.title, Decision.opens_on, Decision.closes_on, Decision.state, Decision.outcome,
)
PER_PAGE = 25


@dataclass
class DecisionInput:
    matter: str = ""
    title: str = ""
    body: str = ""
    attachments: str = ""
    opens_on: date | None = None
    closes_on: date | None = None
    building_ids: list[int] = field(default_factory=list)
    household_ids: list[int] = field(default_factory=list)
    company_id: int | None = None
    service_start: date | None = None
    service_end: date | None = None


async def get_decision(actor: Principal, decision_id: int) -> dict:
    """The decision, if the actor's scope holds it; else NotFound (the same answer as none at all)."""
    query = Decision.select(*COLUMNS).where(Decision.id == decision_id).output(load_json=True)
    condition = access.scope(actor)
    if condition is not None:
        query = query.where(condition)
    row = await query.first()
    if row is None:
        raise NotFound(decision_id)
    return row


async def list_decisions(actor: Principal, *, state: str = "", community_id: int | None = None, page: int = 1) -> Page:
    """A page of the decisions in scope, newest window first, with the total in the same query."""
    count = Decision.count()
    query = Decision.select(*LIST_COLUMNS)
    condition = access.scope(actor)
    for q in (count, query):
        if condition is not None:
            q.where(condition)
        if state in logic.STATES:
            q.where(Decision.state == state)
        if community_id:
            q.where(Decision.community == community_id)
    total = await count
    page = clamp_page(page, total, PER_PAGE)
    rows = await query.order_by(Decision.closes_on, ascending=False).order_by(Decision.id, ascending=False).limit(
        PER_PAGE).offset((page - 1) * PER_PAGE)
    return Page(rows, total, page, PER_PAGE)


async def check_draft(community_id: int, data: DecisionInput) -> None:
    """What a draft must be, whether new or edited (``FieldError`` names the field)."""
    if data.matter not in logic.MATTERS:
        raise FieldError("matter", _("Choose the matter to decide."))
    if data.opens_on is None:
        raise FieldError("opens_on", _("Choose the first day of voting."))
    if data.closes_on is None:
        raise FieldError("closes_on", _("Choose the last day of voting."))
    if data.closes_on < data.opens_on:
        raise FieldError("closes_on", _("The last day of voting cannot be before the first."))
    if data.matter in logic.WHOLE_COMMUNITY_MATTERS and (data.building_ids or data.household_ids):
        raise FieldError("building_ids", _(
            "Items 1 to 4 (rules, covenant, committee, property company) concern the whole community: all its owners "
            "vote. Untick the buildings and units."))
    if data.building_ids:
        found = await Building.count().where(Building.community == community_id, Building.id.is_in(data.building_ids))
        if found != len(data.building_ids):
            raise FieldError("building_ids", _("Choose buildings of this community."))
    if data.household_ids:
        found = await Household.count().where(Household.community == community_id,
                                              Household.id.is_in(data.household_ids))
        if found != len(data.household_ids):
            raise FieldError("household_ids", _("Choose units of this community."))
    if data.matter in ("hire", "dismiss") and not (
            data.company_id and await Company.exists().where(Company.id == data.company_id)):
        raise FieldError("company_id", _("Choose the property company."))
    if data.matter == "hire" and data.service_start is None:
        raise FieldError("service_start", _("Choose the day the company's service would start."))
    if data.matter == "dismiss" and data.service_end is None:
        raise FieldError("service_end", _("Choose the last day of the company's service."))
    if data.service_start and data.service_end and data.service_end < data.service_start:
        raise FieldError("service_end", _("The end cannot be before the start."))


async def create_decision(actor: Principal, community_id: int, data: DecisionInput) -> int:
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_draft(actor, community):
        raise NotFound(community_id)
    await check_draft(community_id, data)
    async with transaction():
        rows = await Decision.insert(Decision(
            community=community_id, region_code=community["region_code"], created_by=actor.id, **draft_values(data),
        )).returning(Decision.id)
        decision_id = rows[0]["id"]
        await audit.record(actor, "decision.create", "decision", decision_id,
                           {"matter": data.matter, "title": data.title}, community["region_code"],
                           object_name=data.title)
    return decision_id


def draft_values(data: DecisionInput) -> dict[str, object]:
    """The columns a draft's form sets, by name: a company and its dates only for the matters that name one."""
    company_matter = data.matter in ("hire", "dismiss")
    return {
        "matter": data.matter, "title": data.title, "body": data.body, "attachments": data.attachments,
        "opens_on": data.opens_on, "closes_on": data.closes_on, "building_ids": data.building_ids,
        "household_ids": data.household_ids, "company": data.company_id if company_matter else None,
        "service_start": data.service_start if data.matter == "hire" else None,
        "service_end": data.service_end if company_matter else None,
    }


async def lock_decision(decision_id: int) -> dict:
    """The decision's row as it stands, locked for the rest of the transaction (SQLite: the write lock)."""
    if is_postgres():
        await Decision.raw("SELECT id FROM decision WHERE id = {} FOR UPDATE", decision_id)
    return await Decision.select(Decision.state, Decision.closes_on).where(Decision.id == decision_id).first()


async def entitled_units(community_id: int, building_ids: list[int], household_ids: list[int] = ()) -> list[dict]:
    """The units concerned: the whole community when neither buildings nor units are chosen, else the
    units of the chosen buildings and the units chosen one by one."""
    query = Household.select(
        Household.id, Household.owner, Household.owner.name.as_alias("owner_name"), Household.is_developer_stock,
        Household.floor_area, Household.unit_number, Household.building.number.as_alias("building_number"),
    ).where(Household.community == community_id)
    if building_ids and household_ids:
        query = query.where(Household.building.is_in(building_ids) | Household.id.is_in(list(household_ids)))
    elif building_ids:
        query = query.where(Household.building.is_in(building_ids))
    elif household_ids:
        query = query.where(Household.id.is_in(list(household_ids)))
    return await query


def _head_key(developer: bool, owner: int | None, household: int | None) -> tuple:
    """The key ``logic.heads_of`` groups units by: the developer's stock, an owner, or a lone unit."""
    if developer:
        return ("developer",)
    return ("owner", owner) if owner is not None else ("unit", household)


def _reading_key(row: dict) -> tuple:
    return unit_order(row["building_number"]), unit_order(row["unit_number"])


def _unit_list(members: list[dict], limit: int = 200) -> str:
    """A head's units as people write them, cut with an ellipsis to fit the column."""
    text = "、".join(f"{row['building_number']} {row['unit_number']}" for row in members)
    return text if len(text) <= limit else text[:limit - 1] + "…"


async def snapshot_heads(decision_id: int, community_id: int, building_ids: list[int],
                         household_ids: list[int] = ()) -> tuple[int, int]:
    """Write who may vote, by the heads rule (logic.heads_of), as the register stands now. Only the
    units concerned count: an owner of several units of whom some are concerned is one head holding
    the area of those units only (the decision is the concerned owners', by their share in it)."""
    rows = await entitled_units(community_id, building_ids, household_ids)
    by_household = {row["id"]: row for row in rows}
    units = [logic.Unit(row["id"], row["owner"], row["is_developer_stock"], logic.centi_area(row["floor_area"]))
             for row in rows]
    heads = logic.heads_of(units)
    names = {row["owner"]: row["owner_name"] for row in rows if row["owner"] is not None}
    units_of: dict[tuple, list[dict]] = {}
    for row in rows:
        units_of.setdefault(_head_key(row["is_developer_stock"], row["owner"], row["id"]), []).append(row)
    for members in units_of.values():
        members.sort(key=lambda row: (unit_order(row["building_number"]), unit_order(row["unit_number"])))
    # Heads in the order people read the register (by their first unit), so the ballot form and the
    # register list them as the paper ballots come back, building by building.
    heads.sort(key=lambda head: _reading_key(units_of[_head_key(head.developer, head.owner, head.household)][0]))
    records = []
    for head in heads:
        members = units_of[_head_key(head.developer, head.owner, head.household)]
        if head.developer:
            label = ""
        elif head.owner is not None:
            label = names.get(head.owner) or ""
        else:
            unit = by_household[head.household]
            label = f"{unit['building_number']} {unit['unit_number']}"
        records.append(DecisionHead(decision=decision_id, owner=head.owner, household=head.household,
                                    developer=head.developer, label=label[:96], unit_list=_unit_list(members),
                                    units=head.units, area=head.area))
    for start in range(0, len(records), 500):
        await DecisionHead.insert(*records[start:start + 500])
    return len(heads), sum(head.area for head in heads)


async def open_decision(actor: Principal, decision_id: int) -> None:
    """Open a draft for voting: fix the approval rule and take the snapshot of heads and area.

    The snapshot is the register on the day of opening: a unit sold or re-measured while the vote is
    open does not change who may vote or the totals the tally is judged against. The domain owning the
    matter may refuse first (an election without a valid slate), through ``outcomes.check_opening``.
    """
    decision = await get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    rule = logic.approval_rule(decision["matter"], get_settings().policy.fund_use_double_two_thirds)
    async with transaction():
        current = await lock_decision(decision_id)
        if current["state"] != "draft":
            raise FieldError("state", _("This decision is already open or closed."))
        if current["closes_on"] < clock.today():
            raise FieldError("closes_on", _("The last day of voting has passed: change the window first."))
        await outcomes.check_opening(decision)
        heads, area = await snapshot_heads(decision_id, decision["community"], decision["building_ids"] or [],
                                           decision["household_ids"] or [])
        if heads == 0:
            raise FieldError("building_ids", _("Nobody is entitled to vote: the register has no units here."))
        await Decision.update({
            Decision.state: "open", Decision.rule: rule, Decision.entitled_heads: heads,
            Decision.entitled_area: area, Decision.opened_at: clock.utcnow(),
        }).where(Decision.id == decision_id)
        await audit.record(actor, "decision.open", "decision", decision_id, {"heads": heads}, decision["region_code"],
                           object_name=decision["title"])


async def company_choices(community: dict, limit: int = 200) -> list[dict]:
    """Companies a hire or dismissal can name: those registered in the community's county."""
    return await Company.select(Company.id, Company.name).where(
        Company.region_code.like(community["region_code"][:6] + "%")).order_by(Company.name).limit(limit)


async def buildings_of(community_id: int) -> list[dict]:
    """The community's buildings in the order people read their numbers (3号楼 before 12号楼)."""
    rows = await Building.select(Building.id, Building.number).where(Building.community == community_id)
    return sorted(rows, key=lambda row: (unit_order(row["number"]), row["id"]))
