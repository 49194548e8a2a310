"""The generator's ratings: about a third of the households each month for two years, their tallies
the same as the job's rebuild, each attributed to the manager on its day, some communities under target."""

from __future__ import annotations

from app.demo.generate import generate
from app.demo.world import Scale
from app.management.services.managers import managers_on
from app.operations.ratings.services.tallies import refresh_tallies
from app.operations.ratings.services.views import judged
from app.operations.ratings.tables import Rating, RatingTally

SMALL = Scale("test", "630102001", 12, 600, 3)


async def _tallies() -> list[tuple]:
    rows = await RatingTally.select(RatingTally.span, RatingTally.community, RatingTally.period_start,
                                    RatingTally.company, RatingTally.s1,
                                    RatingTally.s2, RatingTally.s3, RatingTally.s4, RatingTally.s5)
    return sorted(tuple(row.values()) for row in rows)


async def test_generated_ratings_are_tallied_and_attributed_as_the_app_would(clock):
    made = await generate(SMALL, seed=3)
    households = made["households"]
    assert made["ratings"] == await Rating.count()
    assert 24 * households * 0.3 < made["ratings"] < 24 * households * 0.4
    made_tallies = await _tallies()
    await refresh_tallies()
    assert await _tallies() == made_tallies
    sample = await Rating.select(Rating.community, Rating.rated_on, Rating.company).order_by(Rating.id).limit(200)
    for row in sample[::20]:
        manager = (await managers_on([row["community"]], row["rated_on"])).get(row["community"])
        assert row["company"] == (manager or {}).get("company")
    per_community = await Rating.raw(
        "SELECT community, SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS good, COUNT(*) AS total FROM rating "
        "GROUP BY community")
    verdicts = {judged(row["good"], row["total"]).verdict for row in per_community}
    assert {"meets", "below"} <= verdicts
