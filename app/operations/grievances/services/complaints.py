"""Filing a complaint and acting on it: routing to whoever is responsible on the filing day, the
response deadline in working days, and the state machine (``app.operations.complaints``), each
change with its event on the timeline and its audit entry, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import services as communities
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.management.services.managers import manager_of
from app.operations.complaints import ComplaintError, Responsible, check_channel, next_state, responsible_party
from app.operations.deadlines import Deadline, china_time, response_deadline
from app.operations.grievances import access
from app.operations.grievances.tables import Complaint, ComplaintEvent
from app.settings import get_settings


@dataclass
class ComplaintInput:
    subject: str
    text: str
    channel: str = "online"
    complainant_name: str = ""


def deadline_from(moment: datetime) -> Deadline:
    """The response deadline of a complaint filed (or reopened) at ``moment``: the policy's working
    days over the holiday calendar (``app.operations.deadlines``)."""
    policy = get_settings().policy
    return response_deadline(moment, policy.complaint_response_working_days, day_ends=policy.working_day_ends_at)


async def responsible_on(community: dict, moment: datetime) -> Responsible:
    """Who answers a complaint about ``community`` filed at ``moment``: its manager on that day in China
    (management's one rule), or the street office when no company manages it."""
    manager = await manager_of(community["id"], china_time(moment).date())
    return responsible_party(manager, community["region_code"])


async def filing_community(actor: Principal, community_id: int) -> tuple[dict, str]:
    """The community and how the actor files about it (``complainant`` or ``staff``); else ``NotFound``."""
    community = await communities.get_community(actor, community_id)
    part = access.filing_part(actor, community) if community is not None else None
    if part is None:
        raise NotFound(community_id)
    return community, part


async def file_complaint(actor: Principal, community_id: int, data: ComplaintInput) -> int:
    community, part = await filing_community(actor, community_id)
    try:
        check_channel(data.channel, part)
    except ComplaintError as error:
        raise FieldError("channel", error.message) from None
    now = clock.now()
    responsible = await responsible_on(community, now)
    deadline = deadline_from(now)
    name = data.complainant_name if part == "staff" else actor.display_name
    async with transaction():
        rows = await Complaint.insert(Complaint(
            community=community["id"], region_code=community["region_code"], street_code=community["region_code"][:9],
            channel=data.channel, complainant=actor.id if part == "complainant" else None, complainant_name=name,
            recorded_by=actor.id if part == "staff" else None, subject=data.subject, text=data.text,
            responsible_kind=responsible.kind, responsible_company=responsible.company_id,
            filed_at=now, due_at=deadline.due_at, due_assumed=deadline.assumed, state="open",
        )).returning(Complaint.id)
        complaint_id = rows[0]["id"]
        await ComplaintEvent.insert(ComplaintEvent(
            complaint=complaint_id, kind="filed", part=part, actor=actor.id, actor_name=actor.display_name,
            text="", at=now))
        await audit.record(actor, "complaint.file", "complaint", complaint_id,
                           {"complaint_channel": data.channel, "responsible": _responsible_text(responsible),
                            "community": community["name"]},
                           community["region_code"], object_name=data.subject)
    return complaint_id


def _responsible_text(responsible: Responsible) -> str:
    if responsible.kind == "company":
        return f"company {responsible.company_id}"
    return f"street {responsible.street_code}"


COLUMNS = (
    Complaint.id, Complaint.community, Complaint.community.name.as_alias("community_name"), Complaint.region_code,
    Complaint.street_code, Complaint.channel, Complaint.complainant, Complaint.complainant_name,
    Complaint.recorded_by, Complaint.recorded_by.display_name.as_alias("recorded_by_name"), Complaint.subject,
    Complaint.text, Complaint.responsible_kind, Complaint.responsible_company,
    Complaint.responsible_company.name.as_alias("company_name"), Complaint.filed_at, Complaint.due_at,
    Complaint.due_assumed, Complaint.state, Complaint.responses, Complaint.last_response_at, Complaint.seen_at,
    Complaint.closed_at, Complaint.satisfied, Complaint.reopened,
)


async def get_complaint(actor: Principal, complaint_id: int) -> dict:
    """The complaint, when the actor may see it; else ``NotFound`` (its existence does not leak)."""
    query = Complaint.select(*COLUMNS).where(Complaint.id == complaint_id)
    condition = access.scope(actor, clock.today())
    if condition is not None:
        query = query.where(condition)
    complaint = await query.first()
    if complaint is None:
        raise NotFound(complaint_id)
    return complaint


def _acting_part(action: str, parts: frozenset[str]) -> str:
    if action == "respond":
        return "responsible"
    return "complainant" if "complainant" in parts else "staff"


async def act(actor: Principal, complaint_id: int, action: str, text: str, *, satisfied: bool | None = None) -> None:
    """Respond, close or reopen (``app.operations.complaints.TRANSITIONS``). Refusals are ``FieldError``s
    on ``action`` with the rule's message; a complaint another user changed in the meantime is refused
    rather than moved from a state the actor never saw."""
    complaint = await get_complaint(actor, complaint_id)
    parts = access.parts(actor, complaint)
    state = complaint["state"]
    try:
        target = next_state(state, action, parts, satisfied=satisfied)
    except ComplaintError as error:
        raise FieldError("action", error.message) from None
    now = clock.now()
    changes: dict = {Complaint.state: target}
    late = False
    if action == "respond":
        late = now >= complaint["due_at"]
        changes.update({Complaint.responses: Complaint.responses + 1, Complaint.last_response_at: now})
    elif action == "close":
        changes.update({Complaint.closed_at: now, Complaint.satisfied: satisfied})
    elif action == "reopen":
        deadline = deadline_from(now)
        changes.update({Complaint.due_at: deadline.due_at, Complaint.due_assumed: deadline.assumed,
                        Complaint.reopened: Complaint.reopened + 1, Complaint.satisfied: None})
    async with transaction():
        moved = await Complaint.update(changes).where(
            (Complaint.id == complaint_id) & (Complaint.state == state)).returning(Complaint.id)
        if not moved:
            raise FieldError("action", _("Someone else changed this complaint meanwhile: look at it again."))
        await ComplaintEvent.insert(ComplaintEvent(
            complaint=complaint_id, kind=action, part=_acting_part(action, parts), actor=actor.id,
            actor_name=actor.display_name, company=actor.company_id if action == "respond" else None,
            text=text, satisfied=satisfied if action == "close" else (False if action == "reopen" else None),
            late=late, at=now))
        summary: dict = {"complaint_state": target}
        if action == "close":
            summary["satisfied"] = satisfied
        await audit.record(actor, f"complaint.{action}", "complaint", complaint_id, summary,
                           complaint["region_code"], object_name=complaint["subject"])


async def events_of(complaint_id: int) -> list[dict]:
    return await ComplaintEvent.select(
        ComplaintEvent.id, ComplaintEvent.kind, ComplaintEvent.part, ComplaintEvent.actor_name,
        ComplaintEvent.company.name.as_alias("company_name"), ComplaintEvent.text, ComplaintEvent.satisfied,
        ComplaintEvent.late, ComplaintEvent.at,
    ).where(ComplaintEvent.complaint == complaint_id).order_by(ComplaintEvent.id)


async def mark_seen(complaint: dict) -> None:
    """The complainant has read the responses so far (his home stops calling them new)."""
    last = complaint["last_response_at"]
    if last is not None and (complaint["seen_at"] is None or complaint["seen_at"] < last):
        await Complaint.update({Complaint.seen_at: clock.now()}).where(Complaint.id == complaint["id"])
