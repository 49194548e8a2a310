"""The audit log: written with every change, browsed by bureau users within their area."""

from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.audit import services as audit
from app.audit.tables import AuditEntry
from tests.factories import login, make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def test_a_bureau_user_sees_entries_from_their_area_only(client):
    await make_world()
    await audit.record(SYSTEM, "demo.load", "community", 1, {"note": "inside"}, "630102001001")
    await audit.record(SYSTEM, "demo.load", "community", 2, {"note": "outside"}, "630103001003")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/audit")
    assert page.status_code == 200
    assert "Note: inside" in page.text and "Note: outside" not in page.text


async def test_the_log_records_who_did_what_from_where(client):
    await make_world()
    await login(client, "alice")
    entry = (
        await AuditEntry.select()
        .where(AuditEntry.action == "account.login")
        .order_by(AuditEntry.id, ascending=False)
        .first()
    )
    assert entry["actor_name"] == "alice"
    assert entry["client_addr"] != ""
    assert entry["region_code"] == "630102"
    assert entry["at"] is not None


async def test_account_creation_is_audited_in_the_accounts_area():
    world = await make_world()
    await accounts.create_account(SYSTEM, username="li", password="a-good-password", role="street", region_code="630102002")
    await accounts.create_account(SYSTEM, username="wang", password="a-good-password", role="owner", community_id=world.community_a)
    await accounts.create_account(SYSTEM, username="zhao", password="a-good-password", role="bureau", region_code="630103")
    created = await audit.list_entries(await _principal("alice"), action="account.create")
    assert created.total == 2  # li and wang lie inside 630102; zhao does not
    assert {row["summary"]["username"] for row in created.rows} == {"li", "wang"}


async def test_filtering_by_action(client):
    await make_world()
    await audit.record(SYSTEM, "demo.load", "demo", "*", {}, "630102")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/audit", params={"action": "account.login"})
    assert page.text.count("<tr>") == 2  # header row + alice's one login
    assert "Demo data loaded" not in page.text.split('id="audit-rows"')[1]
    everything = await client.get("/audit")
    assert "Demo data loaded" in everything.text.split('id="audit-rows"')[1]
    assert (await client.get("/audit", params={"action": "drop table"})).status_code == 200


async def test_only_bureau_users_may_read_it(client):
    await make_world()
    for username in ("bob", "carol", "dave", "erin"):
        await login(client, username)
        assert (await client.get("/audit")).status_code == 403, username
        client.cookies.clear()


async def test_what_a_company_or_owner_does_is_audited_in_their_area(client):
    await make_world()
    await login(client, "carol")  # company registered in 630102
    client.cookies.clear()
    await login(client, "erin")  # owner in community A, 630102001001
    entries = await audit.list_entries(await _principal("alice"), action="account.login")
    assert {row["actor_name"] for row in entries.rows} == {"carol", "erin"}
    assert (await audit.list_entries(await _principal("oscar"), action="account.login")).total == 0
