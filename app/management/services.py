"""Arrangements: who manages a community when. Every change is scoped, checked, locked and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.accounts.tables import Account
from app.audit import services as audit
from app.communities import services as communities
from app.communities.tables import Community
from app.companies import services as companies
from app.companies.tables import Company
from app.db import is_postgres, transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management import access
from app.management.logic import (
    Period,
    conflict,
    first_conflict,
    manager_on,
    may_end_as_expiry,
    next_after,
    notice_applies,
    notice_shortfall,
    required_notice_days,
)
from app.management.queries import managers
from app.management.tables import Arrangement, SharedService
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


HISTORY_COLUMNS = (
    Arrangement.id,
    Arrangement.community,
    Arrangement.mode,
    Arrangement.start_date,
    Arrangement.end_date,
    Arrangement.contract_end_date,
    Arrangement.company,
    Arrangement.community.name.as_alias("community_name"),
    Arrangement.company.name.as_alias("company_name"),
    Arrangement.company.is_red_property.as_alias("company_red"),
    Arrangement.contract_number,
    Arrangement.service_level,
    Arrangement.fee_fen_per_m2_month,
    Arrangement.bundle,
    Arrangement.bundle.name.as_alias("bundle_name"),
    Arrangement.supervising_region_code,
    Arrangement.responsible.display_name.as_alias("responsible_name"),
    Arrangement.unit_name,
    Arrangement.contact_name,
    Arrangement.contact_phone,
    Arrangement.end_reason,
    Arrangement.end_note,
    Arrangement.notice_given_on,
    Arrangement.short_notice_acknowledged,
    Arrangement.region_code,
)

SHARED_COLUMNS = (
    SharedService.id,
    SharedService.community,
    SharedService.community.name.as_alias("community_name"),
    SharedService.provider_community,
    SharedService.provider_community.name.as_alias("provider_name"),
    SharedService.company,
    SharedService.company.name.as_alias("company_name"),
    SharedService.start_date,
    SharedService.end_date,
    SharedService.note,
    SharedService.region_code,
)


def today() -> date:
    return clock.today()


async def history(community_id: int) -> list[dict]:
    """Every arrangement of the community, newest first. The caller has checked the scope."""
    return await Arrangement.select(*HISTORY_COLUMNS).where(Arrangement.community == community_id).order_by(
        Arrangement.start_date, ascending=False
    )


async def managers_on(community_ids: list[int], day: date) -> dict[int, dict]:
    """Each community's manager on ``day`` (``logic.manager_on``), keyed by community id: the current
    arrangement with its manager's name, or a shared service (mode ``shared_service``, the provider's
    company). Communities nobody manages are absent."""
    if not community_ids:
        return {}
    active_arrangement = (Arrangement.start_date <= day) & (
        Arrangement.end_date.is_null() | (Arrangement.end_date >= day)
    )
    rows = await Arrangement.select(*HISTORY_COLUMNS).where(
        Arrangement.community.is_in(community_ids) & active_arrangement
    )
    shared = await SharedService.select(*SHARED_COLUMNS).where(
        SharedService.community.is_in(community_ids) & (SharedService.start_date <= day)
        & (SharedService.end_date.is_null() | (SharedService.end_date >= day))
    )
    result = {}
    for community_id in community_ids:
        manager = manager_on(
            [r for r in rows if r["community"] == community_id],
            [r for r in shared if r["community"] == community_id],
            day,
        )
        if manager is not None:
            result[community_id] = manager
    return result


async def upcoming(community_ids: list[int], day: date) -> dict[int, dict]:
    """Each community's next arrangement starting after ``day`` (``logic.next_after``), by community id."""
    if not community_ids:
        return {}
    rows = await Arrangement.select(*HISTORY_COLUMNS).where(
        Arrangement.community.is_in(community_ids) & (Arrangement.start_date > day)
    )
    result = {}
    for community_id in community_ids:
        row = next_after([r for r in rows if r["community"] == community_id], day)
        if row is not None:
            result[community_id] = row
    return result


async def manager_of(community_id: int, day: date) -> dict | None:
    """Who manages this community on ``day`` (None: nobody)."""
    return (await managers_on([community_id], day)).get(community_id)


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


async def current_counts(company_ids: list[int], day: date) -> dict[int, int]:
    """How many communities each company serves on ``day`` (professional, bundle or shared service)."""
    if not company_ids:
        return {}
    marks = ", ".join("{}" for _ in company_ids)
    rows = await Community.raw(
        f"SELECT m.company AS company, COUNT(DISTINCT m.community) AS n FROM ({{}}) m "
        f"WHERE m.company IN ({marks}) GROUP BY m.company",
        managers(day), *company_ids,
    )
    return {row["company"]: row["n"] for row in rows}


