"""Ending can never make two managers overlap; a scheduled end can be corrected until it takes effect;
"expiry" means the contract ran out; notice binds company contracts only; a shared service overlaps
nothing; a former company keeps its own past, not the register or its successor's terms; every
management form answers bad input with a message, never a 5xx."""

from datetime import date, datetime

import pytest

from app import clock
from app.accounts import services as accounts
from app.accounts.tables import Account
from app.errors import FieldError, NotFound
from app.management import services as management
from app.management.services import ArrangementInput, bundles
from app.management.tables import Arrangement, Bundle, SharedService
from tests.factories import csrf_from, login, make_world


def _today(monkeypatch, day: date) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 10, tzinfo=clock.CHINA))


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def pro(company_id, start, end, number="H-1"):
    return ArrangementInput(mode="professional", start_date=start, end_date=end, company_id=company_id,
                            contract_number=number, service_level="star1", fee_fen_per_m2_month=50)


async def test_ending_cannot_extend_past_the_next_arrangement(monkeypatch):
    _today(monkeypatch, date(2026, 1, 15))
    world = await make_world()
    bob = await _principal("bob")
    proxy = await management.assign(bob, world.community_a, ArrangementInput(
        mode="street_proxy", start_date=date(2024, 1, 1), responsible_id=bob.id))
    await management.end(bob, proxy, end_date=date(2026, 3, 31), reason="handover")
    await management.assign(bob, world.community_a, pro(world.company_a, date(2026, 3, 31), date(2028, 3, 31)))
    with pytest.raises(FieldError) as refused:
        await management.end(bob, proxy, end_date=date(2026, 4, 10), reason="handover")
    assert refused.value.field == "end_date"
    assert (await Arrangement.select(Arrangement.end_date).where(Arrangement.id == proxy).first())["end_date"] == date(2026, 3, 31)
    # Earlier is a correction of the scheduled end, allowed until it takes effect …
    await management.end(bob, proxy, end_date=date(2026, 3, 20), reason="handover")
    _today(monkeypatch, date(2026, 3, 21))
    with pytest.raises(FieldError) as late:  # … but not after
        await management.end(bob, proxy, end_date=date(2026, 3, 15), reason="handover")
    assert late.value.field == "end_date"
    assert (await Arrangement.select(Arrangement.end_date).where(Arrangement.id == proxy).first())["end_date"] == date(2026, 3, 20)


async def test_an_early_end_keeps_the_contracted_date_and_is_not_expiry(monkeypatch, client):
    _today(monkeypatch, date(2026, 1, 15))
    world = await make_world()
    bob = await _principal("bob")
    contract = await management.assign(bob, world.community_a, pro(world.company_a, date(2025, 1, 1), date(2027, 12, 31)))
    with pytest.raises(FieldError) as refused:
        await management.end(bob, contract, end_date=date(2026, 6, 30), reason="expiry")
    assert refused.value.field == "reason"
    with pytest.raises(FieldError):  # ending later than agreed is an extension, i.e. a new contract
        await management.end(bob, contract, end_date=date(2028, 1, 31), reason="expiry")
    await management.end(bob, contract, end_date=date(2026, 6, 30), reason="dismissal",
                         notice_given_on=date(2026, 1, 2))
    row = await Arrangement.select(Arrangement.end_date, Arrangement.contract_end_date).first()
    assert row == {"end_date": date(2026, 6, 30), "contract_end_date": date(2027, 12, 31)}
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = (await client.get(f"/communities/{world.community_a}")).text
    assert "contracted to" in page and "ended on" in page


async def test_notice_periods_bind_company_contracts_only(monkeypatch):
    _today(monkeypatch, date(2026, 1, 15))
    world = await make_world()
    bob = await _principal("bob")
    own = await management.assign(bob, world.community_a, ArrangementInput(
        mode="self_managed", start_date=date(2024, 1, 1), contact_name="王", contact_phone="13812345678",
        supervising_region_code="630102001001"))
    await management.end(bob, own, end_date=date(2026, 1, 31), reason="dismissal")  # no ShortNotice
    contract = await management.assign(bob, world.community_b, pro(world.company_a, date(2025, 1, 1), None))
    with pytest.raises(management.ShortNotice):
        await management.end(bob, contract, end_date=date(2026, 1, 31), reason="dismissal")


