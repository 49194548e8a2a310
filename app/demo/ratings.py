"""Owners' ratings for the generated communities: the last two years of rating periods, about a third
of the households rating each month (5,000,000 ratings at province scale, proportionally fewer at
smaller scales), with the tallies the satisfaction pages read, counted as the rows are made.

Each community has its own share of satisfied owners, most around or over the 90% target and some
well under it, so every street has communities on both sides. A rating is attributed to the manager
on the day it was given by the management domain's rule (``logic.manager_on``) over the generated
arrangements and shared services.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from app.demo.world import Ids
from app.management.logic import manager_on
from app.operations.ratings.logic import last_periods

YEARS = 2
RATE = 0.35  # a household rates in a given month with this chance (quarterly periods: three times it)
RATING_DAYS = (4, 11, 18, 25)  # days into a period on which ratings are given (a few: each needs its manager)
COMMENTS = ("", "", "", "", "保洁及时", "楼道灯坏了很久", "门卫态度好", "垃圾清运不及时", "绿化维护得不错")


def periods_for(today: date, rating_period: str) -> list:
    return last_periods(today, rating_period, YEARS * (12 if rating_period == "month" else 4))


def ratings_of(community: dict, household_ids: list[int], arrangements: list[dict], shared: list[dict],
               periods: list, ids: Ids, rng: random.Random, today: date, now: datetime,
               tallies: dict[tuple, list[int]]) -> list[dict]:
    """One community's ratings over ``periods``; adds their counts to ``tallies`` by (community,
    period start, company)."""
    community_id, region = community["id"], community["region_code"]
    satisfied = rng.uniform(0.9, 0.99) if rng.random() < 0.7 else rng.uniform(0.6, 0.9)
    rate = RATE * (3 if periods and periods[0].kind == "quarter" else 1)
    rows: list[dict] = []
    for span in periods:
        days = [span.start + timedelta(days=offset) for offset in RATING_DAYS]
        days = [day for day in days if day <= min(span.end, today)]
        if not days:
            continue
        companies = {}
        for day in days:
            manager = manager_on(arrangements, shared, day)
            companies[day] = (manager or {}).get("company")
        for household in household_ids:
            if rng.random() >= rate:
                continue
            day = rng.choice(days)
            if rng.random() < satisfied:
                score = 5 if rng.random() < 0.6 else 4
            else:
                score = rng.randint(1, 3)
            company = companies[day]
            rows.append({"id": ids.take("rating"), "community": community_id, "region_code": region,
                         "period": span.key, "period_start": span.start, "rater_kind": "household",
                         "rater_id": household, "account": None, "score": score, "comment": rng.choice(COMMENTS),
                         "company": company, "rated_on": day, "created_at": now, "updated_at": now})
            tallies.setdefault((community_id, region, span.start, company or 0), [0] * 5)[score - 1] += 1
    return rows


def tally_rows(tallies: dict[tuple, list[int]], ids: Ids, now: datetime) -> list[dict]:
    """The periods' tally rows, and each year's summed from them (as ``services.tallies`` builds them)."""
    years: dict[tuple, list[int]] = {}
    for (community, region, start, company), counts in tallies.items():
        summed = years.setdefault((community, region, date(start.year, 1, 1), company), [0] * 5)
        for index, n in enumerate(counts):
            summed[index] += n
    return [{"id": ids.take("rating_tally"), "community": community, "region_code": region, "span": span,
             "period_start": start, "company": company, "s1": counts[0], "s2": counts[1], "s3": counts[2],
             "s4": counts[3], "s5": counts[4], "refreshed_at": now}
            for span, rows in (("period", tallies), ("year", years))
            for (community, region, start, company), counts in rows.items()]
