"""An owner rates his community once per period (for each of his units), changes it until the period
ends; the committee rates as one; no one rates a community he has no unit in; bad input changes nothing."""

from datetime import datetime

import pytest

from app.clock import CHINA
from app.operations.ratings.tables import Rating
from tests.factories import login, post_form
from tests.operations.ratings.helpers import make_place

FEEDBACK = "/communities/{}/feedback"


async def _rate(client, community: int, score, comment: str = "", period: str = "2026-11", **headers):
    page = FEEDBACK.format(community)
    return await post_form(client, page, {"score": score, "comment": comment, "period": period}, page=page,
                           headers=headers)


async def _ratings(community: int) -> list[dict]:
    return await Rating.select(Rating.rater_kind, Rating.rater_id, Rating.score, Rating.comment, Rating.company).where(
        Rating.community == community).order_by(Rating.rater_id)


async def test_an_owner_rates_for_each_of_his_units_and_changes_it_in_place(client, clock):
    place = await make_place()
    a = place.world.community_a
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    page = await client.get(FEEDBACK.format(a))
    assert "Your rating for 2026-11" in page.text and "each of your 2 units" in page.text
    response = await _rate(client, a, 5, "楼道很干净")
    assert response.status_code == 303
    followed = await client.get(response.headers["location"])
    assert "your rating is saved" in followed.text and "You rated 5 (Very satisfied)" in followed.text
    rows = await _ratings(a)
    assert [(r["rater_kind"], r["rater_id"], r["score"]) for r in rows] == [
        ("household", place.units["1-101"], 5), ("household", place.units["1-102"], 5)]
    assert {r["company"] for r in rows} == {place.world.company_a}  # the manager on the day
    assert (await _rate(client, a, 2, "电梯又坏了")).status_code == 303
    rows = await _ratings(a)
    assert len(rows) == 2 and {r["score"] for r in rows} == {2} and rows[0]["comment"] == "电梯又坏了"


async def test_one_rating_per_owner_when_the_setting_says_so(client, clock, configure):
    configure(POLICY_RATING_PER="owner")
    place = await make_place()
    await login(client, "erin")
    assert (await _rate(client, place.world.community_a, 4)).status_code == 303
    rows = await _ratings(place.world.community_a)
    assert [r["rater_kind"] for r in rows] == ["owner"]


async def test_the_committee_rates_once_whoever_of_its_members_gives_it(client, clock):
    place = await make_place()
    a = place.world.community_a
    await login(client, "dave")
    assert (await _rate(client, a, 3)).status_code == 303
    client.cookies.clear()
    await login(client, "dan")
    assert (await _rate(client, a, 4)).status_code == 303
    assert [(r["rater_kind"], r["rater_id"], r["score"]) for r in await _ratings(a)] == [
        ("committee", place.committee, 4)]


@pytest.mark.parametrize("username", ["erin", "dave"])
async def test_no_one_rates_a_community_he_has_no_unit_or_seat_in(client, clock, username):
    place = await make_place()
    b = place.world.community_b
    client.cookies.set("cx_lang", "en")
    await login(client, username)
    page = await client.get(FEEDBACK.format(b))
    assert page.status_code == 200 and "Your account has no unit here" in page.text
    assert 'name="score"' not in page.text
    page_a = FEEDBACK.format(place.world.community_a)
    response = await post_form(client, FEEDBACK.format(b), {"score": "5", "period": "2026-11"}, page=page_a)
    assert response.status_code == 404
    assert await _ratings(b) == []


async def test_staff_cannot_rate(client, clock):
    place = await make_place()
    await login(client, "bob")
    page = FEEDBACK.format(place.world.community_a)
    response = await post_form(client, page, {"score": "5", "period": "2026-11"}, page="/")
    assert response.status_code == 403
    assert await _ratings(place.world.community_a) == []


@pytest.mark.parametrize("score", ["", "0", "6", "3.5", "４x", "five", "-1", "9" * 3000])
async def test_a_score_outside_1_to_5_is_refused_with_a_message(client, clock, score):
    place = await make_place()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    response = await _rate(client, place.world.community_a, score)
    assert response.status_code == 422 and "Choose a rating from 1 to 5." in response.text
    assert await _ratings(place.world.community_a) == []


async def test_an_over_long_comment_is_refused_and_kept_on_the_form(client, clock):
    place = await make_place()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    response = await _rate(client, place.world.community_a, 4, "很" * 501)
    assert response.status_code == 422 and "At most 500 characters." in response.text
    assert await _ratings(place.world.community_a) == []
    assert (await _rate(client, place.world.community_a, 4, "很" * 500)).status_code == 303


async def test_a_rating_can_be_changed_up_to_the_last_minute_of_its_period_and_not_after(client, clock):
    place = await make_place()
    a = place.world.community_a
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    clock.set(datetime(2026, 11, 30, 23, 59, 59, tzinfo=CHINA))
    assert (await _rate(client, a, 5, period="2026-11")).status_code == 303
    clock.set(datetime(2026, 12, 1, 0, 0, 0, tzinfo=CHINA))
    response = await _rate(client, a, 1, period="2026-11")  # the form shown in November, sent in December
    assert response.status_code == 422 and "That rating period has ended" in response.text
    assert {r["score"] for r in await _ratings(a)} == {5}
    assert (await _rate(client, a, 3, period="2026-12")).status_code == 303  # December's is a new rating
    assert sorted(r["score"] for r in await _ratings(a)) == [3, 3, 5, 5]


async def test_the_form_comes_back_as_a_fragment_for_htmx(client, clock):
    place = await make_place()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    response = await _rate(client, place.world.community_a, "", **{"HX-Request": "true", "HX-Target": "rating-form"})
    assert response.status_code == 422 and "<html" not in response.text and "Choose a rating" in response.text


async def test_a_visitor_is_sent_to_log_in_or_activate_and_back(client, clock):
    place = await make_place()
    a = place.world.community_a
    client.cookies.set("cx_lang", "en")
    page = await client.get(FEEDBACK.format(a))
    assert page.status_code == 200 and "幸福小区" in page.text and 'name="score"' not in page.text
    here = f"/communities/{a}/feedback"
    assert f'href="/login?next={here}"' in page.text and f'href="/activate?next={here}"' in page.text
    activation = await client.get(f"/activate?next={here}")
    assert f'name="next" value="/communities/{a}/feedback"' in activation.text
    response = await login(client, "erin", next_path=FEEDBACK.format(a))
    assert response.headers["location"] == FEEDBACK.format(a)
    assert (await client.get(FEEDBACK.format(99999))).status_code == 404
