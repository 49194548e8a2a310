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
from app.errors import NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.logic import (
    Period,
    first_conflict,
    notice_shortfall,
    required_notice_days,
)
from app.management.tables import Arrangement
from app.settings import get_settings

CHANGERS = ("street",)  # who may assign and end arrangements


class ArrangementError(ValueError):
    """A change that cannot be made; ``field`` says where the form should show ``message``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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
    Arrangement.company,
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


def today() -> date:
    return clock.today()


async def history(community_id: int) -> list[dict]:
    """Every arrangement of the community, newest first. The caller has checked the scope."""
    return await Arrangement.select(*HISTORY_COLUMNS).where(Arrangement.community == community_id).order_by(
        Arrangement.start_date, ascending=False
    )


def current_of(rows: list[dict], day: date) -> dict | None:
    """The arrangement active on ``day`` (on a handover day, the one starting then)."""
    active = [row for row in rows if row["start_date"] <= day and (row["end_date"] is None or day <= row["end_date"])]
    return max(active, key=lambda row: row["start_date"]) if active else None


async def _lock_community(community_id: int) -> None:
    """Serialise changes to one community's arrangements. SQLite's write transaction already does."""
    if is_postgres():
        await Community.raw("SELECT id FROM community WHERE id = {} FOR UPDATE", community_id)


async def _check(actor: Principal, community: dict, data: ArrangementInput) -> None:
    if data.start_date is None:
        raise ArrangementError("start_date", _("Choose the day it starts."))
    if data.end_date is not None and data.end_date < data.start_date:
        raise ArrangementError("end_date", _("The end cannot be before the start."))
    if data.mode == "professional":
        if not data.company_id or not await Company.exists().where(Company.id == data.company_id):
            raise ArrangementError("company_id", _("Choose the property company."))
    if data.mode == "street_proxy":
        responsible = await Account.select(Account.region_code, Account.role).where(
            Account.id == (data.responsible_id or 0)
        ).first()
        same_street = responsible and (responsible["region_code"] or "")[:9] == community["region_code"][:9]
        if responsible is None or responsible["role"] != "street" or not same_street:
            raise ArrangementError("responsible_id", _("Choose a staff member of this community's street office."))


async def precheck(actor: Principal, community_id: int, data: ArrangementInput) -> ArrangementError | None:
    """What ``assign`` would refuse, found before the user is asked to confirm (no change made)."""
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise LookupError(community_id)
    try:
        await _check(actor, community, data)
    except ArrangementError as exc:
        return exc
    rows = await Arrangement.select(Arrangement.start_date, Arrangement.end_date).where(
        Arrangement.community == community_id
    )
    clash = first_conflict(Period(data.start_date, data.end_date), [Period(r["start_date"], r["end_date"]) for r in rows])
    return ArrangementError("start_date", _overlap_message(clash)) if clash else None


async def assign(actor: Principal, community_id: int, data: ArrangementInput) -> int:
    """Record a new arrangement for the community, refusing any overlap with its history."""
    community = await communities.get_community(actor, community_id)
    if community is None or actor.role not in CHANGERS:
        raise LookupError(community_id)
    await _check(actor, community, data)
    async with transaction():
        await _lock_community(community_id)
        rows = await Arrangement.select(Arrangement.start_date, Arrangement.end_date).where(
            Arrangement.community == community_id
        )
        clash = first_conflict(Period(data.start_date, data.end_date), [Period(r["start_date"], r["end_date"]) for r in rows])
        if clash is not None:
            raise ArrangementError("start_date", _overlap_message(clash))
        inserted = await Arrangement.insert(
            Arrangement(
                community=community_id,
                region_code=community["region_code"],
                mode=data.mode,
                start_date=data.start_date,
                end_date=data.end_date,
                company=data.company_id if data.mode == "professional" else None,
                contract_number=data.contract_number if data.mode == "professional" else "",
                service_level=data.service_level if data.mode == "professional" else "",
                fee_fen_per_m2_month=data.fee_fen_per_m2_month if data.mode == "professional" else None,
                bundle=data.bundle_id if data.mode == "professional" else None,
                supervising_region_code=data.supervising_region_code if data.mode == "self_managed" else None,
                responsible=data.responsible_id if data.mode == "street_proxy" else None,
                unit_name=data.unit_name if data.mode == "unit_managed" else "",
                contact_name=data.contact_name if data.mode in ("self_managed", "unit_managed") else "",
                contact_phone=data.contact_phone if data.mode in ("self_managed", "unit_managed") else "",
                created_by=actor.id,
            )
        ).returning(Arrangement.id)
        arrangement_id = inserted[0]["id"]
        summary = {"community": community["name"], "mode": data.mode, "start": str(data.start_date),
                   "end": str(data.end_date or "")}
        if data.company_id and data.mode == "professional":
            summary["company_id"] = data.company_id
        await audit.record(actor, "arrangement.assign", "arrangement", arrangement_id, summary, community["region_code"])
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


async def get_arrangement(actor: Principal, arrangement_id: int) -> dict | None:
    row = await Arrangement.select(*HISTORY_COLUMNS).where(Arrangement.id == arrangement_id).first()
    if row is None or await communities.get_community(actor, row["community"]) is None:
        return None
    return row


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
    """End (or bring forward the end of) an arrangement, warning when the notice was short."""
    row = await get_arrangement(actor, arrangement_id)
    if row is None or actor.role not in CHANGERS:
        raise LookupError(arrangement_id)
    if end_date < row["start_date"]:
        raise ArrangementError("end_date", _("The end cannot be before the start."))
    if row["end_date"] is not None and row["end_reason"] and end_date > row["end_date"]:
        raise ArrangementError("end_date", _("This arrangement has already ended."))
    if notice_given_on is not None and notice_given_on > end_date:
        raise ArrangementError("notice_given_on", _("Notice is given before the end, not after it."))
    policy = get_settings().policy
    required = required_notice_days(reason, policy.dismissal_notice_days, policy.non_renewal_notice_days)
    short_by = notice_shortfall(notice_given_on, end_date, required)
    if short_by and not acknowledge_short_notice:
        raise ShortNotice(short_by, required)
    async with transaction():
        await _lock_community(row["community"])
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
        summary = {"end": str(end_date), "reason": reason, "notice_given_on": str(notice_given_on or "")}
        if short_by:
            summary["short_notice_days"] = short_by
        await audit.record(actor, "arrangement.end", "arrangement", arrangement_id, summary, row["region_code"])


async def current_counts(company_ids: list[int], day: date) -> dict[int, int]:
    """How many communities each company manages on ``day``."""
    if not company_ids:
        return {}
    active = await Arrangement.select(Arrangement.company, Arrangement.community).where(
        Arrangement.company.is_in(company_ids)
        & (Arrangement.start_date <= day)
        & (Arrangement.end_date.is_null() | (Arrangement.end_date >= day))
    )
    communities_of: dict[int, set[int]] = {}
    for row in active:
        communities_of.setdefault(row["company"], set()).add(row["community"])
    return {company: len(ids) for company, ids in communities_of.items()}


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


async def community_section(actor: Principal, community: dict) -> dict:
    """What the community page shows about management: now, the history, bundles and shared service."""
    from app.management.tables import SharedService

    community_id = community["id"]
    rows = await history(community_id)
    day = today()
    shared = await SharedService.select(
        SharedService.id, SharedService.start_date, SharedService.end_date, SharedService.note,
        SharedService.community, SharedService.community.name.as_alias("community_name"),
        SharedService.provider_community, SharedService.provider_community.name.as_alias("provider_name"),
        SharedService.company.name.as_alias("company_name"),
    ).where((SharedService.community == community_id) | (SharedService.provider_community == community_id)).order_by(
        SharedService.start_date, ascending=False
    )
    return {
        "arrangements": rows,
        "current_arrangement": current_of(rows, day),
        "shared_services": shared,
        "today": day,
    }


async def company_contracts(company_id: int, actor: Principal | None = None) -> list[dict]:
    """Every arrangement of one company, newest first, with its community. With ``actor``, only
    those about communities the actor may see (a company user sees all of its own)."""
    query = Arrangement.select(
        Arrangement.id, Arrangement.community, Arrangement.community.name.as_alias("community_name"),
        Arrangement.start_date, Arrangement.end_date, Arrangement.contract_number, Arrangement.service_level,
        Arrangement.fee_fen_per_m2_month, Arrangement.bundle.name.as_alias("bundle_name"), Arrangement.end_reason,
    ).where(Arrangement.company == company_id)
    if actor is not None and not actor.is_system and actor.company_id != company_id:
        if not actor.region_prefix:
            return []
        query = query.where(Arrangement.region_code.like(actor.region_prefix + "%"))
    return await query.order_by(Arrangement.start_date, ascending=False)


async def current_for(community_ids: list[int], day: date) -> dict[int, dict]:
    """Each community's current arrangement, with the manager's name, keyed by community id."""
    if not community_ids:
        return {}
    rows = await Arrangement.select(
        Arrangement.community, Arrangement.mode, Arrangement.start_date, Arrangement.end_date,
        Arrangement.company.name.as_alias("company_name"), Arrangement.unit_name,
        Arrangement.responsible.display_name.as_alias("responsible_name"),
    ).where(
        Arrangement.community.is_in(community_ids) & (Arrangement.start_date <= day)
        & (Arrangement.end_date.is_null() | (Arrangement.end_date >= day))
    )
    current: dict[int, dict] = {}
    for row in rows:  # on a handover day the later start wins
        if row["community"] not in current or row["start_date"] > current[row["community"]]["start_date"]:
            current[row["community"]] = row
    return current
