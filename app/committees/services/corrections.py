"""Correcting what a clerk typed wrong: a committee's dates and filing numbers, a member's post,
party membership, phone or household. Not a change of the committee (that is ``record_change``, to be
filed): the record is put right as it always was, with the reason, audited before and after.

The rules still hold afterwards: the dates in order and not in the future; a term of at most five
years (a correction may not break it, though a committee recorded as elected with a longer term may
still have its other dates put right); one chair and one vice-chair among the members serving; each
member once, owning the household named in this community. The deadlines kept with the row follow
the corrected election day, so the warnings and the street's lists recompute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal, mask_phone
from app.audit import services as audit
from app.committees.logic import deadlines, last_term_day, member_problems
from app.committees.services.records import (
    MemberInput,
    check_event,
    get_committee,
    lock_community,
    members_with_owners,
)
from app.committees.tables import Committee, CommitteeMember
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _

DATE_FIELDS = ("elected_on", "term_start", "term_end", "first_meeting_on", "filed_bureau_on", "filed_street_on")
NUMBER_FIELDS = ("filed_bureau_number", "filed_street_number")


@dataclass
class CommitteeCorrection:
    elected_on: date
    term_start: date
    term_end: date
    first_meeting_on: date | None  # None: not done (a day recorded by mistake is taken back)
    filed_bureau_on: date | None
    filed_street_on: date | None
    filed_bureau_number: str
    filed_street_number: str
    reason: str


@dataclass
class MemberCorrection:
    household_id: int
    post: str
    party_member: bool
    phone: str
    reason: str


def _differences(before: dict, after: dict, names) -> dict:
    return {name: [before[name], after[name]] for name in names if before[name] != after[name]}


async def _neighbours(row: dict) -> tuple[dict | None, dict | None]:
    """The committees before and after this one at its community (by term start)."""
    others = await Committee.select(Committee.id, Committee.term_start).where(
        (Committee.community == row["community"]) & (Committee.id != row["id"])).order_by(Committee.term_start)
    before = [c for c in others if c["term_start"] < row["term_start"]]
    after = [c for c in others if c["term_start"] > row["term_start"]]
    return (before[-1] if before else None), (after[0] if after else None)


def _check_committee(data: CommitteeCorrection, row: dict, today: date) -> None:
    if data.elected_on > today:
        raise FieldError("elected_on", _("The election cannot be in the future."))
    if data.term_start < data.elected_on:
        raise FieldError("term_start", _("The term cannot start before the election."))
    if data.term_end < data.term_start:
        raise FieldError("term_end", _("The term cannot end before it starts."))
    term_changed = (data.term_start, data.term_end) != (row["term_start"], row["term_end"])
    if term_changed and data.term_end > last_term_day(data.term_start):
        raise FieldError("term_end", _("A term lasts at most 5 years: from %(start)s it ends by %(end)s at the latest.",
                                       start=fmt_date(data.term_start), end=fmt_date(last_term_day(data.term_start))))
    for name in ("first_meeting_on", "filed_bureau_on", "filed_street_on"):
        check_event(name, getattr(data, name), data.elected_on, today)
    if not data.reason:
        raise FieldError("reason", _("Say why the record is corrected."))


async def correct_committee(actor: Principal, committee_id: int, data: CommitteeCorrection) -> None:
    """Put a committee's dates and filing numbers right. Its term keeps its place in the community's
    history: after the one before (whose term ends where this one starts) and before the one after."""
    row = await get_committee(actor, committee_id, to_record=True)
    _check_committee(data, row, clock.today())
    after = {name: getattr(data, name) for name in (*DATE_FIELDS, *NUMBER_FIELDS)}
    changes = _differences(row, after, (*DATE_FIELDS, *NUMBER_FIELDS))
    if not changes:
        raise FieldError("reason", _("Nothing differs from the record: there is nothing to correct."))
    async with transaction():
        await lock_community(row["community"])
        previous, following = await _neighbours(row)
        if previous is not None and data.term_start <= previous["term_start"]:
            raise FieldError("term_start", _(
                "The committee before this one began its term on %(day)s: this term starts after that.",
                day=fmt_date(previous["term_start"])))
        if following is not None and data.term_start >= following["term_start"]:
            raise FieldError("term_start", _(
                "The next committee began its term on %(day)s: this term starts before that.",
                day=fmt_date(following["term_start"])))
        values = {getattr(Committee, name): value for name, value in after.items()}
        values.update({getattr(Committee, name): day for name, day in
                       deadlines(data.elected_on, data.term_start).items()})
        await Committee.update(values).where(Committee.id == committee_id)
        if previous is not None and data.term_start != row["term_start"]:
            # Installing ended the one before on this term's first day: it moves with the correction.
            await Committee.update({Committee.ended_on: data.term_start}).where(Committee.id == previous["id"])
        await audit.record(actor, "committee.correct", "committee", committee_id, {**changes, "correction_reason": data.reason},
                           row["region_code"], object_name=row["community_name"])


async def get_member(actor: Principal, member_id: int) -> tuple[dict, dict]:
    """A member (with his unit and name) and his committee, for those who record it; NotFound otherwise."""
    member = await CommitteeMember.select(
        CommitteeMember.all_columns(), CommitteeMember.owner.name.as_alias("owner_name"),
        CommitteeMember.household.unit_number.as_alias("unit_number"),
        CommitteeMember.household.building.number.as_alias("building_number"),
    ).where(CommitteeMember.id == member_id).first()
    if member is None:
        raise NotFound(member_id)
    return member, await get_committee(actor, member["committee"], to_record=True)


async def correct_member(actor: Principal, member_id: int, data: MemberCorrection) -> int:
    """Put a member's post, party membership, phone or household right; answers the community's id.
    A household owned by someone else names another person: that is a correction too (the wrong owner
    was chosen), and the member becomes that owner, held to the same rules as on installing."""
    member, committee = await get_member(actor, member_id)
    if not data.reason:
        raise FieldError("reason", _("Say why the record is corrected."))
    async with transaction():
        await lock_community(committee["community"])
        try:
            new = (await members_with_owners(committee["community"], [MemberInput(
                household_id=data.household_id, post=data.post, party_member=data.party_member, phone=data.phone,
            )]))[0]
        except FieldError as exc:
            raise FieldError("household", exc.message) from None
        if member["left_on"] is None:
            serving = await CommitteeMember.select(
                CommitteeMember.owner, CommitteeMember.household, CommitteeMember.post,
            ).where((CommitteeMember.committee == member["committee"]) & CommitteeMember.left_on.is_null()
                    & (CommitteeMember.id != member_id))
            others = [{"owner_id": m["owner"], "household_id": m["household"], "post": m["post"]} for m in serving]
            problems = member_problems([*others, new])
            if "duplicate" in problems:
                raise FieldError("household", _("This owner already serves on the committee: each member once."))
            if problems:
                raise FieldError("post", _("A committee has one chair and at most one vice-chair."))
        before = {"household": member["household"], "owner": member["owner"], "post": member["post"],
                  "party_member": member["party_member"], "phone": member["phone"]}
        after = {"household": new["household_id"], "owner": new["owner_id"], "post": new["post"],
                 "party_member": new["party_member"], "phone": new["phone"]}
        changes = _differences(before, after, before)
        if not changes:
            raise FieldError("reason", _("Nothing differs from the record: there is nothing to correct."))
        await CommitteeMember.update({
            CommitteeMember.household: new["household_id"], CommitteeMember.owner: new["owner_id"],
            CommitteeMember.post: new["post"], CommitteeMember.party_member: new["party_member"],
            CommitteeMember.phone: new["phone"],
        }).where(CommitteeMember.id == member_id)
        if "phone" in changes:  # the audit log is read more widely than the member list
            changes["phone"] = [mask_phone(value) for value in changes["phone"]]
        await audit.record(actor, "committee.member_correct", "committee", committee["id"],
                           {**changes, "member": member["owner_name"], "correction_reason": data.reason},
                           committee["region_code"], object_name=committee["community_name"])
    return committee["community"]

