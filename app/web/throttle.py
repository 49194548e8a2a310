"""Login throttling: counted before any password is checked, in counters every web process shares.

Each attempt first *counts* itself, atomically, and only then is it decided whether it may go on:
parallel attempts cannot all read the same old count (a read, a check and a write back let 200
simultaneous guesses through). Three counters and a gate, per window:

- account and address: a few failures from one address lock that address out of that account (one
  person's typos, or one attacker); a successful login clears it;
- address: a generous limit over all accounts, so an office behind one NAT is not locked out by one
  person, while one address cannot spray every account;
- account, from anywhere: past a few failures each further check must wait for a gate that stays
  shut longer after each one (``logic.account_delay_ms``): a guesser with many addresses is slowed
  down, but nobody can lock the account's owner out for good.

Redis counts in production (a Lua script: INCR, expiry on first use); the embedded mode counts in a
table of our own database with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

from app import clock
from app.accounts.logic import account_delay_ms
from app.accounts.tables import LoginCounter
from app.settings import Settings, ThrottleSettings
from app.stores import redis_client


@dataclass(frozen=True)
class Refusal:
    """Why an attempt was refused before its password was checked, and how long to wait."""

    reason: str  # "account_address", "address" or "account"
    seconds: int


class Counters(Protocol):
    async def hit(self, key: str, window_ms: int) -> tuple[int, int]:
        """Count one more for ``key`` (starting a window of ``window_ms`` if it has none): the new
        count and the milliseconds left in its window."""

    async def undo(self, key: str) -> None:
        """Take back one count, if the key's window is still open."""

    async def clear(self, key: str) -> None: ...

    async def close(self) -> None: ...


class RedisCounters:
    _HIT = """
        local n = redis.call('INCR', KEYS[1])
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
        return {n, left}
    """
    # DECR on a key that has just expired would create it again, without an expiry: check first.
    _UNDO = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0"

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._hit = self._redis.register_script(self._HIT)
        self._undo = self._redis.register_script(self._UNDO)

    async def hit(self, key: str, window_ms: int) -> tuple[int, int]:
        count, left = await self._hit(keys=[self._prefix + key], args=[window_ms])
        return int(count), int(left)

    async def undo(self, key: str) -> None:
        await self._undo(keys=[self._prefix + key])

    async def clear(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def close(self) -> None:
        await self._redis.aclose()


class TableCounters:
    """Counters in ``LoginCounter``; each count is one statement, atomic on SQLite and PostgreSQL."""

    _HIT = (
        "INSERT INTO login_counter (name, hits, expires_ms) VALUES ({}, 1, {}) "
        "ON CONFLICT (name) DO UPDATE SET "
        "hits = CASE WHEN login_counter.expires_ms <= {} THEN 1 ELSE login_counter.hits + 1 END, "
        "expires_ms = CASE WHEN login_counter.expires_ms <= {} THEN excluded.expires_ms ELSE login_counter.expires_ms END "
        "RETURNING hits, expires_ms"
    )

    @staticmethod
    def _now_ms() -> int:
        return int(clock.utcnow().timestamp() * 1000)

    async def hit(self, key: str, window_ms: int) -> tuple[int, int]:
        now = self._now_ms()
        rows = await LoginCounter.raw(self._HIT, key, now + window_ms, now, now)
        return rows[0]["hits"], max(0, rows[0]["expires_ms"] - now)

    async def undo(self, key: str) -> None:
        await LoginCounter.update({LoginCounter.hits: LoginCounter.hits - 1}).where(
            (LoginCounter.name == key) & (LoginCounter.expires_ms > self._now_ms()) & (LoginCounter.hits > 0)
        )

    async def clear(self, key: str) -> None:
        # Expired rows go too, so the table holds no more than the current windows' counters.
        await LoginCounter.delete().where((LoginCounter.name == key) | (LoginCounter.expires_ms <= self._now_ms()))

    async def close(self) -> None:
        pass


class LoginThrottle:
    def __init__(self, counters: Counters, policy: ThrottleSettings) -> None:
        self.counters = counters
        self.policy = policy

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str, str, str]:
        account, address = username.strip().lower()[:64], address[:64]
        return f"pair:{address}|{account}", f"addr:{address}", f"acct:{account}", f"gate:{account}"

    async def admit(self, username: str, address: str) -> Refusal | None:
        """Count this attempt, then decide: None when its password may be checked now. A refused
        attempt takes its counts back wherever they would punish others (the owner's own address,
        the office's) for an attempt that never reached the password."""
        policy, counters = self.policy, self.counters
        pair, addr, account, gate = self._keys(username, address)
        window = policy.window_seconds * 1000
        count, left = await counters.hit(pair, window)
        if count > policy.max_failures_per_account_address:
            return Refusal("account_address", _seconds(left))
        count, left = await counters.hit(addr, window)
        if count > policy.max_failures_per_address:
            await counters.undo(pair)
            return Refusal("address", _seconds(left))
        count, _ = await counters.hit(account, window)
        delay = account_delay_ms(
            count, policy.account_failures_before_delay, policy.account_delay_seconds, policy.account_max_delay_seconds
        )
        if delay:
            claimed, left = await counters.hit(gate, delay)
            if claimed > 1:  # another check of this account went through the gate less than its delay ago
                for key in (pair, addr, account):
                    await counters.undo(key)
                return Refusal("account", _seconds(left))
        return None

    async def succeeded(self, username: str, address: str) -> None:
        """The right password: this address's failures on this account are forgiven, and the attempt
        does not count against the address or the account."""
        pair, addr, account, _ = self._keys(username, address)
        await self.counters.clear(pair)
        await self.counters.undo(addr)
        await self.counters.undo(account)

    async def close(self) -> None:
        await self.counters.close()


def _seconds(milliseconds: int) -> int:
    return max(1, -(-milliseconds // 1000))


def make_throttle(settings: Settings, redis: Redis | None = None) -> LoginThrottle:
    """Counting in Redis when the settings name one (through ``redis``, the client the sessions use, if
    given), else in the database."""
    url = settings.auth.redis_url
    counters = RedisCounters(redis or redis_client(url), f"{settings.broker.namespace}:throttle:") if url else TableCounters()
    return LoginThrottle(counters, settings.auth.throttle)
