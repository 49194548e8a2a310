"""The app's own rules, checked over whatever data the database holds (generated data must pass them).

Also runnable against a big database: ``DATABASE_URL=… python -m tests.demo.validity``.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date

from app import clock
from app.accounts.tables import Account
from app.communities.tables import Community
from app.companies.logic import check_uscc
from app.companies.tables import Company
from app.management import services as management
from app.management.logic import Period, first_conflict, may_end_as_expiry, notice_shortfall, required_notice_days
from app.management.queries import managers
from app.management.tables import Arrangement, Bundle, SharedService
from app.regions import services as regions
from app.regions.logic import level_of
from app.settings import get_settings


async def problems(day: date | None = None) -> list[str]:
    """Every broken rule, as a sentence; [] when the data is valid."""
    day = day or clock.today()
    found: list[str] = []
    arrangements = await Arrangement.select()
    shared = await SharedService.select()
    periods: dict[int, list[Period]] = defaultdict(list)
    for row in sorted([*arrangements, *shared], key=lambda r: r["start_date"]):
        period = Period(row["start_date"], row["end_date"])
        if first_conflict(period, periods[row["community"]]) is not None:
            found.append(f"community {row['community']}: {period} overlaps")
        periods[row["community"]].append(period)
    # The SQL twin of "who manages it today" and the Python rule agree on every community.
    ids = [row["id"] for row in await Community.select(Community.id)]
    python = {key: value["mode"] for key, value in (await management.managers_on(ids, day)).items()}
    sql = {row["community"]: row["mode"] for row in await Community.raw("SELECT * FROM ({}) m", managers(day))}
    if python != sql:
        found.append(f"managers disagree on {len(set(python.items()) ^ set(sql.items()))} communities")
    staff = {row["id"]: row for row in await Account.select(Account.id, Account.role, Account.region_code)}
    policy = get_settings().policy
    for row in arrangements:
        if row["mode"] == "street_proxy":
            account = staff.get(row["responsible"])
            if not account or account["role"] != "street" or account["region_code"][:9] != row["region_code"][:9]:
                found.append(f"arrangement {row['id']}: not run by its street's staff")
        if row["mode"] == "professional" and row["end_reason"]:
            required = required_notice_days(row["end_reason"], policy.dismissal_notice_days, policy.non_renewal_notice_days)
            if notice_shortfall(row["notice_given_on"], row["end_date"], required) and not row["short_notice_acknowledged"]:
                found.append(f"arrangement {row['id']}: short notice")
            if row["end_reason"] == "expiry" and not may_end_as_expiry(row["contract_end_date"], row["end_date"]):
                found.append(f"arrangement {row['id']}: expired before its contract's end")
    bundles = {row["id"]: row for row in await Bundle.select()}
    for row in arrangements:
        if row["bundle"] and (row["company"] != bundles[row["bundle"]]["company"]
                              or not row["region_code"].startswith(bundles[row["bundle"]]["region_code"])):
            found.append(f"arrangement {row['id']}: not its bundle's company or street")
    for row in shared:
        provider = await management.manager_of(row["provider_community"], row["start_date"])
        if provider is None or provider["mode"] != "professional" or provider["company"] != row["company"]:
            found.append(f"shared service {row['id']}: its provider has no company on {row['start_date']}")
    counts = await Community.raw(
        "SELECT c.id, c.building_count, c.household_count, "
        "(SELECT COUNT(*) FROM building b WHERE b.community = c.id) AS buildings, "
        "(SELECT COUNT(*) FROM household h WHERE h.community = c.id) AS households FROM community c"
    )
    for row in counts:
        if row["buildings"] and (row["buildings"], row["households"]) != (row["building_count"], row["household_count"]):
            found.append(f"community {row['id']}: its counts are not its register's")
    for company in await Company.select(Company.id, Company.uscc, Company.region_code):
        if check_uscc(company["uscc"]).problem or level_of(company["region_code"]) != "county":
            found.append(f"company {company['id']}: bad credit code or registration")
    # A committee member owns the household named, in the committee's community; one committee in office.
    for row in await Community.raw(
        "SELECT m.id FROM committee_member m JOIN committee c ON c.id = m.committee "
        "JOIN household h ON h.id = m.household WHERE h.community <> c.community OR h.owner IS NULL OR h.owner <> m.owner"
    ):
        found.append(f"committee member {row['id']}: not the owner of a household of the community")
    for row in await Community.raw(
        "SELECT community FROM committee WHERE ended_on IS NULL GROUP BY community HAVING COUNT(*) > 1"
    ):
        found.append(f"community {row['community']}: two committees in office")
    if (await regions.recount())["changed"]:
        found.append("the region figures were not recounted")
    return found


if __name__ == "__main__":
    from app.db import is_postgres
    from app.piccolo_conf import DB

    async def main() -> None:
        if is_postgres():
            await DB.start_connection_pool()
        print("\n".join(await problems()) or "valid")

    asyncio.run(main())
