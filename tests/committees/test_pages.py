"""The committee page, its section on the community page, the street's overview and lists, and the
forms, as users see them."""

from datetime import date

from app.committees import services as committees
from app.committees.tables import Committee, CommitteeChange, CrossAppointment
from app.management.tables import Arrangement
from tests.committees.helpers import install, make_households, principal
from tests.factories import csrf_from, login, make_community, make_world


async def _english(client, username: str) -> None:
    client.cookies.set("cx_lang", "en")
    assert (await login(client, username)).status_code == 303


async def _post(client, page: str, path: str, data: dict):
    token = csrf_from((await client.get(page)).text)
    return await client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


async def test_the_page_names_the_broken_rule_and_the_days_over(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    # Elected 2026-11-10, no first meeting: on 2026-11-25 that is 8 days past the 7th day.
    await install(await principal("bob"), world.community_a, households, date(2026, 11, 10))
    await _english(client, "bob")
    page = await client.get(f"/communities/{world.community_a}/committee")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "First meeting within 7 days of the election</strong> · not yet done, 8 days over" in text
    assert "Filing with the housing bureau" not in page.text  # its 30 days are not up yet
    assert "13800000000" in page.text  # staff see phones whole


async def test_a_committee_member_sees_his_committee_with_phones_masked(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    await install(await principal("bob"), world.community_a, households, date(2026, 11, 20))
    await _english(client, "dave")
    own = await client.get("/committee", follow_redirects=False)
    assert own.status_code in (302, 303) and own.headers["location"] == f"/communities/{world.community_a}/committee"
    page = await client.get(f"/communities/{world.community_a}/committee")
    assert page.status_code == 200 and "138****0000" in page.text and "13800000000" not in page.text
    assert "Record an elected committee" not in page.text  # reads, does not record
    assert (await client.get(f"/communities/{world.community_b}/committee")).status_code == 404


async def test_the_community_page_shows_the_committee_in_brief_with_a_link(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 6)
    await install(await principal("bob"), world.community_a, households, date(2026, 11, 20))
    await _english(client, "bob")
    page = await client.get(f"/communities/{world.community_a}")
    assert "Owner committee" in page.text and f"/communities/{world.community_a}/committee" in page.text
    assert "A committee has 5 to 11 members, an odd number" in page.text
    other = await client.get(f"/communities/{world.community_b}")
    assert "This community has no owner committee." in other.text


async def test_the_street_overview_counts_and_each_figure_lists_its_committees(client, clock):
    world = await make_world()
    bob = await principal("bob")
    await make_community(name="无委会小区", code="630102001001777")
    # In time; term ending in 60 days; filings overdue (elected 40 days ago, nothing filed).
    ok = await make_households(world.community_a, 5)
    await install(bob, world.community_a, ok, date(2022, 1, 20), first_meeting_on=date(2022, 1, 22),
                  filed_bureau_on=date(2022, 2, 1), filed_street_on=date(2022, 2, 1),
                  term_start=date(2022, 1, 24), term_end=date(2027, 1, 23))
    late = await make_households(world.community_b, 5, phone_prefix="137")
    await install(bob, world.community_b, late, date(2026, 10, 16), first_meeting_on=date(2026, 10, 18))
    await _english(client, "bob")
    page = await client.get("/committees")
    assert page.status_code == 200
    figures = await committees.overview(bob)
    assert figures["figures"] == {"communities": 3, "current": 2, "without": 1, "broken": 1, "ending": 1,
                                  "expired": 0, "overdue": 1, "no_meeting": 0}
    for show in ("current", "without", "ending", "overdue"):
        assert f"/committees/list?show={show}" in page.text
    overdue = await client.get("/committees/list?show=overdue")
    assert "和平家园" in overdue.text and "幸福小区" not in overdue.text
    assert "Filing with the housing bureau within 30 days of the election (10 days)" in overdue.text
    without = await client.get("/committees/list?show=without")
    assert "无委会小区" in without.text and "幸福小区" not in without.text
    fragment = await client.get("/committees/list?show=ending",
                                headers={"HX-Request": "true", "HX-Target": "committee-results"})
    assert "幸福小区" in fragment.text and "<html" not in fragment.text
    # Another street's staff see none of it.
    mallory = await committees.overview(await principal("mallory"))
    assert mallory["figures"]["current"] == 0


async def test_a_street_user_installs_through_the_form_and_bad_input_changes_nothing(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    await _english(client, "bob")
    new = f"/communities/{world.community_a}/committee/new"
    data = {"elected_on": "2026-11-01", "term_start": "2026-11-01", "term_end": "2031-10-31",
            "first_meeting_on": "2026-11-03"}
    for n, household in enumerate(households, start=1):
        data |= {f"household_{n}": str(household), f"post_{n}": "chair" if n == 1 else "member",
                 f"phone_{n}": f"1390000{n:04d}"}
    bad = await _post(client, new, f"/communities/{world.community_a}/committee", {**data, "term_end": "2026-10-01"})
    assert bad.status_code == 422 and "The term cannot end before it starts." in bad.text
    assert await Committee.count() == 0
    done = await _post(client, new, f"/communities/{world.community_a}/committee", data)
    assert done.status_code == 303
    assert (await Committee.select(Committee.member_count).first())["member_count"] == 5


async def test_filings_and_changes_are_recorded_and_the_warning_goes(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    committee_id = await install(await principal("bob"), world.community_a, households, date(2026, 10, 1),
                                 first_meeting_on=date(2026, 10, 2))
    await _english(client, "bob")
    page = f"/communities/{world.community_a}/committee"
    assert "Filing with the street office within 30 days of the election" in (await client.get(page)).text
    done = await _post(client, page, f"/committees/{committee_id}/dates",
                       {"filed_bureau_on": "2026-10-31", "filed_street_on": "2026-11-01"})
    assert done.status_code == 303
    text = " ".join((await client.get(page)).text.split())
    assert "Filing with the housing bureau within 30 days" not in text
    assert "Filing with the street office within 30 days of the election</strong> · done, 1 day over" in text
    change = await _post(client, page, f"/committees/{committee_id}/changes",
                         {"changed_on": "2026-10-20", "description": "副主任辞职，由业主3接任"})
    assert change.status_code == 303
    assert "Filing of a change within 30 days" in (await client.get(page)).text  # 36 days, unfiled
    change_id = (await CommitteeChange.select(CommitteeChange.id).first())["id"]
    wrong = await _post(client, page, f"/committee-changes/{change_id}/filed", {"filed_on": "2026-10-19"})
    assert wrong.status_code == 422
    filed = await _post(client, page, f"/committee-changes/{change_id}/filed", {"filed_on": "2026-11-20"})
    assert filed.status_code == 303
    row = await Committee.select(Committee.unfiled_change_since).first()
    assert row["unfiled_change_since"] is None
    text = " ".join((await client.get(page)).text.split())  # the 31st day: 1 day over, done
    assert "Filing of a change within 30 days</strong> · the change of" in text and "· done, 1 day over" in text


async def test_cross_appointments_show_on_the_committee_page_and_to_the_company(client, clock):
    world = await make_world()
    await Arrangement.insert(Arrangement(
        community=world.community_a, region_code="630102001001", mode="professional", start_date=date(2024, 1, 1),
        company=world.company_a, contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=80,
    ))
    await _english(client, "bob")
    page = f"/communities/{world.community_a}/committee"
    done = await _post(client, page, f"/communities/{world.community_a}/cross-appointments", {
        "kind": "company_head", "company_id": str(world.company_a), "person_name": "张经理",
        "role_title": "社区兼职委员", "start_date": "2026-01-01"})
    assert done.status_code == 303
    assert "张经理" in (await client.get(page)).text
    assert await CrossAppointment.count() == 1
    client.cookies.clear()
    await _english(client, "carol")
    own = await client.get("/cross-appointments")
    assert own.status_code == 200 and "张经理" in own.text
    await CrossAppointment.update({CrossAppointment.company: world.company_b}).where(CrossAppointment.id > 0)
    assert "张经理" not in (await client.get("/cross-appointments")).text


async def test_cross_appointments_show_on_the_community_and_company_pages(client, clock):
    world = await make_world()
    await CrossAppointment.insert(
        CrossAppointment(community=world.community_a, company=world.company_a, region_code="630102001001",
                         kind="quality_supervisor", person_name="马监督", role_title="质量监督员",
                         start_date=date(2026, 1, 1)),
    )
    await Arrangement.insert(Arrangement(
        community=world.community_a, region_code="630102001001", mode="professional", start_date=date(2024, 1, 1),
        company=world.company_a, contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=80,
    ))
    await _english(client, "bob")
    assert "马监督" in (await client.get(f"/communities/{world.community_a}")).text
    assert "马监督" in (await client.get(f"/companies/{world.company_a}")).text
    client.cookies.clear()
    await _english(client, "carol")  # the company: on its own page and on the community it manages
    company_page = await client.get(f"/companies/{world.company_a}")
    assert company_page.status_code == 200 and "马监督" in company_page.text
    community_page = await client.get(f"/communities/{world.community_a}")
    assert "马监督" in community_page.text and "Open the committee page" not in community_page.text
