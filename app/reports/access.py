"""Who reads the area figures (home figures, overview, policy settings in force)."""

from __future__ import annotations

from app.accounts.logic import Principal


def may_see_area(actor: Principal | None) -> bool:
    """Bureau and street users read their area's figures and the policy numbers in force."""
    return actor is not None and (actor.is_system or (actor.role in ("bureau", "street") and actor.region_prefix is not None))
