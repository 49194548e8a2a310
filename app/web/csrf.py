"""CSRF tokens bound to the session, checked on every unsafe request.

Litestar's CSRF middleware only compares a cookie with a header or form value, so any pair an
attacker made for themselves worked on anyone's session. Here a logged-in session holds a secret of
its own (made at login, kept server-side) and the token its pages carry is an HMAC of it under
SECRET_KEY: a token from another session, from before the login or made up does not match. Before
login there is no session: the login form's token is an HMAC of a random pre-login cookie, which the
login then drops, so that token is worth nothing afterwards either.

Pages get the token through Litestar's ``csrf_token()`` template callable (``csrf_field()``, and the
``hx-headers`` on ``<body>`` for htmx); it arrives back as the ``_csrf_token`` form field or the
``X-CSRFToken`` header.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from litestar import Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from app.settings import get_settings

PRE_LOGIN_COOKIE = "cx_csrf"
FIELD = "_csrf_token"
HEADER = "x-csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CSRFRefused(PermissionDeniedException):
    """The token is missing or belongs to another session: the error page says to reload and retry."""


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def token_for(secret: str, kind: str) -> str:
    """The token pages carry for a session's (``kind="session"``) or a pre-login cookie's secret."""
    key = get_settings().app.secret_key.encode()
    return hmac.new(key, f"csrf:{kind}:{secret}".encode(), hashlib.sha256).hexdigest()


def _pre_login_secret(request: Request) -> str | None:
    value = request.cookies.get(PRE_LOGIN_COOKIE, "")
    return value if 20 <= len(value) <= 64 else None


class CSRFMiddleware(ASGIMiddleware):
    """Runs after ``AuthMiddleware``, which leaves the session in ``scope["auth"]`` and the principal
    in ``scope["user"]``."""

    def __init__(self, cookie_secure: bool) -> None:
        self.cookie_secure = cookie_secure

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["path"].startswith("/static/") or scope["path"] == "/health":  # no forms, no cookie for a probe
            await next_app(scope, receive, send)
            return
        request: Request = Request(scope, receive)
        session = scope.get("auth") if scope.get("user") is not None else None
        if session:
            expected = token_for(str(session["csrf"]), "session") if session.get("csrf") else None
        else:
            pre_login = _pre_login_secret(request)
            expected = token_for(pre_login, "anonymous") if pre_login else None
        state = ScopeState.from_scope(scope)
        if request.method in SAFE_METHODS:
            if expected is None and not session:  # a first visit: give it a pre-login cookie to bind to
                pre_login = new_secret()
                expected = token_for(pre_login, "anonymous")
                send = self._setting_cookie(send, pre_login, request.url.scheme == "https")
            state.csrf_token = expected or ""
            await next_app(scope, receive, send)
            return
        sent = request.headers.get(HEADER)
        if not sent:
            content_type, _ = request.content_type
            if content_type in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
                sent = (await request.form()).get(FIELD)  # Litestar keeps the parsed form for the handler
        if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise CSRFRefused("CSRF token verification failed")
        state.csrf_token = expected
        await next_app(scope, receive, send)

    def _setting_cookie(self, send: Send, value: str, https: bool) -> Send:
        cookie = Cookie(
            key=PRE_LOGIN_COOKIE, value=value, path="/", httponly=True, samesite="lax", secure=self.cookie_secure or https
        ).to_header(header="")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message).add("set-cookie", cookie)
            await send(message)

        return wrapped
