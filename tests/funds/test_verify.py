"""`changxiao funds verify` names the first entry that is not as posted: edited, deleted, reordered,
or a stored balance that disagrees with the entries."""

from __future__ import annotations

import pytest

from app.accounts.logic import SYSTEM
from app.funds.logic import problem_message
from app.funds.services import verify
from app.funds.tables import FundAccount, FundEntry, FundHousehold
from app.i18n import set_locale
from tests.funds.helpers import make_fund, post
from tests.test_cli import changxiao


async def _ledger() -> tuple[object, list[dict]]:
    """Community A: five entries (#1–#5) over two households and the community; B: one clean entry."""
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 50_000, fund.units["1-101"])
    await post(SYSTEM, fund.community, "deposit", 40_000, fund.units["1-102"])
    await post(SYSTEM, fund.community, "use", -10_000, fund.units["1-101"])
    await post(SYSTEM, fund.community, "interest", 321)
    await post(SYSTEM, fund.community, "deposit", 5_000, fund.units["1-102"])
    await post(SYSTEM, fund.world.community_b, "deposit", 7_000, fund.other_unit)
    entries = await FundEntry.select().where(FundEntry.community == fund.community).order_by(FundEntry.seq)
    return fund, entries


async def _findings(community: int | None = None) -> dict[int, str | None]:
    set_locale("en")
    found = {}
    async for finding in verify.verify_funds(community):
        found[finding.community] = problem_message(finding.problem) if finding.problem else None
    return found


async def test_an_untouched_ledger_is_all_as_posted():
    fund, _ = await _ledger()
    done = changxiao("funds", "verify", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "checked 2 fund(s), 6 entries" in done.stdout and "all as posted" in done.stdout
    assert await _findings() == {fund.community: None, fund.world.community_b: None}


async def test_an_edited_amount_is_named_by_the_command():
    fund, entries = await _ledger()
    await FundEntry.update({FundEntry.amount_fen: 1}).where(FundEntry.id == entries[2]["id"])
    done = changxiao("funds", "verify", "--lang", "en")
    assert done.returncode == 1
    assert f"entry #3 (id {entries[2]['id']}) was changed after it was posted" in done.stdout
    assert "1 not as posted" in done.stdout
    assert "和平家园" not in done.stdout  # the other community's ledger is fine


@pytest.mark.parametrize("column", ["memo", "who", "household", "posted_at"])
async def test_any_edited_content_is_named(column):
    fund, entries = await _ledger()
    values = {"memo": "改过", "who": "mallory", "household": fund.units["1-103"], "posted_at": entries[0]["posted_at"]}
    target = entries[3]
    await FundEntry.update({getattr(FundEntry, column): values[column]}).where(FundEntry.id == target["id"])
    if column == "posted_at":
        assert entries[0]["posted_at"] != target["posted_at"]
    assert await _findings(fund.community) == {
        fund.community: f"entry #4 (id {target['id']}) was changed after it was posted: its content no longer matches its hash"}


async def test_a_deleted_entry_is_named_by_the_one_after_it():
    fund, entries = await _ledger()
    await FundEntry.delete().where(FundEntry.id == entries[1]["id"])
    found = await _findings(fund.community)
    assert found[fund.community] == f"entries are missing before entry #3 (id {entries[2]['id']}): expected #2"


async def test_a_deleted_last_entry_leaves_the_account_behind():
    fund, entries = await _ledger()
    await FundEntry.delete().where(FundEntry.id == entries[4]["id"])
    found = await _findings(fund.community)
    assert found[fund.community] == "the ledger ends at entry #4 but the account has 5 entries: the last ones are missing"


async def test_reordered_entries_are_named():
    fund, entries = await _ledger()
    # Entry #2 moved to stand after #5 (a new id): read in order, #3 follows #1.
    await FundEntry.update({FundEntry.id: entries[4]["id"] + 100}).where(FundEntry.id == entries[1]["id"])
    found = await _findings(fund.community)
    assert found[fund.community] == f"entry #3 (id {entries[2]['id']}) is out of order: it does not follow the entry before it"


async def test_swapped_sequence_numbers_are_named():
    fund, entries = await _ledger()
    first, second = entries[0]["id"], entries[1]["id"]
    await FundEntry.update({FundEntry.seq: 99}).where(FundEntry.id == first)
    await FundEntry.update({FundEntry.seq: 1}).where(FundEntry.id == second)
    await FundEntry.update({FundEntry.seq: 2}).where(FundEntry.id == first)
    found = await _findings(fund.community)
    assert found[fund.community] == f"entry #2 (id {first}) was changed after it was posted: its content no longer matches its hash"


async def test_a_household_balance_that_disagrees_is_named():
    fund, entries = await _ledger()
    household = fund.units["1-102"]
    await FundHousehold.update({FundHousehold.balance_fen: 99_000}).where(FundHousehold.household == household)
    found = await _findings(fund.community)
    assert found[fund.community] == (f"household {household}'s stored balance 99000 fen disagrees with its entries "
                                     f"(45000 fen), last entry #5 (id {entries[4]['id']})")


async def test_a_paid_amount_that_disagrees_is_named():
    fund, _ = await _ledger()
    household = fund.units["1-101"]
    await FundHousehold.update({FundHousehold.paid_fen: 0}).where(FundHousehold.household == household)
    found = await _findings(fund.community)
    assert found[fund.community] == f"household {household}'s stored paid amount 0 fen disagrees with its entries (50000 fen)"


async def test_an_account_balance_that_disagrees_is_named():
    fund, _ = await _ledger()
    await FundAccount.update({FundAccount.balance_fen: 1}).where(FundAccount.community == fund.community)
    found = await _findings(fund.community)
    assert found[fund.community] == "the account's balance 1 fen disagrees with its entries (85321 fen)"


async def test_a_sub_account_deleted_with_its_entries_left_is_named():
    fund, entries = await _ledger()
    household = fund.units["1-101"]
    await FundHousehold.delete().where(FundHousehold.household == household)
    found = await _findings(fund.community)
    assert found[fund.community] == (f"household {household} has entries but no sub-account, "
                                     f"last entry #3 (id {entries[2]['id']})")


async def test_verify_reads_the_ledger_in_pages(monkeypatch):
    fund, _ = await _ledger()
    monkeypatch.setattr(verify, "PAGE", 2)
    assert await _findings() == {fund.community: None, fund.world.community_b: None}
    await FundEntry.update({FundEntry.memo: "x"}).where(FundEntry.seq == 5)
    assert "entry #5" in (await _findings(fund.community))[fund.community]


async def test_one_community_only_and_an_unknown_one():
    fund, entries = await _ledger()
    await FundEntry.update({FundEntry.amount_fen: 1}).where(FundEntry.id == entries[0]["id"])
    clean = changxiao("funds", "verify", "--community", str(fund.world.community_b), "--lang", "en")
    assert clean.returncode == 0 and "checked 1 fund(s), 1 entries" in clean.stdout
    unknown = changxiao("funds", "verify", "--community", "999999", "--lang", "en")
    assert unknown.returncode != 0 and "no community with id 999999" in unknown.stderr


async def test_a_deleted_account_with_its_ledger_left_is_named():
    fund, _ = await _ledger()
    await FundAccount.delete().where(FundAccount.community == fund.community)
    assert await _findings() == {fund.world.community_b: None,
                                 fund.community: "the community has 5 ledger entries but no fund account"}
    assert await _findings(fund.world.community_b) == {fund.world.community_b: None}
