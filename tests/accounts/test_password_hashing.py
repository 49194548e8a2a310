"""The password hash's cost is a setting: RFC 9106's by default, never cheap in production, and a hash
made at another cost is replaced at the next login (the tests themselves run at the least cost)."""

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from app.accounts import logic
from app.accounts.services import authenticate
from app.accounts.tables import Account
from app.settings import SettingsError, get_settings, load_settings
from tests.factories import PASSWORD, make_world

COST_VARIABLES = ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM")


@pytest.fixture
def default_cost(monkeypatch):
    for name in COST_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _cost(settings) -> tuple[int, int, int]:
    cost = settings.auth.password_hash
    return cost.time_cost, cost.memory_kib, cost.parallelism


def test_the_default_cost_is_rfc_9106s_low_memory_profile(default_cost):
    profile = RFC_9106_LOW_MEMORY
    assert _cost(load_settings()) == (profile.time_cost, profile.memory_cost, profile.parallelism)


@pytest.mark.parametrize(
    ("name", "value"),
    [("ARGON2_TIME_COST", "0"), ("ARGON2_TIME_COST", "fast"), ("ARGON2_MEMORY_KIB", "7"), ("ARGON2_PARALLELISM", "0")],
)
def test_a_bad_cost_names_the_variable(default_cost, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()


def test_the_memory_must_give_every_lane_8_kib(default_cost, monkeypatch):
    monkeypatch.setenv("ARGON2_PARALLELISM", "4")
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "31")
    with pytest.raises(SettingsError, match="ARGON2_MEMORY_KIB"):
        load_settings()
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "32")
    assert _cost(load_settings()) == (3, 32, 4)


@pytest.mark.parametrize(("name", "value"), [("ARGON2_TIME_COST", "1"), ("ARGON2_MEMORY_KIB", "19455")])
def test_production_refuses_a_cost_below_the_least_recommended(default_cost, monkeypatch, name, value):
    monkeypatch.setenv("CHANGXIAO_ENV", "production")
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"{name} must be at least .* when CHANGXIAO_ENV=production"):
        load_settings()


def test_production_accepts_the_least_recommended_cost_and_the_default(default_cost, monkeypatch):
    monkeypatch.setenv("CHANGXIAO_ENV", "production")
    assert _cost(load_settings()) == (3, 65536, 4)
    monkeypatch.setenv("ARGON2_TIME_COST", "2")
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "19456")
    monkeypatch.setenv("ARGON2_PARALLELISM", "1")
    assert _cost(load_settings()) == (2, 19456, 1)


def test_hashes_follow_the_configured_cost():
    made = extract_parameters(logic.hash_password("a long enough password"))
    assert (made.time_cost, made.memory_cost, made.parallelism) == _cost(get_settings())


def test_an_unknown_username_is_checked_against_a_hash_of_the_same_cost():
    # Verifying it takes as long as verifying a real account's password: the username's existence does not show.
    dummy = extract_parameters(logic.DUMMY_HASH)
    assert (dummy.time_cost, dummy.memory_cost, dummy.parallelism) == _cost(get_settings())


async def _stored_hash(username: str) -> str:
    return (await Account.select(Account.password_hash).where(Account.username == username).first())["password_hash"]


async def test_a_hash_of_another_cost_is_replaced_at_the_next_login():
    await make_world()
    old = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY).hash(PASSWORD)
    await Account.update({Account.password_hash: old}).where(Account.username == "bob")
    assert await authenticate("bob", "wrong-password") is None
    assert await _stored_hash("bob") == old  # a failed login changes nothing
    assert await authenticate("bob", PASSWORD) is not None
    new = await _stored_hash("bob")
    made = extract_parameters(new)
    assert new != old and (made.time_cost, made.memory_cost, made.parallelism) == _cost(get_settings())
    assert await authenticate("bob", PASSWORD) is not None


async def test_a_hash_of_the_current_cost_is_kept_at_login():
    await make_world()
    before = await _stored_hash("bob")
    assert await authenticate("bob", PASSWORD) is not None
    assert await _stored_hash("bob") == before
