"""The register changing a household's owner while committees refer to the old owner (a PostgreSQL
500 before: removing the owner broke a foreign key). A member of the committee in office blocks it
with a message saying he must leave the committee first; history and slates keep the owner's record."""

from datetime import date
from decimal import Decimal

import pytest

from app.committees import services as committees
from app.committees.services import slates
from app.committees.services.slates import SlateInput
from app.committees.tables import CommitteeMember
from app.communities.services import households as register
from app.communities.services.register import RegistryError
from app.communities.tables import Household, Owner
from app.i18n import set_locale
from tests.committees.helpers import install, make_households, members, principal
from tests.communities.sheets import household_row, xlsx
from tests.communities.test_import_audit import run_file
from tests.decisions.factories import make_decision
from tests.factories import login, make_world, post_form


async def _sell(actor, community_id: int, household_id: int, name: str = "新业主"):
    row = await Household.select().where(Household.id == household_id).first()
    clean = {"building": row["building"], "unit_number": row["unit_number"], "floor_area": row["floor_area"],
             "owner_name": name, "owner_phone": "13700000000", "is_developer_stock": False}
    return await register.upsert_household(actor, community_id, clean, household_id)


async def _owner_of(household_id: int) -> int:
    return (await Household.select(Household.owner).where(Household.id == household_id).first())["owner"]


async def test_a_serving_member_s_unit_cannot_change_owner_until_he_leaves(clock):
    set_locale("en")
    try:
        world = await make_world()
        bob = await principal("bob")
        households = await make_households(world.community_a, 6)
        committee_id = await install(bob, world.community_a, households[:5], date(2026, 9, 1))
        seller = await _owner_of(households[1])
        with pytest.raises(RegistryError) as refused:
            await _sell(bob, world.community_a, households[1])
        assert refused.value.field == "owner_name"
        assert "业主2 serves on the owner committee in office (Vice-chair)" in refused.value.message
        assert "must leave the committee" in refused.value.message
        assert await _owner_of(households[1]) == seller  # nothing changed
        # He leaves (a recorded change); then the unit changes hands and his record stays for history.
        member = await CommitteeMember.select(CommitteeMember.id).where(CommitteeMember.owner == seller).first()
        await committees.record_change(bob, committee_id, changed_on=date(2026, 11, 1), description="副主任售房迁出",
                                       filed_on=None, leaving_id=member["id"],
                                       joining=None)
        await _sell(bob, world.community_a, households[1])
        assert await _owner_of(households[1]) != seller
        assert await Owner.exists().where(Owner.id == seller)
    finally:
        set_locale("zh_CN")


async def test_an_owner_no_longer_in_use_is_still_removed(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 6)
    await install(bob, world.community_a, households[:5], date(2026, 9, 1))
    outsider = await _owner_of(households[5])
    await _sell(bob, world.community_a, households[5])
    assert not await Owner.exists().where(Owner.id == outsider)


async def test_a_candidate_on_a_slate_keeps_his_record_and_the_install_refuses_later(clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    await slates.save_slate(dave, decision_id, SlateInput(date(2026, 12, 10), date(2031, 12, 9), members(households)))
    seller = await _owner_of(households[0])
    await _sell(await principal("bob"), world.community_a, households[0])
    assert await Owner.exists().where(Owner.id == seller)
    assert await _owner_of(households[0]) != seller


async def test_the_register_form_answers_with_the_message_not_a_500(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    await install(await principal("bob"), world.community_a, households, date(2026, 9, 1))
    row = await Household.select().where(Household.id == households[0]).first()
    assert (await login(client, "bob")).status_code == 303
    path = f"/communities/{world.community_a}/households/{households[0]}/edit"
    response = await post_form(client, path, {
        "building": str(row["building"]), "unit_number": row["unit_number"], "floor_area": "80.00",
        "owner_name": "新业主", "owner_phone": "13700000000"}, page=path)
    assert response.status_code == 422
    assert "业主委员会" in response.text and "业主1" in response.text
    assert await _owner_of(households[0]) == row["owner"]


async def test_an_import_keeps_a_serving_member_s_record_rather_than_stop(clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    await install(await principal("bob"), world.community_a, households, date(2026, 9, 1))
    row = await Household.select(Household.unit_number, Household.owner, Household.building.number.as_alias("b")).where(
        Household.id == households[0]).first()
    result = await run_file("bob", xlsx(None, [household_row("630102001001001", row["b"], row["unit_number"],
                                                             area="80.00", owner="新业主", phone="13700000000")]),
                            "a.xlsx")
    assert result["households_changed"] == 1
    assert await Owner.exists().where(Owner.id == row["owner"])
    assert Decimal("80.00") == (await Household.select(Household.floor_area).where(
        Household.id == households[0]).first())["floor_area"]
