"""Postings racing on one household: none lost, none posted twice, the balance never below zero.

On PostgreSQL 200 postings run at once over the app's connection pool and queue on the account's row
lock (SELECT … FOR UPDATE); on SQLite the same race queues on the write lock each IMMEDIATE
transaction takes at BEGIN.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from app.accounts.logic import SYSTEM
from app.db import is_postgres
from app.errors import FieldError
from app.funds.services.ledger import Draft, post_entries
from app.funds.services.verify import verify_funds
from app.funds.tables import FundAccount, FundEntry, FundHousehold
from tests.funds.helpers import make_fund, post

WITHDRAWAL = 100  # fen
FUNDED = 10_000  # room for exactly 100 withdrawals


async def _race(community: int, household: int, postings: int) -> tuple[list, list[str]]:
    """``postings`` withdrawals at once: three in four with keys of their own, one in four re-sending
    a key another posting also sends (a double click), so more are tried than the balance covers."""
    distinct = postings * 3 // 4
    keys = [f"race-{n}" for n in range(distinct)] + [f"race-{n}" for n in range(postings - distinct)]

    async def one(key: str):
        try:
            return await post_entries(SYSTEM, community, [Draft("use", -WITHDRAWAL, key, household, memo="race")])
        except FieldError as refused:
            return refused

    return await asyncio.gather(*(one(key) for key in keys)), keys


async def _check(fund, household: int, results: list, keys: list[str]) -> None:
    entries = await FundEntry.select().where(FundEntry.household == household).order_by(FundEntry.seq)
    uses = [entry for entry in entries if entry["kind"] == "use"]
    assert len(uses) == FUNDED // WITHDRAWAL  # every covered withdrawal posted: none lost
    assert len({entry["idempotency_key"] for entry in uses}) == len(uses)  # none posted twice
    refused = [result for result in results if isinstance(result, FieldError)]
    assert all("1-101" in result.message for result in refused)
    posted_ids = {result.entries[0]["id"] for result in results if not isinstance(result, FieldError)}
    assert posted_ids == {entry["id"] for entry in uses}  # a re-sent key got the first entry back
    assert len(refused) + sum(1 for r in results if not isinstance(r, FieldError)) == len(keys)
    balance = FUNDED
    for entry in entries[1:]:  # the running balance, in the ledger's order
        balance += entry["amount_fen"]
        assert balance >= 0
    sub = await FundHousehold.select().where(FundHousehold.household == household).first()
    account = await FundAccount.select().where(FundAccount.community == fund.community).first()
    assert sub["balance_fen"] == account["balance_fen"] == 0
    assert [entry["seq"] for entry in entries] == list(range(1, len(entries) + 1))
    assert [finding.problem async for finding in verify_funds(fund.community)] == [None]


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL") and not os.environ.get("TEST_REQUIRE_LEGS"),
                    reason="the PostgreSQL leg")
async def test_200_postings_racing_on_one_household_on_postgresql(client):
    assert is_postgres()  # the PostgreSQL leg runs this, or fails
    fund = await make_fund()
    household = fund.units["1-101"]
    await post(SYSTEM, fund.community, "deposit", FUNDED, household)
    results, keys = await _race(fund.community, household, 200)
    await _check(fund, household, results, keys)


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the SQLite leg")
async def test_postings_racing_on_one_household_on_sqlite():
    fund = await make_fund()
    household = fund.units["1-101"]
    await post(SYSTEM, fund.community, "deposit", FUNDED, household)
    results, keys = await _race(fund.community, household, 200)
    await _check(fund, household, results, keys)
