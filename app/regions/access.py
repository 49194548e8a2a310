"""Who sees which part of the administrative tree, and who may recount its figures."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.regions.logic import contains


def may_see(actor: Principal, code: str) -> bool:
    """Bureau and street users see their own node and everything below it."""
    if actor.is_system:
        return True
    return actor.region_prefix is not None and contains(actor.region_prefix, code)


def may_recount(actor: Principal) -> bool:
    """Recount the figures of the actor's area by hand (they are recounted after each change anyway)."""
    return actor.is_system or (actor.role == "bureau" and actor.region_prefix is not None)
