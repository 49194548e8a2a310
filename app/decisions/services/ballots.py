"""Ballots and the live tally: one ballot per head, the latest standing while the window is open."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from app.photos import services as photos
from app.photos.logic import PhotoRefused, ProcessedPhoto

# The tally in one aggregate query, whatever the number of ballots: the voters' heads and area and
# the yes votes' heads and area, summed over the ballots joined to their heads' snapshot area.
TALLY_SQL = (
    "SELECT COUNT(*) AS voted_heads, COALESCE(SUM(h.area), 0) AS voted_area,"
    " COALESCE(SUM(CASE WHEN b.choice = 'yes' THEN 1 ELSE 0 END), 0) AS yes_heads,"
    " COALESCE(SUM(CASE WHEN b.choice = 'yes' THEN h.area ELSE 0 END), 0) AS yes_area,"
    " COALESCE(SUM(CASE WHEN b.choice = 'no' THEN 1 ELSE 0 END), 0) AS no_heads,"
    " COALESCE(SUM(CASE WHEN b.choice = 'no' THEN h.area ELSE 0 END), 0) AS no_area"
    " FROM ballot b JOIN decision_head h ON h.id = b.head WHERE b.decision = {}"
)
REGISTER_PER_PAGE = 50


async def count_ballots(decision_id: int) -> logic.Counts:
    """The voters' side of the tally, counted now (the entitled side is the decision's snapshot)."""
    rows = await Decision.raw(TALLY_SQL, decision_id)
    row = rows[0]
    return logic.Counts(0, 0, int(row["voted_area"]), int(row["voted_heads"]), int(row["yes_area"]),
                        int(row["yes_heads"]), int(row["no_area"]), int(row["no_heads"]))


async def tally_of(decision: dict) -> logic.Tally | None:
    """Live while open (one query), frozen at close (none); None for a draft."""
    if decision["state"] == "draft":
        return None
    if decision["state"] == "closed":
        voters = logic.Counts(0, 0, decision["voted_area"], decision["voted_heads"], decision["yes_area"],
                              decision["yes_heads"], decision["no_area"], decision["no_heads"])
    else:
        voters = await count_ballots(decision["id"])
    counts = replace(voters, entitled_area=decision["entitled_area"], entitled_heads=decision["entitled_heads"])
    return logic.tally(counts, decision["rule"])


def voting_open(decision: dict) -> bool:
    """Ballots count from the first day of the window to its last, inclusive, until the decision closes."""
    return decision["state"] == "open" and decision["opens_on"] <= clock.today() <= decision["closes_on"]


@dataclass
class PaperEntry:
    """What a paper or door-to-door ballot records beside the vote: the signed paper (its number and/or
    a photo) and, when someone signed for the owner, the proxy and his authorisation (number and/or photo).
    Photos arrive as the uploaded bytes and are checked and cleaned here (``app.photos``)."""

    proxy_name: str = ""
    reference: str = ""
    proxy_reference: str = ""
    photo: bytes | None = None
    proxy_photo: bytes | None = None


def check_paper(entry: PaperEntry) -> None:
    """The evidence a paper ballot needs (issue 9): the signed paper's number or its photo; for a proxy,
    his name and his authorisation's number or photo."""
    if not entry.reference and not entry.photo:
        raise FieldError("reference", _("Give the paper ballot's number or attach a photo of the signed paper."))
    proxy_evidence = entry.proxy_reference or entry.proxy_photo
    if entry.proxy_name and not proxy_evidence:
        raise FieldError("proxy_reference", _("A proxy vote needs the owner's authorisation: give its number or attach "
                                              "a photo of it."))
    if proxy_evidence and not entry.proxy_name:
        raise FieldError("proxy_name", _("Give the name of the proxy who signed for the owner."))


async def _photos_of(entry: PaperEntry) -> dict[str, ProcessedPhoto]:
    """The entry's photos, checked and cleaned (before any transaction: decoding takes a while)."""
    processed = {}
    for column in ("photo", "proxy_photo"):
        data = getattr(entry, column)
        if data:
            try:
                processed[column] = await photos.process(data)
            except PhotoRefused as exc:
                raise FieldError(column, exc.message) from None
    return processed


