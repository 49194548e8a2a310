"""The kinds operations and credit add, each at its boundary through the real SQL on the test's
database, raised by one scan and cleared by a later one once the cause is gone."""

from datetime import date, timedelta

import pytest

from app.flags.services.scan import scan
from app.flags.tables import Flag
from app.operations.grievances.tables import Complaint
from tests.factories import make_world
from tests.flags.helpers import (
    TODAY,
    arrange,
    complaint,
    credit_score,
    morning,
    service_log,
    share,
    subjects,
    tally,
)

pytestmark = pytest.mark.usefixtures("clock")

OCTOBER = date(2026, 10, 1)  # the last closed rating period on TODAY (monthly periods)


async def _scan(day=TODAY):
    return await scan(day, morning(day))


@pytest.mark.parametrize(("days_ago", "flagged"), [(29, False), (30, False), (31, True)])
async def test_no_service_is_flagged_after_thirty_whole_days_without_a_log(days_ago, flagged):
    world = await make_world()
    await arrange(world.community_a, company=world.company_a)
    await service_log(world.community_a, world.company_a, TODAY - timedelta(days=days_ago))
    await _scan()
    assert (await subjects("no_service") == {world.community_a}) is flagged


@pytest.mark.parametrize(("days_ago", "flagged"), [(30, False), (31, True)])
async def test_a_new_manager_is_counted_from_its_first_day_not_from_the_previous_ones_last_log(days_ago, flagged):
    world = await make_world()
    took_over = TODAY - timedelta(days=days_ago)
    await arrange(world.community_a, company=world.company_b, end=took_over - timedelta(days=1))
    await service_log(world.community_a, world.company_b, took_over - timedelta(days=1))
    await arrange(world.community_a, company=world.company_a, start=took_over)
    await _scan()
    assert (await subjects("no_service") == {world.community_a}) is flagged


async def test_shared_service_counts_as_serving_and_a_community_without_a_company_is_not_flagged():
    world = await make_world()
    await arrange(world.community_a, company=world.company_a)
    await service_log(world.community_a, world.company_a, TODAY)
    await share(world.community_b, world.community_a, world.company_a)
    await arrange(world.community_other_street, mode="street_proxy")
    await _scan()
    assert await subjects("no_service") == {world.community_b}


async def test_no_service_is_cleared_by_the_scan_after_a_log_and_the_days_are_a_setting(configure):
    world = await make_world()
    await arrange(world.community_a, company=world.company_a)
    await service_log(world.community_a, world.company_a, TODAY - timedelta(days=8))
    configure(FLAG_NO_SERVICE_DAYS=8)
    await _scan()
    assert await subjects("no_service") == set()
    configure(FLAG_NO_SERVICE_DAYS=7)
    await _scan()
    assert await subjects("no_service") == {world.community_a}
    await service_log(world.community_a, world.company_a, TODAY)
    tomorrow = TODAY + timedelta(days=1)
    await _scan(tomorrow)
    assert await subjects("no_service") == set()


@pytest.mark.parametrize(("good", "bad", "flagged"), [
    (9, 1, False),  # 9 of 10: exactly 90% meets the target
    (8, 2, True),  # 8 of 10: under it, with exactly the minimum of 10 ratings
    (8, 1, False),  # 9 ratings: too few to judge, however low
    (89, 11, True),  # 89%
    (90, 10, False),
])
async def test_satisfaction_under_the_target_in_the_last_closed_period_is_flagged(good, bad, flagged):
    world = await make_world()
    await tally(world.community_a, OCTOBER, good=good, bad=bad)
    await _scan()
    assert (await subjects("satisfaction_low") == {world.community_a}) is flagged


async def test_satisfaction_sums_the_periods_companies_and_ignores_the_open_period():
    world = await make_world()
    await tally(world.community_a, OCTOBER, good=5, bad=0, company=world.company_a)
    await tally(world.community_a, OCTOBER, good=3, bad=2, company=world.company_b)  # 8 of 10 in all
    await tally(world.community_b, OCTOBER, good=9, bad=1)
    await tally(world.community_b, date(2026, 11, 1), good=0, bad=20)  # November is still open
    await _scan()
    assert await subjects("satisfaction_low") == {world.community_a}
    # In December the last closed period is November: A's October no longer counts, B's November does.
    december = date(2026, 12, 1)
    await _scan(december)
    assert await subjects("satisfaction_low") == {world.community_b}


