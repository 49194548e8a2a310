"""Street staff give a community a manager; the history never overlaps; ending warns on short notice."""

import asyncio
import html
from datetime import date

import pytest

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.audit.tables import AuditEntry
from app.errors import FieldError as ArrangementError
from app.management import services as management
from app.management.services import ArrangementInput, ShortNotice
from app.management.tables import Arrangement
from tests.factories import csrf_from, login, make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def professional(company_id: int, start: date, end: date | None = date(2027, 12, 31)) -> ArrangementInput:
    return ArrangementInput(
        mode="professional", start_date=start, end_date=end, company_id=company_id,
        contract_number="HT-2026-001", service_level="star1", fee_fen_per_m2_month=80,
    )


async def _post(client, community_id: int, step: str = "review", **fields):
    page = await client.get(f"/communities/{community_id}/arrangements/new?mode={fields.get('mode', '')}")
    data = {"step": step, "_csrf_token": csrf_from(page.text), **fields}
    return await client.post(f"/communities/{community_id}/arrangements", data=data, follow_redirects=False)


PRO_FIELDS = {
    "mode": "professional", "contract_number": "HT-2026-007", "service_level": "star2",
    "fee_yuan": "0.85", "start_date": "2026-07-01", "end_date": "2029-06-30",
}


async def test_a_street_user_assigns_a_company_after_reviewing_it(client, clock):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    review = await _post(client, world.community_a, company_id=str(world.company_a), **PRO_FIELDS)
    assert review.status_code == 200 and "Check and confirm" in review.text
    assert "¥0.85 per m² per month" in review.text
    assert await Arrangement.count() == 0  # nothing until confirmed
    done = await _post(client, world.community_a, step="confirm", company_id=str(world.company_a), **PRO_FIELDS)
    assert done.status_code == 303 and done.headers["location"] == f"/communities/{world.community_a}?done=arrangement.assigned"
    row = await Arrangement.select().where(Arrangement.community == world.community_a).first()
    assert row["fee_fen_per_m2_month"] == 85 and row["company"] == world.company_a and row["end_date"] == date(2029, 6, 30)
    page = await client.get(f"/communities/{world.community_a}")
    assert "青海安居物业服务有限公司" in page.text and "HT-2026-007" in page.text
    assert await AuditEntry.count().where(AuditEntry.action == "arrangement.assign") == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"mode": "professional", "fee_yuan": "0.855"}, "at most two decimals"),
        ({"mode": "professional", "fee_yuan": "0"}, "more than zero"),
        ({"mode": "professional", "company_id": ""}, "Choose the property company"),
        ({"mode": "professional", "service_level": "star9"}, "Choose the service level"),
        ({"mode": "professional", "end_date": ""}, "has an end date"),
        ({"mode": "professional", "end_date": "2026-06-30"}, "before the start"),
        ({"mode": "professional", "start_date": "2026-13-01"}, "YYYY-MM-DD"),
        ({"mode": "nonsense"}, "Choose how the community will be managed"),
    ],
)
async def test_bad_input_is_named_and_nothing_is_saved(client, fields, error):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    response = await _post(client, world.community_a, step="confirm", **{**PRO_FIELDS, "company_id": str(world.company_a), **fields})
    assert response.status_code == 422
    assert error in response.text
    assert await Arrangement.count() == 0


async def test_each_of_the_four_modes_can_be_assigned(client):
    world = await make_world()
    await login(client, "bob")
    bob = await _principal("bob")
    cases = [
        (world.community_a, {"mode": "self_managed", "contact_name": "王芳", "contact_phone": "13800001111", "supervising_region_code": "630102001001"}),
        (world.community_b, {"mode": "street_proxy", "responsible_id": str(bob.id)}),
        (world.community_a, {"mode": "unit_managed", "unit_name": "青海省第一建筑公司", "contact_name": "李强", "contact_phone": "0971-6123456"}),
    ]
    starts = iter(["2026-01-01", "2026-01-01", "2026-03-01"])
    for community_id, fields in cases:
        start = next(starts)
        end = "2026-03-01" if fields["mode"] == "self_managed" else ""
        response = await _post(client, community_id, step="confirm", start_date=start, end_date=end, **fields)
        assert response.status_code == 303, response.text[-800:]
    modes = {row["mode"] for row in await Arrangement.select(Arrangement.mode)}
    assert modes == {"self_managed", "street_proxy", "unit_managed"}
    response = await _post(client, world.community_b, step="confirm", company_id=str(world.company_a), **{**PRO_FIELDS, "start_date": "2030-01-01", "end_date": "2030-12-31"})
    assert response.status_code == 422  # community B's street-proxy arrangement is open-ended


