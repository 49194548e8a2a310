"""Logins and logouts read in the audit log by the account's name, not its id."""

from app.audit.tables import AuditEntry
from tests.factories import login, make_world


async def test_a_login_and_a_failed_one_name_the_account_in_the_log(client):
    await make_world()
    await login(client, "nobody-here", "wrong-password-123")
    assert (await login(client, "alice")).status_code == 303
    rows = await AuditEntry.select(AuditEntry.action, AuditEntry.object_name).order_by(AuditEntry.id)
    assert {"action": "account.login", "object_name": "alice"} in rows
    assert {"action": "account.login_failed", "object_name": "nobody-here"} in rows


async def test_the_audit_page_shows_the_login_under_the_users_name(client):
    await make_world()
    await login(client, "alice")
    page = await client.get("/audit")
    assert "#1" not in page.text and "alice" in page.text
