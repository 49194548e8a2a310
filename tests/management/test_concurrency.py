"""Sixty street-office posts at once, through the real HTTP app: one community gets one manager.

The posts run concurrently on one event loop against the app's own connection pool, so on
PostgreSQL their transactions really interleave (each request holds a pooled connection while it
waits for the community's lock); on SQLite the write lock serialises them. A counter around the app
shows the requests were in flight together. Exactly one may win, and no two periods of the
community's arrangements and shared services may overlap.
"""

from __future__ import annotations

import asyncio
from datetime import date
from itertools import combinations

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.db import is_postgres
from app.management import services as management
from app.management.logic import Period, conflict
from app.management.services import ArrangementInput
from app.management.tables import Arrangement, SharedService
from tests.conftest import serve
from tests.factories import csrf_from, login, make_community, make_world

POSTS = 60
ROUNDS = 3 if is_postgres() else 1  # SQLite's write lock serialises every round alike


class InFlight:
    """The app, counting how many requests it is answering at the same moment."""

    def __init__(self, app) -> None:
        self.app, self.now, self.most = app, 0, 0

    def lifespan(self):
        return self.app.lifespan()

    async def __call__(self, scope, receive, send) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1


async def _bob() -> int:
    return (await Account.select(Account.id).where(Account.username == "bob").first())["id"]


async def _managed_neighbour(world) -> None:
    bob = await accounts.load_principal(await _bob())
    await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2025, 1, 1), end_date=None, company_id=world.company_a,
        contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=50))


async def _periods(community_id: int) -> list[Period]:
    rows = [*await Arrangement.select(Arrangement.start_date, Arrangement.end_date).where(
        Arrangement.community == community_id),
        *await SharedService.select(SharedService.start_date, SharedService.end_date).where(
            SharedService.community == community_id)]
    return [Period(row["start_date"], row["end_date"]) for row in rows]


async def _race(app, posts_for) -> list[tuple[list[int], list[Period]]]:
    """Each round: a fresh unmanaged community of bob's street, POSTS posts at once."""
    counted = InFlight(app)
    results = []
    async with serve(counted) as client:
        await login(client, "bob")
        for n in range(ROUNDS):
            community = await make_community(name=f"并发小区{n}", code=f"630102001004{100 + n}", region_code="630102001004")
            token = csrf_from((await client.get(f"/communities/{community}/shared-service/new")).text)
            posts = posts_for(community, token)
            responses = await asyncio.gather(*(client.post(path, data=data, follow_redirects=False) for path, data in posts))
            results.append(([response.status_code for response in responses], await _periods(community)))
    assert counted.most > 10, "the posts did not run concurrently"
    return results


def _shared(community: int, provider: int, token: str, n: int) -> tuple[str, dict]:
    # Starts a few days apart, all open-ended: any two overlap, so only one may stand.
    return (f"/communities/{community}/shared-service",
            {"_csrf_token": token, "provider": str(provider), "start_date": f"2026-01-{1 + n % 28:02d}", "end_date": ""})


async def test_sixty_simultaneous_shared_service_posts_create_exactly_one(app):
    world = await make_world()
    await _managed_neighbour(world)
    rounds = await _race(app, lambda community, token: [
        _shared(community, world.community_a, token, n) for n in range(POSTS)])
    for statuses, periods in rounds:
        assert statuses.count(303) == 1 and statuses.count(422) == POSTS - 1, statuses
        assert len(periods) == 1


async def test_shared_service_and_arrangement_posts_at_once_leave_one_manager(app):
    world = await make_world()
    await _managed_neighbour(world)
    bob = await _bob()

    def posts(community: int, token: str) -> list[tuple[str, dict]]:
        arrangement = (f"/communities/{community}/arrangements", {
            "_csrf_token": token, "step": "confirm", "mode": "street_proxy", "responsible_id": str(bob),
            "start_date": "2026-01-15", "end_date": ""})
        return [_shared(community, world.community_a, token, n) if n % 2 else arrangement for n in range(POSTS)]

    for statuses, periods in await _race(app, posts):
        assert statuses.count(303) == 1 and statuses.count(422) == POSTS - 1, statuses
        assert len(periods) == 1
        assert not any(conflict(a, b) for a, b in combinations(periods, 2))
