"""The recompute: item 15's old communities by the manager rule, the bureau's records at the edges of
their validity window, grade bands at their edges, a blacklisting, running twice."""

from datetime import date, timedelta

from app.credit.tables import CreditRecord, CreditScore, CreditScoreLine
from app.jobs.tables import Job
from tests.credit.helpers import CYCLE, FIRST, LAST, arrange, keep_logging, line, record, run_recompute, score_of, share
from tests.factories import make_community, make_company, make_world


async def test_every_company_gets_a_score_with_a_line_for_its_old_communities(clock):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await arrange(world.community_b, world.company_a, date(2026, 3, 1))
    await keep_logging(world.community_a, world.company_a)
    await keep_logging(world.community_b, world.company_a, date(2026, 3, 1))
    await run_recompute()
    a = await score_of(world.company_a)
    assert line(a, "old_community")["units"] == 2 and line(a, "old_community")["points"] == 60
    assert a["total"] == 700 + 60 and a["grade"] == "A"
    b = await score_of(world.company_b)
    assert line(b, "old_community")["units"] == 0 and b["total"] == 700  # zero communities still says so
    job = await Job.select(Job.state, Job.result).where(Job.kind == "recompute_credit").output(load_json=True).first()
    assert job == {"state": "done", "result": {"cycle": str(CYCLE), "companies": 2}}


async def test_item_15_counts_old_communities_managed_on_any_day_of_the_cycle(clock):
    world = await make_world()
    company = world.company_a
    ended_before = await make_community(code="630102001001201")
    ends_first_day = await make_community(code="630102001001202")
    starts_last_day = await make_community(code="630102001001203")
    starts_after = await make_community(code="630102001001204")
    new = await make_community(code="630102001001205", year_built=2001)  # not old: built after 2000
    on_the_line = await make_community(code="630102001001206", year_built=2000)  # old: built up to 2000
    shared = await make_community(code="630102001001207")
    proxy = await make_community(code="630102001001208")
    await arrange(ended_before, company, date(2020, 1, 1), FIRST - timedelta(days=1))
    await arrange(ends_first_day, company, date(2020, 1, 1), FIRST)
    await arrange(starts_last_day, company, LAST)
    await arrange(starts_after, company, LAST + timedelta(days=1))
    await arrange(new, company, date(2020, 1, 1))
    await arrange(on_the_line, company, date(2020, 1, 1))
    await share(shared, on_the_line, company, date(2026, 5, 1), date(2026, 5, 1))
    await arrange(proxy, None, date(2020, 1, 1), mode="street_proxy")
    await run_recompute()
    assert line(await score_of(company), "old_community")["units"] == 4  # first day, last day, 2000, shared


async def test_a_community_handed_over_counts_for_both_companies_but_once_each(clock):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1), date(2026, 6, 30))
    await arrange(world.community_a, world.company_b, date(2026, 6, 30))  # the handover day: the new one wins
    await arrange(world.community_b, world.company_b, date(2026, 2, 1), date(2026, 2, 10))
    await arrange(world.community_b, world.company_b, date(2026, 3, 1))
    await run_recompute()
    assert line(await score_of(world.company_a), "old_community")["units"] == 1
    assert line(await score_of(world.company_b), "old_community")["units"] == 2


async def test_an_arrangement_overridden_for_the_whole_cycle_does_not_count(clock):
    """A company whose arrangement is superseded by a later one on every day of the cycle never
    manages the community in it (the one rule: the later start wins)."""
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await arrange(world.community_a, world.company_b, date(2025, 6, 1))
    await run_recompute()
    assert line(await score_of(world.company_a), "old_community")["units"] == 0
    assert line(await score_of(world.company_b), "old_community")["units"] == 1


async def test_a_record_counts_from_the_first_to_the_last_day_of_its_window(clock):
    world = await make_world()
    company = world.company_a
    await record(company, "commendation", date(2025, 1, 1), FIRST - timedelta(days=1))  # ends the day before
    await record(company, "commendation", date(2025, 1, 1), FIRST)  # last valid day is the cycle's first
    await record(company, "commendation", LAST, date(2027, 12, 30))  # first valid day is the cycle's last
    await record(company, "commendation", LAST + timedelta(days=1), date(2027, 12, 31))  # starts after it
    await run_recompute()
    score = await score_of(company)
    commendations = [row for row in score["lines"] if row["kind"] == "commendation"]
    assert [row["valid_until"] for row in commendations] == [FIRST, date(2027, 12, 30)]
    assert score["total"] == 700 + 2 * 20


async def _records(company: int, kind: str, count: int) -> None:
    rows = [CreditRecord(company=company, kind=kind, evidence=f"{kind} {n}", valid_from=FIRST, valid_until=LAST,
                         region_code="630102") for n in range(count)]
    for start in range(0, count, 100):
        await CreditRecord.insert(*rows[start:start + 100])


async def test_grades_change_exactly_at_their_bands(clock, configure):
    """Tenths of a point: 85.0 is AAA and 84.9 AA; 80.0 AA, 79.9 A; 70.0 A; 60.0 B and 59.9 C."""
    configure(CREDIT_WEIGHT_COMMENDATION="0.1", CREDIT_CAP_COMMENDATION="none", CREDIT_WEIGHT_PENALTY="0.1")
    companies = {total: await make_company() for total in (849, 850, 799, 800, 700, 600, 599)}
    for total, company in companies.items():
        if total > 700:
            await _records(company, "commendation", total - 700)
        else:
            await _records(company, "penalty", 700 - total)
    await run_recompute()
    grades = {total: ((await score_of(company))["total"], (await score_of(company))["grade"])
              for total, company in companies.items()}
    assert grades == {849: (849, "AA"), 850: (850, "AAA"), 799: (799, "A"), 800: (800, "AA"), 700: (700, "A"),
                      600: (600, "B"), 599: (599, "C")}


async def test_a_blacklisting_overrides_the_grade_whatever_the_points(clock):
    world = await make_world()
    for n in range(5):
        await record(world.company_a, "commendation", FIRST, LAST, evidence=f"表彰{n}")
    await record(world.company_a, "blacklist", date(2026, 11, 1), date(2028, 10, 31))
    await run_recompute()
    score = await score_of(world.company_a)
    assert score["grade"] == "blacklisted" and (score["total"], score["band"]) == (800, "AA")
    assert line(score, "blacklist")["points"] == 0


async def test_running_twice_replaces_the_cycle_with_the_same_scores(clock):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await keep_logging(world.community_a, world.company_a)
    await record(world.company_a, "penalty", date(2026, 4, 1), date(2027, 3, 31))
    await run_recompute()
    first = await score_of(world.company_a)
    await run_recompute()
    second = await score_of(world.company_a)
    assert await CreditScore.count() == 2  # one per company and cycle
    assert (second["total"], second["grade"]) == (first["total"], first["grade"]) == (700 + 30 - 50, "B")
    strip = lambda rows: [{k: v for k, v in row.items() if k not in ("id", "score")} for row in rows]  # noqa: E731
    assert strip(second["lines"]) == strip(first["lines"])
    assert await CreditScoreLine.count() == len(first["lines"]) * 1 + len((await score_of(world.company_b))["lines"])


async def test_each_cycle_keeps_its_own_score(clock):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2025, 1, 1), date(2025, 12, 31))
    await run_recompute(2025)
    await run_recompute(2026)
    assert line(await score_of(world.company_a, 2025), "old_community")["units"] == 1
    assert line(await score_of(world.company_a, 2026), "old_community")["units"] == 0  # let go: the 3 points go too