async def test_the_target_and_the_minimum_are_the_settings(configure):
    world = await make_world()
    await tally(world.community_a, OCTOBER, good=4, bad=1)
    configure(POLICY_SATISFACTION_MIN_RATINGS=5, POLICY_SATISFACTION_TARGET_PERCENT=80)
    await _scan()
    assert await subjects("satisfaction_low") == set()  # 4 of 5 is exactly 80%
    configure(POLICY_SATISFACTION_TARGET_PERCENT=81)
    await _scan()
    assert await subjects("satisfaction_low") == {world.community_a}


@pytest.mark.parametrize(("due_on", "state", "flagged"), [
    (TODAY - timedelta(days=1), "open", True),  # its last day was yesterday: overdue from midnight
    (TODAY, "open", False),  # today is still in time
    (TODAY - timedelta(days=5), "responded", False),
    (TODAY - timedelta(days=5), "closed", False),
])
async def test_a_complaint_open_past_its_deadline_is_flagged(due_on, state, flagged):
    world = await make_world()
    held = await complaint(world.community_a, due_on=due_on, state=state)
    await _scan()
    assert (await subjects("complaint_overdue") == {held}) is flagged


async def test_an_overdue_complaint_is_cleared_once_responded_and_its_flag_links_to_it(client):
    from tests.factories import login

    world = await make_world()
    held = await complaint(world.community_a, due_on=TODAY - timedelta(days=1))
    await _scan()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/flags?kind=complaint_overdue")
    assert "Complaint overdue" in page.text and f'href="/complaints/{held}"' in page.text
    assert (await client.get(f"/complaints/{held}")).status_code == 200
    flag = await Flag.select(Flag.id).where(Flag.kind == "complaint_overdue").first()
    shown = await client.get(f"/flags/{flag['id']}")
    assert shown.status_code == 200 and f'href="/complaints/{held}"' in shown.text and "幸福小区" in shown.text
    assert f'href="/complaints/{held}"' in (await client.get("/")).text  # the street's to-do list
    await Complaint.update({Complaint.state: "responded"}).where(Complaint.id == held)
    await _scan()
    assert await subjects("complaint_overdue") == set()


@pytest.mark.parametrize(("grade", "flagged"), [("AAA", False), ("B", False), ("C", True), ("blacklisted", True)])
async def test_a_company_graded_under_the_set_grade_or_blacklisted_is_flagged(grade, flagged):
    world = await make_world()
    await credit_score(world.company_a, grade)
    await _scan()
    assert (await subjects("company_grade_low") == {world.company_a}) is flagged


async def test_the_grade_is_the_latest_stored_up_to_this_cycle_and_the_setting_moves_the_line(configure):
    world = await make_world()
    await credit_score(world.company_a, "C", cycle=TODAY.year - 1)
    await credit_score(world.company_a, "A")  # this cycle's replaces last cycle's C
    await credit_score(world.company_b, "C", cycle=TODAY.year - 1)  # nothing stored for this cycle yet
    await credit_score(world.company_b, "AAA", cycle=TODAY.year + 1)  # not yet
    await _scan()
    assert await subjects("company_grade_low") == {world.company_b}
    configure(FLAG_COMPANY_GRADE_BELOW="AA")
    await _scan()
    assert await subjects("company_grade_low") == {world.company_a, world.company_b}
    configure(FLAG_COMPANY_GRADE_BELOW="C")
    await _scan()
    assert await subjects("company_grade_low") == set()  # the flags raised before are cleared


async def test_the_sql_grade_order_is_scorings_for_every_grade_and_setting(configure):
    from app.credit.scoring import BLACKLISTED, is_below
    from app.settings import CREDIT_GRADES
    from tests.factories import make_company

    await make_world()
    companies = {grade: await make_company() for grade in (*CREDIT_GRADES, BLACKLISTED)}
    for grade, company in companies.items():
        await credit_score(company, grade)
    for threshold in CREDIT_GRADES:
        configure(FLAG_COMPANY_GRADE_BELOW=threshold)
        await _scan()
        expected = {company for grade, company in companies.items() if is_below(grade, threshold)}
        assert await subjects("company_grade_low") == expected, threshold
