"""Who reads which property companies, and who keeps the registry. The one home of these rules."""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.companies.tables import Company
from app.management.tables import Arrangement
from app.regions.logic import contains


def scope(actor: Principal) -> Where | None:
    """Which companies the actor may read; None means all of them. Unknown roles see nothing.

    A street office picks companies from anywhere (a company registered elsewhere may serve it); a
    bureau reads those registered in its area or working there; a company reads itself.
    """
    if actor.is_system or reads_everywhere(actor):
        return None
    if actor.role == "bureau" and actor.region_prefix:
        serving = Arrangement.select(Arrangement.company).where(Arrangement.region_code.like(actor.region_prefix + "%"))
        return Company.region_code.like(actor.region_prefix + "%") | Company.id.is_in(serving)
    if actor.role == "company" and actor.company_id:
        return Company.id == actor.company_id
    return Company.id == -1


def reads_everywhere(actor: Principal) -> bool:
    return actor.role == "street"


def may_register(actor: Principal) -> bool:
    """Register companies (with a region inside the actor's area) and record their subsidies."""
    return actor.is_system or (actor.role == "bureau" and actor.region_prefix is not None)


def may_keep(actor: Principal, region_code: str) -> bool:
    """Change a company registered at ``region_code`` and its subsidies: the bureau over that area."""
    return actor.is_system or (may_register(actor) and contains(actor.region_prefix, region_code))


def area_prefix(actor: Principal) -> str | None:
    """The prefix of the area whose communities and regions a registering actor may name (None: all)."""
    return None if actor.is_system else actor.region_prefix


def may_browse_registry(actor: Principal) -> bool:
    """The company list and its export."""
    return actor.is_system or actor.role in ("bureau", "street")
