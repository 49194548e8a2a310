"""Who sees and who acknowledges flags. The one home of these rules: services filter with
``scope``, controllers ask ``may_*``, templates get ``may`` flags.

Flags are the street offices' to-do list and the housing bureau's watch list: staff of the area see
the flags of their area and acknowledge them with a note; the bureau starts a scan by hand.
"""

from __future__ import annotations

from app.accounts.logic import Principal

STAFF = ("bureau", "street")


def scope_prefix(actor: Principal) -> str | None:
    """The region prefix the actor's flags lie under ("" for the system); None: sees no flag."""
    if actor.is_system:
        return ""
    if actor.role in STAFF and actor.region_prefix:
        return actor.region_prefix
    return None


def may_see(actor: Principal, flag: dict) -> bool:
    prefix = scope_prefix(actor)
    return prefix is not None and flag["region_code"].startswith(prefix)


def may_acknowledge(actor: Principal, flag: dict) -> bool:
    """An open flag of the actor's area, acknowledged or not (a later note replaces the earlier one)."""
    return may_see(actor, flag) and flag["cleared_at"] is None


def may_scan(actor: Principal) -> bool:
    return actor.is_system or (actor.role == "bureau" and bool(actor.region_prefix))
