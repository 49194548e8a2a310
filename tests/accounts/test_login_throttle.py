"""Login throttling: counted before the password is checked, so parallel guesses cannot slip through;
a lock per account and address, a generous one per address (an office shares one), and for the
account as a whole growing delays rather than a lock anyone could set off."""

import asyncio
from dataclasses import replace

import pytest

from app.accounts.logic import account_delay_ms
from app.asgi import create_app
from app.audit.tables import AuditEntry
from app.settings import get_settings
from app.web.throttle import LoginThrottle, make_throttle
from tests.conftest import client_at, serve
from tests.factories import csrf_from, login, make_world, post_form

ELSEWHERE = "198.51.100.20"  # another address than the ``client`` fixture's 192.0.2.7
THIRD = "203.0.113.5"


def policy():
    return get_settings().auth.throttle


async def _checked_passwords(username: str) -> int:
    """Failed logins that reached the password check: each is audited, a refused attempt is not."""
    return await AuditEntry.count().where(
        (AuditEntry.action == "account.login_failed") & (AuditEntry.object_id == username)
    )


async def test_parallel_guesses_are_counted_before_any_password_is_checked(client):
    await make_world()
    token = csrf_from((await client.get("/login")).text)

    async def guess(n: int):
        data = {"username": "alice", "password": f"wrong-password-{n}", "_csrf_token": token}
        return await client.post("/login", data=data, follow_redirects=False)

    answers = await asyncio.gather(*(guess(n) for n in range(200)))
    limit = policy().max_failures_per_account_address
    assert await _checked_passwords("alice") <= limit
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(429) >= 200 - limit and set(statuses) <= {400, 429}
    assert (await login(client, "alice")).status_code == 429  # the right password waits too, from here


async def test_one_persons_typos_do_not_lock_their_colleagues_out(app, client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    for _ in range(policy().max_failures_per_account_address):
        assert (await login(client, "bob", "wrong-password")).status_code == 400
    locked = await login(client, "bob")
    assert locked.status_code == 429 and "Too many failed attempts. Try again in 15 minutes." in locked.text
    assert policy().window_seconds - 5 <= int(locked.headers["retry-after"]) <= policy().window_seconds
    async with client_at(app, "192.0.2.7") as colleague:  # the same office, behind the same NAT
        assert (await login(colleague, "alice")).status_code == 303
        await post_form(colleague, "/logout")
        assert (await login(colleague, "carol")).status_code == 303


async def test_someone_else_cannot_lock_alice_out(configure):
    configure(LOGIN_ACCOUNT_DELAY_SECONDS=3)  # long enough that a slow test machine still sees the gate shut
    await make_world()
    app = create_app(scheduler=False)
    async with serve(app) as mallory, client_at(app, ELSEWHERE) as alice, client_at(app, THIRD) as accomplice:
        for _ in range(policy().max_failures_per_account_address):
            await login(mallory, "alice", "a-guess-from-mallory")
        assert (await login(mallory, "alice")).status_code == 429  # that address is out of alice's account
        # Past the account's free failures each check waits for the one before: a guess from a
        # third address shuts the gate for a moment, and alice is told how long to wait…
        assert (await login(accomplice, "alice", "another-guess")).status_code == 400
        alice.cookies.set("cx_lang", "en")
        waiting = await login(alice, "alice")
        assert waiting.status_code == 429
        seconds = int(waiting.headers["retry-after"])
        assert 1 <= seconds <= 3 and f"so each attempt has to wait. Try again in {seconds} second" in waiting.text
        # …and then gets in.
        await asyncio.sleep(seconds + 0.1)
        assert (await login(alice, "alice")).status_code == 303


async def test_a_successful_login_forgives_that_addresss_failures():
    # The throttle itself, on the real counters (Redis or the table), with the account's delays out
    # of the way: only the account-and-address lock is at play.
    throttle = LoginThrottle(make_throttle(get_settings()).counters, replace(policy(), account_failures_before_delay=1000))
    limit = policy().max_failures_per_account_address
    try:
        for _ in range(limit - 1):
            assert await throttle.admit("bob", ELSEWHERE) is None  # a wrong password each time
        await throttle.succeeded("bob", ELSEWHERE)
        for _ in range(limit):
            assert await throttle.admit("bob", ELSEWHERE) is None
        refusal = await throttle.admit("bob", ELSEWHERE)
        assert refusal is not None and refusal.reason == "account_address"
        assert await throttle.admit("bob", THIRD) is None  # from elsewhere bob's account is open
    finally:
        await throttle.close()


async def test_one_address_cannot_spray_every_account(client):
    await make_world()
    for n in range(policy().max_failures_per_address):
        await login(client, f"guess{n}", "wrong-password")
    response = await login(client, "bob")
    assert response.status_code == 429
    assert "分钟" in response.text  # in the user's language (Chinese by default), with how long


async def test_the_wait_is_said_in_the_users_language(client):
    await make_world()
    for _ in range(policy().max_failures_per_account_address):
        await login(client, "bob", "wrong-password")
    assert "登录失败次数过多，请 15 分钟后再试。" in (await login(client, "bob")).text


@pytest.mark.parametrize(
    ("attempt", "delay"),
    [(1, 0), (5, 0), (6, 1), (7, 2), (8, 4), (11, 32), (12, 60), (13, 60), (10_000, 60)],
)
def test_the_accounts_delay_doubles_after_the_free_failures_up_to_its_cap(attempt, delay):
    assert account_delay_ms(attempt, free=5, base_seconds=1, cap_seconds=60) == delay * 1000


def test_with_no_free_failures_the_first_check_already_spaces_the_next():
    assert account_delay_ms(1, free=0, base_seconds=3, cap_seconds=10) == 3000