async def _record(actor: Principal, decision: dict, head_id: int, choice: str, channel: str,
                  entry: PaperEntry | None = None) -> None:
    """Write the head's ballot, replacing an earlier one, after checking the window under the lock.
    A photo's row is written in the same transaction and its file once that commits (``app.photos``)."""
    if choice not in logic.CHOICES:
        raise FieldError("choice", _("Choose yes, no or abstain."))
    entry = entry or PaperEntry()
    pictures = await _photos_of(entry)
    async with transaction():
        current = await lock_decision(decision["id"])
        if not voting_open({**decision, **current}):
            raise FieldError("choice", _("Voting is not open: the window is %(start)s to %(end)s.",
                                         start=decision["opens_on"].isoformat(), end=decision["closes_on"].isoformat()))
        earlier = await Ballot.select(Ballot.id, Ballot.replaced).where(Ballot.head == head_id).first()
        values = {"choice": choice, "channel": channel, "proxy_name": entry.proxy_name, "reference": entry.reference,
                  "proxy_reference": entry.proxy_reference, "photo": "", "proxy_photo": "",
                  "entered_by": actor.id, "entered_at": clock.utcnow()}
        if earlier is None:
            rows = await Ballot.insert(Ballot(decision=decision["id"], head=head_id, **values)).returning(Ballot.id)
            ballot_id = rows[0]["id"]
        else:
            ballot_id = earlier["id"]
            await Ballot.update({**{getattr(Ballot, key): value for key, value in values.items()},
                                 Ballot.replaced: earlier["replaced"] + 1}).where(Ballot.id == ballot_id)
        if pictures:
            keys = {column: await photos.attach(actor, picture, domain="decisions", kind="ballot", object_id=ballot_id)
                    for column, picture in pictures.items()}
            await Ballot.update({getattr(Ballot, column): key for column, key in keys.items()}).where(
                Ballot.id == ballot_id)
        summary = {"head": head_id, "choice": choice, "channel": channel}
        if earlier is not None:
            summary["replaced"] = True
        for key in ("proxy_name", "reference", "proxy_reference"):
            if getattr(entry, key):
                summary[key] = getattr(entry, key)
        for column in pictures:
            summary[column] = True
        await audit.record(actor, "ballot.cast", "decision", decision["id"], summary, decision["region_code"],
                           object_name=decision["title"])


HEAD_COLUMNS = (DecisionHead.id, DecisionHead.owner, DecisionHead.developer, DecisionHead.label,
                DecisionHead.unit_list, DecisionHead.units, DecisionHead.area)


async def my_heads(actor: Principal, decision: dict) -> list[dict]:
    """The heads of this decision the owner's account speaks for, each with its ballot if any."""
    owner_ids = await owners.owner_ids_of(actor)
    if not owner_ids:
        return []
    ballot = DecisionHead.id.join_on(Ballot.head)
    return await DecisionHead.select(
        *HEAD_COLUMNS, ballot.choice.as_alias("choice"), ballot.channel.as_alias("channel"),
        ballot.photo.as_alias("photo"), ballot.proxy_photo.as_alias("proxy_photo"),
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
                      proxy_name: str = "", reference: str = "", *, entry: PaperEntry | None = None) -> None:
    """A committee member or street clerk enters a signed paper or door-to-door ballot for a head
    (``entry`` for the whole record; ``proxy_name`` and ``reference`` alone for a paper without photos)."""
    decision = await get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    if channel not in ("paper", "door"):
        raise FieldError("channel", _("Choose how the ballot was collected."))
    entry = entry or PaperEntry(proxy_name=proxy_name, reference=reference)
    check_paper(entry)
    if not await DecisionHead.exists().where(DecisionHead.id == head_id, DecisionHead.decision == decision_id):
        raise FieldError("head_id", _("Choose an owner entitled to vote on this decision."))
    await _record(actor, decision, head_id, choice, channel, entry)


async def register_page(decision_id: int, *, q: str = "", page: int = 1, per_page: int = REGISTER_PER_PAGE) -> Page:
    """The heads with their ballots, a page at a time, optionally those whose name or unit matches ``q``."""
    ballot = DecisionHead.id.join_on(Ballot.head)
    columns = (*HEAD_COLUMNS, ballot.choice.as_alias("choice"), ballot.channel.as_alias("channel"),
               ballot.proxy_name.as_alias("proxy_name"), ballot.reference.as_alias("reference"),
               ballot.proxy_reference.as_alias("proxy_reference"), ballot.photo.as_alias("photo"),
               ballot.proxy_photo.as_alias("proxy_photo"),
               ballot.entered_at.as_alias("entered_at"), ballot.replaced.as_alias("replaced"),
               ballot.entered_by.username.as_alias("entered_by"))
    count = DecisionHead.count().where(DecisionHead.decision == decision_id)
    query = DecisionHead.select(*columns).where(DecisionHead.decision == decision_id)
    if q:
        term = "%" + "".join(ch for ch in q if ch not in "%_\\")[:64] + "%"
        matches = DecisionHead.label.like(term) | DecisionHead.unit_list.like(term)  # a name or a unit number
        count = count.where(matches)
        query = query.where(matches)
    total = await count
    page = clamp_page(page, total, per_page)
    rows = await query.order_by(DecisionHead.id).limit(per_page).offset((page - 1) * per_page)
    return Page(rows, total, page, per_page)
