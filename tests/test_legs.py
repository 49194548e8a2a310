"""The leg CI asked for is the leg that ran: a PostgreSQL or Redis leg never quietly falls back."""

import os

import pytest

from app.db import is_postgres
from app.settings import get_settings
from workers.broker import broker_health


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="the SQLite leg")
async def test_the_postgresql_leg_runs_on_postgresql():
    assert is_postgres()


@pytest.mark.skipif(not os.environ.get("TEST_BROKER_URL"), reason="the embedded-broker leg")
def test_the_redis_leg_runs_on_redis():
    assert get_settings().broker.is_redis
    assert broker_health() == {"ok": True, "kind": "redis"}


def test_ci_asked_for_both_legs_and_got_them():
    if os.environ.get("TEST_REQUIRE_LEGS"):
        assert os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_BROKER_URL")
        assert is_postgres() and get_settings().broker.is_redis
    else:
        assert is_postgres() == bool(os.environ.get("TEST_DATABASE_URL"))
