"""The generator's service logs: about 400 a community (shared among those a company served), each on a day that company
managed or served the community by management's one rule, some with a photo whose file is there; and
the demo company's logs, written through the service."""

from __future__ import annotations

import random

from app.demo.demo_logs import demo_logs
from app.demo.generate import generate
from app.demo.world import Scale
from app.management.services.managers import manager_of
from app.operations.logs.tables import ServiceLog
from app.photos.services import path_of
from app.photos.tables import Photo
from tests.operations.logs.helpers import make_logs_world

SMALL = Scale("test", "630102001", 12, 600, 3)


async def test_generated_logs_are_each_one_the_service_would_accept(clock):
    made = await generate(SMALL, seed=3)
    total = await ServiceLog.count()
    assert made["service_logs"] == total > 0
    assert 0.6 * 400 * SMALL.communities <= total <= 1.4 * 400 * SMALL.communities  # 400 a community on average
    rows = await ServiceLog.select(ServiceLog.community, ServiceLog.company, ServiceLog.service_date, ServiceLog.served_as)
    for row in random.Random(1).sample(rows, 200):
        manager = await manager_of(row["community"], row["service_date"])
        assert manager is not None and (manager["company"], manager["mode"]) == (row["company"], row["served_as"])
    photos = await Photo.select().where(Photo.kind == "service_log")
    assert photos and await ServiceLog.count().where(ServiceLog.photo_count > 0) == len(photos)
    assert all(path_of(p["key"], p["content_type"]).is_file() and path_of(p["key"], p["content_type"], thumbnail=True).is_file()
               for p in photos[:20])


async def test_the_demo_company_has_logs_of_the_last_two_weeks_some_with_a_photo(clock):
    world = await make_logs_world()
    from app.accounts.tables import Account

    await Account.update({Account.username: "company"}).where(Account.username == "carol")
    made = await demo_logs(random.Random(5))
    assert made == await ServiceLog.count() > 0
    assert await ServiceLog.count().where(ServiceLog.community == world.community_a) == made
    assert await Photo.count().where(Photo.kind == "service_log") > 0
