"""Server-side sessions, kept in a store every web process shares.

Embedded mode: files under ``var/store`` (survive a restart, shared by processes on one machine).
Production: Redis. Only an opaque random id travels in the cookie; the session is rewritten only
when it changes, and a login always starts a new id (no fixation). A session holds the account's
id, the account's session epoch when it was made (``accounts.services.load_principal`` refuses it
once the epoch has moved on) and its CSRF secret (``app.web.csrf``). Login throttling lives in
``app.web.throttle``.
"""

from __future__ import annotations

import secrets

import msgspec
from litestar import Request, Response
from litestar.stores.base import NamespacedStore
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis

from app.settings import Settings, get_settings
from app.stores import redis_client

SESSION_COOKIE = "cx_session"
LANG_COOKIE = "cx_lang"


def make_store(settings: Settings, redis: Redis | None = None) -> NamespacedStore:
    if settings.auth.redis_url:
        return RedisStore(redis or redis_client(settings.auth.redis_url), namespace=settings.broker.namespace)
    root = settings.app.var_dir / "store"
    (root / "session").mkdir(parents=True, exist_ok=True)  # FileStore creates a namespace's folder only in __aenter__
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

    async def renew(self, session_id: str, data: dict) -> str:
        """A new id for the session (the old one ends), e.g. after its epoch moved on."""
        await self.delete(session_id)
        return await self.create(data)

    async def delete(self, session_id: str) -> None:
        if session_id and len(session_id) <= 128:
            await self._store.delete(session_id)


def set_session_cookie(response: Response, request: Request, session_id: str) -> None:
    """The session cookie: script cannot read it, other sites' forms do not carry it, HTTPS only
    when the site is served over HTTPS (always in production)."""
    secure = get_settings().app.cookie_secure or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="lax", secure=secure, path="/")
