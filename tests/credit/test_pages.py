"""The credit pages: a company reads its score line by line and objects to a line; the bureau
answers; the recompute respects the answer; the bureau's rankings, lists, records and settings; the
street's picker shows grades and refuses a blacklisted company."""

from datetime import date

from app.credit.tables import CreditObjection, CreditRecord, CreditScore
from app.jobs.tables import Job
from app.management.tables import Arrangement
from tests.credit.helpers import FIRST, LAST, arrange, keep_logging, line, record, run_recompute, score_of
from tests.factories import csrf_from, login, make_world, post_form

HTMX = {"HX-Request": "true"}


async def _ready(client, user: str = "carol"):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await keep_logging(world.community_a, world.company_a)
    penalty = await record(world.company_a, "penalty", date(2026, 3, 2), date(2027, 3, 1), evidence="青住建罚〔2026〕7号 未按合同清运垃圾")
    await run_recompute()
    client.cookies.set("cx_lang", "en")
    await login(client, user)
    return world, penalty


async def test_a_company_reads_its_score_line_by_line_with_the_evidence(client, clock):
    world, _ = await _ready(client)
    page = await client.get("/credit/mine", follow_redirects=True)
    assert page.status_code == 200
    assert "68.0" in page.text and "B" in page.text  # 70 + 3 − 5
    assert "Old communities managed (item 15)" in page.text and "+3.0" in page.text
    assert "Penalty by the housing bureau" in page.text and "-5.0" in page.text
    assert "青住建罚〔2026〕7号" in page.text  # the evidence, on the line
    assert f"/companies/{world.company_a}" in page.text
    other = await client.get(f"/credit/companies/{world.company_b}")
    assert other.status_code == 404  # another company's score is not carol's to read


async def test_an_outsider_reads_no_score(client, clock):
    world, _ = await _ready(client, "erin")
    assert (await client.get(f"/credit/companies/{world.company_a}")).status_code in (403, 404)
    assert (await client.get("/credit")).status_code == 403


async def test_an_objection_round_trip_takes_the_line_out_when_upheld(client, clock):
    world, penalty = await _ready(client)
    score = await score_of(world.company_a)
    penalty_line = line(score, "penalty")
    page = f"/credit/companies/{world.company_a}"
    empty = await post_form(client, f"/credit/lines/{penalty_line['id']}/objection", {"reason": "  "}, page=page)
    assert empty.status_code == 422 and "Say why the line is wrong." in empty.text
    assert await CreditObjection.count() == 0
    sent = await post_form(client, f"/credit/lines/{penalty_line['id']}/objection",
                           {"reason": "垃圾已于当日清运，有照片为证"}, page=page)
    assert sent.status_code == 303
    objection = await CreditObjection.select().first()
    assert objection["state"] == "pending" and objection["answer_due"] == date(2026, 12, 10)  # 25 Nov + 15 days
    again = await post_form(client, f"/credit/lines/{penalty_line['id']}/objection", {"reason": "再次"}, page=page)
    assert again.status_code == 422 and "answer already" in again.text

    await run_recompute()  # pending: the line stands, marked
    assert line(await score_of(world.company_a), "penalty")["objection"] == "pending"

    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    listed = await client.get("/credit/objections")
    assert "青海安居物业服务有限公司" in listed.text
    shown = f"/credit/objections/{objection['id']}"
    bad = await post_form(client, f"{shown}/answer", {"state": "maybe", "answer": ""}, page=shown)
    assert bad.status_code == 422 and "Uphold or reject the objection." in bad.text
    answered = await post_form(client, f"{shown}/answer", {"state": "upheld", "answer": "核实属实，撤销处罚"}, page=shown)
    assert answered.status_code == 303
    twice = await post_form(client, f"{shown}/answer", {"state": "rejected", "answer": "x"}, page=shown)
    assert twice.status_code == 422

    await run_recompute()
    score = await score_of(world.company_a)
    assert score["total"] == 730 and score["grade"] == "A"  # the penalty no longer counts
    dropped = line(score, "penalty")
    assert dropped["dropped"] and dropped["points"] == 0 and dropped["objection"] == "upheld"
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")
    page_after = await client.get(f"/credit/companies/{world.company_a}")
    assert "Taken out: the objection was upheld." in page_after.text and "核实属实，撤销处罚" in page_after.text


async def test_a_rejected_objection_leaves_the_line_standing(client, clock):
    world, _ = await _ready(client)
    penalty_line = line(await score_of(world.company_a), "penalty")
    await post_form(client, f"/credit/lines/{penalty_line['id']}/objection", {"reason": "不服"},
                    page=f"/credit/companies/{world.company_a}")
    objection = await CreditObjection.select().first()
    client.cookies.clear()
    await login(client, "alice")
    shown = f"/credit/objections/{objection['id']}"
    assert (await post_form(client, f"{shown}/answer", {"state": "rejected", "answer": "证据确凿"}, page=shown)).status_code == 303
    await run_recompute()
    score = await score_of(world.company_a)
    assert score["total"] == 680 and line(score, "penalty")["objection"] == "rejected"


