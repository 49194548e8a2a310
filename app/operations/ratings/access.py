"""Who rates a community's service and who sees its satisfaction. The one home of these rules:
services filter with ``tally_scope``, controllers ask ``may_*``, templates get ``may`` flags.

An owner rates the community where he owns a unit (one rating per household or per owner, a
setting); a committee account rates as its community's committee. A company sees the satisfaction
of the ratings given while it managed (the rating's ``company``); street and bureau staff see their
area's. The printed notice is for those who put it on the notice board: the area's staff, the
community's committee and the company that manages or managed it (the community page's scope).
"""

from __future__ import annotations

from app.accounts.logic import Principal

STAFF = ("bureau", "street")
NOTICE_ROLES = ("bureau", "street", "committee", "company")


def may_rate_as_committee(actor: Principal, community: dict) -> bool:
    return actor.role == "committee" and actor.community_id == community["id"]


def may_rate_as_owner(actor: Principal, household_ids: list[int]) -> bool:
    """``household_ids``: the actor's own households in the community (app.owners' links)."""
    return actor.role == "owner" and actor.id is not None and bool(household_ids)


def may_see_area(actor: Principal) -> bool:
    """The satisfaction page: an area's (street, bureau) or a company's own."""
    if actor.role in STAFF:
        return bool(actor.region_prefix)
    return actor.role == "company" and actor.company_id is not None


def may_print_notice(actor: Principal, community: dict) -> bool:
    """``community`` was found through the communities' scope: the actor sees its page."""
    if actor.role == "committee":
        return actor.community_id == community["id"]
    return actor.role in NOTICE_ROLES


def tally_filter(actor: Principal) -> tuple[str, list]:
    """SQL over a ``rating_tally t`` keeping the actor's rows: the area's, or the company's."""
    if actor.role in STAFF and actor.region_prefix:
        return "t.region_code LIKE {}", [actor.region_prefix + "%"]
    if actor.role == "company" and actor.company_id is not None:
        return "t.company = {}", [actor.company_id]
    return "1 = 0", []
