"""Bundles (捆绑管理) and shared service (套管), policy item 15: ways to reach communities no company
would take alone. A bundle's communities get professional arrangements through the same service as
any other, so the overlap rules hold for them too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import services as communities
from app.communities.tables import Community
from app.companies.tables import Company
from app.db import transaction
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.logic import Period, conflict
from app.management.services import (
    ArrangementError,
    ArrangementInput,
    assign,
    current_of,
    history,
    today,
)
from app.management.tables import Arrangement, Bundle, BundleProject, SharedService


@dataclass
class BundleInput:
    name: str = ""
    company_id: int | None = None
    reason_small: bool = False
    reason_adjacent: bool = False
    reason_costly: bool = False
    reason_note: str = ""
    projects: list[tuple[str, str, Decimal]] = field(default_factory=list)  # kind, name, floor area
    community_ids: list[int] = field(default_factory=list)
    contract: ArrangementInput = field(default_factory=ArrangementInput)


async def create_bundle(actor: Principal, data: BundleInput) -> int:
    """The bundle, its public projects, and a professional arrangement for each community: all or nothing."""
    if actor.role != "street" or not actor.region_prefix:
        raise LookupError("bundle")
    names = []
    for community_id in data.community_ids:
        community = await communities.get_community(actor, community_id)
        if community is None:
            raise LookupError(community_id)
        names.append(community["name"])
    if not await Company.exists().where(Company.id == (data.company_id or 0)):
        raise ArrangementError("company_id", _("Choose the property company."))
    async with transaction():
        rows = await Bundle.insert(
            Bundle(
                name=data.name, company=data.company_id, region_code=actor.region_code,
                reason_small=data.reason_small, reason_adjacent=data.reason_adjacent, reason_costly=data.reason_costly,
                reason_note=data.reason_note, created_by=actor.id,
            )
        ).returning(Bundle.id)
        bundle_id = rows[0]["id"]
        if data.projects:
            await BundleProject.insert(
                *[BundleProject(bundle=bundle_id, kind=kind, name=name, floor_area=area) for kind, name, area in data.projects]
            )
        contract = data.contract
        contract.mode, contract.company_id, contract.bundle_id = "professional", data.company_id, bundle_id
        for community_id, name in zip(data.community_ids, names):
            try:
                await assign(actor, community_id, contract)
            except ArrangementError as exc:
                raise ArrangementError("community_ids", f"{name}: {exc.message}") from None
        await audit.record(
            actor, "bundle.create", "bundle", bundle_id,
            {"name": data.name, "communities": names, "projects": [p[1] for p in data.projects]}, actor.region_code,
        )
    return bundle_id


async def list_bundles(actor: Principal) -> list[dict]:
    query = Bundle.select(Bundle.id, Bundle.name, Bundle.region_code, Bundle.company.name.as_alias("company_name"), Bundle.created_at)
    if not actor.is_system:
        if actor.role == "company":
            query = query.where(Bundle.company == actor.company_id)
        elif actor.region_prefix:
            query = query.where(Bundle.region_code.like(actor.region_prefix + "%"))
        else:
            return []
    return await query.order_by(Bundle.id, ascending=False)


async def get_bundle(actor: Principal, bundle_id: int) -> dict | None:
    bundles = [b for b in await list_bundles(actor) if b["id"] == bundle_id]
    if not bundles:
        return None
    bundle = await Bundle.select().where(Bundle.id == bundle_id).first()
    bundle["company_name"] = bundles[0]["company_name"]
    bundle["projects"] = await BundleProject.select().where(BundleProject.bundle == bundle_id).order_by(BundleProject.id)
    bundle["arrangements"] = await Arrangement.select(
        Arrangement.id, Arrangement.community, Arrangement.community.name.as_alias("community_name"),
        Arrangement.start_date, Arrangement.end_date, Arrangement.contract_number,
    ).where(Arrangement.bundle == bundle_id).order_by(Arrangement.community)
    return bundle


async def candidate_communities(actor: Principal) -> list[dict]:
    """Communities in the street user's area, with whether something manages them today."""
    page = await communities.list_communities(actor, per_page=500)
    day = today()
    active = await Arrangement.select(Arrangement.community).where(
        Arrangement.community.is_in([row["id"] for row in page.rows] or [-1])
        & (Arrangement.start_date <= day) & (Arrangement.end_date.is_null() | (Arrangement.end_date >= day))
    )
    managed = {row["community"] for row in active}
    return [{**row, "managed": row["id"] in managed} for row in page.rows]


