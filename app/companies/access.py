"""Who reads which property companies, and who keeps the registry. The one home of these rules."""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.companies.tables import Company, Subsidy
from app.management.tables import Arrangement
from app.regions.logic import ancestors, contains


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


def subsidy_scope(actor: Principal, company_id: int) -> Where | None:
    """Which of a company's subsidies the actor reads; None means all of them.

    The system and the company itself read all. Staff read those whose area lies on their own branch
    of the tree, as they read the company's contracts: a subsidy named for a community inside their
    area, or one given to the company as a whole (its area is where the company is registered) when
    that area is theirs, inside it or above it. So a district's subsidies show to its bureau and its
    street offices, never to another district's users, even those who may read the company itself.
    """
    if actor.is_system or (actor.role == "company" and actor.company_id == company_id):
        return None
    if actor.role not in ("bureau", "street") or not actor.region_prefix:
        return Subsidy.id == -1
    prefix = actor.region_prefix
    company_area = Subsidy.company.region_code.like(prefix + "%")
    above = ancestors(actor.region_code)
    if above:
        company_area = company_area | Subsidy.company.region_code.is_in(above)
    return Subsidy.community.region_code.like(prefix + "%") | (Subsidy.community.is_null() & company_area)


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
