"""The slate (候选名单) an owners' decision electing a committee (Civil Code art. 278 item 3) puts to
the vote, and what its approval does: install exactly that committee.

Committees and decisions are siblings. This module reads decisions through their services and
registers with their hook registry (an opening check, a panel on the decision's pages, the outcome);
decisions never imports committees. The committee rules keep their one home here: members through
``members_with_owners``, size and term through ``logic.slate_rules``, installing through
``install_committee``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app import clock
from app.accounts.logic import SYSTEM, Principal, mask_phone
from app.audit import services as audit
from app.committees import access, logic
from app.committees.services.records import CommitteeInput, MemberInput, install_committee, members_with_owners
from app.committees.tables import Slate, SlateMember
from app.db import transaction
from app.decisions import access as decision_access
from app.decisions.services import outcomes
from app.decisions.services.decisions import get_decision, lock_decision
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _

POST_ORDER = {post: n for n, post in enumerate(logic.POSTS)}


@dataclass
class SlateInput:
    term_start: date
    term_end: date
    members: list[MemberInput] = field(default_factory=list)


async def election(actor: Principal, decision_id: int) -> dict:
    """An election decision whose slate the actor may edit (those who run the decision), else NotFound."""
    decision = await get_decision(actor, decision_id)
    if decision["matter"] != "election" or not decision_access.may_run(actor, decision):
        raise NotFound(decision_id)
    return decision


async def get_slate(decision_id: int) -> dict | None:
    """The slate with its members (chair, vice-chair, then members), each with his unit and name."""
    slate = await Slate.select().where(Slate.decision_id == decision_id).first()
    if slate is None:
        return None
    members = await SlateMember.select(
        SlateMember.all_columns(), SlateMember.household.unit_number.as_alias("unit_number"),
        SlateMember.household.building.number.as_alias("building_number"),
        SlateMember.owner.name.as_alias("owner_name"),
    ).where(SlateMember.slate == slate["id"]).order_by(SlateMember.id)
    members.sort(key=lambda m: POST_ORDER.get(m["post"], len(POST_ORDER)))
    return {**slate, "members": members}


def _check_term(term_start: date, term_end: date, closes_on: date) -> None:
    if term_end < term_start:
        raise FieldError("term_end", _("The term cannot end before it starts."))
    if term_start <= closes_on:
        raise FieldError("term_start", _(
            "The committee is elected when the vote closes: its term starts after the last day of voting (%(day)s).",
            day=fmt_date(closes_on)))


def _rules_message(broken: list[str]) -> str:
    return _("The slate breaks a rule: %(rules)s.", rules="; ".join(_(logic.RULES[rule]) for rule in broken))


async def save_slate(actor: Principal, decision_id: int, data: SlateInput) -> None:
    """Enter or replace the slate of a draft election. Members must own a household of the community
    (one seat each, one chair, one vice-chair); the size and term rules are checked when voting opens,
    so a slate can be built up over several visits. Once voting has opened the slate is fixed."""
    decision = await election(actor, decision_id)
    _check_term(data.term_start, data.term_end, decision["closes_on"])
    members = await members_with_owners(decision["community"], data.members)
    async with transaction():
        current = await lock_decision(decision_id)
        if current["state"] != "draft":
            raise FieldError("members", _("Voting has opened: the slate can no longer change."))
        existing = await Slate.select(Slate.id).where(Slate.decision_id == decision_id).first()
        values = {Slate.term_start: data.term_start, Slate.term_end: data.term_end, Slate.updated_by: actor.id,
                  Slate.updated_at: clock.utcnow()}
        if existing is None:
            rows = await Slate.insert(Slate(decision_id=decision_id, community=decision["community"],
                                            term_start=data.term_start, term_end=data.term_end,
                                            updated_by=actor.id)).returning(Slate.id)
            slate_id = rows[0]["id"]
        else:
            slate_id = existing["id"]
            await Slate.update(values).where(Slate.id == slate_id)
            await SlateMember.delete().where(SlateMember.slate == slate_id)
        await SlateMember.insert(*[SlateMember(
            slate=slate_id, owner=m["owner_id"], household=m["household_id"], post=m["post"],
            party_member=m["party_member"], phone=m["phone"],
        ) for m in members])
        await audit.record(actor, "committee.slate", "decision", decision_id,
                           {"term_start": data.term_start, "term_end": data.term_end, "members": len(members)},
                           decision["region_code"], object_name=decision["title"])


def _member_inputs(slate: dict) -> list[MemberInput]:
    return [MemberInput(household_id=m["household"], post=m["post"], party_member=m["party_member"],
                        phone=m["phone"], owner_id=m["owner"]) for m in slate["members"]]


async def check_slate(decision: dict) -> None:
    """Before an election opens: a slate, its term after the window, its members owners of the community
    still, and the committee rules (5–11 members, odd; a term of at most 5 years), each named."""
    slate = await get_slate(decision["id"])
    if slate is None or not slate["members"]:
        raise FieldError("slate", _("An election puts a slate to the vote: enter the members and the term first."))
    _check_term(slate["term_start"], slate["term_end"], decision["closes_on"])
    try:
        await members_with_owners(decision["community"], _member_inputs(slate))
    except FieldError as exc:
        raise FieldError("slate", exc.message) from None
    broken = logic.slate_rules(len(slate["members"]), slate["term_start"], slate["term_end"])
    if broken:
        raise FieldError("slate", _rules_message(broken))


def elected_on(decision: dict) -> date:
    """The day the committee is elected: the day the vote closed and was counted (选举产生之日, from which
    the 2009 guidance counts the first meeting and the filings); a retry keeps that day."""
    closed_at = decision.get("closed_at")
    return closed_at.astimezone(clock.CHINA).date() if closed_at else clock.today()


async def install_elected(decision: dict) -> str:
    """An approved election installs its slate through ``install_committee``: the one in office ends,
    the rules are checked again as they stand today (a member who sold his unit is refused). The owners
    decided, so it is the system that installs; the audit names the decision."""
    slate = await get_slate(decision["id"])
    if slate is None:
        raise FieldError("slate", _("This election has no slate to install."))
    elected = elected_on(decision)
    term_start = late_term_start(slate["term_start"], slate["term_end"], elected)
    data = CommitteeInput(elected_on=elected, term_start=term_start, term_end=slate["term_end"],
                          members=_member_inputs(slate))
    committee_id = await install_committee(SYSTEM, decision["community"], data, decision_id=decision["id"])
    return _("Committee no. %(id)s installed: %(n)s members, term %(start)s to %(end)s.", id=committee_id,
             n=len(slate["members"]), start=fmt_date(term_start), end=fmt_date(slate["term_end"]))


def late_term_start(term_start: date, term_end: date, elected: date) -> date:
    """The first day of an elected slate's term: the slate's, or the closing day when the vote closed
    after it (a committee cannot serve before it is elected); the term keeps its last day. Refused
    when the whole term was over before the vote closed."""
    if term_end < elected:
        raise FieldError("slate", _(
            "The vote closed on %(day)s, after the whole term on the slate (%(start)s to %(end)s) was over: there is "
            "nothing to install. Put a new slate to the owners.",
            day=fmt_date(elected), start=fmt_date(term_start), end=fmt_date(term_end)))
    return max(term_start, elected)


async def slate_panel(actor: Principal, decision: dict) -> dict:
    """The slate on the decision's pages, phones masked for all but staff, with the rules it breaks
    while a draft (the size and term rules, which opening will insist on)."""
    slate = await get_slate(decision["id"])
    if slate is not None and not access.sees_phones(actor):
        for member in slate["members"]:
            member["phone"] = mask_phone(member["phone"])
    broken = []
    if slate is not None and decision["state"] == "draft":
        broken = [_(logic.RULES[rule]) for rule in
                  logic.slate_rules(len(slate["members"]), slate["term_start"], slate["term_end"])]
    return {"slate": slate, "slate_broken": broken,
            "may_edit_slate": decision["state"] == "draft" and decision_access.may_run(actor, decision)}


async def discard_slate(decision: dict) -> None:
    """A draft election deleted, or turned to another matter: its slate (and members) go with it."""
    await Slate.delete().where(Slate.decision_id == decision["id"])


outcomes.register_outcome("election", install_elected)
outcomes.register_opening_check("election", check_slate)
outcomes.register_panel("election", "committees/_slate.html", slate_panel)
outcomes.register_discard("election", discard_slate)
