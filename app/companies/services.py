"""The property-company registry (物业服务企业) and the subsidies companies received.

Who sees what: a bureau user the companies registered inside its area, and keeps them; a street
user every company (it assigns companies to communities, and one registered elsewhere may serve
them), read-only; a company user only its own company. Everything else raises ``NotFound`` (one 404,
so existence does not leak); input the registry refuses raises ``FieldError``.
"""

from __future__ import annotations

import sqlite3

from asyncpg.exceptions import UniqueViolationError
from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities.services import like_term
from app.communities.tables import Community
from app.companies import access
from app.companies.logic import CHARSET, normalise
from app.companies.tables import Company, Subsidy
from app.db import contains_text, transaction
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.pagination import Page, counted_page
from app.regions import tree
from app.regions.logic import prefix_of

LIST_COLUMNS = (
    Company.id,
    Company.name,
    Company.uscc,
    Company.legal_representative,
    Company.region_code,
    Company.is_red_property,
)
SUBSIDY_COLUMNS = (
    Subsidy.id,
    Subsidy.amount_fen,
    Subsidy.year,
    Subsidy.source,
    Subsidy.note,
    Subsidy.created_at,
    Subsidy.community,
    Subsidy.community.name.as_alias("community_name"),
)
# What a company's registration may be changed to; the rest (id, created_at) is the system's.
FIELDS = (
    "name",
    "uscc",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "address",
    "region_code",
    "is_red_property",
    "red_property_since",
    "red_property_by",
)
REGISTRATION_LEVELS = ("province", "prefecture", "county")  # companies register with a county or above


def scope_condition(actor: Principal) -> Where | None:
    return access.scope(actor)


def keeps(actor: Principal, region_code: str) -> bool:
    return access.may_keep(actor, region_code)


def _matching(q: str) -> Where | None:
    """Name containing ``q``, or a credit code starting with it (normalised as codes are)."""
    q = "".join(ch for ch in q if ch.isprintable())  # no NUL or lone surrogate reaches the database
    term = like_term(q)
    if not term:
        return None
    condition = contains_text(Company.name, term)
    code = normalise(q)[:18]
    if code and all(ch in CHARSET for ch in code):
        condition = condition | Company.uscc.like(code + "%")
    return condition


EXPORT_LIMIT = 50_000


async def list_companies(
    actor: Principal, *, q: str = "", region_code: str | None = None, page: int = 1, per_page: int = 25
) -> Page:
    conditions = [c for c in (scope_condition(actor), _matching(q)) if c is not None]
    if region_code:
        conditions.append(Company.region_code.like(prefix_of(region_code) + "%"))
    return await counted_page(
        Company, LIST_COLUMNS, conditions, lambda query: query.order_by(Company.name).order_by(Company.id), page, per_page
    )


async def search_companies(actor: Principal, q: str, limit: int = 20) -> list[dict]:
    """Companies the actor may see whose name contains ``q`` or whose credit code starts with it.

    For pickers (the assignment flow). Each dict has ``id, name, uscc, is_red_property,
    region_code``; callers may add their own keys. A blank ``q`` gives the first ``limit`` by name.
    """
    limit = max(1, min(limit, 100))
    query = Company.select(
        Company.id, Company.name, Company.uscc, Company.is_red_property, Company.region_code
    )
    for condition in (scope_condition(actor), _matching(q)):
        if condition is not None:
            query = query.where(condition)
    return await query.order_by(Company.name).order_by(Company.id).limit(limit)


async def get_company(actor: Principal, company_id: int) -> dict:
    """The company; NotFound when it does not exist or the actor may not see it (same answer)."""
    query = Company.select().where(Company.id == company_id)
    scope = scope_condition(actor)
    if scope is not None:
        query = query.where(scope)
    company = await query.first()
    if company is None:
        raise NotFound()
    return company


async def get_company_to_keep(actor: Principal, company_id: int) -> dict:
    """The company when the actor keeps it (a bureau inside whose area it is registered); else NotFound."""
    company = await get_company(actor, company_id)
    if not keeps(actor, company["region_code"]):
        raise NotFound()
    return company


async def region_choices(actor: Principal) -> list[dict]:
    """Where the actor may register a company: tree nodes inside a bureau's area, down to counties."""
    if not access.may_register(actor):
        return []
    return await _regions(access.area_prefix(actor))


async def region_filter_options(actor: Principal) -> list[dict]:
    """Regions to filter the list by: the bureau's own area; a street user reads every company, so all."""
    return await _regions(None if access.reads_everywhere(actor) else access.area_prefix(actor))


async def _regions(prefix: str | None) -> list[dict]:
    return await tree.within(prefix, REGISTRATION_LEVELS)  # this process's copy: no query once read


async def community_choices(actor: Principal) -> list[dict]:
    """Communities a subsidy may name: those inside the bureau's area."""
    if not access.may_register(actor):
        return []
    query = Community.select(Community.id, Community.code, Community.name)
    if access.area_prefix(actor) is not None:
        query = query.where(Community.region_code.like(access.area_prefix(actor) + "%"))
    return await query.order_by(Community.code)


async def _community_in_area(actor: Principal, community_id: int) -> bool:
    if not access.may_register(actor):
        return False
    query = Community.exists().where(Community.id == community_id)
    if access.area_prefix(actor) is not None:
        query = query.where(Community.region_code.like(access.area_prefix(actor) + "%"))
    return await query


