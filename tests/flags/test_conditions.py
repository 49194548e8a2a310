"""Each condition the scan finds, at its boundary, through the real SQL on the test's database."""

from datetime import timedelta

import pytest

from app.flags.services.scan import scan
from tests.factories import make_community, make_world
from tests.flags.helpers import TODAY, arrange, committee, fund_household, morning, share, subjects

pytestmark = pytest.mark.usefixtures("clock")


async def _scan(day=TODAY):
    return await scan(day, morning(day))


async def test_a_community_nobody_manages_is_flagged_and_shared_service_counts_as_managed():
    world = await make_world()
    await arrange(world.community_a, company=world.company_a, end=TODAY + timedelta(days=365),
                  contract_end=TODAY + timedelta(days=365))
    await share(world.community_b, world.community_a, world.company_a)
    await arrange(world.community_other_street, end=TODAY - timedelta(days=1), mode="street_proxy")
    await _scan()
    assert await subjects("no_arrangement") == {world.community_other_street, world.community_other_county}


@pytest.mark.parametrize(("days_ahead", "flagged"), [(0, True), (60, True), (61, False)])
async def test_a_contract_ending_exactly_sixty_days_ahead_is_flagged_and_sixty_one_is_not(days_ahead, flagged):
    world = await make_world()
    end = TODAY + timedelta(days=days_ahead)
    await arrange(world.community_a, company=world.company_a, end=end, contract_end=end)
    await _scan()
    assert (await subjects("contract_ending") == {world.community_a}) is flagged
    assert await subjects("contract_lapsed") == set()


async def test_an_early_end_counts_and_a_recorded_successor_means_nothing_is_ending():
    world = await make_world()
    # Dismissed: it ends in 30 days although the contract ran two more years.
    await arrange(world.community_a, company=world.company_a, end=TODAY + timedelta(days=30),
                  contract_end=TODAY + timedelta(days=760))
    ending = TODAY + timedelta(days=20)
    await arrange(world.community_b, company=world.company_a, end=ending, contract_end=ending)
    await arrange(world.community_b, company=world.company_b, start=ending + timedelta(days=1),
                  end=ending + timedelta(days=900), contract_end=ending + timedelta(days=900))
    await _scan()
    assert await subjects("contract_ending") == {world.community_a}


async def test_a_company_still_serving_after_its_contracts_last_day_is_lapsed_from_the_day_after():
    world = await make_world()
    await arrange(world.community_a, company=world.company_a, end=None, contract_end=TODAY)
    await _scan()
    assert await subjects("contract_lapsed") == set() and await subjects("contract_ending") == {world.community_a}
    tomorrow = TODAY + timedelta(days=1)
    await _scan(tomorrow)
    assert await subjects("contract_lapsed") == {world.community_a} and await subjects("contract_ending") == set()


async def test_a_committee_term_is_over_on_the_day_after_its_last_day():
    world = await make_world()
    await committee(world.community_a, elected=TODAY - timedelta(days=1800), term_end=TODAY)
    held = await committee(world.community_b, elected=TODAY - timedelta(days=1800), term_end=TODAY - timedelta(days=1))
    await _scan()
    assert await subjects("committee_term_over") == {held}


@pytest.mark.parametrize(("days_ago", "flagged"), [(30, False), (31, True)])
async def test_a_filing_is_overdue_after_thirty_days(days_ago, flagged):
    world = await make_world()
    held = await committee(world.community_a, elected=TODAY - timedelta(days=days_ago), filed=False)
    await _scan()
    assert (await subjects("committee_filing_overdue") == {held}) is flagged


@pytest.mark.parametrize(("days_ago", "flagged"), [(30, False), (31, True)])
async def test_a_change_unfiled_past_thirty_days_is_a_filing_overdue(days_ago, flagged):
    world = await make_world()
    held = await committee(world.community_a, unfiled_change_since=TODAY - timedelta(days=days_ago))
    await _scan()
    assert (await subjects("committee_filing_overdue") == {held}) is flagged


async def test_a_committee_of_an_even_size_or_out_of_range_is_flagged():
    world = await make_world()
    sizes = {}
    for members in (4, 5, 6, 11, 12):
        community = await make_community(code=f"630102001001{200 + members:03d}")
        sizes[members] = await committee(community, members=members)
    await _scan()
    assert await subjects("committee_size") == {sizes[4], sizes[6], sizes[12]}
    assert world.community_a in await subjects("committee_missing")


async def test_a_committee_is_missing_where_the_community_has_households_enough_for_one():
    await make_world()
    four = await make_community(code="630102001001301", household_count=4)
    five = await make_community(code="630102001001302", household_count=5)
    seated = await make_community(code="630102001001303", household_count=50)
    await committee(seated)
    ended = await make_community(code="630102001001304", household_count=50)
    old = await committee(ended)
    from app.committees.tables import Committee

    await Committee.update({Committee.ended_on: TODAY - timedelta(days=3)}).where(Committee.id == old)
    await _scan()
    missing = await subjects("committee_missing")
    assert five in missing and ended in missing and four not in missing and seated not in missing


async def test_households_under_the_thirty_percent_line_flag_their_community_and_exactly_thirty_does_not():
    world = await make_world()
    await fund_household(world.community_a, first=10_000, paid=10_000, balance=3_000)
    await fund_household(world.community_b, first=10_000, paid=10_000, balance=2_999)
    await fund_household(world.community_other_street, first=10_000, paid=9_000, balance=100)  # still owing
    await _scan()
    assert await subjects("fund_under_line") == {world.community_b}
