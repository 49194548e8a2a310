"""Who may see a ballot's photos, registered with the photos domain (``Domain.hooks``): the rule is
``access.may_see_ballot_photos``; this module only finds the facts it needs, in two small queries."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.decisions import access
from app.decisions.tables import Ballot, Decision
from app.owners import services as owners
from app.photos.access import register_rule


async def may_see_ballot_photo(actor: Principal, ballot_id: int) -> bool:
    ballot = await Ballot.select(Ballot.decision, Ballot.head.owner.as_alias("owner")).where(
        Ballot.id == ballot_id).first()
    if ballot is None:
        return False
    if actor.role == "owner":
        own = ballot["owner"] is not None and ballot["owner"] in await owners.owner_ids_of(actor)
        return access.may_see_ballot_photos(actor, False, own)
    condition = access.scope(actor)
    query = Decision.exists().where(Decision.id == ballot["decision"])
    in_scope = await (query.where(condition) if condition is not None else query)
    return access.may_see_ballot_photos(actor, in_scope, False)


register_rule("decisions", "ballot", may_see_ballot_photo)
