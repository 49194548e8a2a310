"""The sources fed by property operations: satisfaction per rating period at the 90% target and the
minimum number of ratings, complaints answered on their last day or after it or left open, and gaps
in the service log at exactly the setting and one day less; then the lines on the company's page."""

from datetime import date, datetime, timedelta

from app.clock import CHINA
from app.credit.cycles import cycle_starting
from app.credit.scoring import service_gaps as gaps_rule
from app.credit.services.operations_sources import complaints, satisfaction, service_gaps
from app.operations.deadlines import start_of
from app.operations.grievances.tables import Complaint, ComplaintEvent
from app.operations.ratings.tables import RatingTally
from app.settings import get_settings
from tests.credit.helpers import CYCLE, arrange, log, run_recompute, score_of
from tests.factories import login, make_world

CYCLE_2026 = cycle_starting(CYCLE)


async def tally(community: int, company: int, period_start: date, **counts: int) -> None:
    await RatingTally.insert(RatingTally(community=community, region_code="630102001001", span="period",
                                         period_start=period_start, company=company, **counts))


async def complaint(community: int, company: int | None, due_on: date, state: str = "open",
                    answered_at: datetime | None = None) -> int:
    filed_at = start_of(due_on - timedelta(days=5))
    rows = await Complaint.insert(Complaint(
        community=community, region_code="630102001001", street_code="630102001", channel="hotline_12345",
        subject="楼道灯不亮", text="三单元楼道灯坏了一周", responsible_kind="company" if company else "street",
        responsible_company=company, filed_at=filed_at, due_at=start_of(due_on + timedelta(days=1)), state=state,
    )).returning(Complaint.id)
    complaint_id = rows[0]["id"]
    await ComplaintEvent.insert(ComplaintEvent(complaint=complaint_id, kind="filed", part="staff", at=filed_at))
    if answered_at is not None:
        await ComplaintEvent.insert(ComplaintEvent(complaint=complaint_id, kind="respond", part="responsible",
                                                   company=company, at=answered_at,
                                                   late=answered_at >= start_of(due_on + timedelta(days=1))))
    return complaint_id



def _settings():
    return get_settings().credit


async def test_satisfaction_at_the_target_meets_it_just_under_does_not_and_too_few_ratings_make_no_line(clock):
    world = await make_world()
    a, b = world.company_a, world.company_b
    await tally(world.community_a, a, date(2026, 3, 1), s4=5, s5=4, s3=1)  # 9 of 10: exactly 90%
    await tally(world.community_a, a, date(2026, 4, 1), s4=89, s3=11)  # 89 of 100: just under
    await tally(world.community_b, a, date(2026, 3, 1), s5=9)  # 9 ratings: under the minimum of 10
    await tally(world.community_b, b, date(2026, 3, 1), s5=10)  # exactly the minimum: judged
    await tally(world.community_a, a, date(2026, 11, 1), s1=20)  # today's period: still open for rating
    await tally(world.community_a, a, date(2025, 12, 1), s1=20)  # the cycle before
    await tally(world.community_a, 0, date(2026, 5, 1), s1=20)  # no company managed it
    found = await satisfaction(CYCLE_2026, _settings())
    assert sorted((r.kind, r.evidence, r.valid_from, r.valid_until) for r in found[a]) == [
        ("satisfaction_below", ("community", world.community_a), date(2026, 4, 1), date(2026, 4, 30)),
        ("satisfaction_met", ("community", world.community_a), date(2026, 3, 1), date(2026, 3, 31)),
    ]
    assert [(r.kind, r.evidence) for r in found[b]] == [("satisfaction_met", ("community", world.community_b))]
    assert set(found) == {a, b}


async def test_a_complaint_answered_on_its_last_day_is_on_time_the_day_after_is_late_and_open_ones_count(clock):
    world = await make_world()
    a = world.company_a
    due = date(2026, 5, 11)
    on_time = await complaint(world.community_a, a, due, "responded", datetime(2026, 5, 11, 23, 59, tzinfo=CHINA))
    late = await complaint(world.community_a, a, due, "closed", datetime(2026, 5, 12, 0, 0, tzinfo=CHINA))
    left_open = await complaint(world.community_a, a, due)
    due_today = await complaint(world.community_a, a, date(2026, 11, 25))  # FROZEN_NOW's day: not late yet
    due_yesterday = await complaint(world.community_a, a, date(2026, 11, 24))
    await complaint(world.community_a, None, due)  # the street office's to answer
    await complaint(world.community_a, a, date(2025, 12, 31))  # due in the cycle before
    found = {r.evidence[1]: r for r in (await complaints(CYCLE_2026, _settings()))[a]}
    assert on_time not in found and due_today not in found
    assert (found[late].kind, found[late].valid_from, found[late].valid_until) == (
        "complaint_late", date(2026, 5, 12), date(2027, 5, 11))
    assert (found[left_open].kind, found[left_open].valid_from) == ("complaint_open", date(2026, 5, 12))
    assert (found[due_yesterday].kind, found[due_yesterday].valid_from) == ("complaint_open", date(2026, 11, 25))
    assert len(found) == 3


