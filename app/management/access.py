"""Who sees and who changes arrangements, bundles and shared service. The one home of these rules:
services filter with ``scope``, controllers and services ask ``may_*``, templates get ``may`` flags.

Street offices run management (policy item 16: they assign modes, set up bundles, arrange shared
service); everyone else reads. A company reads its own contracts' terms, never another company's —
not the one before it, and not the one that took over after its own contract ended.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.management.tables import Arrangement, Bundle

CHANGERS = ("street",)


def scope(actor: Principal) -> Where | None:
    """The condition keeping a query on arrangements inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in ("bureau", "street") and actor.region_prefix:
        return Arrangement.region_code.like(actor.region_prefix + "%")
    if actor.role == "company" and actor.company_id:
        return Arrangement.company == actor.company_id
    if actor.role in ("committee", "owner") and actor.community_id:
        return Arrangement.community == actor.community_id
    return Arrangement.id == -1


def bundle_scope(actor: Principal) -> Where | None:
    if actor.is_system:
        return None
    if actor.role == "company" and actor.company_id:
        return Bundle.company == actor.company_id
    if actor.role in ("bureau", "street") and actor.region_prefix:
        return Bundle.region_code.like(actor.region_prefix + "%")
    return Bundle.id == -1


def _changer(actor: Principal) -> bool:
    return actor.is_system or (actor.role in CHANGERS and bool(actor.region_prefix))


def may_assign(actor: Principal, community: dict | None = None) -> bool:
    """Assign a manager to a community the actor found through its scope."""
    return _changer(actor)


def may_end(actor: Principal, arrangement: dict | None = None) -> bool:
    return _changer(actor)


def may_set_up_bundle(actor: Principal) -> bool:
    return _changer(actor)


def may_share_service(actor: Principal, community: dict | None = None) -> bool:
    """Start or end a shared service (套管) for a community of the actor's area."""
    return _changer(actor)


def may_see_terms(actor: Principal, arrangement: dict) -> bool:
    """Contract number, fee and service level: a company sees only its own contracts' terms."""
    if actor.role == "company":
        return arrangement.get("company") is not None and arrangement.get("company") == actor.company_id
    return True


def company_history_area(actor: Principal | None, company_id: int) -> str | None:
    """Where the actor may read a company's contracts and shared services: "" everywhere (the
    system, the company itself, or no actor: an internal caller), a region prefix (staff), or None
    (nothing)."""
    if actor is None or actor.is_system or actor.company_id == company_id:
        return ""
    return actor.region_prefix


def may(actor: Principal, community: dict | None = None) -> dict[str, bool]:
    """The flags the management templates read."""
    return {
        "assign": may_assign(actor, community),
        "end": may_end(actor),
        "bundle": may_set_up_bundle(actor),
        "share": may_share_service(actor, community),
    }