SELF = {"mode": "self_managed", "contact_name": "王芳", "contact_phone": "13800001111", "start_date": "2026-01-01"}


@pytest.mark.parametrize(("code", "why"), [
    ("630103001003", "a residents' community of another county"),
    ("630102002008", "one of the neighbouring street, outside bob's area"),
    ("630102001", "the street office itself, not a residents' community"),
    ("630102001999", "a code that names no node of the tree"),
    ("<b>630102001001</b>", "markup"),
    ("", "nothing"),
    ("6" * 200, "200 characters"),
])
async def test_self_management_is_supervised_by_a_residents_community_of_the_street(client, code, why):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    for step in ("review", "confirm"):
        response = await _post(client, world.community_a, step=step, supervising_region_code=code, **SELF)
        assert response.status_code == 422, why
        text = html.unescape(response.text)
        assert "Choose a residents' community of this street office to supervise it." in text \
            or "At most 12 characters." in text, why
    assert await Arrangement.count() == 0
    bob = await _principal("bob")
    with pytest.raises(ArrangementError) as refused:  # the service refuses it too, whoever calls it
        await management.assign(bob, world.community_a, ArrangementInput(
            mode="self_managed", start_date=date(2026, 1, 1), contact_name="王芳", contact_phone="13800001111",
            supervising_region_code=code[:12] or None))
    assert refused.value.field == "supervising_region_code"
    ok = await _post(client, world.community_a, step="confirm", supervising_region_code="630102001004", **SELF)
    assert ok.status_code == 303  # a residents' community of the same street
    assert (await Arrangement.select(Arrangement.supervising_region_code).first())["supervising_region_code"] == "630102001004"


async def test_a_street_proxy_needs_staff_of_that_street(client):
    world = await make_world()
    mallory = await _principal("mallory")
    await login(client, "bob")
    response = await _post(client, world.community_a, step="confirm", mode="street_proxy", responsible_id=str(mallory.id), start_date="2026-01-01")
    assert response.status_code == 422
    assert await Arrangement.count() == 0


async def test_overlaps_are_refused_and_a_one_day_handover_is_allowed():
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_a, professional(world.company_a, date(2024, 1, 1), date(2026, 6, 30)))
    with pytest.raises(ArrangementError) as refused:
        await management.assign(bob, world.community_a, professional(world.company_b, date(2026, 6, 29)))
    assert refused.value.field == "start_date"
    await management.assign(bob, world.community_a, professional(world.company_b, date(2026, 6, 30)))
    assert (await management.manager_of(world.community_a, date(2026, 6, 30)))["company"] == world.company_b  # the new one on the handover day
    assert (await management.manager_of(world.community_a, date(2026, 6, 29)))["company"] == world.company_a


async def test_concurrent_assignments_of_one_community_let_exactly_one_through():
    world = await make_world()
    bob = await _principal("bob")
    results = await asyncio.gather(
        management.assign(bob, world.community_a, professional(world.company_a, date(2026, 1, 1))),
        management.assign(bob, world.community_a, professional(world.company_b, date(2026, 2, 1))),
        return_exceptions=True,
    )
    assert sum(isinstance(r, int) for r in results) == 1
    assert sum(isinstance(r, ArrangementError) for r in results) == 1
    assert await Arrangement.count() == 1


