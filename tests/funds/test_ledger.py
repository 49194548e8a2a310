"""Posting to the fund's ledger: balances move with entries, a key posts once, nothing overdraws,
a correction reverses an entry with a reason, and each entry chains to the one before it."""

from __future__ import annotations

import pytest

from app import clock
from app.accounts.logic import SYSTEM
from app.audit.tables import AuditEntry
from app.errors import FieldError
from app.funds.logic import entry_hash
from app.funds.services.ledger import Draft, correct_entry, post_entries
from app.funds.tables import FundAccount, FundEntry, FundHousehold, FundRate
from app.i18n import set_locale
from tests.funds.helpers import key, make_fund, post, principal


async def _sub(household: int) -> dict:
    return await FundHousehold.select().where(FundHousehold.household == household).first()


async def _account(community: int) -> dict:
    return await FundAccount.select().where(FundAccount.community == community).first()


async def test_a_first_deposit_opens_the_sub_account_with_what_the_unit_owes():
    fund = await make_fund()
    dave = await principal("dave")
    posted = await post(dave, fund.community, "deposit", 100_000, fund.units["1-101"], memo="首期")
    sub = await _sub(fund.units["1-101"])
    # 85.55 m² × 33.33 yuan/m² = 2,851.3815 yuan → 2,851.38 (half up)
    assert (sub["first_deposit_fen"], sub["paid_fen"], sub["balance_fen"]) == (285_138, 100_000, 100_000)
    account = await _account(fund.community)
    assert (account["balance_fen"], account["entry_count"]) == (100_000, 1)
    entry = posted.entries[0]
    assert entry["who"] == "dave" and entry["seq"] == 1 and entry["prev_hash"] == ""
    assert account["head_hash"] == entry["hash"]
    assert await AuditEntry.count().where(AuditEntry.action == "fund.post") == 1


async def test_each_entry_carries_the_hash_of_the_one_before_it():
    fund = await make_fund()
    dave = await principal("dave")
    await post(dave, fund.community, "deposit", 50_000, fund.units["1-101"])
    await post(dave, fund.community, "interest", 1_234)  # the community's, no household
    rows = await FundEntry.select().where(FundEntry.community == fund.community).order_by(FundEntry.seq)
    assert [row["seq"] for row in rows] == [1, 2]
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert all(entry_hash(row) == row["hash"] for row in rows)  # as stored and read back
    assert (await _account(fund.community))["head_hash"] == rows[1]["hash"]


async def test_a_double_submit_posts_once_and_returns_the_first_entry():
    fund = await make_fund()
    dave = await principal("dave")
    first = await post(dave, fund.community, "deposit", 20_000, fund.units["1-102"], idempotency_key="form-abc")
    again = await post(dave, fund.community, "deposit", 20_000, fund.units["1-102"], idempotency_key="form-abc")
    assert not first.duplicate and again.duplicate
    assert again.entries[0]["id"] == first.entries[0]["id"]
    assert await FundEntry.count() == 1
    assert (await _sub(fund.units["1-102"]))["balance_fen"] == 20_000


async def test_a_use_that_would_overdraw_a_household_is_refused_and_changes_nothing():
    fund = await make_fund()
    dave = await principal("dave")
    await post(dave, fund.community, "deposit", 10_000, fund.units["1-101"])
    with pytest.raises(FieldError) as refused:
        await post(dave, fund.community, "use", -10_001, fund.units["1-101"])
    assert "1-101" in refused.value.message and "¥100.00" in refused.value.message
    assert await FundEntry.count() == 1
    assert (await _sub(fund.units["1-101"]))["balance_fen"] == 10_000
    assert (await _account(fund.community))["balance_fen"] == 10_000


async def test_a_use_may_take_a_balance_to_exactly_zero():
    fund = await make_fund()
    dave = await principal("dave")
    await post(dave, fund.community, "deposit", 10_000, fund.units["1-101"])
    await post(dave, fund.community, "use", -10_000, fund.units["1-101"], memo="屋面防水")
    sub = await _sub(fund.units["1-101"])
    assert (sub["balance_fen"], sub["paid_fen"]) == (0, 10_000)  # a use does not undo what was paid


