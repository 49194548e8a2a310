"""Who sees and who runs owners' decisions. The one home of these rules: services filter with
``scope``, controllers and services ask ``may_*``, templates get ``may`` flags.

The community's owner committee (业主委员会) and the street office over it run a decision: draft,
open, enter paper and door-to-door ballots, close. The bureau reads. An owner sees his community's
decisions once they are put to the owners (not drafts) and votes for the heads his account speaks
for, nobody else's. Companies see none.
"""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.decisions.tables import Decision


def scope(actor: Principal) -> Where | None:
    """The condition keeping a query on decisions inside the actor's scope (None: the system)."""
    if actor.is_system:
        return None
    if actor.role in ("bureau", "street") and actor.region_prefix:
        return Decision.region_code.like(actor.region_prefix + "%")
    if actor.role == "committee" and actor.community_id:
        return Decision.community == actor.community_id
    if actor.role == "owner" and actor.community_id:  # a draft is the committee's work, not yet put to owners
        return (Decision.community == actor.community_id) & (Decision.state != "draft")
    return Decision.id == -1


def may_run(actor: Principal, decision: dict | None = None) -> bool:
    """Draft, open and close decisions and enter paper ballots (for a decision found through ``scope``)."""
    if actor.is_system:
        return True
    if actor.role == "street":
        return bool(actor.region_prefix)
    return actor.role == "committee" and bool(actor.community_id)


def may_draft(actor: Principal, community: dict) -> bool:
    """Draft a decision for this community (found through the communities' scope)."""
    if actor.role == "committee":
        return actor.community_id == community["id"]
    return may_run(actor)


def may_change_draft(actor: Principal, decision: dict) -> bool:
    """Edit or delete a draft: whoever may draft a decision for its community (found through ``scope``)."""
    return decision["state"] == "draft" and may_draft(actor, {"id": decision["community"]})


def may_vote(actor: Principal) -> bool:
    """Cast his own ballots online: an owner account, for the heads linked to it (owners.services)."""
    return actor.role == "owner" and actor.id is not None


def may_see_register(actor: Principal) -> bool:
    """The ballot register (who voted how): those who run votes and the bureau; owners see the result only."""
    return actor.is_system or actor.role in ("bureau", "street", "committee")


def may_see_ballot_photos(actor: Principal, decision_in_scope: bool, own_ballot: bool) -> bool:
    """The photos of a paper ballot (the signed paper, a proxy's authorisation): staff of the area and
    the community's committee (those who see the register), and the owner whose ballot it is."""
    if actor.role == "owner":
        return own_ballot
    return may_see_register(actor) and decision_in_scope


def sees_names(actor: Principal) -> bool:
    """Owners' names in the register whole: staff only; the committee sees them masked (张**)."""
    return actor.is_system or actor.role in ("bureau", "street")


def may(actor: Principal, decision: dict | None = None) -> dict[str, bool]:
    return {
        "run": may_run(actor, decision),
        "change_draft": decision is not None and may_change_draft(actor, decision),
        "vote": may_vote(actor),
        "register": may_see_register(actor),
    }
