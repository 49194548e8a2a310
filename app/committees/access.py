"""Who sees and who records committees, preparatory groups and cross-appointments. The one home of
these rules: services filter with ``scope``, controllers and services ask ``may_*``, templates get
``may`` flags.

Street offices guide committee elections and take the filings (item 17), and the housing bureau
takes filings too: street users of the community's area and bureau users record. A committee-role
account sees its own community's committee; a company sees the cross-appointments of its company.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal, sees_phone_numbers
from app.committees.tables import Committee, CrossAppointment

RECORDERS = ("bureau", "street")


def scope(actor: Principal) -> Where | None:
    """The condition keeping a query on committees inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in RECORDERS and actor.region_prefix:
        return Committee.region_code.like(actor.region_prefix + "%")
    if actor.role == "committee" and actor.community_id:
        return Committee.community == actor.community_id
    return Committee.id == -1


def cross_scope(actor: Principal) -> Where | None:
    if actor.is_system:
        return None
    if actor.role in RECORDERS and actor.region_prefix:
        return CrossAppointment.region_code.like(actor.region_prefix + "%")
    if actor.role == "company" and actor.company_id:
        return CrossAppointment.company == actor.company_id
    if actor.role == "committee" and actor.community_id:
        return CrossAppointment.community == actor.community_id
    return CrossAppointment.id == -1


def _in_area(actor: Principal, community: dict) -> bool:
    return bool(actor.region_prefix) and community["region_code"].startswith(actor.region_prefix)


def may_see(actor: Principal, community: dict) -> bool:
    """The committee page of a community: its staff, and its own committee's accounts."""
    if actor.is_system:
        return True
    if actor.role in RECORDERS:
        return _in_area(actor, community)
    return actor.role == "committee" and actor.community_id == community["id"]


def may_record(actor: Principal, community: dict) -> bool:
    """Install a committee, record its meeting, filings and changes, form a preparatory group, record a
    cross-appointment: street users of the community's area and bureau users."""
    return actor.is_system or (actor.role in RECORDERS and _in_area(actor, community))


def may_pick_households(actor: Principal, community: dict) -> bool:
    """Search the community's owned households for a member form: those who may see its committee
    (staff of the area record members, its committee account enters an election's slate)."""
    return may_see(actor, community)


def may_see_overview(actor: Principal) -> bool:
    return actor.is_system or (actor.role in RECORDERS and bool(actor.region_prefix))


def may_list_cross(actor: Principal) -> bool:
    return actor.is_system or (actor.role in RECORDERS and bool(actor.region_prefix)) or (
        actor.role == "company" and bool(actor.company_id)
    )


def sees_phones(actor: Principal) -> bool:
    """Members' phones whole for staff; masked (138****5678) for everyone else."""
    return sees_phone_numbers(actor)


def may(actor: Principal, community: dict) -> dict[str, bool]:
    return {"record": may_record(actor, community), "see": may_see(actor, community)}