async def test_all_drafts_of_a_posting_go_in_or_none_do():
    fund = await make_fund()
    drafts = [Draft("deposit", 5_000, key(), fund.units["1-101"]), Draft("use", -6_000, key(), fund.units["1-101"])]
    with pytest.raises(FieldError):
        await post_entries(SYSTEM, fund.community, drafts)
    assert await FundEntry.count() == 0 and await FundHousehold.count() == 0


@pytest.mark.parametrize(("kind", "amount", "field"), [
    ("deposit", -100, "amount"), ("deposit", 0, "amount"), ("use", 100, "amount"), ("bonus", 100, "kind"),
    ("deposit", 100, "household"),
])
async def test_a_wrong_sign_kind_or_missing_household_is_refused(kind, amount, field):
    fund = await make_fund()
    with pytest.raises(FieldError) as refused:
        await post(SYSTEM, fund.community, kind, amount, None if field == "household" else fund.units["1-101"])
    assert refused.value.field == field
    assert await FundEntry.count() == 0


async def test_a_household_of_another_community_is_refused():
    fund = await make_fund()
    with pytest.raises(FieldError) as refused:
        await post(SYSTEM, fund.community, "deposit", 100, fund.other_unit)
    assert refused.value.field == "household"


async def test_without_a_rate_the_first_deposit_is_fixed_once_a_rate_is_set():
    fund = await make_fund()
    await FundRate.delete(force=True)
    await post(SYSTEM, fund.community, "deposit", 100, fund.units["1-102"])
    assert (await _sub(fund.units["1-102"]))["first_deposit_fen"] == 0
    await FundRate.insert(FundRate(region_code="630102", rate_fen_per_m2=2500, effective_from=clock.today()))
    await post(SYSTEM, fund.community, "deposit", 100, fund.units["1-102"])
    assert (await _sub(fund.units["1-102"]))["first_deposit_fen"] == 250_000  # 100 m² × 25 yuan


async def test_a_correction_reverses_an_entry_with_its_reason():
    set_locale("en")  # the refusals are matched in English
    fund = await make_fund()
    dave = await principal("dave")
    wrong = (await post(dave, fund.community, "deposit", 30_000, fund.units["1-102"])).entries[0]
    fixed = await correct_entry(dave, wrong["id"], "金额录错", key())
    entry = fixed.entries[0]
    assert (entry["kind"], entry["amount_fen"], entry["corrects"], entry["reason"]) == ("correction", -30_000, wrong["id"], "金额录错")
    sub = await _sub(fund.units["1-102"])
    assert (sub["balance_fen"], sub["paid_fen"]) == (0, 0)
    original = await FundEntry.select().where(FundEntry.id == wrong["id"]).first()
    assert original["amount_fen"] == 30_000 and original["hash"] == wrong["hash"]  # never changed
    with pytest.raises(FieldError, match="already been corrected"):
        await correct_entry(dave, wrong["id"], "再改一次", key())
    with pytest.raises(FieldError, match="cannot be corrected"):
        await correct_entry(dave, entry["id"], "撤销更正", key())


async def test_a_correction_needs_a_reason_and_may_not_overdraw():
    fund = await make_fund()
    deposit = (await post(SYSTEM, fund.community, "deposit", 30_000, fund.units["1-102"])).entries[0]
    with pytest.raises(FieldError) as refused:
        await correct_entry(SYSTEM, deposit["id"], "   ", key())
    assert refused.value.field == "reason"
    await post(SYSTEM, fund.community, "use", -20_000, fund.units["1-102"])
    with pytest.raises(FieldError, match="1-102"):
        await correct_entry(SYSTEM, deposit["id"], "退回", key())
    assert await FundEntry.count() == 2
