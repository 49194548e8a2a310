"""What an owner-role account owns: read by every domain that shows an owner his own things."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.communities.tables import Household
from app.owners.tables import OwnerLink


async def owner_ids_of(actor: Principal) -> list[int]:
    """The owner records (vote heads) the actor speaks for; empty for anyone but an owner."""
    if actor.role != "owner" or actor.id is None:
        return []
    rows = await OwnerLink.select(OwnerLink.owner).where(OwnerLink.account == actor.id).order_by(OwnerLink.owner)
    return [row["owner"] for row in rows]


_MY_UNITS = (
    "SELECT h.id, h.unit_number, h.floor_area, b.number AS building_number, c.name AS community_name, "
    "c.address AS community_address, o.name AS owner_name "
    "FROM owner_link l JOIN household h ON h.owner = l.owner JOIN building b ON b.id = h.building "
    "JOIN community c ON c.id = h.community JOIN owner o ON o.id = l.owner "
    "WHERE l.account = {} ORDER BY c.name, b.number, h.unit_number LIMIT 500"
)


async def my_units(actor: Principal) -> list[dict]:
    """The households of every owner record linked to the actor's account, by community, building and
    unit (one query; an owner holds a handful, the limit only guards the page)."""
    if actor.role != "owner" or actor.id is None:
        return []
    return await Household.raw(_MY_UNITS, actor.id)
