"""``changxiao demo generate``: bulk demo data that the app's own rules accept, the same for the same seed."""

from __future__ import annotations

from datetime import date

import pytest

from app.accounts import services as accounts
from app.committees.tables import Committee
from app.communities.tables import Community, Household
from app.companies.tables import Company, Subsidy
from app.demo import DEMO_PASSWORD
from app.demo.generate import GENERATOR_VERSION, NotEmpty, empty_database, generate, marker
from app.demo.world import Scale
from app.management.tables import Arrangement, Bundle, SharedService
from app.regions.tables import Region
from tests.demo.validity import problems
from tests.factories import make_company, make_tree
from tests.test_cli import changxiao

# A county's worth of streets, small enough for a test: bundles and shared service need several
# communities in one street, so 120 communities of about 50 households each.
TOWNSHIP = Scale("test", "630102", 120, 6_000, 12)


async def _fingerprint() -> list:
    communities = await Community.select(Community.code, Community.name, Community.household_count, Community.total_area).order_by(Community.code)
    arrangements = await Arrangement.select(
        Arrangement.community.code, Arrangement.mode, Arrangement.start_date, Arrangement.end_date, Arrangement.company.uscc
    ).order_by(Arrangement.id)
    return [communities, arrangements]


async def test_generated_data_keeps_every_rule_of_the_app(clock):
    made = await generate(TOWNSHIP, seed=7)
    assert made["communities"] == 120 and await Community.count() == 120
    assert made["households"] == await Household.count() > 5_000
    assert await problems() == []
    modes = {row["mode"] for row in await Arrangement.select(Arrangement.mode)}
    assert modes == {"professional", "self_managed", "street_proxy", "unit_managed"}
    assert await Bundle.count() and await SharedService.count() and await Subsidy.count()
    assert await Company.count() == 12
    # Most communities have an owner committee in office, and the street's overview has late filings to show.
    in_office = await Committee.count().where(Committee.ended_on.is_null())
    assert made["committees"] >= in_office > 120 * 0.6
    assert await Committee.count().where(Committee.filed_bureau_on.is_null()) > 0
    # Names a clerk would recognise, and the tree's figures counted from the data.
    names = [row["name"] for row in await Community.select(Community.name)]
    assert any(name.endswith("小区") for name in names) and any(name.endswith("家属院") for name in names)
    assert all(name.startswith(("青海", "西宁", "海东", "格尔木")) and "物业" in name
               for name in [row["name"] for row in await Company.select(Company.name)])
    county = await Region.select(Region.community_count, Region.household_count).where(Region.code == "630102").first()
    assert county == {"community_count": 120, "household_count": made["households"]}
    assert await accounts.authenticate("province", DEMO_PASSWORD) is not None
    assert await marker() == {**made, "scale": "test", "seed": 7, "version": GENERATOR_VERSION}


async def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(clock):
    small = Scale("test", "630102001", 12, 600, 3)
    await generate(small, seed=1)
    first = await _fingerprint()
    await generate(small, seed=1, force=True)
    assert await _fingerprint() == first
    await generate(small, seed=2, force=True)
    assert await _fingerprint() != first


async def test_the_rules_check_finds_an_overlap(clock):
    """The check above would see a broken rule (so its empty answer means something)."""
    await generate(Scale("test", "630102001", 12, 600, 3), seed=1)
    row = await Arrangement.select(Arrangement.community, Arrangement.region_code).first()
    await Arrangement.insert(Arrangement(community=row["community"], region_code=row["region_code"], mode="self_managed",
                                         start_date=date(2020, 1, 1)))
    assert any("overlaps" in problem for problem in await problems())


async def test_it_refuses_a_database_with_data_unless_forced(clock):
    await make_tree()
    await make_company(name="已有物业有限公司")
    with pytest.raises(NotEmpty):
        await generate(Scale("test", "630102001", 5, 200, 2))
    assert await Community.count() == 0
    await generate(Scale("test", "630102001", 5, 200, 2), force=True)
    assert not await Company.exists().where(Company.name == "已有物业有限公司")
    await empty_database()
    assert await Community.count() == 0 and await Region.count() == 0


async def test_the_command_shows_progress_and_refuses_a_second_run():
    made = changxiao("demo", "generate", "--scale", "street", "--seed", "3")
    assert made.returncode == 0, made.stderr
    assert "communities 50 / 50" in made.stderr and "50 communities" in made.stdout
    again = changxiao("demo", "generate", "--scale", "street")
    assert again.returncode != 0 and "--force" in again.stderr