async def providers_for(actor: Principal, community: dict, day: date) -> list[dict]:
    """Managed neighbours: communities of the same street with a professional company on ``day``."""
    street = community["region_code"][:9]
    rows = await Arrangement.select(
        Arrangement.community, Arrangement.community.name.as_alias("community_name"), Arrangement.company,
        Arrangement.company.name.as_alias("company_name"), Arrangement.start_date, Arrangement.end_date,
    ).where(
        (Arrangement.mode == "professional") & Arrangement.region_code.like(street + "%")
        & (Arrangement.community != community["id"]) & (Arrangement.start_date <= day)
        & (Arrangement.end_date.is_null() | (Arrangement.end_date >= day))
    ).order_by(Arrangement.community)
    return rows


async def start_shared_service(
    actor: Principal, community_id: int, provider_community_id: int, start: date, end: date | None, note: str = ""
) -> int:
    community = await communities.get_community(actor, community_id)
    if community is None or actor.role != "street":
        raise LookupError(community_id)
    if end is not None and end < start:
        raise ArrangementError("end_date", _("The end cannot be before the start."))
    if current_of(await history(community_id), start) is not None:
        raise ArrangementError("provider", _("Shared service is for a community nobody manages; this one is managed on that day."))
    providers = {row["community"]: row for row in await providers_for(actor, community, start)}
    provider = providers.get(provider_community_id)
    if provider is None:
        raise ArrangementError("provider", _("Choose a neighbouring community of this street that a company manages on that day."))
    async with transaction():
        existing = await SharedService.select(SharedService.start_date, SharedService.end_date).where(
            SharedService.community == community_id
        )
        for row in existing:
            if conflict(Period(start, end), Period(row["start_date"], row["end_date"])):
                raise ArrangementError("start_date", _(
                    "This overlaps the shared service from %(start)s.", start=fmt_date(row["start_date"])
                ))
        rows = await SharedService.insert(
            SharedService(
                community=community_id, provider_community=provider_community_id, company=provider["company"],
                region_code=community["region_code"], start_date=start, end_date=end, note=note, created_by=actor.id,
            )
        ).returning(SharedService.id)
        shared_id = rows[0]["id"]
        await audit.record(actor, "shared_service.start", "shared_service", shared_id,
                           {"community": community["name"], "provider": provider["community_name"],
                            "company": provider["company_name"], "start": str(start)}, community["region_code"])
    return shared_id


async def get_shared_service(actor: Principal, shared_id: int) -> dict | None:
    row = await SharedService.select(
        *SharedService.all_columns(), SharedService.community.name.as_alias("community_name"),
        SharedService.provider_community.name.as_alias("provider_name"), SharedService.company.name.as_alias("company_name"),
    ).where(SharedService.id == shared_id).first()
    if row is None or await communities.get_community(actor, row["community"]) is None:
        return None
    return row


async def end_shared_service(actor: Principal, shared_id: int, end: date) -> int:
    row = await get_shared_service(actor, shared_id)
    if row is None or actor.role != "street":
        raise LookupError(shared_id)
    if end < row["start_date"]:
        raise ArrangementError("end_date", _("The end cannot be before the start."))
    async with transaction():
        await SharedService.update({SharedService.end_date: end}).where(SharedService.id == shared_id)
        await audit.record(actor, "shared_service.end", "shared_service", shared_id, {"end": str(end)}, row["region_code"])
    return row["community"]


async def community_names(ids: list[int]) -> dict[int, str]:
    rows = await Community.select(Community.id, Community.name).where(Community.id.is_in(ids or [-1]))
    return {row["id"]: row["name"] for row in rows}
