"""Ballots and the live tally: one ballot per head, the latest standing while the window is open."""

from __future__ import annotations

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import transaction
from app.decisions import access, logic
from app.decisions.services.decisions import get_decision, lock_decision
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.owners import services as owners
from app.pagination import Page, clamp_page

# The tally in one aggregate query, whatever the number of ballots: the voters' heads and area and
# the yes votes' heads and area, summed over the ballots joined to their heads' snapshot area.
TALLY_SQL = (
    "SELECT COUNT(*) AS voted_heads, COALESCE(SUM(h.area), 0) AS voted_area,"
    " COALESCE(SUM(CASE WHEN b.choice = 'yes' THEN 1 ELSE 0 END), 0) AS yes_heads,"
    " COALESCE(SUM(CASE WHEN b.choice = 'yes' THEN h.area ELSE 0 END), 0) AS yes_area"
    " FROM ballot b JOIN decision_head h ON h.id = b.head WHERE b.decision = {}"
)
REGISTER_PER_PAGE = 50


async def count_ballots(decision_id: int) -> logic.Counts:
    """The voters' side of the tally, counted now (the entitled side is the decision's snapshot)."""
    rows = await Decision.raw(TALLY_SQL, decision_id)
    row = rows[0]
    return logic.Counts(0, 0, int(row["voted_area"]), int(row["voted_heads"]), int(row["yes_area"]),
                        int(row["yes_heads"]))


async def tally_of(decision: dict) -> logic.Tally | None:
    """Live while open (one query), frozen at close (none); None for a draft."""
    if decision["state"] == "draft":
        return None
    if decision["state"] == "closed":
        voters = logic.Counts(0, 0, decision["voted_area"], decision["voted_heads"], decision["yes_area"],
                              decision["yes_heads"])
    else:
        voters = await count_ballots(decision["id"])
    counts = logic.Counts(decision["entitled_area"], decision["entitled_heads"], voters.voted_area,
                          voters.voted_heads, voters.yes_area, voters.yes_heads)
    return logic.tally(counts, decision["rule"])


def voting_open(decision: dict) -> bool:
    """Ballots count from the first day of the window to its last, inclusive, until the decision closes."""
    return decision["state"] == "open" and decision["opens_on"] <= clock.today() <= decision["closes_on"]


async def _record(actor: Principal, decision: dict, head_id: int, choice: str, channel: str,
                  proxy_name: str = "", reference: str = "") -> None:
    """Write the head's ballot, replacing an earlier one, after checking the window under the lock."""
    if choice not in logic.CHOICES:
        raise FieldError("choice", _("Choose yes, no or abstain."))
    async with transaction():
        current = await lock_decision(decision["id"])
        if not voting_open({**decision, **current}):
            raise FieldError("choice", _("Voting is not open: the window is %(start)s to %(end)s.",
                                         start=decision["opens_on"].isoformat(), end=decision["closes_on"].isoformat()))
        earlier = await Ballot.select(Ballot.id, Ballot.replaced).where(Ballot.head == head_id).first()
        values = {"choice": choice, "channel": channel, "proxy_name": proxy_name, "reference": reference,
                  "entered_by": actor.id, "entered_at": clock.utcnow()}
        if earlier is None:
            await Ballot.insert(Ballot(decision=decision["id"], head=head_id, **values))
        else:
            await Ballot.update({**{getattr(Ballot, key): value for key, value in values.items()},
                                 Ballot.replaced: earlier["replaced"] + 1}).where(Ballot.id == earlier["id"])
        summary = {"head": head_id, "choice": choice, "channel": channel}
        if earlier is not None:
            summary["replaced"] = True
        if proxy_name:
            summary["proxy_name"] = proxy_name
        if reference:
            summary["reference"] = reference
        await audit.record(actor, "ballot.cast", "decision", decision["id"], summary, decision["region_code"],
                           object_name=decision["title"])


HEAD_COLUMNS = (DecisionHead.id, DecisionHead.owner, DecisionHead.developer, DecisionHead.label,
                DecisionHead.units, DecisionHead.area)


async def my_heads(actor: Principal, decision: dict) -> list[dict]:
    """The heads of this decision the owner's account speaks for, each with its ballot if any."""
    owner_ids = await owners.owner_ids_of(actor)
    if not owner_ids:
        return []
    return await DecisionHead.select(
        *HEAD_COLUMNS, DecisionHead.id.join_on(Ballot.head).choice.as_alias("choice"),
    ).where(DecisionHead.decision == decision["id"], DecisionHead.owner.is_in(owner_ids)).order_by(DecisionHead.id)


async def cast_online(actor: Principal, decision_id: int, head_id: int, choice: str) -> None:
    """An owner's own ballot, for a head his account speaks for (anything else: 404)."""
    decision = await get_decision(actor, decision_id)
    if not access.may_vote(actor):
        raise NotFound(decision_id)
    if head_id not in {head["id"] for head in await my_heads(actor, decision)}:
        raise NotFound(head_id)
    await _record(actor, decision, head_id, choice, "online")


async def enter_paper(actor: Principal, decision_id: int, head_id: int, choice: str, channel: str,
                      proxy_name: str, reference: str) -> None:
    """A committee member or street clerk enters a signed paper or door-to-door ballot for a head."""
    decision = await get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    if channel not in ("paper", "door"):
        raise FieldError("channel", _("Choose how the ballot was collected."))
    if not reference:
        raise FieldError("reference", _("Give the paper ballot's number or photo reference."))
    if not await DecisionHead.exists().where(DecisionHead.id == head_id, DecisionHead.decision == decision_id):
        raise FieldError("head_id", _("Choose an owner entitled to vote on this decision."))
    await _record(actor, decision, head_id, choice, channel, proxy_name, reference)


async def register_page(decision_id: int, *, q: str = "", page: int = 1, per_page: int = REGISTER_PER_PAGE) -> Page:
    """The heads with their ballots, a page at a time, optionally those whose name or unit matches ``q``."""
    ballot = DecisionHead.id.join_on(Ballot.head)
    columns = (*HEAD_COLUMNS, ballot.choice.as_alias("choice"), ballot.channel.as_alias("channel"),
               ballot.proxy_name.as_alias("proxy_name"), ballot.reference.as_alias("reference"),
               ballot.entered_at.as_alias("entered_at"), ballot.replaced.as_alias("replaced"),
               ballot.entered_by.username.as_alias("entered_by"))
    count = DecisionHead.count().where(DecisionHead.decision == decision_id)
    query = DecisionHead.select(*columns).where(DecisionHead.decision == decision_id)
    if q:
        term = "%" + "".join(ch for ch in q if ch not in "%_\\")[:64] + "%"
        count = count.where(DecisionHead.label.like(term))
        query = query.where(DecisionHead.label.like(term))
    total = await count
    page = clamp_page(page, total, per_page)
    rows = await query.order_by(DecisionHead.id).limit(per_page).offset((page - 1) * per_page)
    return Page(rows, total, page, per_page)
