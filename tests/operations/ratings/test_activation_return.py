"""The notice's QR code brings an owner without an account to the rating page: he activates his account
there and lands back on it, ready to rate; a ``next`` to another site is ignored."""

from app.operations.ratings.tables import Rating
from tests.factories import csrf_from, post_form
from tests.owners.helpers import make_register
from tests.owners.test_activation import NEW_PASSWORD, _codes


async def _activate(client, code: str, next_path: str):
    page = await client.get(f"/activate?next={next_path}")
    return await client.post("/activate", data={
        "code": code, "phone": "13900000000", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "next": next_path, "_csrf_token": csrf_from(page.text)}, follow_redirects=False)


async def test_an_owner_activates_from_the_rating_page_and_comes_back_to_rate(client, clock):
    r = await make_register()
    codes = await _codes(client, r.community)
    feedback = f"/communities/{r.community}/feedback"
    client.cookies.set("cx_lang", "en")
    response = await _activate(client, codes["1号楼 · 1-101"], feedback)
    assert response.status_code == 303 and response.headers["location"].startswith(feedback + "?")
    page = await client.get(response.headers["location"])
    assert "Your account is ready" in page.text and "each of your 2 units" in page.text
    rated = await post_form(client, feedback, {"score": "4", "period": "2026-11"}, page=feedback)
    assert rated.status_code == 303
    assert await Rating.count().where(Rating.community == r.community) == 2


async def test_a_next_to_another_site_is_ignored(client, clock):
    r = await make_register()
    codes = await _codes(client, r.community)
    response = await _activate(client, codes["1号楼 · 1-101"], "//evil.example/x")
    assert response.status_code == 303 and response.headers["location"].startswith("/")
    assert not response.headers["location"].startswith("//")
