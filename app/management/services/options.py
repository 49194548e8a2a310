"""What the assignment form offers to choose from: companies (with how many communities each manages today) and street staff."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.accounts.tables import Account
from app.companies import services as companies
from app.errors import NotFound
from app.management.company_checks import notes_on
from app.management.services.managers import current_counts, today


async def company_options(actor: Principal, q: str, limit: int = 12) -> list[dict]:
    """The companies a picker offers (``companies.search_companies``), each with how many
    communities it manages today, so street staff see who is already stretched."""
    rows = await companies.search_companies(actor, q, limit)
    ids = [row["id"] for row in rows]
    counts = await current_counts(ids, today())
    notes = await notes_on(ids, today())
    for row in rows:
        row["current_communities"] = counts.get(row["id"], 0)
        row["badges"] = [note.badge for note in notes.get(row["id"], []) if note.badge]
        row["refusal"] = next((note.refusal for note in notes.get(row["id"], []) if note.refusal), "")
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
