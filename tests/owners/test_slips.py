"""Staff print activation slips for a community's households, revoke and re-issue codes; all audited."""

from app.audit.tables import AuditEntry
from app.owners.tables import ActivationCode
from tests.factories import login, post_form
from tests.owners.helpers import make_register, print_slips, slips_of


async def _actions() -> list[str]:
    return [row["action"] for row in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)]


async def test_a_street_user_prints_one_slip_per_household_that_can_activate(client):
    r = await make_register()
    await login(client, "bob")
    response = await print_slips(client, r.community)
    assert response.status_code == 200
    slips = slips_of(response.text)
    # 王芳's two units and 李强's: not the developer's stock, not 赵敏 (no phone in the register).
    assert sorted(slips) == ["1号楼 · 1-101", "2号楼 · 2-201", "2号楼 · 2-202"]
    assert len(set(slips.values())) == 3
    assert response.text.count('<svg viewBox=') == 3 and "http://testserver.local/activate<" in response.text
    stored = await ActivationCode.select()
    assert len(stored) == 3 and all(code.replace("-", "") not in str(stored) for code in slips.values())
    assert "owner_code.issue" in await _actions()
    entry = await AuditEntry.select().where(AuditEntry.action == "owner_code.issue").first()
    assert "1-101" in entry["summary"] and entry["region_code"] == "630102001001"


async def test_printing_again_skips_live_codes_unless_asked_to_replace_them(client):
    r = await make_register()
    await login(client, "bob")
    first = slips_of((await print_slips(client, r.community)).text)
    client.cookies.set("cx_lang", "en")
    again = await print_slips(client, r.community)
    assert slips_of(again.text) == {} and "3 households already have a code and were left out" in again.text
    replaced = slips_of((await print_slips(client, r.community, {"reissue": "yes"})).text)
    assert sorted(replaced) == sorted(first) and set(replaced.values()).isdisjoint(first.values())
    live = await ActivationCode.count().where(ActivationCode.revoked_at.is_null() & ActivationCode.used_at.is_null())
    assert live == 3 and await ActivationCode.count() == 6


async def test_slips_can_be_printed_for_chosen_buildings_only(client):
    r = await make_register()
    await login(client, "dave")  # the community's committee
    response = await print_slips(client, r.community, {"buildings": [str(r.buildings[1])]})
    assert sorted(slips_of(response.text)) == ["2号楼 · 2-201", "2号楼 · 2-202"]


async def test_the_household_list_shows_each_codes_status_and_revoking_ends_a_code(client):
    r = await make_register()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    await print_slips(client, r.community, {"buildings": [str(r.buildings[0])]})
    page = await client.get(f"/communities/{r.community}/owner-codes")
    assert page.status_code == 200
    assert page.text.count("Slip issued") == 1 and page.text.count("No code") == 2  # 1-101; 2-201, 2-202
    assert "unsold stock" in page.text and "no phone in the register" in page.text
    path = f"/communities/{r.community}/owner-codes/{r.wang_units[0]}/revoke"
    response = await post_form(client, path, page=f"/communities/{r.community}/owner-codes")
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "its slip no longer works" in page.text and "Revoked" in page.text
    assert "owner_code.revoke" in await _actions()
    nothing = await post_form(client, path, page=f"/communities/{r.community}/owner-codes")
    assert "had no live code" in (await client.get(nothing.headers["location"])).text


async def test_reissuing_one_households_code_prints_its_slip_and_revokes_the_old(client):
    r = await make_register()
    await login(client, "bob")
    old = slips_of((await print_slips(client, r.community)).text)["2号楼 · 2-202"]
    response = await post_form(client, f"/communities/{r.community}/owner-codes/{r.li_unit}/reissue",
                               page=f"/communities/{r.community}/owner-codes")
    new = slips_of(response.text)
    assert list(new) == ["2号楼 · 2-202"] and new["2号楼 · 2-202"] != old
    assert await ActivationCode.count().where(ActivationCode.household == r.li_unit) == 2
    assert await ActivationCode.count().where(
        (ActivationCode.household == r.li_unit) & ActivationCode.revoked_at.is_null()) == 1


async def test_no_slip_for_the_developers_stock_or_an_owner_without_a_phone(client):
    r = await make_register()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    for household in (r.stock_unit, r.zhao_unit):
        response = await post_form(client, f"/communities/{r.community}/owner-codes/{household}/reissue",
                                   page=f"/communities/{r.community}/owner-codes")
        assert response.status_code == 422 and slips_of(response.text) == {}
    assert "no phone number for this unit" in response.text
    assert await ActivationCode.count() == 0


async def test_a_household_of_another_community_is_not_found(client):
    r = await make_register()
    await login(client, "bob")
    other = r.world.community_b
    for action in ("revoke", "reissue"):
        response = await post_form(client, f"/communities/{other}/owner-codes/{r.li_unit}/{action}",
                                   page=f"/communities/{r.community}/owner-codes")
        assert response.status_code == 404
    assert await ActivationCode.count() == 0


async def test_the_community_page_links_to_the_codes_for_those_who_issue_them(client):
    r = await make_register()
    await login(client, "dave")
    assert f"/communities/{r.community}/owner-codes" in (await client.get(f"/communities/{r.community}")).text
    await client.post("/logout", follow_redirects=False)


async def test_the_list_is_a_fragment_for_htmx(client):
    r = await make_register()
    await login(client, "bob")
    response = await client.get(f"/communities/{r.community}/owner-codes?building={r.buildings[1]}",
                                headers={"HX-Request": "true", "HX-Target": "code-rows"})
    assert response.status_code == 200 and "<html" not in response.text and "2-202" in response.text
    assert "1-101" not in response.text


async def test_a_print_run_too_long_for_one_go_asks_for_fewer_buildings(client, monkeypatch):
    from app.owners.services import codes

    monkeypatch.setattr(codes, "MAX_SLIPS", 2)
    r = await make_register()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    response = await print_slips(client, r.community)
    assert response.status_code == 422 and "choose some buildings" in response.text
    assert await ActivationCode.count() == 0
    assert slips_of((await print_slips(client, r.community, {"buildings": [str(r.buildings[1])]})).text)
