"""A prepared query (app.db.Prepared) answers what the Piccolo query it was built from answers."""

from __future__ import annotations

from datetime import date

import pytest

from app.communities.tables import Community
from app.db import Prepared
from app.management.services.managers import HISTORY_COLUMNS, SHARED_COLUMNS, history
from app.management.tables import Arrangement, SharedService
from app.querycount import count_queries
from tests.factories import make_account, make_world


async def test_it_reads_the_same_rows_as_the_piccolo_query_with_joins_aliases_and_order():
    world = await make_world()
    street = await make_account("liu", "street", region_code="630102001")
    await Arrangement.insert(
        Arrangement(community=world.community_a, region_code="630102001001", mode="professional",
                    start_date=date(2020, 1, 1), end_date=date(2023, 12, 31), company=world.company_a,
                    contract_number="HT-1", fee_fen_per_m2_month=80),
        Arrangement(community=world.community_a, region_code="630102001001", mode="street_proxy",
                    start_date=date(2024, 1, 1), responsible=street, short_notice_acknowledged=True),
    )
    await SharedService.insert(SharedService(community=world.community_b, provider_community=world.community_a,
                                             company=world.company_a, region_code="630102001004", start_date=date(2024, 5, 1)))
    for community in (world.community_a, world.community_b, world.community_other_street):
        expected = await Arrangement.select(*HISTORY_COLUMNS).where(Arrangement.community == community).order_by(
            Arrangement.start_date, ascending=False)
        assert await history(community) == expected
    rows = await history(world.community_a)
    assert [row["mode"] for row in rows] == ["street_proxy", "professional"]
    assert rows[0]["responsible_name"] == "Liu" and rows[1]["company_name"] == "青海安居物业服务有限公司"
    assert rows[0]["short_notice_acknowledged"] is True and rows[1]["start_date"] == date(2020, 1, 1)
    shared = Prepared(SharedService, lambda served, provider: SharedService.select(*SHARED_COLUMNS).where(
        (SharedService.community == served) | (SharedService.provider_community == provider)))
    for community in (world.community_a, world.community_b):
        expected = await SharedService.select(*SHARED_COLUMNS).where(
            (SharedService.community == community) | (SharedService.provider_community == community))
        assert await shared.run(community, community) == expected


async def test_it_is_one_query_and_keeps_sql_text_apart_from_values():
    world = await make_world()
    named = Prepared(Community, lambda name: Community.select(Community.id).where(
        (Community.name == name) & (Community.address != "{not a parameter}")))
    with count_queries() as counted:
        assert await named.run("幸福小区") == [{"id": world.community_a}]
        assert await named.run("'; DROP TABLE community; --") == []
    assert counted[0] == 2 and await Community.count() == 4


def test_a_parameter_the_query_does_not_use_is_refused():
    unused = Prepared(Community, lambda name, other: Community.select().where(Community.name == name))
    with pytest.raises(ValueError):
        unused._compile()
