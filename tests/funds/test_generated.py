"""The generator's funds are ledgers as ``post_entries`` would have posted them: ``funds verify`` finds
every one as posted (hash chain, sequence, stored balances and paid amounts), no balance is negative,
and the pages have something to show: households under the 30% line, money in the last twelve months."""

from __future__ import annotations

from app.communities.tables import Household
from app.demo.generate import generate
from app.demo.world import Scale
from app.funds.services.flows import monthly_flows
from app.funds.services.verify import verify_funds
from app.funds.services.views import under_count
from app.funds.tables import FundAccount, FundEntry, FundHousehold

SMALL = Scale("test", "630102001", 12, 900, 3)


async def test_generated_ledgers_verify_and_have_something_to_show(clock):
    made = await generate(SMALL, seed=11)
    households = await Household.count()
    assert made["fund_entries"] == await FundEntry.count() > 3 * households
    assert await FundAccount.count() == 12 and await FundHousehold.count() == households
    findings = [finding async for finding in verify_funds()]
    assert len(findings) == 12 and [f.problem for f in findings if f.problem is not None] == []
    assert await FundHousehold.count().where(FundHousehold.balance_fen < 0) == 0
    kinds = {row["kind"] for row in await FundEntry.select(FundEntry.kind).distinct()}
    assert {"deposit", "interest", "income", "use", "top_up"} <= kinds
    accounts = await FundAccount.select(FundAccount.community, FundAccount.balance_fen)
    assert sum([await under_count(row["community"]) for row in accounts]) > 0
    flows = await monthly_flows(accounts[0]["community"], accounts[0]["balance_fen"])
    assert any(month.inflow_fen for month in flows)


async def test_the_same_seed_gives_the_same_ledgers(clock):
    await generate(SMALL, seed=3)
    first = await FundAccount.select(FundAccount.head_hash).order_by(FundAccount.community)
    await generate(SMALL, seed=3, force=True)
    assert await FundAccount.select(FundAccount.head_hash).order_by(FundAccount.community) == first
