"""The figures each role's home page opens with."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.communities import services as communities
from app.companies.tables import Company
from app.db import Prepared
from app.management import services as management
from app.regions import services as regions


async def area_summary(actor: Principal) -> dict:
    """For bureau and street users: their node, its children, and its figures.

    The figures are the region tree's counted ones (kept fresh by the branch recount every change
    starts), the same numbers the region page and the table of areas below show: a headline counted
    live beside a table counted last night disagreed after every change.
    """
    node, children = await regions.node_and_children(actor, actor.region_code or "")
    companies = await (_COMPANIES_IN.run(actor.region_prefix + "%") if actor.region_prefix else _COMPANIES.run())
    return {
        "node": node,
        "children": children,
        "communities": node["community_count"] if node else 0,
        "old_communities": node["old_community_count"] if node else 0,
        "households": node["household_count"] if node else 0,
        "companies": companies[0]["count"],
    }


# Every bureau and street home page counts them: the SQL is made once (app.db.Prepared).
_COMPANIES = Prepared(Company, lambda: Company.count())
_COMPANIES_IN = Prepared(Company, lambda pattern: Company.count().where(Company.region_code.like(pattern)))


async def company_summary(actor: Principal) -> dict:
    company = await Company.select().where(Company.id == actor.company_id).first()
    contracts = await management.company_contracts(actor.company_id) if company else []
    return {"company": company, "contracts": contracts, "today": management.today()}


async def community_summary(actor: Principal) -> dict:
    community = await communities.get_community(actor, actor.community_id or 0)
    region_names = await regions.names([community["region_code"]]) if community else {}
    return {"community": community, "region_names": region_names}