async def test_a_past_cycle_counts_a_complaint_answered_after_it_ended_as_open_at_its_end(clock):
    world = await make_world()
    answered_next_year = await complaint(world.community_a, world.company_a, date(2025, 12, 20), "responded",
                                         datetime(2026, 1, 5, 10, tzinfo=CHINA))
    found = (await complaints(cycle_starting(2025), _settings()))[world.company_a]
    assert [(r.kind, r.evidence[1], r.valid_from) for r in found] == [
        ("complaint_open", answered_next_year, date(2025, 12, 21))]


async def test_service_gaps_of_exactly_the_setting_count_and_one_day_shorter_do_not(clock):
    world = await make_world()
    a, b = world.company_a, world.company_b
    assert _settings().service_gap_days == 30
    await arrange(world.community_a, a, date(2020, 1, 1))
    days = [date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 3), date(2026, 3, 10), date(2026, 11, 20)]
    for day in days + [date(2026, 3, 10), date(2025, 11, 1)]:  # a second log that day; one the year before
        await log(world.community_a, a, day)
    await arrange(world.community_b, b, date(2026, 6, 1))  # taken over mid-cycle
    await log(world.community_b, b, date(2026, 7, 1))  # 30 days after the takeover's first
    await arrange(world.community_other_street, b, date(2026, 10, 27))  # 30 days to today, no log
    late_takeover = world.community_other_county
    await arrange(late_takeover, a, date(2026, 10, 28))  # 29 days to today, no log
    found = await service_gaps(CYCLE_2026, _settings())
    gaps_a = sorted((r.evidence[1], r.valid_from, r.valid_until) for r in found[a])
    expected_a = gaps_rule(days, date(2026, 1, 1), date(2026, 11, 25), 30)
    assert expected_a == [(date(2026, 2, 1), date(2026, 3, 2)), (date(2026, 3, 11), date(2026, 11, 19))]
    assert gaps_a == [(world.community_a, first, last) for first, last in expected_a]  # Jan 2–30: 29 days, none
    gaps_b = sorted((r.evidence[1], r.valid_from, r.valid_until) for r in found[b])
    assert gaps_b == sorted([
        (world.community_b, date(2026, 6, 1), date(2026, 6, 30)),
        (world.community_b, date(2026, 7, 2), date(2026, 11, 25)),
        (world.community_other_street, date(2026, 10, 27), date(2026, 11, 25)),
    ])
    assert all(r.kind == "service_gap" for r in found[a] + found[b])


async def test_the_recompute_puts_the_operations_lines_on_the_company_page(client, clock):
    world = await make_world()
    a = world.company_a
    await arrange(world.community_a, a, date(2026, 11, 1))
    await log(world.community_a, a, date(2026, 11, 1))
    await tally(world.community_a, a, date(2026, 3, 1), s5=10)
    late = await complaint(world.community_a, a, date(2026, 5, 11), "responded", datetime(2026, 5, 12, 9, tzinfo=CHINA))
    await arrange(world.community_b, a, date(2026, 9, 1))  # Sep 1 – Nov 25 without a log: one gap
    await run_recompute()
    score = await score_of(a)
    kinds = {row["kind"]: row for row in score["lines"]}
    assert kinds["satisfaction_met"]["points"] == 10 and kinds["complaint_late"]["points"] == -10
    assert kinds["service_gap"]["points"] == -10 and kinds["service_gap"]["evidence_ref"] == str(world.community_b)
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")
    page = await client.get("/credit/mine", follow_redirects=True)
    assert page.status_code == 200
    assert "Satisfaction reached the target" in page.text and f"/communities/{world.community_a}/feedback" in page.text
    assert "Complaint answered late" in page.text and f"/complaints/{late}" in page.text
    assert "Gap in the service log" in page.text and f"/communities/{world.community_b}/service-logs" in page.text