async def company_options(actor: Principal, q: str, limit: int = 12) -> list[dict]:
    """The companies a picker offers (``companies.search_companies``), each with how many
    communities it manages today, so street staff see who is already stretched."""
    rows = await companies.search_companies(actor, q, limit)
    counts = await current_counts([row["id"] for row in rows], today())
    for row in rows:
        row["current_communities"] = counts.get(row["id"], 0)
    return rows


async def company_option(actor: Principal, company_id: int) -> dict | None:
    """One company as the picker shows it (the one already chosen in a form)."""
    try:
        company = await companies.get_company(actor, company_id)
    except NotFound:
        return None
    rows = await company_options(actor, company["uscc"], limit=1)
    return rows[0] if rows else None


async def responsible_options(community: dict) -> list[dict]:
    """Street staff whose scope covers the community: the grid members a street-proxy arrangement names."""
    street = community["region_code"][:9]
    return await Account.select(Account.id, Account.display_name, Account.username).where(
        (Account.role == "street") & (Account.is_active == True) & Account.region_code.like(street + "%")  # noqa: E712
    ).order_by(Account.display_name)


def _with_terms(actor: Principal, row: dict) -> dict:
    return {**row, "may_see_terms": access.may_see_terms(actor, row)}


async def community_section(actor: Principal, community: dict) -> dict:
    """What the community page shows about management: who manages it today, what comes next, the
    history, bundles and shared service."""
    community_id = community["id"]
    day = today()
    rows = [_with_terms(actor, row) for row in await history(community_id)]
    shared = await SharedService.select(*SHARED_COLUMNS).where(
        (SharedService.community == community_id) | (SharedService.provider_community == community_id)
    ).order_by(SharedService.start_date, ascending=False)
    own_shared = [row for row in shared if row["community"] == community_id]
    current = manager_on(rows, own_shared, day)
    return {
        "arrangements": rows,
        "current_arrangement": current if current is not None and current["mode"] != "shared_service" else None,
        "current_manager": current,
        "next_arrangement": next_after(rows, day),
        "shared_services": shared,
        "today": day,
        "may_manage": access.may(actor, community),
    }


async def company_contracts(company_id: int, actor: Principal | None = None) -> list[dict]:
    """Every arrangement of one company, newest first, with its community and its status today
    (``current`` by the one rule, so the outgoing side of a handover reads ``ended``). With ``actor``,
    only those about communities the actor may see (a company user sees all of its own)."""
    query = Arrangement.select(
        Arrangement.id, Arrangement.community, Arrangement.community.name.as_alias("community_name"),
        Arrangement.start_date, Arrangement.end_date, Arrangement.contract_end_date, Arrangement.contract_number,
        Arrangement.service_level, Arrangement.fee_fen_per_m2_month, Arrangement.bundle.name.as_alias("bundle_name"),
        Arrangement.end_reason,
    ).where(Arrangement.company == company_id)
    if actor is not None and not actor.is_system and actor.company_id != company_id:
        if not actor.region_prefix:
            return []
        query = query.where(Arrangement.region_code.like(actor.region_prefix + "%"))
    rows = await query.order_by(Arrangement.start_date, ascending=False)
    day = today()
    current = await managers_on(sorted({row["community"] for row in rows}), day)
    for row in rows:
        manager = current.get(row["community"])
        if manager is not None and manager["mode"] != "shared_service" and manager["id"] == row["id"]:
            row["status"] = "current"
        elif row["start_date"] > day:
            row["status"] = "later"
        else:
            row["status"] = "ended"
    return rows


async def company_shared_services(company_id: int, actor: Principal | None = None) -> list[dict]:
    """The communities a company serves or served as a neighbour's company (shared service)."""
    query = SharedService.select(*SHARED_COLUMNS).where(SharedService.company == company_id)
    if actor is not None and not actor.is_system and actor.company_id != company_id:
        if not actor.region_prefix:
            return []
        query = query.where(SharedService.region_code.like(actor.region_prefix + "%"))
    rows = await query.order_by(SharedService.start_date, ascending=False)
    day = today()
    current = await managers_on(sorted({row["community"] for row in rows}), day)
    for row in rows:
        manager = current.get(row["community"])
        is_current = manager is not None and manager["mode"] == "shared_service" and manager["id"] == row["id"]
        row["status"] = "current" if is_current else ("later" if row["start_date"] > day else "ended")
    return rows
