"""Who sees and who moves a community's maintenance fund. The one home of these rules: services
filter with ``scope``, controllers ask ``may_*``, templates get ``may`` flags.

The fund belongs to the owners (Order No. 165): the community's own committee keeps its books and
records deposits, and the street office and housing bureau of the area oversee it. A property
company sees none of it. An owner sees his own households' sub-accounts only ("my fund").
The bureau sets the first-deposit rate of the counties in its area.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.funds.tables import FundAccount

STAFF = ("bureau", "street")


def scope(actor: Principal) -> Where | None:
    """The condition keeping a query on fund accounts inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in STAFF and actor.region_prefix:
        return FundAccount.region_code.like(actor.region_prefix + "%")
    if actor.role == "committee" and actor.community_id:
        return FundAccount.community == actor.community_id
    return FundAccount.id == -1


def may_see(actor: Principal, community: dict) -> bool:
    """The community's fund page, its ledger and each household's statement."""
    if actor.is_system:
        return True
    if actor.role in STAFF:
        return bool(actor.region_prefix) and community["region_code"].startswith(actor.region_prefix)
    return actor.role == "committee" and actor.community_id == community["id"]


def may_post(actor: Principal, community: dict) -> bool:
    """Record a deposit, correct an entry: whoever sees the community's fund."""
    return may_see(actor, community)


def may_set_rates(actor: Principal) -> bool:
    return actor.is_system or (actor.role == "bureau" and bool(actor.region_prefix))


def may_set_rate_for(actor: Principal, county_code: str) -> bool:
    """A bureau sets the rate of a county inside its area (a district bureau: its own county)."""
    if actor.is_system:
        return True
    return may_set_rates(actor) and county_code.startswith(actor.region_prefix or "\0")


def may_see_own(actor: Principal) -> bool:
    return actor.role == "owner" and actor.id is not None


def may(actor: Principal, community: dict) -> dict[str, bool]:
    return {"see_fund": may_see(actor, community), "post_fund": may_post(actor, community)}


def may_see_proposals(actor: Principal, community: dict) -> bool:
    """The community's uses of the fund: those who keep or oversee its books, and its owners, who
    bear the costs (read-only, and of the shares only their own)."""
    if may_see(actor, community):
        return True
    return actor.role == "owner" and actor.community_id == community["id"]


def may_propose(actor: Principal, community: dict) -> bool:
    """Draft a use, authorise an emergency, disburse: the committee of the community and the street
    office and bureau of its area. Owners and companies may not."""
    return may_see(actor, community)


def sees_names(actor: Principal) -> bool:
    """Owners' names whole in exports and publications: street and bureau staff only; the committee
    and owners see them masked (张**), as in the decisions' ballot register."""
    return actor.is_system or actor.role in STAFF


def may_see_publication(actor: Principal, community: dict) -> bool:
    """The yearly publication (公示) of the fund: whoever sees the fund, and the community's owners."""
    return may_see_proposals(actor, community)


def may_see_area(actor: Principal) -> bool:
    """The fund figures across an area (its communities' totals): street and bureau staff."""
    return actor.is_system or (actor.role in STAFF and bool(actor.region_prefix))
