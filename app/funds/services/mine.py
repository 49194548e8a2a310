"""An owner's own sub-accounts (my fund): the households of the owner records his account speaks for,
and nobody else's. Another community's household, or a neighbour's, is ``NotFound``."""

from __future__ import annotations

from app import clock
from app.accounts.logic import Principal
from app.communities.tables import Household
from app.errors import NotFound
from app.funds import access
from app.funds.services.ledger import rate_on
from app.funds.services.views import statement, with_figures

_MINE = (
    "SELECT h.id, h.community, h.unit_number, h.floor_area, b.number AS building_number, c.name AS community_name, "
    "c.region_code, f.first_deposit_fen, f.paid_fen, f.balance_fen "
    "FROM owner_link l JOIN household h ON h.owner = l.owner JOIN building b ON b.id = h.building "
    "JOIN community c ON c.id = h.community LEFT JOIN fund_household f ON f.household = h.id "
    "WHERE l.account = {} ORDER BY c.name, b.number, h.unit_number LIMIT 500"
)


async def my_households(actor: Principal) -> list[dict]:
    """The actor's households with their sub-accounts (one query, and one for a rate if a household
    has no sub-account yet; an owner holds a handful, the limit only guards the page)."""
    if not access.may_see_own(actor):
        return []
    rows = await Household.raw(_MINE, actor.id)
    rates: dict[str, int | None] = {}
    for row in rows:
        county = row["region_code"][:6]
        if row["first_deposit_fen"] is None and county not in rates:
            rates[county] = await rate_on(county, clock.today())
        with_figures(row, rates.get(county))
    return rows


async def my_household_community(actor: Principal, household_id: int) -> dict:
    """The community of one of the actor's own households; anyone else's is ``NotFound``."""
    mine = next((row for row in await my_households(actor) if row["id"] == household_id), None)
    if mine is None:
        raise NotFound(household_id)
    return {"id": mine["community"], "name": mine["community_name"], "region_code": mine["region_code"]}


async def my_statement(actor: Principal, household_id: int, page: int) -> dict:
    """The statement of one of the actor's own households."""
    return await statement(await my_household_community(actor, household_id), household_id, page)