async def _refuse_duplicate(uscc: str, company_id: int | None = None) -> None:
    query = Company.select(Company.name).where(Company.uscc == uscc)
    if company_id is not None:
        query = query.where(Company.id != company_id)
    other = await query.first()
    if other is not None:
        raise FieldError("uscc", _("This credit code is already registered, to %(name)s.", name=other["name"]))


def _duplicate_error() -> FieldError:
    return FieldError("uscc", _("This credit code is already registered."))


async def create_company(actor: Principal, values: dict) -> int:
    """Register a company; ``values`` are the checked form values (see ``FIELDS``)."""
    if not keeps(actor, values["region_code"]):
        raise FieldError("region_code", _("Choose a region inside your area."))
    try:
        async with transaction():
            await _refuse_duplicate(values["uscc"])
            rows = await Company.insert(Company(**{key: values[key] for key in FIELDS})).returning(Company.id)
            company_id = rows[0]["id"]
            summary = {key: values[key] for key in ("name", "uscc", "region_code", "is_red_property")}
            await audit.record(actor, "company.create", "company", company_id, summary, values["region_code"],
                               object_name=values["name"])
    except (sqlite3.IntegrityError, UniqueViolationError):
        raise _duplicate_error() from None  # registered by someone else since our check
    return company_id


async def update_company(actor: Principal, company_id: int, values: dict) -> None:
    """Change a company's registration; NotFound when the actor does not keep it. Audits what changed."""
    if not keeps(actor, values["region_code"]):
        raise FieldError("region_code", _("Choose a region inside your area."))
    try:
        async with transaction():
            current = await get_company_to_keep(actor, company_id)
            await _refuse_duplicate(values["uscc"], company_id)
            changes = {
                key: [current[key], values[key]] for key in FIELDS if current[key] != values[key]
            }
            if changes:
                await Company.update({getattr(Company, key): values[key] for key in FIELDS}).where(
                    Company.id == company_id
                )
                # Each changed field: [before, after].
                await audit.record(actor, "company.update", "company", company_id, changes, values["region_code"],
                                   object_name=values["name"])
    except (sqlite3.IntegrityError, UniqueViolationError):
        raise _duplicate_error() from None


async def list_subsidies(actor: Principal, company_id: int) -> tuple[list[dict], int]:
    """The company's subsidies the actor may read (``access.subsidy_scope``), newest year first, and
    their total in fen (exact integers)."""
    query = Subsidy.select(*SUBSIDY_COLUMNS).where(Subsidy.company == company_id)
    condition = access.subsidy_scope(actor, company_id)
    if condition is not None:
        query = query.where(condition)
    rows = await query.order_by(Subsidy.year, ascending=False).order_by(Subsidy.id, ascending=False)
    return rows, sum(row["amount_fen"] for row in rows)


async def add_subsidy(
    actor: Principal, company_id: int, *, amount_fen: int, year: int, source: str, community_id: int | None, note: str
) -> int:
    """Record a subsidy the company received (policy item 15); NotFound when the actor does not keep it.

    Subsidies are append-only: a mistaken one is removed with ``remove_subsidy`` (audited, with a
    reason) and entered again, never edited in place.
    """
    async with transaction():
        company = await get_company_to_keep(actor, company_id)
        if community_id is not None and not await _community_in_area(actor, community_id):
            raise FieldError("community", _("Choose a community inside your area."))
        rows = await Subsidy.insert(
            Subsidy(
                company=company_id, amount_fen=amount_fen, year=year, source=source, community=community_id, note=note
            )
        ).returning(Subsidy.id)
        subsidy_id = rows[0]["id"]
        summary = {
            "company_id": company_id,
            "amount_fen": amount_fen,
            "year": year,
            "source": source,
            "community_id": community_id,
        }
        await audit.record(actor, "company.subsidy_add", "subsidy", subsidy_id, summary, company["region_code"],
                           object_name=company["name"])
    return subsidy_id


async def get_subsidy(actor: Principal, company_id: int, subsidy_id: int) -> dict:
    """One subsidy of a company the actor keeps, inside the actor's ``subsidy_scope``; else NotFound."""
    await get_company_to_keep(actor, company_id)
    query = Subsidy.select(*SUBSIDY_COLUMNS).where((Subsidy.id == subsidy_id) & (Subsidy.company == company_id))
    condition = access.subsidy_scope(actor, company_id)
    subsidy = await (query.where(condition) if condition is not None else query).first()
    if subsidy is None:
        raise NotFound()
    return subsidy


async def remove_subsidy(actor: Principal, company_id: int, subsidy_id: int, reason: str) -> None:
    """Remove a subsidy entered by mistake. The audit entry keeps the whole row and the reason."""
    async with transaction():
        subsidy = await get_subsidy(actor, company_id, subsidy_id)
        company = await Company.select(Company.region_code, Company.name).where(Company.id == company_id).first()
        await Subsidy.delete().where((Subsidy.id == subsidy_id) & (Subsidy.company == company_id))
        summary = {
            "company_id": company_id,
            "amount_fen": subsidy["amount_fen"],
            "year": subsidy["year"],
            "source": subsidy["source"],
            "community_id": subsidy["community"],
            "note": subsidy["note"],
            "reason": reason,
        }
        await audit.record(actor, "company.subsidy_remove", "subsidy", subsidy_id, summary, company["region_code"],
                           object_name=company["name"])