async def test_a_shared_service_overlaps_no_arrangement_over_its_whole_period(monkeypatch):
    _today(monkeypatch, date(2026, 6, 1))
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_a, pro(world.company_a, date(2025, 1, 1), date(2028, 12, 31)))
    await management.assign(bob, world.community_b, ArrangementInput(
        mode="street_proxy", start_date=date(2026, 8, 1), responsible_id=bob.id))
    with pytest.raises(FieldError):  # free on its first day, but runs into the arrangement of 08-01
        await bundles.start_shared_service(bob, world.community_b, world.community_a, date(2026, 7, 1), None)
    shared = await bundles.start_shared_service(bob, world.community_b, world.community_a, date(2026, 7, 1), date(2026, 8, 1))
    with pytest.raises(FieldError):  # and its end cannot be moved into the arrangement either
        await bundles.end_shared_service(bob, shared, date(2026, 8, 15))
    with pytest.raises(FieldError):  # an arrangement cannot start inside an active shared service
        await management.assign(bob, world.community_b, ArrangementInput(
            mode="street_proxy", start_date=date(2026, 7, 10), end_date=date(2026, 7, 20), responsible_id=bob.id))
    assert await SharedService.count() == 1


async def test_a_former_company_keeps_its_past_but_not_the_register_or_the_successors_terms(monkeypatch, client):
    _today(monkeypatch, date(2026, 7, 15))
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_a, pro(world.company_a, date(2024, 1, 1), date(2026, 6, 30), "MINE-1"))
    await management.assign(bob, world.community_a, pro(world.company_b, date(2026, 6, 30), date(2028, 6, 30), "THEIRS-2"))
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")  # company A's staff
    page = await client.get(f"/communities/{world.community_a}")
    assert page.status_code == 200 and "幸福小区" in page.text and "MINE-1" in page.text
    assert "THEIRS-2" not in page.text and "Buildings and households" not in page.text
    for headers in ({}, {"HX-Request": "true", "HX-Target": "households"}):  # nor its households, asked for directly
        assert (await client.get(f"/communities/{world.community_a}/households", headers=headers)).status_code == 404
    _today(monkeypatch, date(2026, 6, 1))  # while it managed the community, it saw the register
    page = await client.get(f"/communities/{world.community_a}")
    assert "Buildings and households" in page.text and "THEIRS-2" not in page.text


async def test_only_the_street_office_changes_management(client):
    world = await make_world()
    carol = await _principal("carol")
    with pytest.raises(NotFound):
        await management.assign(carol, world.community_a, pro(world.company_a, date(2026, 1, 1), date(2027, 1, 1)))
    await login(client, "alice")
    page = await client.get(f"/communities/{world.community_a}")
    assert "/arrangements/new" not in page.text and "/bundles/new" not in (await client.get("/bundles")).text


async def test_each_change_confirms_itself_on_the_next_page(client):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    bob = await _principal("bob")
    page = await client.get(f"/communities/{world.community_a}/arrangements/new")
    response = await client.post(f"/communities/{world.community_a}/arrangements", data={
        "_csrf_token": csrf_from(page.text), "step": "confirm", "mode": "street_proxy",
        "responsible_id": str(bob.id), "start_date": "2026-01-01"}, follow_redirects=False)
    assert response.status_code == 303
    shown = await client.get(response.headers["location"])
    assert 'role="status"' in shown.text and "The manager is assigned." in shown.text
    assert "The manager is assigned." not in (await client.get(f"/communities/{world.community_a}?done=nonsense")).text


FORMS = [
    ("/communities/{a}/arrangements", "/communities/{a}/arrangements/new"),
    ("/bundles", "/bundles/new"),
    ("/communities/{b}/shared-service", "/communities/{b}/shared-service/new"),
    ("/arrangements/{arrangement}/end", "/arrangements/{arrangement}/end"),
]
BAD = [
    {},
    {"mode": "", "start_date": "", "end_date": "", "provider": "", "community_ids": "", "reason": ""},
    {"mode": "professional", "start_date": "2026-13-45", "end_date": "x" * 5000, "company_id": "9" * 40,
     "fee_yuan": "1²", "community_ids": ["abc", "-1", "9" * 30], "provider": "1e9", "reason": "expiry",
     "name": "名" * 3000, "project_area_0": "NaN", "project_name_0": "x", "project_kind_0": "school"},
    {"mode": ["professional", "self_managed"], "start_date": "２０２６－０１－０１", "contact_phone": "\x00",
     "responsible_id": "0", "step": "confirm", "end_date": "2026-01-01", "notice_given_on": "yesterday"},
]


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize(("action", "page"), FORMS)
async def test_every_management_form_answers_bad_input_without_a_5xx(client, action, page, bad):
    world = await make_world()
    bob = await _principal("bob")
    arrangement = await management.assign(bob, world.community_a, ArrangementInput(
        mode="street_proxy", start_date=date(2024, 1, 1), responsible_id=bob.id))
    await login(client, "bob")
    ids = {"a": world.community_a, "b": world.community_b, "arrangement": arrangement}
    token = csrf_from((await client.get(page.format(**ids))).text)
    response = await client.post(action.format(**ids), data={**bad, "_csrf_token": token}, follow_redirects=False)
    assert response.status_code in (400, 422), response.text[-800:]
    assert await Bundle.count() == 0 and await SharedService.count() == 0
