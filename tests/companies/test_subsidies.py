"""Subsidies: yuan typed, exact fen kept; year, source and community checked; append-only with audited removal."""

import pytest

from app.audit.tables import AuditEntry
from app.companies.logic import MAX_SUBSIDY_FEN
from app.companies.tables import Subsidy
from app.forms import phone_ok
from app.money import parse_yuan
from tests.factories import FROZEN_NOW, login, make_world, post_form

pytestmark = pytest.mark.usefixtures("clock")  # "this year" is a subsidy's latest year


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("0.01", 1),
        ("0.1", 10),
        ("1", 100),
        ("1,000.50", 100050),
        ("12,345,678.9", 1234567890),
        ("１２３．４５", 12345),
        ("¥88元", 8800),
        (" 0.29 ", 29),  # 0.29 * 100 is 28.999… in floats
        ("100000000", MAX_SUBSIDY_FEN),
    ],
)
def test_amounts_become_exact_fen(raw, fen):
    assert parse_yuan(raw, MAX_SUBSIDY_FEN).fen == fen


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty"),
        ("0", "not_positive"),
        ("0.00", "not_positive"),
        ("0.001", "decimals"),
        ("1.000", "decimals"),
        ("1,00.50", "format"),  # a misplaced group comma may be a decimal comma: refused, not guessed
        ("1,0000", "format"),
        ("1.", "format"),
        (".5", "format"),
        ("-5", "not_positive"),
        ("－5", "not_positive"),
        ("1²", "format"),  # NFKC would read 12
        ("12 34", "format"),  # not 1234
        ("①", "format"),
        ("1e3", "format"),
        ("NaN", "format"),
        ("Infinity", "format"),
        ("١٢٣", "format"),
        ("100000000.01", "too_large"),
        ("9" * 40, "too_large"),
    ],
)
def test_amounts_refused_at_the_edges(raw, problem):
    result = parse_yuan(raw, MAX_SUBSIDY_FEN)
    assert result.fen is None and result.problem == problem


def test_phone_numbers_are_checked_loosely():
    assert phone_ok("0971-8123456") and phone_ok("13812345678") and phone_ok("+86 (971) 812-3456")
    assert not phone_ok("123456") and not phone_ok("0971—8123456") and not phone_ok("1" * 21)


def _subsidy(**overrides) -> dict:
    return {"amount": "50000", "year": str(FROZEN_NOW.year), "source": "城东区财政局", "community": "", "note": "", **overrides}


async def _as(client, username: str) -> None:
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, username)


async def test_a_bureau_user_records_a_subsidy_and_the_total_is_shown(client):
    world = await make_world()
    await _as(client, "alice")
    path = f"/companies/{world.company_a}/subsidies"
    first = await post_form(client, path, _subsidy(amount="0.01", community=str(world.community_a)))
    assert first.status_code == 303 and first.headers["location"].endswith("#subsidies")
    await post_form(client, path, _subsidy(amount="1,000.50", year="2000"))
    rows = await Subsidy.select().where(Subsidy.company == world.company_a).order_by(Subsidy.id)
    assert [row["amount_fen"] for row in rows] == [1, 100050]
    assert rows[0]["community"] == world.community_a and rows[1]["year"] == 2000
    page = await client.get(f"/companies/{world.company_a}")
    assert "¥1,000.51" in page.text  # the total
    entries = await AuditEntry.select().where(AuditEntry.action == "company.subsidy_add").output(load_json=True)
    assert [entry["summary"]["amount_fen"] for entry in entries] == [1, 100050]
    assert {entry["region_code"] for entry in entries} == {"630102"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "0.001"}, "amount", "At most two decimals"),
        ({"amount": "0"}, "amount", "more than zero"),
        ({"amount": ""}, "amount", "Enter the amount in yuan."),
        ({"amount": "abc"}, "amount", "as a number"),
        ({"amount": "100000000.01"}, "amount", "too large"),
        ({"year": "1999"}, "year", "Enter a year from 2000 to"),
        ({"year": str(FROZEN_NOW.year + 1)}, "year", "Enter a year from 2000 to"),
        ({"year": "20x4"}, "year", "Enter a year from 2000 to"),
        ({"source": ""}, "source", "Enter who paid the subsidy"),
        ({"source": "财" * 129}, "source", "At most 128 characters"),
        ({"note": "注" * 256}, "note", "At most 255 characters"),
        ({"community": "abc"}, "community", "Choose a community inside your area."),
    ],
)
async def test_each_wrong_subsidy_field_is_named_and_nothing_is_saved(client, fields, field, message):
    world = await make_world()
    await _as(client, "alice")
    response = await post_form(client, f"/companies/{world.company_a}/subsidies", _subsidy(**fields))
    assert response.status_code == 422
    assert message in response.text.split(f'id="f-{field}-error">')[1].split("</p>")[0]
    assert await Subsidy.count() == 0
    assert not await AuditEntry.exists().where(AuditEntry.action == "company.subsidy_add")


