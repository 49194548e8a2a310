"""What an owner-role account owns: read by every domain that shows an owner his own things."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.owners.tables import OwnerLink


async def owner_ids_of(actor: Principal) -> list[int]:
    """The owner records (vote heads) the actor speaks for; empty for anyone but an owner."""
    if actor.role != "owner" or actor.id is None:
        return []
    rows = await OwnerLink.select(OwnerLink.owner).where(OwnerLink.account == actor.id).order_by(OwnerLink.owner)
    return [row["owner"] for row in rows]
