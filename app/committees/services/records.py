"""Recording committees: installing one (which ends the one before), its first meeting and filings,
its changes and a preparatory group (cross-appointments: ``cross``; corrections: ``corrections``).
Every change scoped, checked and audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.committees import access
from app.committees.logic import POSTS, change_state, deadlines, member_problems
from app.committees.tables import (
    Committee,
    CommitteeChange,
    CommitteeMember,
    PreparatoryGroup,
)
from app.communities import services as communities
from app.communities.tables import Community, Household
from app.db import is_postgres, transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _


@dataclass
class MemberInput:
    household_id: int
    post: str = "member"
    party_member: bool = False
    phone: str = ""
    owner_id: int | None = None  # None: the household's registered owner


@dataclass
class CommitteeInput:
    elected_on: date
    term_start: date
    term_end: date
    members: list[MemberInput] = field(default_factory=list)
    first_meeting_on: date | None = None
    filed_bureau_on: date | None = None
    filed_street_on: date | None = None


async def _community(actor: Principal, community_id: int) -> dict:
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_record(actor, community):
        raise NotFound(community_id)
    return community


async def recordable_community(actor: Principal, community_id: int) -> dict:
    """A community the actor may record committees for (else NotFound)."""
    return await _community(actor, community_id)


async def change_community(actor: Principal, change_id: int) -> int:
    """The community of a change the actor may file (else NotFound)."""
    change = await CommitteeChange.select(CommitteeChange.committee).where(CommitteeChange.id == change_id).first()
    if change is None:
        raise NotFound(change_id)
    return (await get_committee(actor, change["committee"], to_record=True))["community"]


async def lock_community(community_id: int) -> None:
    """Serialise installs at one community (SQLite's write transaction already does)."""
    if is_postgres():
        await Community.raw("SELECT id FROM community WHERE id = {} FOR UPDATE", community_id)


def _check_dates(data: CommitteeInput, today: date) -> None:
    if data.elected_on > today:
        raise FieldError("elected_on", _("The election cannot be in the future."))
    if data.term_start < data.elected_on:
        raise FieldError("term_start", _("The term cannot start before the election."))
    if data.term_end < data.term_start:
        raise FieldError("term_end", _("The term cannot end before it starts."))
    for name in ("first_meeting_on", "filed_bureau_on", "filed_street_on"):
        check_event(name, getattr(data, name), data.elected_on, today)


def check_event(name: str, day: date | None, elected_on: date, today: date) -> None:
    if day is None:
        return
    if day < elected_on:
        raise FieldError(name, _("This cannot be before the election (%(day)s).", day=fmt_date(elected_on)))
    if day > today:
        raise FieldError(name, _("This cannot be in the future."))


async def members_with_owners(community_id: int, members: list[MemberInput]) -> list[dict]:
    """Each member's household, checked to lie in the community and to be owned by the member."""
    if not members:
        raise FieldError("members", _("Name the members of the committee."))
    ids = [m.household_id for m in members]
    rows = await Household.select(Household.id, Household.community, Household.owner).where(Household.id.is_in(ids))
    by_id = {row["id"]: row for row in rows}
    result = []
    for member in members:
        row = by_id.get(member.household_id)
        if row is None or row["community"] != community_id or row["owner"] is None:
            raise FieldError("members", _("Each member must own a household of this community."))
        if member.owner_id is not None and member.owner_id != row["owner"]:
            raise FieldError("members", _("A member must be the registered owner of the household named."))
        result.append({"household_id": row["id"], "owner_id": row["owner"], "post": member.post,
                       "party_member": member.party_member, "phone": member.phone})
    problems = member_problems(result)
    if "duplicate" in problems:
        raise FieldError("members", _("An owner can hold one seat only: each member once."))
    if problems:
        raise FieldError("members", _("A committee has one chair and at most one vice-chair."))
    return result


async def install_committee(actor: Principal, community_id: int, data: CommitteeInput,
                            decision_id: int | None = None) -> int:
    """Install an elected committee: the one in office ends the day before the new term starts,
    and an open preparatory group closes. A broken rule (size, term, deadlines) is recorded as it
    happened and shown as a warning; what cannot be true (dates out of order, a member who owns no
    household here) is refused. ``decision_id``: the owners' decision that elected it, when the
    decisions domain calls this on approval."""
    community = await _community(actor, community_id)
    _check_dates(data, clock.today())
    members = await members_with_owners(community_id, data.members)
    async with transaction():
        await lock_community(community_id)
        current = await Committee.select(Committee.id, Committee.term_start).where(
            (Committee.community == community_id) & Committee.ended_on.is_null()
        ).first()
        if current is not None:
            if data.term_start <= current["term_start"]:
                raise FieldError("term_start", _(
                    "The committee in office began its term on %(day)s: a new term starts after that.",
                    day=fmt_date(current["term_start"]),
                ))
            await Committee.update({Committee.ended_on: data.term_start}).where(Committee.id == current["id"])
        inserted = await Committee.insert(Committee(
            community=community_id, region_code=community["region_code"], elected_on=data.elected_on,
            term_start=data.term_start, term_end=data.term_end, first_meeting_on=data.first_meeting_on,
            filed_bureau_on=data.filed_bureau_on, filed_street_on=data.filed_street_on, decision_id=decision_id,
            member_count=len(members), **deadlines(data.elected_on, data.term_start), created_by=actor.id,
        )).returning(Committee.id)
        committee_id = inserted[0]["id"]
        await CommitteeMember.insert(*[CommitteeMember(
            committee=committee_id, owner=m["owner_id"], household=m["household_id"], post=m["post"],
            party_member=m["party_member"], phone=m["phone"],
        ) for m in members])
        await PreparatoryGroup.update({PreparatoryGroup.closed_on: data.elected_on}).where(
            (PreparatoryGroup.community == community_id) & PreparatoryGroup.closed_on.is_null()
        )
        summary = {"community": community["name"], "elected_on": data.elected_on, "term_start": data.term_start,
                   "term_end": data.term_end, "members": len(members)}
        if current is not None:
            summary["replaces"] = current["id"]
        if decision_id is not None:
            summary["decision_id"] = decision_id
        await audit.record(actor, "committee.install", "committee", committee_id, summary, community["region_code"],
                           object_name=community["name"])
    return committee_id


async def get_committee(actor: Principal, committee_id: int, *, to_record: bool = False) -> dict:
    """A committee the actor may see (or record for, with ``to_record``), with its community's name."""
    query = Committee.select(
        Committee.all_columns(), Committee.community.name.as_alias("community_name"),
    ).where(Committee.id == committee_id)
    scope = access.scope(actor)
    row = await (query.where(scope) if scope is not None else query).first()
    community = {"id": row["community"], "region_code": row["region_code"]} if row else None
    if row is None or (to_record and not access.may_record(actor, community)):
        raise NotFound(committee_id)
    return row


async def record_dates(actor: Principal, committee_id: int, *, first_meeting_on: date | None,
                       filed_bureau_on: date | None, filed_street_on: date | None) -> None:
    """The first meeting and the two filings, as they happen; a blank leaves the recorded day as it is."""
    row = await get_committee(actor, committee_id, to_record=True)
    today = clock.today()
    values = {}
    for name, column, day in (("first_meeting_on", Committee.first_meeting_on, first_meeting_on),
                              ("filed_bureau_on", Committee.filed_bureau_on, filed_bureau_on),
                              ("filed_street_on", Committee.filed_street_on, filed_street_on)):
        check_event(name, day, row["elected_on"], today)
        if day is not None:
            values[column] = day
    if not values:
        raise FieldError("first_meeting_on", _("Enter at least one day."))
    async with transaction():
        await Committee.update(values).where(Committee.id == committee_id)
        await audit.record(actor, "committee.dates", "committee", committee_id,
                           {column._meta.name: day for column, day in values.items()}, row["region_code"],
                           object_name=row["community_name"])


async def record_change(actor: Principal, committee_id: int, *, changed_on: date, description: str,
                        filed_on: date | None, leaving_id: int | None = None,
                        joining: MemberInput | None = None, moving_id: int | None = None,
                        moving_post: str | None = None) -> int:
    """A change to the committee in office, to be filed within 30 days (``filed_on`` when already
    filed): a member leaving (``leaving_id``), an owner joining (``joining``), or both (a
    replacement); a staying member taking another post (``moving_id`` to ``moving_post``: the
    vice-chair becomes chair when the chair leaves); or only a description. After it, one chair
    and one vice-chair at most, each owner once. The members' history is kept."""
    row = await get_committee(actor, committee_id, to_record=True)
    today = clock.today()
    if row["ended_on"] is not None:
        raise FieldError("changed_on", _("This committee is no longer in office."))
    if changed_on < row["elected_on"] or changed_on > today:
        raise FieldError("changed_on", _("The change falls between the election and today."))
    if filed_on is not None and (filed_on < changed_on or filed_on > today):
        raise FieldError("filed_on", _("A change is filed after it is made, and not in the future."))
    async with transaction():
        await lock_community(row["community"])
        current = await CommitteeMember.select(
            CommitteeMember.id, CommitteeMember.owner, CommitteeMember.household, CommitteeMember.post,
        ).where((CommitteeMember.committee == committee_id) & CommitteeMember.left_on.is_null())
        staying = [m for m in current if m["id"] != leaving_id]
        if leaving_id is not None and len(staying) == len(current):
            raise FieldError("leaving_id", _("Choose a member of the committee in office."))
        if moving_id is not None and (moving_id not in {m["id"] for m in staying} or moving_post not in POSTS):
            raise FieldError("moving_id", _("Choose a member who stays, and his new post."))
        after = [{"owner_id": m["owner"], "household_id": m["household"],
                  "post": moving_post if m["id"] == moving_id else m["post"]} for m in staying]
        if member_problems(after):
            raise FieldError("moving_id", _("A committee has one chair and at most one vice-chair."))
        if leaving_id is not None:
            await CommitteeMember.update({CommitteeMember.left_on: changed_on}).where(CommitteeMember.id == leaving_id)
        if moving_id is not None:
            await CommitteeMember.update({CommitteeMember.post: moving_post}).where(CommitteeMember.id == moving_id)
        if joining is not None:
            try:
                new = (await members_with_owners(row["community"], [joining]))[0]
            except FieldError as exc:
                raise FieldError("joining_household", exc.message) from None
            if member_problems([*after, new]):
                raise FieldError("joining_household", _(
                    "This owner already serves, or the post is taken: a committee has one chair and one vice-chair."))
            await CommitteeMember.insert(CommitteeMember(
                committee=committee_id, owner=new["owner_id"], household=new["household_id"], post=new["post"],
                party_member=new["party_member"], phone=new["phone"], joined_on=changed_on,
            ))
        count = len(staying) + (1 if joining is not None else 0)
        await Committee.update({Committee.member_count: count}).where(Committee.id == committee_id)
        inserted = await CommitteeChange.insert(CommitteeChange(
            committee=committee_id, changed_on=changed_on, description=description, filed_on=filed_on,
        )).returning(CommitteeChange.id)
        await _keep_change_state(committee_id)
        summary = {"changed_on": changed_on, "description": description, "filed_on": filed_on, "members": count}
        if moving_id is not None:
            summary["post"] = [next(m["post"] for m in staying if m["id"] == moving_id), moving_post]
        await audit.record(actor, "committee.change", "committee", committee_id, summary, row["region_code"],
                           object_name=row["community_name"])
    return inserted[0]["id"]


async def file_change(actor: Principal, change_id: int, filed_on: date) -> int:
    """Record the filing of a change; answers the committee's id."""
    change = await CommitteeChange.select().where(CommitteeChange.id == change_id).first()
    if change is None:
        raise NotFound(change_id)
    row = await get_committee(actor, change["committee"], to_record=True)
    if filed_on < change["changed_on"] or filed_on > clock.today():
        raise FieldError("filed_on", _("A change is filed after it is made, and not in the future."))
    async with transaction():
        await CommitteeChange.update({CommitteeChange.filed_on: filed_on}).where(CommitteeChange.id == change_id)
        await _keep_change_state(change["committee"])
        await audit.record(actor, "committee.change_filed", "committee", row["id"], {"filed_on": filed_on},
                           row["region_code"], object_name=row["community_name"])
    return row["id"]


async def _keep_change_state(committee_id: int) -> None:
    """Keep the row's summary of its changes (``logic.change_state``) in step with them."""
    changes = await CommitteeChange.select(CommitteeChange.changed_on, CommitteeChange.filed_on).where(
        CommitteeChange.committee == committee_id)
    state = change_state(changes)
    await Committee.update({Committee.unfiled_change_since: state["unfiled_change_since"],
                            Committee.late_change_filed: state["late_change_filed"]}).where(Committee.id == committee_id)


async def form_preparatory_group(actor: Principal, community_id: int, *, formed_on: date, guide_name: str,
                                 member_names: str) -> int:
    """A preparatory group (筹备组) for a community with no committee in office, guided by the street."""
    community = await _community(actor, community_id)
    if formed_on > clock.today():
        raise FieldError("formed_on", _("This cannot be in the future."))
    async with transaction():
        await lock_community(community_id)
        if await Committee.exists().where((Committee.community == community_id) & Committee.ended_on.is_null()):
            raise FieldError("formed_on", _("This community has a committee in office."))
        if await PreparatoryGroup.exists().where(
            (PreparatoryGroup.community == community_id) & PreparatoryGroup.closed_on.is_null()
        ):
            raise FieldError("formed_on", _("This community already has a preparatory group."))
        inserted = await PreparatoryGroup.insert(PreparatoryGroup(
            community=community_id, region_code=community["region_code"], formed_on=formed_on,
            guide_name=guide_name, member_names=member_names,
        )).returning(PreparatoryGroup.id)
        await audit.record(actor, "committee.preparatory_group", "community", community_id,
                           {"formed_on": formed_on, "guide_name": guide_name}, community["region_code"],
                           object_name=community["name"])
    return inserted[0]["id"]
