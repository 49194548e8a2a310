"""Drafts before voting opens: editing and deleting them, and the units a clerk picks building by building.

A draft decides nothing yet, so it may change freely; once voting opens the owners vote on exactly
what was put to them, and only the window's end and the count remain (``decisions``, ``closing``).
"""

from __future__ import annotations

from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities.logic import unit_order
from app.communities.tables import Building, Household
from app.db import transaction
from app.decisions import access, logic
from app.decisions.services import outcomes
from app.decisions.services.decisions import DecisionInput, check_draft, draft_values, get_decision, lock_decision
from app.decisions.tables import Decision
from app.errors import FieldError, NotFound
from app.i18n import gettext as _

UNIT_COLUMNS = (Household.id, Household.building, Household.unit_number, Household.floor_area,
                Household.is_developer_stock, Household.owner.name.as_alias("owner_name"))


def _not_a_draft(state: str) -> FieldError:
    return FieldError("state", _("This decision is no longer a draft (%(state)s): it can no longer be edited or "
                                 "deleted.", state=_(logic.STATES.get(state, state))))


async def get_draft(actor: Principal, decision_id: int) -> dict:
    """A draft the actor may edit or delete. Outside his scope, or not his to draft: NotFound; open or
    closed: ``FieldError`` saying so, since the owners' vote must stay on what was put to them."""
    decision = await get_decision(actor, decision_id)
    if not access.may_draft(actor, {"id": decision["community"]}):
        raise NotFound(decision_id)
    if decision["state"] != "draft":
        raise _not_a_draft(decision["state"])
    return decision


async def _locked_draft(decision_id: int) -> None:
    """Still a draft under the lock: opening at the same moment wins or waits, never half of each."""
    current = await lock_decision(decision_id)
    if current is None:
        raise NotFound(decision_id)
    if current["state"] != "draft":
        raise _not_a_draft(current["state"])


async def update_decision(actor: Principal, decision_id: int, data: DecisionInput) -> None:
    """Save a draft's form again. A draft that no longer decides its matter (an election made into
    something else) loses what the matter's domain kept for it (the slate)."""
    decision = await get_draft(actor, decision_id)
    await check_draft(decision["community"], data)
    async with transaction():
        await _locked_draft(decision_id)
        await Decision.update({getattr(Decision, key): value for key, value in draft_values(data).items()}).where(
            Decision.id == decision_id)
        if data.matter != decision["matter"]:
            await outcomes.discard(decision)
        await audit.record(actor, "decision.update", "decision", decision_id,
                           {"matter": data.matter, "title": data.title}, decision["region_code"],
                           object_name=data.title)


async def delete_decision(actor: Principal, decision_id: int) -> dict:
    """Delete a draft, with what its matter's domain kept for it; answers the deleted draft."""
    decision = await get_draft(actor, decision_id)
    async with transaction():
        await _locked_draft(decision_id)
        await outcomes.discard(decision)
        await Decision.delete().where(Decision.id == decision_id)
        await audit.record(actor, "decision.delete", "decision", decision_id,
                           {"matter": decision["matter"], "title": decision["title"]}, decision["region_code"],
                           object_name=decision["title"])
    return decision


async def building_units(community_id: int, building_id: int) -> tuple[dict, list[dict]]:
    """A building of the community and its units in reading order (2-101 before 10-101); NotFound if
    the building is another community's."""
    building = await Building.select(Building.id, Building.number).where(
        Building.id == building_id, Building.community == community_id).first()
    if building is None:
        raise NotFound(building_id)
    units = await Household.select(*UNIT_COLUMNS).where(Household.building == building_id)
    return building, sorted(units, key=_reading_order)


async def picked_units(community_id: int, household_ids: list[int]) -> dict[int, list[dict]]:
    """For a form showing chosen units again: every unit of each building holding one, by building
    (one query), so the clerk sees the ticked units among their neighbours."""
    if not household_ids:
        return {}
    holding = Household.select(Household.building).where(Household.community == community_id,
                                                        Household.id.is_in(household_ids))
    rows = await Household.select(*UNIT_COLUMNS).where(Household.community == community_id,
                                                       Household.building.is_in(holding))
    by_building: dict[int, list[dict]] = {}
    for row in sorted(rows, key=_reading_order):
        by_building.setdefault(row["building"], []).append(row)
    return by_building


def _reading_order(row: dict) -> tuple:
    return unit_order(row["unit_number"]), row["id"]
