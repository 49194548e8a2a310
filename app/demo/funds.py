"""Maintenance funds for the generated communities: each county's rate, each household's
sub-account and every community's ledger, hash-chained exactly as ``post_entries`` chains it, so
``changxiao funds verify`` finds every generated ledger as posted.

About five entries a household (3,000,000 at province scale): the first deposit (most households,
paid in one of the last seven years), interest at each year's end after it, the community's monthly
common-part income (no household), and in a third of the communities a repair charged to every
paying household that takes some under the 30% line, half of whom have topped up since.
"""

from __future__ import annotations

import heapq
import random
from datetime import date, datetime, time, timedelta, timezone

from app.clock import CHINA
from app.demo.world import Ids
from app.funds.logic import entry_hash, paid_part
from app.funds.shares import area_hundredths, first_deposit_fen, is_under_top_up_line, top_up_due_fen

PAYING = 0.95  # households that paid their first deposit
REPAIRED = 0.33  # communities with a repair charged to their households
INTEREST_PERMILLE = 15  # a year's interest on a balance (1.5%)
YEARS = 7  # deposits paid over the last seven years, each earning interest every year-end since
WHO = "demo"


def rates_of(counties: list[str], rng: random.Random, ids: Ids) -> list[dict]:
    """A rate per county (fen per m²: 80–150 yuan), in effect since 2015."""
    return [{"id": ids.take("fund_rate"), "region_code": county, "rate_fen_per_m2": rng.randint(8_000, 15_000),
             "effective_from": date(2015, 1, 1), "set_by": None} for county in sorted(set(counties))]


def _moment(day: date, rng: random.Random) -> datetime:
    """A working-hours moment of the day in China, stored in UTC (microseconds: the hash keeps them)."""
    local = datetime.combine(day, time(9, 0), CHINA) + timedelta(seconds=rng.randint(0, 8 * 3600), microseconds=rng.randint(0, 999_999))
    return local.astimezone(timezone.utc)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def funds_of(community: dict, households: list[dict], rates: dict[str, int], ids: Ids, rng: random.Random,
             today: date) -> tuple[dict, list[dict], list[dict]]:
    """One community's account, its households' sub-accounts and its ledger, oldest entry first."""
    community_id, rate = community["id"], rates[community["region_code"][:6]]
    events: list[tuple[datetime, int, str, int | None, int, str]] = []  # (when, order, kind, household, amount, memo)
    first: dict[int, int] = {}
    paid_day: dict[int, date] = {}
    for row in households:
        first[row["id"]] = first_deposit_fen(area_hundredths(row["floor_area"]), rate)
        if rng.random() < PAYING:
            paid_day[row["id"]] = _day(rng, date(today.year - YEARS, 1, 1), date(today.year - 1, 11, 30))
    # Balances are followed in time order, so a charge never takes a balance below zero; interest is
    # posted at 23:00 on 31 December, after any deposit of that day (deposits are in working hours).
    repair = _day(rng, date(today.year, 1, 10), today - timedelta(days=40)) if rng.random() < REPAIRED else None
    for household, day in paid_day.items():
        events.append((_moment(day, rng), 0, "deposit", household, first[household], "银行代收"))
    for year in range(today.year - YEARS, today.year):
        for household, day in paid_day.items():
            if day.year <= year:
                events.append((datetime.combine(date(year, 12, 31), time(23, 0), CHINA).astimezone(timezone.utc),
                               household, "interest", household, 0, f"{year}年度利息"))
    month = date(today.year - 3, today.month, 1)
    while month <= today:
        if month.month % 3 == 0 or month.year == today.year:
            events.append((_moment(min(month + timedelta(days=14), today), rng), 0, "income", None,
                           rng.randint(50_000, 300_000), "公共部位经营收益"))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    if repair is not None:
        for household in paid_day:
            events.append((_moment(repair, rng), household, "use", household, 0, "屋面防水维修"))
    heapq.heapify(events)
    balance: dict[int, int] = {}
    paid: dict[int, int] = {}
    entries: list[dict] = []
    head, total = "", 0
    while events:
        when, order, kind, household, amount, memo = heapq.heappop(events)
        if kind == "interest":
            amount = balance[household] * INTEREST_PERMILLE // 1000
        elif kind == "use":
            amount = -(balance[household] * rng.randint(55, 85) // 100)
        elif kind == "top_up":
            amount = top_up_due_fen(balance[household], first[household])
        if amount == 0:
            continue
        entries.append(_entry(community_id, len(entries) + 1, household, kind, amount, when, memo, head, ids))
        head, total = entries[-1]["hash"], total + amount
        if household is not None:
            balance[household] = balance.get(household, 0) + amount
            paid[household] = paid.get(household, 0) + paid_part(kind, amount)
        if kind == "use" and is_under_top_up_line(balance[household], first[household]) and rng.random() < 0.5:
            topped = when + timedelta(days=rng.randint(7, 30))
            if topped.astimezone(CHINA).date() < today:
                heapq.heappush(events, (topped, household, "top_up", household, 0, "续筹"))
    subs = [{"id": ids.take("fund_household"), "household": row["id"], "community": community_id,
             "first_deposit_fen": first[row["id"]], "paid_fen": paid.get(row["id"], 0),
             "balance_fen": balance.get(row["id"], 0)} for row in households]
    account = {"id": ids.take("fund_account"), "community": community_id, "region_code": community["region_code"],
               "balance_fen": total, "entry_count": len(entries), "head_hash": head,
               "updated_at": entries[-1]["posted_at"] if entries else datetime.now(timezone.utc)}
    return account, subs, entries


def _entry(community: int, seq: int, household: int | None, kind: str, amount: int, when: datetime, memo: str,
           head: str, ids: Ids) -> dict:
    entry = {"community": community, "seq": seq, "household": household, "kind": kind, "amount_fen": amount,
             "posted_at": when, "who": WHO, "memo": memo, "idempotency_key": f"demo-{community}-{seq}",
             "corrects": None, "reason": "", "prev_hash": head}
    entry["hash"] = entry_hash(entry)
    entry["id"] = ids.take("fund_entry")
    entry["posted_by"] = None
    return entry
