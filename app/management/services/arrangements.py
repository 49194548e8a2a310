"""Assigning and ending arrangements: every change scoped, checked for overlap under the community lock, and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.accounts.tables import Account
from app.audit import services as audit
from app.communities import services as communities
from app.communities.tables import Community
from app.companies.tables import Company
from app.db import is_postgres, transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management import access
from app.management.company_checks import refusal_of
from app.management.logic import (
    Period,
    conflict,
    first_conflict,
    may_end_as_expiry,
    notice_applies,
    notice_shortfall,
    required_notice_days,
)
from app.management.services.managers import HISTORY_COLUMNS, today
from app.management.tables import Arrangement, SharedService
from app.regions import services as regions
from app.regions.logic import contains, parent_of
from app.settings import get_settings


class ShortNotice(Exception):
    """Ending with less notice than the law asks; the user must acknowledge it."""

    def __init__(self, short_by: int, required: int) -> None:
        super().__init__(short_by)
        self.short_by = short_by
        self.required = required


@dataclass
class ArrangementInput:
    mode: str = ""
    start_date: date | None = None
    end_date: date | None = None
    company_id: int | None = None
    contract_number: str = ""
    service_level: str = ""
    fee_fen_per_m2_month: int | None = None
    supervising_region_code: str | None = None
    responsible_id: int | None = None
    unit_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    bundle_id: int | None = None


async def lock_community(community_id: int) -> None:
    """Serialise changes to one community's arrangements and shared services (the same lock for both).
    SQLite's write transaction already does."""
    if is_postgres():
        await Community.raw("SELECT id FROM community WHERE id = {} FOR UPDATE", community_id)


async def _check(actor: Principal, community: dict, data: ArrangementInput) -> None:
    if data.start_date is None:
        raise FieldError("start_date", _("Choose the day it starts."))
    if data.end_date is not None and data.end_date < data.start_date:
        raise FieldError("end_date", _("The end cannot be before the start."))
    if data.mode == "professional":
        if not data.company_id or not await Company.exists().where(Company.id == data.company_id):
            raise FieldError("company_id", _("Choose the property company."))
        refusal = await refusal_of(data.company_id, data.start_date)
        if refusal:
            raise FieldError("company_id", refusal)
    if data.mode == "self_managed":
        # Residents'-community supervision (社区督管): a residents' community of this community's street.
        code = data.supervising_region_code or ""
        if not (contains(parent_of(community["region_code"]), code) and await regions.node_in_scope(actor, code, "community")):
            raise FieldError("supervising_region_code", _("Choose a residents' community of this street office to supervise it."))
    if data.mode == "street_proxy":
        responsible = await Account.select(Account.region_code, Account.role).where(
            Account.id == (data.responsible_id or 0)
        ).first()
        same_street = responsible and (responsible["region_code"] or "")[:9] == community["region_code"][:9]
        if responsible is None or responsible["role"] != "street" or not same_street:
            raise FieldError("responsible_id", _("Choose a staff member of this community's street office."))


async def find_clash(community_id: int, period: Period, *, except_arrangement: int | None = None,
                 except_shared: int | None = None) -> FieldError | None:
    """What ``period`` would overlap among the community's arrangements and shared services."""
    query = Arrangement.select(Arrangement.id, Arrangement.start_date, Arrangement.end_date).where(
        Arrangement.community == community_id
    )
    rows = [r for r in await query if r["id"] != except_arrangement]
    clash = first_conflict(period, [Period(r["start_date"], r["end_date"]) for r in rows])
    if clash is not None:
        return FieldError("start_date", _overlap_message(clash))
    shared = await SharedService.select(SharedService.id, SharedService.start_date, SharedService.end_date).where(
        SharedService.community == community_id
    )
    for row in sorted(shared, key=lambda r: r["start_date"]):
        if row["id"] != except_shared and conflict(period, Period(row["start_date"], row["end_date"])):
            return FieldError("start_date", _(
                "This overlaps the shared service from %(start)s. End the shared service first; the new "
                "period may start on its last day.", start=fmt_date(row["start_date"]),
            ))
    return None


async def _community(actor: Principal, community_id: int) -> dict:
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise NotFound(community_id)
    return community


async def precheck(actor: Principal, community_id: int, data: ArrangementInput) -> FieldError | None:
    """What ``assign`` would refuse, found before the user is asked to confirm (no change made)."""
    community = await _community(actor, community_id)
    try:
        await _check(actor, community, data)
    except FieldError as exc:
        return exc
    return await find_clash(community_id, Period(data.start_date, data.end_date))


