"""Who may print activation slips and manage codes, and what an owner sees of his own.

A community is found through the communities domain's ``scope`` first (so anything outside the actor's
area is a 404); then the street and bureau staff of the area, and the community's own committee, may
issue, revoke and re-issue its codes. An owner sees only the households of the owner records his
account is linked to (``OwnerLink``), never anyone else's.
"""

from __future__ import annotations

from app.accounts.logic import Principal


def may_issue_codes(actor: Principal) -> bool:
    return actor.is_system or actor.role in ("bureau", "street", "committee")


def may_see_own_units(actor: Principal) -> bool:
    return actor.role == "owner" and actor.id is not None


def may(actor: Principal) -> dict[str, bool]:
    return {"issue_codes": may_issue_codes(actor)}
