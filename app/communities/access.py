"""Who sees which communities, and who may change their register. The one home of these rules:
services filter with ``scope``, controllers ask ``may_*``, templates get the answers as ``may`` flags.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.communities.tables import Community
from app.management.tables import Arrangement, SharedService


def area_pattern(actor: Principal) -> str | None:
    """For staff, the LIKE pattern of the region codes in their area (their whole scope); else None."""
    if actor.role in ("bureau", "street") and actor.region_prefix:
        return actor.region_prefix + "%"
    return None


def scope(actor: Principal) -> Where | None:
    """The condition that keeps a query on communities inside the actor's scope.

    None means unrestricted (the system). A role with nothing to see gets a condition that matches
    nothing, so a forgotten role fails closed.
    """
    if actor.is_system:
        return None
    if (pattern := area_pattern(actor)) is not None:
        return Community.region_code.like(pattern)
    if actor.role in ("committee", "owner") and actor.community_id:
        return Community.id == actor.community_id
    if actor.role == "company" and actor.company_id:
        # The communities the company manages or has managed: its contracts, past ones included, and
        # those it serves or served as a neighbour's company (shared service). What it may see there
        # once it no longer manages them is for ``may_see_register`` and management's ``may_see_terms``.
        return Community.id.is_in(
            Arrangement.select(Arrangement.community).where(Arrangement.company == actor.company_id)
        ) | Community.id.is_in(
            SharedService.select(SharedService.community).where(SharedService.company == actor.company_id)
        )
    return Community.id == -1


def may_register(actor: Principal) -> bool:
    """Register communities, and add or change buildings and households (inside ``scope``)."""
    return actor.is_system or actor.role in ("bureau", "street")


def may_change(actor: Principal, community: dict) -> bool:
    """Change this community's details or its register (the caller found it through ``scope``)."""
    return may_register(actor)


def may_export(actor: Principal) -> bool:
    return actor.is_system or actor.role in ("bureau", "street")


def may_import(actor: Principal) -> bool:
    return may_register(actor)


def may_see_register(actor: Principal, community: dict, manager: dict | None) -> bool:
    """See the community's register (buildings, households, owners' names and areas).

    ``manager`` is who manages the community today (management's one rule, ``managers_on``). A company
    sees the register only while it manages the community itself — by contract, bundle or shared
    service; a former company keeps its own contracts but not the owners' data. An owner never sees it:
    other owners' names and areas are none of his business (his own units are on "my units").
    """
    if actor.role == "owner":
        return False
    if actor.role == "company":
        return manager is not None and manager.get("company") is not None and manager["company"] == actor.company_id
    return True


def register_depends_on_manager(actor: Principal) -> bool:
    """Whether ``may_see_register`` needs today's manager for this actor (only a company's does):
    everyone else's pages skip that look-up."""
    return actor.role == "company"


def may(actor: Principal, community: dict | None = None, manager: dict | None = None) -> dict[str, bool]:
    """The flags templates read (``may.change`` …): templates never test roles."""
    return {
        "register": may_register(actor),
        "change": community is not None and may_change(actor, community),
        "export": may_export(actor),
        "import": may_import(actor),
        "see_register": community is not None and may_see_register(actor, community, manager),
    }
