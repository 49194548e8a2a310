"""Who manages which accounts: a bureau those of its area (staff, companies' and communities' people)."""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.accounts.tables import Account


def may_manage_accounts(actor: Principal) -> bool:
    return actor.is_system or (actor.role == "bureau" and actor.region_prefix is not None)


def scope(actor: Principal) -> Where:
    """The accounts that belong in the actor's area: by their own region, their company's or their
    community's (where the account's actions are audited, ``Principal.area_code``)."""
    if actor.is_system:
        return Account.id.is_not_null()
    if not may_manage_accounts(actor):
        return Account.id == -1
    inside = actor.region_prefix + "%"
    return (
        Account.region_code.like(inside)
        | Account.company.region_code.like(inside)
        | Account.community.region_code.like(inside)
    )
