"""The fund's two measurements beside the pages: ``changxiao funds verify`` over every entry (its time
and its peak memory: it streams, so memory stays flat whatever the ledger's size), and 200 postings
fired at once at one household on PostgreSQL (postings per second, and none lost, none posted twice,
no balance below zero).

Imported only after ``__main__`` has pointed the environment at the benchmark's database.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
from pathlib import Path

POSTINGS = 200
RESENT = 20  # of them re-send another's key: a double click must post once
WITHDRAWAL = 100  # fen each
FUNDED = 15_000  # covers 150 of the withdrawals: the rest must be refused, never overdraw
POOL = 20  # connections the postings share, as a web process's pool


def verify(root: Path, env: dict) -> dict:
    """Run ``changxiao funds verify`` as an operator would; its peak RSS comes from the kernel's
    account of that one child (``wait4``)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(root / ".venv" / "bin" / "changxiao"), "funds", "verify", "--lang", "en"],
                               env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    found = re.search(r"checked (\d+) fund\(s\), (\d+) entries", summary)
    return {"seconds": round(seconds, 1), "funds": int(found.group(1)) if found else 0,
            "entries": int(found.group(2)) if found else 0, "all_as_posted": process.returncode == 0,
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "summary": summary}


async def race(community: int, household: int) -> dict:
    """200 withdrawals at once at one household (``RESENT`` of them a second click on another's key)
    after a deposit that covers ``FUNDED // WITHDRAWAL``; checked against the ledger afterwards."""
    from app.accounts.logic import SYSTEM
    from app.errors import FieldError
    from app.funds.services.ledger import Draft, post_entries
    from app.funds.services.verify import verify_funds
    from app.funds.tables import FundEntry, FundHousehold
    from app.piccolo_conf import DB

    run = f"bench-{time.time_ns()}"
    await DB.start_connection_pool(min_size=POOL, max_size=POOL)
    try:
        before = await FundHousehold.select(FundHousehold.balance_fen).where(FundHousehold.household == household).first()
        start_balance = (before or {"balance_fen": 0})["balance_fen"]
        # Take the balance to exactly FUNDED first, so the race's arithmetic is known.
        if start_balance:
            await post_entries(SYSTEM, community, [Draft("use", -start_balance, f"{run}-empty", household, memo="bench")])
        await post_entries(SYSTEM, community, [Draft("deposit", FUNDED, f"{run}-fund", household, memo="bench")])
        distinct = POSTINGS - RESENT
        keys = [f"{run}-{n}" for n in range(distinct)] + [f"{run}-{n}" for n in range(RESENT)]

        async def one(key: str):
            try:
                return await post_entries(SYSTEM, community, [Draft("use", -WITHDRAWAL, key, household, memo="bench")])
            except FieldError as refused:
                return refused

        started = time.perf_counter()
        results = await asyncio.gather(*(one(key) for key in keys))
        seconds = time.perf_counter() - started
        entries = await FundEntry.select(FundEntry.id, FundEntry.idempotency_key, FundEntry.amount_fen).where(
            FundEntry.idempotency_key.like(f"{run}-%") & (FundEntry.kind == "use") & (FundEntry.amount_fen == -WITHDRAWAL))
        after = await FundHousehold.select(FundHousehold.balance_fen).where(FundHousehold.household == household).first()
        posted = [result for result in results if not isinstance(result, FieldError)]
        refused = len(results) - len(posted)
        fresh = {result.entries[0]["id"] for result in posted}
        problems = [finding.problem async for finding in verify_funds(community)]
    finally:
        await DB.close_connection_pool()
    expected = FUNDED // WITHDRAWAL
    checks = {
        "none_lost": len(entries) == expected and fresh == {entry["id"] for entry in entries},
        "none_duplicated": len({entry["idempotency_key"] for entry in entries}) == len(entries),
        "no_negative_balance": after["balance_fen"] == FUNDED - expected * WITHDRAWAL >= 0,
        "ledger_verifies": problems == [None],
    }
    return {"postings": len(keys), "resent": RESENT, "posted": len(entries), "refused": refused,
            "seconds": round(seconds, 2), "postings_per_s": round(len(keys) / seconds, 1), "pool": POOL,
            "checks": checks, "ok": all(checks.values())}


def lines(result: dict) -> list[str]:
    """What ``make bench`` prints under its table."""
    found = []
    if verify := result.get("verify"):
        found.append(f"funds verify: {verify['entries']:,} entries of {verify['funds']:,} funds in {verify['seconds']:.1f} s "
                     f"({verify['entries'] / max(verify['seconds'], 0.001):,.0f} entries/s), peak RSS "
                     f"{verify['peak_rss_mb']} MB, " + ("all as posted" if verify["all_as_posted"] else "PROBLEMS: " + verify["summary"]))
    if race_result := result.get("race"):
        failed = [name for name, ok in race_result["checks"].items() if not ok]
        found.append(f"concurrent postings: {race_result['postings']} at once at one household ({race_result['resent']} "
                     f"re-sent keys) over a pool of {race_result['pool']}: {race_result['postings_per_s']:,.0f} postings/s, "
                     f"{race_result['posted']} posted, {race_result['refused']} refused (the balance would have gone below zero, "
                     "or a re-sent key of a refused one); " + ("none lost, none duplicated, no negative balance" if not failed
                                           else "FAILED: " + ", ".join(failed)))
    return found