async def test_a_company_may_not_object_to_another_companys_line(client, clock):
    world, _ = await _ready(client)
    other_line = line(await score_of(world.company_b), "old_community")
    response = await post_form(client, f"/credit/lines/{other_line['id']}/objection", {"reason": "x"},
                               page=f"/credit/companies/{world.company_a}")
    assert response.status_code == 404 and await CreditObjection.count() == 0


async def test_the_bureau_sees_rankings_red_list_blacklist_and_settings(client, clock):
    world, _ = await _ready(client, "alice")
    rankings = await client.get("/credit")
    assert rankings.text.index("西宁宁馨物业管理有限公司") < rankings.text.index("青海安居物业服务有限公司")  # 70.0 before 68.0
    fragment = await client.get("/credit?page=1", headers={**HTMX, "HX-Target": "rankings"})
    assert "<html" not in fragment.text and "西宁宁馨" in fragment.text
    assert "No scores for this cycle yet" in (await client.get("/credit/red-list")).text
    settings = await client.get("/credit/settings")
    assert "70.0" in settings.text and "85.0" in settings.text and "365 days" in settings.text
    await record(world.company_b, "blacklist", FIRST, LAST, evidence="列入黑名单决定书")
    assert "列入黑名单决定书" in (await client.get("/credit/blacklist")).text


async def test_the_bureau_enters_a_record_and_starts_a_recompute(client, clock):
    world, _ = await _ready(client, "alice")
    page = "/credit/records/new"
    missing = await post_form(client, "/credit/records", {"company_id": "", "kind": "nope", "day": "x", "evidence": ""}, page=page)
    assert missing.status_code == 422 and await CreditRecord.count() == 1
    for text in ("Choose the property company.", "Choose the kind of record.", "Give the evidence"):
        assert text in missing.text
    done = await post_form(client, "/credit/records", {"company_id": str(world.company_b), "kind": "commendation",
                                                       "day": "2026-11-25", "evidence": "表彰决定"}, page=page)
    assert done.status_code == 303
    row = await CreditRecord.select().where(CreditRecord.company == world.company_b).first()
    assert (row["valid_from"], row["valid_until"]) == (date(2026, 11, 25), date(2027, 11, 24))  # 365 days, both ends
    started = await post_form(client, "/credit/recompute", page="/credit")
    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    assert await Job.count().where((Job.kind == "recompute_credit") & (Job.state == "queued")) == 1


async def test_the_street_picker_shows_grades_and_a_blacklisted_company_is_refused(client, clock):
    world, _ = await _ready(client, "bob")
    options = await client.get("/management/company-options?q=")
    assert "Credit B" in options.text and "Credit A" in options.text
    await record(world.company_b, "blacklist", date(2026, 6, 1), date(2028, 5, 31), evidence="青住建〔2026〕黑1号")
    options = await client.get("/management/company-options?q=")
    assert "blacklist until" in options.text
    fields = {"mode": "professional", "contract_number": "HT-9", "service_level": "star2", "fee_yuan": "0.85",
              "start_date": "2026-12-01", "end_date": "2029-11-30", "company_id": str(world.company_b), "step": "confirm"}
    page = await client.get(f"/communities/{world.community_b}/arrangements/new?mode=professional")
    refused = await client.post(f"/communities/{world.community_b}/arrangements",
                                data={**fields, "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert refused.status_code == 422
    assert "blacklist until" in refused.text and "青住建〔2026〕黑1号" in refused.text
    assert await Arrangement.count().where(Arrangement.community == world.community_b) == 0
    # The day after the blacklisting ends, the company may be assigned again.
    fields.update(start_date="2028-06-01", end_date="2030-05-31")
    allowed = await client.post(f"/communities/{world.community_b}/arrangements",
                                data={**fields, "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert allowed.status_code == 303, allowed.text[-1500:]


async def test_the_company_page_shows_the_latest_grade(client, clock):
    world, _ = await _ready(client, "alice")
    page = await client.get(f"/companies/{world.company_a}")
    assert "68.0" in page.text and "The score line by line" in page.text
    assert await CreditScore.count() == 2


async def test_an_objection_is_overdue_only_after_its_last_day_to_answer(client, clock):
    from datetime import timedelta

    world, _ = await _ready(client, "alice")
    today = clock.moment.date()
    for due, reason in ((today, "今日到期"), (today - timedelta(days=1), "昨日到期")):
        await CreditObjection.insert(CreditObjection(
            company=world.company_a, cycle=2026, kind="penalty", evidence_type="document", evidence_ref="1",
            valid_from=today, reason=reason, filed_on=due - timedelta(days=15), answer_due=due))
    page = await client.get("/credit/objections")
    rows = page.text.split("<tbody>")[1].split("</tr>")
    assert "overdue" in rows[0] and "overdue" not in rows[1]  # yesterday's first (by due day), today's is not late
