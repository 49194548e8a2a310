"""The demo's maintenance fund: the county's rate, and the committee's community with deposits (most
paid in full, some in part, a few not yet), one project charged to a building (leaving some of its
households under the 30% top-up line) and a year's interest, all through the ledger's own service."""

from __future__ import annotations

import random
from datetime import date

from app import clock
from app.accounts.logic import SYSTEM
from app.communities.tables import Community, Household
from app.funds.services.ledger import Draft, post_entries, rate_on
from app.funds.services.rates import set_rate
from app.funds.shares import apportion, area_hundredths, distribute, first_deposit_fen

DEMO_RATE_FEN_PER_M2 = 5_000  # ¥50 per m²: about 5% of a local construction cost per m² (domain.md: 5%–8%)


async def demo_fund(rng: random.Random, community_id: int) -> None:
    county = (await Community.select(Community.region_code).where(Community.id == community_id).first())["region_code"][:6]
    await set_rate(SYSTEM, county, DEMO_RATE_FEN_PER_M2, date(2020, 1, 1))
    rate = await rate_on(county, clock.today())
    households = await Household.select(Household.id, Household.floor_area, Household.building).where(
        Household.community == community_id).order_by(Household.id)
    deposits, paid = [], {}
    for row in households:
        due = first_deposit_fen(area_hundredths(row["floor_area"]), rate)
        share = rng.random()
        amount = due if share < 0.85 else due // 2 if share < 0.93 else 0
        if amount:
            deposits.append(Draft("deposit", amount, f"demo-deposit-{row['id']}", row["id"], "首次交存（演示）"))
            paid[row["id"]] = amount
    await post_entries(SYSTEM, community_id, deposits)
    # A roof repair charged to the first building, by floor area: enough to leave some under the line.
    building = households[0]["building"]
    bearing = [row for row in households if row["building"] == building and row["id"] in paid]
    weights = [area_hundredths(row["floor_area"]) for row in bearing]
    budget = sum(paid[row["id"]] for row in bearing) * 3 // 4
    charges = [min(part, paid[row["id"]]) for row, part in zip(bearing, apportion(budget, weights), strict=True)]
    await post_entries(SYSTEM, community_id, [
        Draft("use", -charge, f"demo-roof-{row['id']}", row["id"], "1号楼屋面防水维修（演示）")
        for row, charge in zip(bearing, charges, strict=True) if charge])
    # A year's interest, in proportion to the balances (the parts add up to the amount exactly).
    balances = {row["id"]: paid[row["id"]] for row in households if row["id"] in paid}
    for row, charge in zip(bearing, charges, strict=True):
        balances[row["id"]] -= charge
    ids = [hid for hid, balance in balances.items() if balance > 0]
    parts = distribute(1_234_567, [balances[hid] for hid in ids], basis="balance")
    await post_entries(SYSTEM, community_id, [
        Draft("interest", part, f"demo-interest-{hid}", hid, "2025年度利息（演示）")
        for hid, part in zip(ids, parts, strict=True) if part])