async def assign(actor: Principal, community_id: int, data: ArrangementInput) -> int:
    """Record a new arrangement for the community, refusing any overlap with its history or with a
    shared service."""
    community = await _community(actor, community_id)
    if not access.may_assign(actor, community):
        raise NotFound(community_id)
    await _check(actor, community, data)
    professional = data.mode == "professional"
    async with transaction():
        await lock_community(community_id)
        problem = await find_clash(community_id, Period(data.start_date, data.end_date))
        if problem is not None:
            raise problem
        inserted = await Arrangement.insert(
            Arrangement(
                community=community_id,
                region_code=community["region_code"],
                mode=data.mode,
                start_date=data.start_date,
                end_date=data.end_date,
                contract_end_date=data.end_date,
                company=data.company_id if professional else None,
                contract_number=data.contract_number if professional else "",
                service_level=data.service_level if professional else "",
                fee_fen_per_m2_month=data.fee_fen_per_m2_month if professional else None,
                bundle=data.bundle_id if professional else None,
                supervising_region_code=data.supervising_region_code if data.mode == "self_managed" else None,
                responsible=data.responsible_id if data.mode == "street_proxy" else None,
                unit_name=data.unit_name if data.mode == "unit_managed" else "",
                contact_name=data.contact_name if data.mode in ("self_managed", "unit_managed") else "",
                contact_phone=data.contact_phone if data.mode in ("self_managed", "unit_managed") else "",
                created_by=actor.id,
            )
        ).returning(Arrangement.id)
        arrangement_id = inserted[0]["id"]
        summary = {"community": community["name"], "mode": data.mode, "start": data.start_date, "end": data.end_date}
        if data.company_id and professional:
            summary["company_id"] = data.company_id
        await audit.record(actor, "arrangement.assign", "arrangement", arrangement_id, summary, community["region_code"],
                           object_name=community["name"])
    return arrangement_id


def _overlap_message(clash: Period) -> str:
    if clash.end is None:
        return _(
            "This community already has an arrangement from %(start)s with no end date. End it first; "
            "the new one may start on its last day.",
            start=fmt_date(clash.start),
        )
    return _(
        "This overlaps the arrangement from %(start)s to %(end)s. Start on %(end)s (handover) or later.",
        start=fmt_date(clash.start),
        end=fmt_date(clash.end),
    )


async def get_arrangement(actor: Principal, arrangement_id: int) -> dict:
    """The arrangement, if its community lies in the actor's scope; else NotFound."""
    row = await Arrangement.select(*HISTORY_COLUMNS).where(Arrangement.id == arrangement_id).first()
    if row is None or await communities.get_community(actor, row["community"]) is None:
        raise NotFound(arrangement_id)
    return row


def _end_rules(row: dict, end_date: date, reason: str, notice_given_on: date | None, day: date) -> int:
    """Check an end against the arrangement's own dates; answer the notice days the law asks."""
    if end_date < row["start_date"]:
        raise FieldError("end_date", _("The end cannot be before the start."))
    if row["end_reason"] and row["end_date"] is not None and row["end_date"] < day:
        raise FieldError("end_date", _(
            "This arrangement already ended on %(day)s; an end can be corrected only until it takes effect.",
            day=fmt_date(row["end_date"]),
        ))
    # Rows from before the column existed: an end not yet set by ending is the agreed one.
    contract_end = row["contract_end_date"] or (row["end_date"] if not row["end_reason"] else None)
    if contract_end is not None and end_date > contract_end:
        raise FieldError("end_date", _(
            "It was agreed to run to %(day)s; it cannot end later. For longer, assign a new arrangement "
            "from %(day)s.", day=fmt_date(contract_end),
        ))
    if reason == "expiry" and not may_end_as_expiry(contract_end, end_date):
        if contract_end is None:
            raise FieldError("reason", _("It has no agreed end date, so it cannot expire: choose another reason."))
        raise FieldError("reason", _(
            "The contract runs to %(day)s: ending before then is an early termination, not expiry. Choose "
            "the owners' dismissal, the company's non-renewal or another reason (the notice rule applies).",
            day=fmt_date(contract_end),
        ))
    if notice_given_on is not None and notice_given_on > end_date:
        raise FieldError("notice_given_on", _("Notice is given before the end, not after it."))
    if not notice_applies(row["mode"]):
        return 0
    policy = get_settings().policy
    return required_notice_days(reason, policy.dismissal_notice_days, policy.non_renewal_notice_days)


async def end(
    actor: Principal,
    arrangement_id: int,
    *,
    end_date: date,
    reason: str,
    note: str = "",
    notice_given_on: date | None = None,
    acknowledge_short_notice: bool = False,
) -> None:
    """End an arrangement, or correct a scheduled end until it takes effect. The same overlap rule as
    assigning, under the same lock, in one transaction; the agreed end date is kept. Notice periods
    (Civil Code arts. 946–947) bind company contracts only; short notice must be acknowledged."""
    row = await get_arrangement(actor, arrangement_id)
    if not access.may_end(actor, row):
        raise NotFound(arrangement_id)
    required = _end_rules(row, end_date, reason, notice_given_on, today())
    short_by = notice_shortfall(notice_given_on, end_date, required)
    if short_by and not acknowledge_short_notice:
        raise ShortNotice(short_by, required)
    async with transaction():
        await lock_community(row["community"])
        row = await get_arrangement(actor, arrangement_id)  # as it stands under the lock
        _end_rules(row, end_date, reason, notice_given_on, today())
        problem = await find_clash(row["community"], Period(row["start_date"], end_date), except_arrangement=arrangement_id)
        if problem is not None:
            raise FieldError("end_date", problem.message)
        await Arrangement.update(
            {
                Arrangement.end_date: end_date,
                Arrangement.end_reason: reason,
                Arrangement.end_note: note,
                Arrangement.notice_given_on: notice_given_on,
                Arrangement.short_notice_acknowledged: bool(short_by),
                Arrangement.ended_at: clock.utcnow(),
            }
        ).where(Arrangement.id == arrangement_id)
        summary = {"end": end_date, "reason": reason, "notice_given_on": notice_given_on}
        if row["end_reason"]:
            summary["corrected_from"] = row["end_date"]
        if short_by:
            summary["short_notice_days"] = short_by
        await audit.record(actor, "arrangement.end", "arrangement", arrangement_id, summary, row["region_code"],
                           object_name=row["community_name"])
