"""The credit forms read anything a browser (or a hand-made request) may send into data or messages,
and the pages answer every bad post with 422 and no change, never a 5xx."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multidict import MultiDict

from app.credit.forms import parse_answer, parse_objection, parse_record
from app.credit.services.records import EVIDENCE_LENGTH, REASON_LENGTH
from app.credit.tables import CreditObjection, CreditRecord
from tests.credit.helpers import line, record, run_recompute, score_of
from tests.factories import login, make_world, post_form

BAD = ("", " ", "测" * 1001, "x" * 10_000, "-1", "0", "9" * 30, "2026-02-30", "abc", "\x00", "<script>", "１２")
FIELDS = ("company_id", "kind", "day", "evidence", "reason", "state", "answer")
VALUES = st.one_of(st.sampled_from(BAD), st.text(max_size=40), st.integers().map(str))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy machine draws slowly
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(VALUES, st.lists(VALUES, max_size=3))))
def test_the_credit_forms_read_anything_to_data_or_messages(raw):
    data = MultiDict()
    for key, value in raw.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    for parse, limit, text in ((parse_record, EVIDENCE_LENGTH, "evidence"), (parse_objection, REASON_LENGTH, "reason"),
                               (parse_answer, REASON_LENGTH, "answer")):
        form = parse(data)
        assert set(form.errors) <= set(FIELDS)
        assert len(form.clean[text]) <= limit
        assert form.ok or form.errors


async def test_bad_posts_are_refused_with_a_message_and_change_nothing(client, clock):
    world = await make_world()
    await record(world.company_a, "penalty", clock.moment.date(), clock.moment.date())
    await run_recompute()
    penalty = line(await score_of(world.company_a), "penalty")
    await login(client, "carol")
    for value in BAD:
        response = await post_form(client, f"/credit/lines/{penalty['id']}/objection", {"reason": value},
                                   page="/account/password")
        assert response.status_code in (303, 422), (value[:10], response.status_code)
        if response.status_code == 303:
            await CreditObjection.delete(force=True)
            assert value.strip() and len(value.strip()) <= REASON_LENGTH, value[:10]
    client.cookies.clear()
    await login(client, "alice")
    for name in ("company_id", "kind", "day", "evidence"):
        for value in BAD:
            data = {"company_id": str(world.company_a), "kind": "penalty", "day": "2026-11-25", "evidence": "罚单", name: value}
            response = await post_form(client, "/credit/records", data, page="/account/password")
            assert response.status_code in (303, 422), (name, value[:10], response.status_code)
    assert await CreditRecord.count().where(CreditRecord.evidence.like("测%")) == 0
    assert await CreditRecord.count().where(CreditRecord.evidence == "x" * 10_000) == 0
