"""Server-side sessions and login throttling, kept in a store every web process shares.

Embedded mode: files under ``var/store`` (survive a restart, shared by processes on one machine).
Production: Redis. Only an opaque random id travels in the cookie; the session is rewritten only
when it changes, and a login always starts a new id (no fixation).
"""

from __future__ import annotations

import secrets

import msgspec
from litestar.stores.base import NamespacedStore
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore

from app.settings import Settings

SESSION_COOKIE = "cx_session"
LANG_COOKIE = "cx_lang"


def make_store(settings: Settings) -> NamespacedStore:
    if settings.auth.redis_url:
        return RedisStore.with_client(url=settings.auth.redis_url, namespace="changxiao")
    root = settings.app.var_dir / "store"
    for namespace in ("session", "throttle"):  # FileStore creates a namespace's folder only in __aenter__
        (root / namespace).mkdir(parents=True, exist_ok=True)
    return FileStore(root, create_directories=True)


class SessionStore:
    def __init__(self, store: NamespacedStore, max_age: int) -> None:
        self._store = store.with_namespace("session")
        self.max_age = max_age

    async def load(self, session_id: str) -> dict | None:
        if not session_id or len(session_id) > 128:
            return None
        data = await self._store.get(session_id, renew_for=self.max_age)
        if data is None:
            return None
        try:
            return msgspec.json.decode(data)
        except msgspec.DecodeError:
            return None

    async def create(self, data: dict) -> str:
        session_id = secrets.token_urlsafe(32)
        await self._store.set(session_id, msgspec.json.encode(data), expires_in=self.max_age)
        return session_id

    async def delete(self, session_id: str) -> None:
        if session_id:
            await self._store.delete(session_id)


class LoginThrottle:
    """Counts failed logins per account and per client address within a window."""

    def __init__(self, store: NamespacedStore, per_account: int, per_address: int, window: int) -> None:
        self._store = store.with_namespace("throttle")
        self.per_account = per_account
        self.per_address = per_address
        self.window = window

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        return f"acct:{username.strip().lower()[:64]}", f"addr:{address}"

    async def _count(self, key: str) -> int:
        value = await self._store.get(key)
        return int(value) if value else 0

    async def seconds_locked(self, username: str, address: str) -> int:
        """How long until this account or address may try again; 0 when it may try now."""
        account_key, address_key = self._keys(username, address)
        waits = []
        if await self._count(account_key) >= self.per_account:
            waits.append(await self._store.expires_in(account_key) or self.window)
        if await self._count(address_key) >= self.per_address:
            waits.append(await self._store.expires_in(address_key) or self.window)
        return max(waits, default=0)

    async def failed(self, username: str, address: str) -> None:
        for key in self._keys(username, address):
            count = await self._count(key)
            await self._store.set(key, str(count + 1), expires_in=self.window)

    async def succeeded(self, username: str, address: str) -> None:
        account_key, _ = self._keys(username, address)
        await self._store.delete(account_key)