async def test_a_community_outside_the_bureaus_area_cannot_be_named(client):
    world = await make_world()
    await _as(client, "alice")
    response = await post_form(
        client, f"/companies/{world.company_a}/subsidies", _subsidy(community=str(world.community_other_county))
    )
    assert response.status_code == 422 and "Choose a community inside your area." in response.text
    assert await Subsidy.count() == 0


async def test_the_htmx_form_swaps_the_subsidies_section(client):
    world = await make_world()
    await _as(client, "alice")
    headers = {"HX-Request": "true", "HX-Target": "subsidies"}
    path = f"/companies/{world.company_a}/subsidies"
    wrong = await post_form(client, path, _subsidy(amount="0.001"), headers=headers)
    assert wrong.status_code == 422 and wrong.text.lstrip().startswith('<section class="card" id="subsidies">')
    right = await post_form(client, path, _subsidy(amount="12.30"), headers=headers)
    assert right.status_code == 200 and right.text.lstrip().startswith('<section class="card" id="subsidies">')
    assert "The subsidy has been recorded." in right.text and "¥12.30" in right.text


async def test_a_mistaken_subsidy_is_removed_with_a_reason_kept_in_the_audit_log(client):
    world = await make_world()
    await _as(client, "alice")
    await post_form(client, f"/companies/{world.company_a}/subsidies", _subsidy(amount="500"))
    subsidy_id = (await Subsidy.select(Subsidy.id).first())["id"]
    path = f"/companies/{world.company_a}/subsidies/{subsidy_id}/remove"
    confirm = await client.get(path)
    assert confirm.status_code == 200 and "¥500.00" in confirm.text
    no_reason = await post_form(client, path, {"reason": "  "}, page=path)
    assert no_reason.status_code == 422 and 'id="f-reason-error"' in no_reason.text
    assert await Subsidy.count() == 1
    done = await post_form(client, path, {"reason": "录入重复"}, page=path)
    assert done.status_code == 303
    assert await Subsidy.count() == 0
    entry = await AuditEntry.select().where(AuditEntry.action == "company.subsidy_remove").output(load_json=True).first()
    assert entry["summary"]["amount_fen"] == 50000 and entry["summary"]["reason"] == "录入重复"
    assert entry["region_code"] == "630102"
    assert (await client.get(path)).status_code == 404


async def test_only_the_keeping_bureau_may_add_or_remove_subsidies(client):
    world = await make_world()
    await _as(client, "alice")
    await post_form(client, f"/companies/{world.company_a}/subsidies", _subsidy())
    subsidy_id = (await Subsidy.select(Subsidy.id).first())["id"]
    remove = f"/companies/{world.company_a}/subsidies/{subsidy_id}/remove"
    await _as(client, "oscar")
    assert (await post_form(client, f"/companies/{world.company_a}/subsidies", _subsidy())).status_code == 404
    assert (await client.get(remove)).status_code == 404
    assert (await post_form(client, remove, {"reason": "x"})).status_code == 404
    for username in ("bob", "carol", "dave"):
        await _as(client, username)
        assert (await post_form(client, f"/companies/{world.company_a}/subsidies", _subsidy())).status_code == 403
        assert (await post_form(client, remove, {"reason": "x"})).status_code == 403
    # A subsidy id under another company's address is not found either.
    await _as(client, "alice")
    assert (await client.get(f"/companies/{world.company_b}/subsidies/{subsidy_id}/remove")).status_code == 404
    assert await Subsidy.count() == 1
    await _as(client, "carol")  # the company sees what it received
    assert "城东区财政局" in (await client.get(f"/companies/{world.company_a}")).text
