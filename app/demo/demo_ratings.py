"""The demo's ratings: the last six rating periods of the communities with a register, the committee's
community mostly satisfied but under the 90% target in two of them, so the pages show both sides. The
demo ``owner`` has not rated the current period yet: that is his to try. Written straight into the
tables (as the generator does), attributed to the manager on the day, then tallied."""

from __future__ import annotations

import random
from datetime import timedelta

from app import clock
from app.accounts.tables import Account
from app.communities.tables import Community, Household
from app.management.services.managers import managers_on
from app.operations.ratings.logic import last_periods
from app.operations.ratings.services.tallies import refresh_tallies
from app.operations.ratings.tables import Rating
from app.owners.tables import OwnerLink
from app.settings import get_settings

PERIODS = 6
SATISFIED = (0.95, 0.93, 0.82, 0.96, 0.85, 0.94)  # the share satisfied in each period, oldest first


async def demo_ratings(rng: random.Random, community_ids: list[int]) -> int:
    today, now = clock.today(), clock.utcnow()
    spans = last_periods(today, get_settings().policy.rating_period, PERIODS)
    owner = await Account.select(Account.id).where(Account.username == "owner").first()
    own = await OwnerLink.select(OwnerLink.owner).where(OwnerLink.account == (owner or {}).get("id", -1))
    mine = {row["owner"] for row in own}
    households = await Household.select(Household.id, Household.community, Household.owner).where(
        Household.community.is_in(community_ids) & Household.owner.is_not_null())
    regions = {row["id"]: row["region_code"] for row in await Community.select(Community.id, Community.region_code).where(
        Community.id.is_in(community_ids))}
    rows = []
    for index, span in enumerate(spans):
        day = min(span.start + timedelta(days=9), today)
        managers = await managers_on(list(regions), day)
        current = span.end >= today
        for household in households:
            if rng.random() > (0.3 if current else 0.6) or (current and household["owner"] in mine):
                continue
            community = household["community"]
            satisfied = SATISFIED[index] if community == community_ids[0] else 0.92
            score = (5 if rng.random() < 0.6 else 4) if rng.random() < satisfied else rng.randint(1, 3)
            rows.append(Rating(community=community, region_code=regions[community], period=span.key,
                               period_start=span.start, rater_kind="household", rater_id=household["id"], score=score,
                               company=(managers.get(community) or {}).get("company"), rated_on=day, created_at=now,
                               updated_at=now))
    for start in range(0, len(rows), 200):
        await Rating.insert(*rows[start : start + 200])
    await refresh_tallies()
    return len(rows)
