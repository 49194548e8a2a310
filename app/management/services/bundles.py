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
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.management import access
from app.management.logic import Period
from app.management.queries import managers
from app.management.services import (
    SHARED_COLUMNS,
    ArrangementInput,
    assign,
    find_clash,
    lock_community,
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
    if not access.may_set_up_bundle(actor):
        raise NotFound("bundle")
    names = []
    for community_id in data.community_ids:
        community = await communities.get_community(actor, community_id)
        if community is None:
            raise FieldError("community_ids", _("Choose communities of your own area."))
        names.append(community["name"])
    if len(names) < 2:
        raise FieldError("community_ids", _("A bundle holds at least two communities."))
    if not await Company.exists().where(Company.id == (data.company_id or 0)):
        raise FieldError("company_id", _("Choose the property company."))
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
            except FieldError as exc:
                raise FieldError("community_ids", f"{name}: {exc.message}") from None
        await audit.record(
            actor, "bundle.create", "bundle", bundle_id,
            {"name": data.name, "communities": names, "projects": [p[1] for p in data.projects]}, actor.region_code,
            object_name=data.name,
        )
    return bundle_id


async def list_bundles(actor: Principal) -> list[dict]:
    query = Bundle.select(Bundle.id, Bundle.name, Bundle.region_code, Bundle.company.name.as_alias("company_name"), Bundle.created_at)
    condition = access.bundle_scope(actor)
    if condition is not None:
        query = query.where(condition)
    return await query.order_by(Bundle.id, ascending=False)


async def get_bundle(actor: Principal, bundle_id: int) -> dict:
    query = Bundle.select(*Bundle.all_columns(), Bundle.company.name.as_alias("company_name")).where(Bundle.id == bundle_id)
    condition = access.bundle_scope(actor)
    if condition is not None:
        query = query.where(condition)
    bundle = await query.first()
    if bundle is None:
        raise NotFound(bundle_id)
    bundle["projects"] = await BundleProject.select().where(BundleProject.bundle == bundle_id).order_by(BundleProject.id)
    arrangements = await Arrangement.select(
        Arrangement.id, Arrangement.community, Arrangement.community.name.as_alias("community_name"),
        Arrangement.company, Arrangement.start_date, Arrangement.end_date, Arrangement.contract_number,
    ).where(Arrangement.bundle == bundle_id).order_by(Arrangement.community)
    bundle["arrangements"] = [{**row, "may_see_terms": access.may_see_terms(actor, row)} for row in arrangements]
    return bundle


async def candidate_communities(actor: Principal) -> list[dict]:
    """Communities in the street user's area, with whether something manages them today."""
    page = await communities.list_communities(actor, per_page=500)
    ids = [row["id"] for row in page.rows]
    managed = {row["community"] for row in await Community.raw("SELECT community FROM ({}) m", managers(today(), community_ids=ids))}
    return [{**row, "managed": row["id"] in managed} for row in page.rows]


async def providers_for(actor: Principal, community: dict, day: date) -> list[dict]:
    """Managed neighbours: communities of the same street whose manager on ``day`` (the one rule) is
    a professional company."""
    street = community["region_code"][:9]
    return await Community.raw(
        "SELECT m.community AS community, c.name AS community_name, m.company AS company, co.name AS company_name "
        "FROM ({}) m JOIN community c ON c.id = m.community JOIN company co ON co.id = m.company "
        "WHERE m.mode = {} AND m.community <> {} ORDER BY m.community",
        managers(day, region_prefix=street), "professional", community["id"],
    )


async def start_shared_service(
    actor: Principal, community_id: int, provider_community_id: int, start: date, end: date | None, note: str = ""
) -> int:
    """Lend a managed neighbour's company to this community over a period that overlaps none of its
    arrangements or shared services (checked under the community's lock, in one transaction)."""
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_share_service(actor, community):
        raise NotFound(community_id)
    if end is not None and end < start:
        raise FieldError("end_date", _("The end cannot be before the start."))
    providers = {row["community"]: row for row in await providers_for(actor, community, start)}
    provider = providers.get(provider_community_id)
    if provider is None:
        raise FieldError("provider", _("Choose a neighbouring community of this street that a company manages on that day."))
    async with transaction():
        await lock_community(community_id)
        problem = await find_clash(community_id, Period(start, end))
        if problem is not None:
            raise FieldError("start_date", _(
                "Shared service is for a community nobody manages over that period: %(problem)s",
                problem=problem.message,
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
                            "company": provider["company_name"], "start": start, "end": end},
                           community["region_code"], object_name=community["name"])
    return shared_id


async def get_shared_service(actor: Principal, shared_id: int) -> dict:
    row = await SharedService.select(*SHARED_COLUMNS).where(SharedService.id == shared_id).first()
    if row is None or await communities.get_community(actor, row["community"]) is None:
        raise NotFound(shared_id)
    return row


async def end_shared_service(actor: Principal, shared_id: int, end: date) -> int:
    """End a shared service (or correct its end) without running into an arrangement."""
    row = await get_shared_service(actor, shared_id)
    if not access.may_share_service(actor, row):
        raise NotFound(shared_id)
    if end < row["start_date"]:
        raise FieldError("end_date", _("The end cannot be before the start."))
    async with transaction():
        await lock_community(row["community"])
        problem = await find_clash(row["community"], Period(row["start_date"], end), except_shared=shared_id)
        if problem is not None:
            raise FieldError("end_date", problem.message)
        await SharedService.update({SharedService.end_date: end}).where(SharedService.id == shared_id)
        await audit.record(actor, "shared_service.end", "shared_service", shared_id, {"end": end}, row["region_code"],
                           object_name=row["community_name"])
    return row["community"]
