"""What the community page, the notice and the published result read."""

from __future__ import annotations

from app import clock
from app.accounts.logic import Principal
from app.communities.logic import unit_order
from app.communities.tables import Building, Household
from app.decisions import access
from app.decisions.tables import Decision

SECTION_LIMIT = 5


async def community_section(actor: Principal, community: dict) -> dict:
    """The community's open decisions and latest results (one query); nothing for those who see none."""
    if actor.role not in ("bureau", "street", "committee", "owner") and not actor.is_system:
        return {"decisions": [], "may_see_decisions": False, "may_draft_decision": False}
    query = Decision.select(
        Decision.id, Decision.matter, Decision.title, Decision.state, Decision.closes_on, Decision.outcome,
    ).where(Decision.community == community["id"], Decision.state != "draft")
    condition = access.scope(actor)
    if condition is not None:
        query = query.where(condition)
    rows = await query.order_by(Decision.state, ascending=False).order_by(
        Decision.closes_on, ascending=False).limit(SECTION_LIMIT)
    return {"decisions": rows, "may_see_decisions": True, "may_draft_decision": access.may_draft(actor, community)}


_MY_OPEN_VOTES = (
    "SELECT d.id, d.title, d.matter, d.opens_on, d.closes_on, c.name AS community_name, h.label, b.choice "
    "FROM owner_link l JOIN decision_head h ON h.owner = l.owner JOIN decision d ON d.id = h.decision "
    "JOIN community c ON c.id = d.community LEFT JOIN ballot b ON b.head = h.id "
    "WHERE l.account = {} AND d.state = 'open' ORDER BY d.closes_on, d.id, h.id LIMIT 50"
)


async def my_open_votes(actor: Principal) -> dict:
    """An owner's home leads with the open decisions he may vote on, each with his ballot so far (one
    query: his links to owner records, their heads on open decisions, and their ballots)."""
    if actor.role != "owner" or actor.id is None:
        return {"open_votes": []}
    rows = await Decision.raw(_MY_OPEN_VOTES, actor.id)
    today = clock.today()
    return {"open_votes": [{**row, "not_yet": row["opens_on"] > today} for row in rows]}


SCOPE_UNITS_SHOWN = 12


async def scope_of(decision: dict) -> dict:
    """The buildings and units a limited decision concerns, named (the page, the notice and the
    result say which, not only how many): nothing for a whole-community decision; one query for the
    buildings and one for the first units (a long list ends with how many more)."""
    buildings, units = [], []
    if decision["building_ids"]:
        rows = await Building.select(Building.number).where(Building.id.is_in(list(decision["building_ids"])))
        buildings = sorted((row["number"] for row in rows), key=unit_order)
    if decision["household_ids"]:
        rows = await Household.select(Household.unit_number, Household.building.number.as_alias("building")).where(
            Household.id.is_in(list(decision["household_ids"])))
        units = sorted((f"{row['building']} {row['unit_number']}" for row in rows), key=unit_order)
    return {"scope_buildings": buildings, "scope_units": units[:SCOPE_UNITS_SHOWN],
            "scope_more": max(0, len(units) - SCOPE_UNITS_SHOWN)}
