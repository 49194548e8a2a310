"""The demo's maintenance fund: the county's rate, and the committee's community with deposits (most
paid in full, some in part, a few not yet), an emergency roof repair charged to a building's households
(leaving them under the 30% top-up line) and a year's interest, all through the fund's own services."""

from __future__ import annotations

import random
from datetime import date

from app import clock
from app.accounts.logic import SYSTEM
from app.communities.tables import Community, Household
from app.funds.services import disbursing, proposals
from app.funds.services.ledger import Draft, post_entries, rate_on
from app.funds.services.proposals import ProposalInput
from app.funds.services.rates import set_rate
from app.funds.shares import area_hundredths, distribute, first_deposit_fen
from app.funds.tables import FundProposalShare

DEMO_RATE_FEN_PER_M2 = 5_000  # ¥50 per m²: about 5% of a local construction cost per m² (domain.md: 5%–8%)


async def demo_fund(rng: random.Random, community_id: int) -> None:
    county = (await Community.select(Community.region_code).where(Community.id == community_id).first())["region_code"][:6]
    await set_rate(SYSTEM, county, DEMO_RATE_FEN_PER_M2, date(2020, 1, 1))
    rate = await rate_on(county, clock.today())
    households = await Household.select(Household.id, Household.floor_area, Household.building).where(
        Household.community == community_id).order_by(Household.id)
    deposits, paid, dues = [], {}, {}
    for row in households:
        due = dues[row["id"]] = first_deposit_fen(area_hundredths(row["floor_area"]), rate)
        share = rng.random()
        amount = due if share < 0.85 else due // 2 if share < 0.93 else 0
        if amount:
            deposits.append(Draft("deposit", amount, f"demo-deposit-{row['id']}", row["id"], "首次交存（演示）"))
            paid[row["id"]] = amount
    await post_entries(SYSTEM, community_id, deposits)
    # A roof repair of the first building, an emergency (a leak) authorised by the street office and
    # disbursed through the fund-use service, borne by the households there that paid in full: enough to
    # leave them under the 30% line.
    building = households[0]["building"]
    bearing = [row for row in households if row["building"] == building and paid.get(row["id"]) == dues[row["id"]]]
    proposal_id = await proposals.create_proposal(SYSTEM, community_id, ProposalInput(
        title="1号楼屋面防水维修（演示）", description="屋面渗漏，雨季前抢修。", contractor="青海建工集团",
        budget_fen=sum(paid[row["id"]] for row in bearing) * 3 // 4, scope="units",
        household_ids=[row["id"] for row in bearing]))
    await proposals.authorise_emergency(SYSTEM, proposal_id, "leak", "东关大街街道办 王主任", clock.today())
    if not await disbursing.disburse(SYSTEM, proposal_id):
        raise RuntimeError("the demo's roof repair was not disbursed")
    charges = {row["household"]: row["share_fen"] for row in await FundProposalShare.select(
        FundProposalShare.household, FundProposalShare.share_fen).where(FundProposalShare.proposal == proposal_id)}
    # A year's interest, in proportion to the balances (the parts add up to the amount exactly).
    balances = {row["id"]: paid[row["id"]] for row in households if row["id"] in paid}
    for household, charge in charges.items():
        balances[household] -= charge
    ids = [hid for hid, balance in balances.items() if balance > 0]
    parts = distribute(1_234_567, [balances[hid] for hid in ids], basis="balance")
    await post_entries(SYSTEM, community_id, [
        Draft("interest", part, f"demo-interest-{hid}", hid, "2025年度利息（演示）")
        for hid, part in zip(ids, parts, strict=True) if part])
