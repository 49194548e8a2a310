"""Who logs services and who reads the logs. The one home of these rules: services filter with
``scope``, controllers ask ``may_*``, templates get ``may`` flags.

A property company's staff log the services their company delivers and read their own company's
logs, never another company's (not even of a community they now manage). The street office and the
housing bureau read every log of their area (they supervise the service, policy item 16); the
community's committee and owners read their own community's logs, whoever wrote them.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.operations.logs.tables import ServiceLog

STAFF = ("bureau", "street")


def scope(actor: Principal) -> Where | None:
    """The condition keeping a query on service logs inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in STAFF and actor.region_prefix:
        return ServiceLog.region_code.like(actor.region_prefix + "%")
    if actor.role == "company" and actor.company_id:
        return ServiceLog.company == actor.company_id
    if actor.role in ("committee", "owner") and actor.community_id:
        return ServiceLog.community == actor.community_id
    return ServiceLog.id == -1


def may_see(actor: Principal, log: dict) -> bool:
    """One log (and its photos): ``log`` carries its ``company``, ``community`` and ``region_code``."""
    if actor.is_system:
        return True
    if actor.role in STAFF:
        return bool(actor.region_prefix) and log["region_code"].startswith(actor.region_prefix)
    if actor.role == "company":
        return actor.company_id is not None and log["company"] == actor.company_id
    if actor.role in ("committee", "owner"):
        return actor.community_id is not None and log["community"] == actor.community_id
    return False


def may_log(actor: Principal) -> bool:
    """Log a service: staff of a property company (for which community and day: ``logic.served_as``)."""
    return actor.role == "company" and actor.company_id is not None


def company_area(actor: Principal, company_id: int) -> str | None:
    """Where the actor may read a company's logs: "" all of them (the company itself, the system), a
    region prefix (street and bureau staff: their area's), or None (nothing)."""
    if actor.is_system or (actor.role == "company" and actor.company_id == company_id):
        return ""
    if actor.role in STAFF and actor.region_prefix:
        return actor.region_prefix
    return None
