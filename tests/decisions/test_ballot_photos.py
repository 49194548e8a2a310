"""A paper ballot's evidence: the signed paper's number or photo, a proxy's authorisation; who may see
the photos (staff of the area, the community's committee, the owner whose ballot it is; 404 for
anyone else); and a hostile upload refused with a message, nothing stored, no file left behind."""

from __future__ import annotations

from datetime import datetime

import pytest

from app import clock as app_clock
from app.decisions.services import ballots
from app.decisions.services.decisions import open_decision
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.errors import FieldError
from app.photos.tables import Photo
from app.settings import get_settings
from tests.decisions.factories import equal_units, link, make_decision, make_register, principal
from tests.factories import csrf_from, login, make_account, make_world
from tests.photos.images import SCRIPT_NAMED_JPG, bomb, noisy_jpeg, phone_photo


def _files() -> set:
    root = get_settings().photos.directory
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


async def _token(client) -> str:
    return csrf_from((await client.get("/account/password")).text)


async def _open_vote(world) -> tuple[int, list[int], dict]:
    register = await make_register(world.community_a, equal_units(3))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    heads = [row["id"] for row in await DecisionHead.select(DecisionHead.id).order_by(DecisionHead.id)]
    return decision_id, heads, register


async def _enter(client, decision_id: int, data: dict, files: dict | None = None):
    return await client.post(f"/decisions/{decision_id}/ballots",
                             data={"_csrf_token": await _token(client), "choice": "yes", "channel": "paper", **data},
                             files=files or {}, follow_redirects=False)


def _jpeg(name: str = "ballot.jpg", data: bytes | None = None) -> tuple:
    return (name, data if data is not None else phone_photo(), "image/jpeg")


# The rules, on the service.

async def test_a_paper_ballot_needs_its_number_or_a_photo(clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    dave = await principal("dave")
    with pytest.raises(FieldError) as missing:
        await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper", entry=ballots.PaperEntry())
    assert missing.value.field == "reference"
    await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper",
                              entry=ballots.PaperEntry(photo=phone_photo()))  # a photo alone will do
    await ballots.enter_paper(dave, decision_id, heads[1], "no", "door",
                              entry=ballots.PaperEntry(reference="第3号"))  # a number alone too
    rows = {r["head"]: r for r in await Ballot.select()}
    assert rows[heads[0]]["photo"] and rows[heads[0]]["reference"] == ""
    assert rows[heads[1]]["photo"] == "" and rows[heads[1]]["reference"] == "第3号"


async def test_a_proxy_vote_needs_the_authorisation_and_the_proxy_s_name(clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    dave = await principal("dave")
    with pytest.raises(FieldError) as no_authorisation:
        await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper",
                                  entry=ballots.PaperEntry(reference="P-1", proxy_name="王五"))
    assert no_authorisation.value.field == "proxy_reference"
    with pytest.raises(FieldError) as no_name:
        await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper",
                                  entry=ballots.PaperEntry(reference="P-1", proxy_reference="委托书7"))
    assert no_name.value.field == "proxy_name"
    assert await Ballot.count() == 0
    await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper",
                              entry=ballots.PaperEntry(reference="P-1", proxy_name="王五", proxy_photo=phone_photo()))
    await ballots.enter_paper(dave, decision_id, heads[1], "yes", "paper",
                              entry=ballots.PaperEntry(reference="P-2", proxy_name="赵六", proxy_reference="委托书8"))
    rows = {r["head"]: r for r in await Ballot.select()}
    assert rows[heads[0]]["proxy_photo"] and rows[heads[1]]["proxy_reference"] == "委托书8"


async def test_a_photo_of_a_ballot_refused_in_its_transaction_leaves_no_row_and_no_file(clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    dave = await principal("dave")
    before = _files()
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))  # after the window: refused under the lock
    with pytest.raises(FieldError):
        await ballots.enter_paper(dave, decision_id, heads[0], "yes", "paper",
                                  entry=ballots.PaperEntry(photo=phone_photo()))
    assert await Photo.count() == 0 and await Ballot.count() == 0
    assert _files() == before


# Through the pages.

