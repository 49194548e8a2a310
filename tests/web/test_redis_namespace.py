"""Two deployments sharing one Redis keep apart by BROKER_NAMESPACE: the sessions and the login
counters of one are not the other's (README, settings)."""

from __future__ import annotations

import dataclasses
import os

import pytest

from app.settings import get_settings
from app.web.sessions import SessionStore, make_store
from app.web.throttle import make_throttle

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_BROKER_URL"), reason="the embedded leg keeps no Redis")


def _deployment(namespace: str):
    settings = get_settings()
    return dataclasses.replace(settings, broker=dataclasses.replace(settings.broker, namespace=namespace))


async def test_a_session_of_one_deployment_is_unknown_to_another():
    ours, theirs = _deployment("changxiao-test-a"), _deployment("changxiao-test-b")
    ours_store = make_store(ours)
    session_id = await SessionStore(ours_store, 60).create({"uid": 1, "epoch": 0})
    try:
        assert await SessionStore(ours_store, 60).load(session_id) == {"uid": 1, "epoch": 0}
        assert await SessionStore(make_store(theirs), 60).load(session_id) is None
    finally:
        await ours_store.delete_all()


async def test_login_failures_count_per_deployment():
    ours, theirs = make_throttle(_deployment("changxiao-test-a")), make_throttle(_deployment("changxiao-test-b"))
    key = "pair:10.0.0.1|alice"
    try:
        await ours.counters.hit(key, 60_000)
        assert (await ours.counters.hit(key, 60_000))[0] == 2
        assert (await theirs.counters.hit(key, 60_000))[0] == 1
    finally:
        await ours.counters.clear(key)
        await theirs.counters.clear(key)
        await ours.close()
        await theirs.close()
