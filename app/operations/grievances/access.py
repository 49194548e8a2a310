"""Who sees a complaint, who may file one, and which parts an actor plays in one. The one home of
these rules: services filter with ``scope``, controllers ask ``may_*``, templates get ``may`` flags.

- An owner files online for his own community and sees only his own complaints (and, on the
  community page, how many the community has, without any detail).
- Street staff (the street office, or a residents' community under it) see every complaint of the
  communities in their area, record those from the 12345 hotline, WeChat groups and meetings, act for
  those complainants (close, reopen, mediate), and answer the ones routed to the street office.
  The bureau reads its area's.
- A company sees the complaints routed to it, and answers them; and, read-only, those of communities
  it manages today that were routed to someone else before it came (the state the community is in when
  it takes over). Responding stays with the party responsible on the filing day: the deadline and the
  record are that party's, and the street office mediates when it no longer serves the community.
  Another company never sees them.
- A committee member sees his community's complaints (who complained is masked), and files none: an
  owner files his own, staff record the rest.
"""

from __future__ import annotations

from datetime import date

from piccolo.columns.combination import Where, WhereRaw

from app.accounts.logic import Principal
from app.management.queries import managers
from app.operations.grievances.tables import Complaint

STAFF = ("bureau", "street")


def area_condition(prefix: str):
    """The complaints of communities in a region: by the street's index for a street or a residents'
    community (9 or 12 digits), by the region code's prefix above that."""
    if len(prefix) >= 9:
        condition = Complaint.street_code == prefix[:9]
        return condition if len(prefix) == 9 else condition & (Complaint.region_code == prefix)
    return Complaint.region_code.like(prefix + "%")


def managed_today(company_id: int, day: date) -> WhereRaw:
    """The complaints of communities ``company_id`` manages on ``day`` (management's one rule, its SQL
    twin ``managers``)."""
    sub = managers(day)
    return WhereRaw(f"complaint.community IN (SELECT m.community FROM ({sub.template}) m WHERE m.company = {{}})",
                    *sub.args, company_id)


def scope(actor: Principal, day: date) -> Where | WhereRaw | None:
    """The condition keeping a query on complaints inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in STAFF and actor.region_prefix:
        return area_condition(actor.region_prefix)
    if actor.role == "company" and actor.company_id:
        return (Complaint.responsible_company == actor.company_id) | managed_today(actor.company_id, day)
    if actor.role == "committee" and actor.community_id:
        return Complaint.community == actor.community_id
    if actor.role == "owner" and actor.id is not None:
        return Complaint.complainant == actor.id
    return Complaint.id == -1


def in_area(actor: Principal, region_code: str) -> bool:
    return actor.role in STAFF and bool(actor.region_prefix) and region_code.startswith(actor.region_prefix)


def filing_part(actor: Principal, community: dict) -> str | None:
    """How the actor may enter a complaint about ``community``: ``complainant`` (an owner of it, online),
    ``staff`` (street staff over it, from the other channels), or None."""
    if actor.role == "owner" and actor.id is not None and actor.community_id == community["id"]:
        return "complainant"
    if actor.role == "street" and in_area(actor, community["region_code"]):
        return "staff"
    return None


def parts(actor: Principal, complaint: dict) -> frozenset[str]:
    """The parts the actor plays in ``complaint`` (``app.operations.complaints.PARTS``)."""
    found = set()
    if actor.role == "owner" and actor.id is not None and complaint["complainant"] == actor.id:
        found.add("complainant")
    if actor.role == "company" and complaint["responsible_kind"] == "company" \
            and complaint["responsible_company"] == actor.company_id:
        found.add("responsible")
    if actor.role == "street" and in_area(actor, complaint["region_code"]):
        found.add("staff")
        if complaint["responsible_kind"] == "street":
            found.add("responsible")
    return frozenset(found)


def sees_complainant(actor: Principal, complaint: dict) -> bool:
    """The complainant's name whole: the parties who must answer or mediate, and himself; a committee
    member or a company that only inherited the community reads it masked."""
    if actor.is_system or actor.role in STAFF:
        return True
    return bool(parts(actor, complaint))


def may_list_company(actor: Principal) -> bool:
    return actor.role == "company" and bool(actor.company_id)


def may_see_community_list(actor: Principal) -> bool:
    """A community's complaints, listed: everyone but an owner (who sees his own only)."""
    return actor.role in ("bureau", "street", "company", "committee") or actor.is_system


def may_ever(actor: Principal, complaint: dict, action: str) -> bool:
    """Whether the actor plays a part that may ``action`` this complaint in some state (whether it may
    now is the state machine's answer, given with its message)."""
    from app.operations.complaints import TRANSITIONS

    transition = TRANSITIONS.get(action)
    return transition is not None and bool(parts(actor, complaint) & set(transition.parts))