async def test_a_committee_member_enters_a_ballot_with_photos_shown_as_thumbnails(client, clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    assert (await login(client, "dave")).status_code == 303
    response = await _enter(client, decision_id, {"head_id": str(heads[0]), "proxy_name": "王五"},
                            {"photo": _jpeg(), "proxy_photo": _jpeg("委托书.jpg")})
    assert response.status_code == 303
    ballot = await Ballot.select().first()
    photos = {row["key"]: row for row in await Photo.select()}
    assert set(photos) == {ballot["photo"], ballot["proxy_photo"]}
    row = photos[ballot["photo"]]
    assert (row["domain"], row["kind"], row["object_id"], row["content_type"]) == (
        "decisions", "ballot", ballot["id"], "image/jpeg")
    assert (row["width"], row["height"]) == (100, 200)  # stood upright
    register = (await client.get(f"/decisions/{decision_id}/ballots")).text
    assert f'href="/photos/{ballot["photo"]}"' in register
    assert f'src="/photos/{ballot["proxy_photo"]}/thumbnail"' in register
    photo = await client.get(f"/photos/{ballot['photo']}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"].startswith("private") and "no-store" not in photo.headers["cache-control"]
    assert b"Exif" not in photo.content
    thumbnail = await client.get(f"/photos/{ballot['photo']}/thumbnail")
    assert thumbnail.status_code == 200 and len(thumbnail.content) < len(photo.content) + 1


async def _photo_key(world) -> tuple[str, dict]:
    """A paper ballot with a photo, for the head of 业主1."""
    decision_id, _, register = await _open_vote(world)
    head = await DecisionHead.select(DecisionHead.id).where(DecisionHead.owner == register["业主1"]).first()
    dave = await principal("dave")
    await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper",
                              entry=ballots.PaperEntry(photo=phone_photo()))
    return (await Ballot.select(Ballot.photo).first())["photo"], register


@pytest.mark.parametrize(("username", "status"), [
    ("alice", 200), ("bob", 200), ("dave", 200),  # the district's bureau, the street, the community's committee
    ("frank", 404),  # another community's committee
    ("mallory", 404), ("oscar", 404),  # another street, another district
    ("carol", 404),  # a company
    ("erin", 404),  # an owner of the community, but not his ballot
])
async def test_who_may_see_a_ballot_s_photo(client, clock, username, status):
    world = await make_world()
    await make_account("frank", "committee", community_id=world.community_b)
    key, register = await _photo_key(world)
    await link((await principal("erin")).id, register["业主2"])  # erin speaks for another owner
    assert (await login(client, username)).status_code == 303
    assert (await client.get(f"/photos/{key}")).status_code == status
    assert (await client.get(f"/photos/{key}/thumbnail")).status_code == status


async def test_an_owner_sees_the_photos_of_his_own_ballot_on_his_vote_page(client, clock):
    world = await make_world()
    key, register = await _photo_key(world)
    erin = await principal("erin")
    await link(erin.id, register["业主1"])
    assert (await login(client, "erin")).status_code == 303
    assert (await client.get(f"/photos/{key}")).status_code == 200
    decision_id = (await Decision.select(Decision.id).first())["id"]
    assert f"/photos/{key}/thumbnail" in (await client.get(f"/decisions/{decision_id}/vote")).text


async def test_unknown_or_malformed_keys_answer_404(client, clock):
    await make_world()
    assert (await login(client, "bob")).status_code == 303
    for key in ("A" * 32, "..%2F..%2Fsecret_key", "x"):
        assert (await client.get(f"/photos/{key}")).status_code == 404


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("upload", "message"), [
    (("evil.jpg", SCRIPT_NAMED_JPG, "image/jpeg"), "不是照片"),
    (("bomb.png", bomb(), "image/png"), "百万像素"),
    (("cut.jpg", noisy_jpeg()[:20_000], "image/jpeg"), "损坏或不完整"),
])
async def test_a_hostile_upload_is_refused_with_a_message_and_nothing_is_stored(client, clock, upload, message):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    before = _files()
    assert (await login(client, "dave")).status_code == 303
    response = await _enter(client, decision_id, {"head_id": str(heads[0])}, {"photo": upload})
    assert response.status_code == 422
    assert message in response.text and "请重新选择照片" in response.text
    assert await Ballot.count() == 0 and await Photo.count() == 0
    assert _files() == before


async def test_a_50_mb_upload_gets_the_friendly_413_page_in_the_user_s_language(client, clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    before = _files()
    assert (await login(client, "dave")).status_code == 303
    huge = ("huge.jpg", b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024), "image/jpeg")
    response = await _enter(client, decision_id, {"head_id": str(heads[0])}, {"photo": huge})
    assert response.status_code == 413
    assert "照片最大为 10 MB" in response.text and "<html" in response.text
    client.cookies.set("cx_lang", "en")
    response = await _enter(client, decision_id, {"head_id": str(heads[0])}, {"photo": huge})
    assert response.status_code == 413 and "A photo may be at most 10 MB" in response.text
    assert await Ballot.count() == 0 and await Photo.count() == 0
    assert _files() == before


async def test_a_photo_between_the_file_limit_and_the_request_limit_gets_a_field_message(client, clock):
    world = await make_world()
    decision_id, heads, _ = await _open_vote(world)
    assert (await login(client, "dave")).status_code == 303
    eleven = ("big.jpg", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024), "image/jpeg")
    response = await _enter(client, decision_id, {"head_id": str(heads[0])}, {"photo": eleven})
    assert response.status_code == 422 and "10 MB" in response.text
    assert await Ballot.count() == 0 and await Photo.count() == 0
