"""One way to write a household: the register form and the spreadsheet import accept and refuse the
same input alike, and store what they accept alike (the fund and the vote tallies count these rows)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.services import households, imports
from app.communities.services import register as registry
from app.communities.tables import Building, Household, Owner
from app.errors import NotFound
from app.i18n import set_locale
from tests.communities.sheets import household_row, xlsx
from tests.communities.test_import_audit import run_file
from tests.factories import login, make_world, post_form

FORM_CODE, FILE_CODE = "630102001001001", "630102001004001"  # communities A and B of make_world, both bob's

# (case, unit, area, owner, phone, developer stock, accepted, the field refused)
CASES = [
    ("an owned unit", "1-101", "85.50", "张三", "13812345678", False, True, None),
    ("the developer's unsold unit", "1-101", "85.50", "", "", True, True, None),
    ("unsold stock with an owner", "1-101", "85.50", "张三", "13812345678", True, False, "owner_name"),
    ("the smallest area", "1-101", "0.01", "张三", "13812345678", False, True, None),
    ("the largest area", "1-101", "99999999.99", "张三", "13812345678", False, True, None),
    ("an area too large", "1-101", "100000000", "张三", "13812345678", False, False, "floor_area"),
    ("a zero area", "1-101", "0", "张三", "13812345678", False, False, "floor_area"),
    ("a negative area", "1-101", "-85", "张三", "13812345678", False, False, "floor_area"),
    ("three decimals", "1-101", "85.125", "张三", "13812345678", False, False, "floor_area"),
    ("an area with a unit and a group comma", "1-101", "1,085.50㎡", "张三", "13812345678", False, True, None),
    ("no owner", "1-101", "85.50", "", "13812345678", False, False, "owner_name"),
    ("no phone", "1-101", "85.50", "张三", "", False, False, "owner_phone"),
    ("a phone that is none", "1-101", "85.50", "张三", "123", False, False, "owner_phone"),
    ("a spaced mobile", "1-101", "85.50", "张三", "138 1234 5678", False, True, None),
    ("a landline", "1-101", "85.50", "张三", "0971-8123456", False, True, None),
    ("a 32-character unit", "1" * 32, "85.50", "张三", "13812345678", False, True, None),
    ("a 33-character unit", "1" * 33, "85.50", "张三", "13812345678", False, False, "unit_number"),
    ("no unit", "", "85.50", "张三", "13812345678", False, False, "unit_number"),
]


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def _building(community_id: int, number: str = "1号楼") -> int:
    rows = await Building.insert(Building(community=community_id, number=number)).returning(Building.id)
    return rows[0]["id"]


async def _stored(community_id: int) -> list[tuple]:
    rows = await Household.select(
        Household.building.number, Household.unit_number, Household.floor_area, Household.is_developer_stock,
        Household.owner.name, Household.owner.phone,
    ).where(Household.community == community_id).order_by(Household.unit_number)
    return [tuple(row.values()) for row in rows]


@pytest.mark.parametrize("case, unit, area, owner, phone, stock, accepted, field", CASES, ids=[case[0] for case in CASES])
async def test_the_form_and_the_file_accept_and_refuse_alike(client, case, unit, area, owner, phone, stock, accepted, field):
    world = await make_world()
    await _building(world.community_a)
    building_b = await _building(world.community_b)
    await login(client, "bob")
    page = f"/communities/{world.community_a}/households/new"
    building_a = (await Building.select(Building.id).where(Building.community == world.community_a).first())["id"]
    data = {"building": building_a, "unit_number": unit, "floor_area": area, "owner_name": owner, "owner_phone": phone}
    if stock:
        data["is_developer_stock"] = "on"
    form = await post_form(client, f"/communities/{world.community_a}/households", data, page=page)
    assert form.status_code == (303 if accepted else 422), (case, form.text[-2000:])

    bob = await _principal("bob")
    file = xlsx(None, [household_row(FILE_CODE, "1号楼", unit, area, owner, phone, "是" if stock else "否")])
    dry_run = await imports.dry_run(bob, file, "住户.xlsx", 2025)
    assert dry_run.plan.ok is accepted, (case, dry_run.plan.problems)
    if accepted:
        await run_file("bob", file, "住户.xlsx")
        assert await _stored(world.community_a) == await _stored(world.community_b) != []
    else:
        assert await Household.count() == 0
        # The service refuses it too, whoever calls it, and names the same field.
        clean = {"building": building_b, "unit_number": unit, "floor_area": Decimal(area) if _is_decimal(area) else None,
                 "owner_name": owner, "owner_phone": phone, "is_developer_stock": stock}
        with pytest.raises(registry.RegistryError) as refused:
            await households.upsert_household(bob, world.community_b, clean)
        assert refused.value.field == field, case
        assert await Household.count() == 0


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


async def test_one_owner_by_name_and_phone_however_the_units_came():
    """A unit added in the form and another in a file, same name and phone: one owner, one head."""
    world = await make_world()
    building = await _building(world.community_a)
    bob = await _principal("bob")
    clean = {"building": building, "unit_number": "1-101", "floor_area": Decimal("85.50"), "owner_name": "张三",
             "owner_phone": "13812345678", "is_developer_stock": False}
    await households.upsert_household(bob, world.community_a, clean)
    await run_file("bob", xlsx(None, [household_row(FORM_CODE, "1号楼", "1-102", owner="张三", phone="138-1234-5678"),
                                      household_row(FORM_CODE, "1号楼", "1-103", owner="张三", phone="13900000000")]), "a.xlsx")
    assert await Owner.count() == 2  # same name with another phone is another owner
    owners = [row["owner"] for row in await Household.select(Household.owner).order_by(Household.unit_number)]
    assert owners[0] == owners[1] != owners[2]


async def test_a_taken_unit_is_refused_by_the_form_and_matched_by_the_file():
    """Adding a unit that is registered is a mistake in a form; a file names it by its key and updates it."""
    set_locale("en")
    try:
        world = await make_world()
        building = await _building(world.community_a)
        other = await _building(world.community_a, "2号楼")
        bob = await _principal("bob")
        clean = {"building": building, "unit_number": "1-101", "floor_area": Decimal("85.50"), "owner_name": "张三",
                 "owner_phone": "13812345678", "is_developer_stock": False}
        first = await households.upsert_household(bob, world.community_a, clean)
        with pytest.raises(registry.RegistryError, match="Unit 1-101 of 1号楼 is already registered."):
            await households.upsert_household(bob, world.community_a, {**clean, "floor_area": Decimal("90")})
        # The same unit number in another building is another unit.
        second = await households.upsert_household(bob, world.community_a, {**clean, "building": other})
        # Changing a unit onto a taken one is refused too.
        with pytest.raises(registry.RegistryError):
            await households.upsert_household(bob, world.community_a, {**clean, "building": building}, second.id)
        result = await run_file("bob", xlsx(None, [household_row(FORM_CODE, "1号楼", "1-101", area="90.00")]), "a.xlsx")
        assert result["households_changed"] == 1 and result["households_created"] == 0
        row = await Household.select(Household.id, Household.floor_area).where(Household.id == first.id).first()
        assert row["floor_area"] == Decimal("90.00") and await Household.count() == 2
    finally:
        set_locale("zh_CN")


async def test_an_owner_left_with_no_unit_is_removed():
    """A unit sold to someone else: the former owner holds nothing and must not count as a head."""
    world = await make_world()
    await run_file("bob", xlsx(None, [household_row(FORM_CODE, "1号楼", "1-101", owner="张三", phone="13812345678")]), "a.xlsx")
    await run_file("bob", xlsx(None, [household_row(FORM_CODE, "1号楼", "1-101", owner="李四", phone="13900000000")]), "b.xlsx")
    assert [row["name"] for row in await Owner.select(Owner.name)] == ["李四"]
    building = (await Building.select(Building.id).first())["id"]
    household = (await Household.select(Household.id).first())["id"]
    bob = await _principal("bob")
    stock = {"building": building, "unit_number": "1-101", "floor_area": Decimal("85.50"), "owner_name": "",
             "owner_phone": "", "is_developer_stock": True}
    await households.upsert_household(bob, world.community_a, stock, household)
    assert await Owner.count() == 0


async def test_outside_the_actors_area_nothing_is_written():
    world = await make_world()
    building = await _building(world.community_a)
    mallory = await _principal("mallory")
    clean = {"building": building, "unit_number": "1-101", "floor_area": Decimal("85.50"), "owner_name": "张三",
             "owner_phone": "13812345678", "is_developer_stock": False}
    with pytest.raises(NotFound):
        await households.upsert_household(mallory, world.community_a, clean)
    # A building of another community is not one of this community's.
    bob = await _principal("bob")
    with pytest.raises(registry.RegistryError) as refused:
        await households.upsert_household(bob, world.community_b, clean)
    assert refused.value.field == "building"
    assert await Household.count() == 0
