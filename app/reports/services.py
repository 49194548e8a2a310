"""The figures each role's home page opens with."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Sum

from app.accounts.logic import Principal
from app.communities import services as communities
from app.communities.tables import Community
from app.companies.tables import Company
from app.management import services as management
from app.regions import services as regions
from app.settings import get_settings


async def area_summary(actor: Principal) -> dict:
    """For bureau and street users: their node, its children, and live figures for their area."""
    node = await regions.get_node(actor, actor.region_code or "")
    scope = communities.scope_condition(actor)
    count = Community.count()
    old = Community.count().where(Community.year_built <= get_settings().policy.old_built_by_year)
    households = Community.select(Sum(Community.household_count).as_alias("n"))
    if scope is not None:
        count = count.where(scope)
        old = old.where(scope)
        households = households.where(scope)
    companies = Company.count()
    if actor.region_prefix:
        companies = companies.where(Company.region_code.like(actor.region_prefix + "%"))
    return {
        "node": node,
        "children": await regions.children(actor.region_code) if node else [],
        "communities": await count,
        "old_communities": await old,
        "households": (await households.first())["n"] or 0,
        "companies": await companies,
    }


async def company_summary(actor: Principal) -> dict:
    company = await Company.select().where(Company.id == actor.company_id).first()
    contracts = await management.company_contracts(actor.company_id) if company else []
    return {"company": company, "contracts": contracts, "today": management.today()}


async def community_summary(actor: Principal) -> dict:
    community = await communities.get_community(actor, actor.community_id or 0)
    region_names = await regions.names([community["region_code"]]) if community else {}
    return {"community": community, "region_names": region_names}
