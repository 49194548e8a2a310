"""Password hashing runs in threads of its own, a bounded number at a time: a burst of logins does not
stop the server answering everyone else. Half the burst names real accounts, half unknown names,
which still cost a hash (so that timing does not tell which names exist).

Two measures while the logins are checked: how long /health takes (what a load balancer or another
user notices), and the longest the event loop went without running (a ticker due every 10 ms). With
the hashes on the loop, both came to several seconds (2.5–2.9 s and 3.7–7.6 s on the 2-core
development machine); in threads, a fraction of a second even with the machine loaded."""

import asyncio
import time

from argon2 import PasswordHasher

from app.accounts.tables import Account
from tests.factories import csrf_from, make_account

LOGINS = 24


async def test_a_burst_of_logins_does_not_stall_the_server(configure, client):
    # The production cost (RFC 9106's low-memory profile, ~0.2 s a hash on an idle core), not the
    # tests' cheap one.
    configure(ARGON2_TIME_COST=None, ARGON2_MEMORY_KIB=None, ARGON2_PARALLELISM=None)
    stored = PasswordHasher().hash("the-real-password")
    names = [f"clerk-{n}" for n in range(LOGINS // 2)]
    for name in names:
        await make_account(name, "bureau", region_code="630102")
    await Account.update({Account.password_hash: stored}).where(Account.username.is_in(names))
    names += [f"nobody-{n}" for n in range(LOGINS - len(names))]
    token = csrf_from((await client.get("/login")).text)

    longest_pause = 0.0

    async def ticker() -> None:
        nonlocal longest_pause
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            longest_pause = max(longest_pause, time.perf_counter() - started)

    watching = asyncio.create_task(ticker())
    logins = [
        asyncio.create_task(client.post("/login", data={"username": name, "password": "wrong", "_csrf_token": token}))
        for name in names
    ]
    slowest, asked = 0.0, 0
    while not all(login.done() for login in logins):  # /health again and again, from first login to last
        started = time.perf_counter()
        health = await client.get("/health")
        slowest, asked = max(slowest, time.perf_counter() - started), asked + 1
        assert health.status_code == 200
        await asyncio.sleep(0.05)
    watching.cancel()
    answers = await asyncio.gather(*logins)
    assert asked >= 3, "the logins were over before /health was asked: the test measured nothing"
    assert slowest < 1.0, f"/health took {slowest:.2f} s while passwords were hashed"
    assert longest_pause < 1.0, f"the event loop stood still for {longest_pause:.2f} s"
    assert [answer.status_code for answer in answers] == [400] * LOGINS  # each still got its answer