@pytest.mark.parametrize(("reason", "notice", "warned"), [
    ("dismissal", date(2026, 5, 1), False),   # 60 days before 2026-06-30
    ("dismissal", date(2026, 5, 2), True),    # 59 days
    ("non_renewal", date(2026, 4, 1), False),  # 90 days
    ("non_renewal", date(2026, 4, 2), True),   # 89 days
    ("expiry", None, False),
])
async def test_ending_warns_when_the_notice_is_short(reason, notice, warned):
    world = await make_world()
    bob = await _principal("bob")
    contract_end = date(2026, 6, 30) if reason == "expiry" else None  # only a contract that runs out expires
    arrangement_id = await management.assign(bob, world.community_a, professional(world.company_a, date(2025, 1, 1), contract_end))
    end = dict(end_date=date(2026, 6, 30), reason=reason, notice_given_on=notice)
    if warned:
        with pytest.raises(ShortNotice) as caught:
            await management.end(bob, arrangement_id, **end)
        assert caught.value.short_by == 1
        assert (await Arrangement.select(Arrangement.end_date).first())["end_date"] is None
        await management.end(bob, arrangement_id, acknowledge_short_notice=True, **end)
    else:
        await management.end(bob, arrangement_id, **end)
    row = await Arrangement.select(Arrangement.end_date, Arrangement.short_notice_acknowledged).first()
    assert row == {"end_date": date(2026, 6, 30), "short_notice_acknowledged": warned}


async def test_the_end_form_asks_to_acknowledge_short_notice(client):
    world = await make_world()
    bob = await _principal("bob")
    arrangement_id = await management.assign(bob, world.community_a, professional(world.company_a, date(2025, 1, 1), None))
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get(f"/arrangements/{arrangement_id}/end")
    fields = {"end_date": "2026-06-30", "reason": "dismissal", "notice_given_on": "2026-06-01", "_csrf_token": csrf_from(page.text)}
    warned = await client.post(f"/arrangements/{arrangement_id}/end", data=fields)
    assert warned.status_code == 422 and "60 days' notice; this is 31 days short" in html.unescape(warned.text)
    done = await client.post(f"/arrangements/{arrangement_id}/end", data={**fields, "acknowledge": "yes"}, follow_redirects=False)
    assert done.status_code == 303
    history = await client.get(f"/communities/{world.community_a}")
    assert "short notice" in history.text and "The owners dismissed the company" in history.text


async def test_who_may_assign_and_who_is_refused(client):
    world = await make_world()
    bob = await _principal("bob")
    arrangement_id = await management.assign(bob, world.community_a, professional(world.company_a, date(2025, 1, 1)))
    for username, path, status in [
        ("mallory", f"/communities/{world.community_a}/arrangements/new", 404),  # another street
        ("mallory", f"/arrangements/{arrangement_id}/end", 404),
        ("alice", f"/communities/{world.community_a}/arrangements/new", 403),  # the bureau reads, the street assigns
        ("carol", f"/communities/{world.community_a}/arrangements/new", 403),
        ("erin", f"/arrangements/{arrangement_id}/end", 403),
    ]:
        await login(client, username)
        assert (await client.get(path)).status_code == status, (username, path)
        client.cookies.clear()


async def test_a_company_user_sees_its_communities_past_and_present_and_nothing_else(client):
    world = await make_world()
    bob = await _principal("bob")
    arrangement_id = await management.assign(bob, world.community_a, professional(world.company_a, date(2024, 1, 1), date(2025, 12, 31)))
    await management.assign(bob, world.community_b, professional(world.company_b, date(2024, 1, 1)))
    await management.end(bob, arrangement_id, end_date=date(2025, 12, 31), reason="expiry")
    await login(client, "carol")
    assert (await client.get(f"/communities/{world.community_a}")).status_code == 200  # a past contract
    assert (await client.get(f"/communities/{world.community_b}")).status_code == 404  # another company's
    listing = await client.get("/communities")
    assert "幸福小区" in listing.text and "和平家园" not in listing.text


async def test_a_company_user_sees_its_contracts_on_its_home_page(client):
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_a, professional(world.company_a, date(2020, 1, 1), date(2021, 12, 31)))
    await management.assign(bob, world.community_b, professional(world.company_b, date(2024, 1, 1)))
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")
    home = await client.get("/")
    assert "幸福小区" in home.text and "HT-2026-001" in home.text and "ended" in home.text
    assert "和平家园" not in home.text
