"""Who is asking, and may they: sessions → principal, deny by default, role guards.

Every route is closed unless its handler says ``opt={"public": True}`` (login, static files,
health) or carries a guard made by ``allow``; tests walk the route table to keep it so.
Objects outside a user's scope are the services' business: they answer None, and the controller
turns that into a 404, so existence does not leak.
"""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.response import Redirect
from litestar.types import ASGIApp, Receive, Scope, Send

from app.accounts import services as accounts
from app.accounts.logic import Principal
from app.i18n import pick_locale, set_locale
from app.web.sessions import LANG_COOKIE, SESSION_COOKIE, SessionStore


def client_addr(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


class AuthMiddleware(ASGIMiddleware):
    """Loads the principal for the session cookie, sets the locale, and refuses anonymous access."""

    def __init__(self, sessions: SessionStore) -> None:
        self.sessions = sessions

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["path"].startswith("/static/"):
            await next_app(scope, receive, send)  # no session lookup for a stylesheet
            return
        request: Request = Request(scope)
        principal: Principal | None = None
        session_id = request.cookies.get(SESSION_COOKIE, "")
        session = await self.sessions.load(session_id)
        if isinstance(session, dict) and isinstance(session.get("uid"), int) and isinstance(session.get("epoch"), int):
            principal = await accounts.load_principal(session["uid"], client_addr(scope), epoch=session["epoch"])
        if session is not None and principal is None:
            # Ended (a new password, an administrator, a deactivated account) or malformed: forget it.
            await self.sessions.delete(session_id)
            session = None
        scope["user"] = principal
        scope["auth"] = session
        set_locale(pick_locale(request.cookies.get(LANG_COOKIE), principal.locale if principal else None))
        handler = scope.get("route_handler")
        if principal is None and not (handler and handler.opt.get("public")):
            if scope["path"].startswith("/api/"):
                raise NotAuthorizedException()
            target = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else "")
            response = Redirect(path=f"/login?next={quote(target)}", status_code=303)
            if request.headers.get("hx-request") == "true":
                # An htmx request would swap the login page into a fragment: make the browser go there.
                response.headers["HX-Redirect"] = f"/login?next={quote(target)}"
            await response.to_asgi_response(app=None, request=request)(scope, receive, send)
            return
        await next_app(scope, receive, send)


def allow(*roles: str):
    """A guard admitting only these roles. Its ``access_roles`` marks the route as ruled."""

    # A coroutine function: Litestar would hand a plain function to its thread pool on every request.
    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        principal = connection.scope.get("user")
        if principal is None:
            raise NotAuthorizedException()
        if principal.role not in roles:
            raise PermissionDeniedException()

    guard.access_roles = roles  # type: ignore[attr-defined]
    return guard


ANY_ROLE = ("bureau", "street", "company", "committee", "owner")
STAFF = ("bureau", "street")
PUBLIC = {"public": True}


def principal_of(request: Request) -> Principal:
    """The logged-in principal; handlers behind ``allow`` always have one."""
    principal = request.scope.get("user")
    if principal is None:
        raise NotAuthorizedException()
    return principal
