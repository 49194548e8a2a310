"""What committees tell the register before it removes an owner who no longer owns a unit
(``app.communities.services.owner_uses``): communities never import committees, so this module
registers its check there, and is named in the committees' declaration (``Domain.hooks``).

A member of the committee in office blocks the change: a member must own a unit of the community
(2009 guidance, art. 31), so one who sold his unit leaves the committee first, as a recorded change.
A former member, a member of an earlier committee, or a candidate on an election's slate keeps his
record quietly: history stays true, and installing a slate refuses a candidate who sold his unit.
"""

from __future__ import annotations

from app.committees.logic import POSTS
from app.committees.tables import CommitteeMember, SlateMember
from app.communities.services.owner_uses import OwnerUse, register_owner_use
from app.i18n import gettext as _


async def committee_owner_uses(owner_ids: list[int]) -> list[OwnerUse]:
    serving = await CommitteeMember.select(
        CommitteeMember.owner, CommitteeMember.post, CommitteeMember.left_on,
        CommitteeMember.committee.ended_on.as_alias("ended_on"), CommitteeMember.owner.name.as_alias("owner_name"),
    ).where(CommitteeMember.owner.is_in(owner_ids))
    uses = []
    for row in serving:
        in_office = row["left_on"] is None and row["ended_on"] is None
        message = _(
            "%(name)s serves on the owner committee in office (%(post)s). A member who no longer owns a unit of the "
            "community must leave the committee: record his leaving on the committee page first, then change the "
            "owner.", name=row["owner_name"], post=_(POSTS.get(row["post"], row["post"])),
        ) if in_office else ""
        uses.append(OwnerUse(row["owner"], message, blocks=in_office))
    candidates = await SlateMember.select(SlateMember.owner).where(SlateMember.owner.is_in(owner_ids))
    uses.extend(OwnerUse(row["owner"], "", blocks=False) for row in candidates)
    return sorted(uses, key=lambda use: not use.blocks)


register_owner_use(committee_owner_uses)
