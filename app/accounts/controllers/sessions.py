"""Logging in and out, and the language switch."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from app.accounts import services as accounts
from app.accounts.logic import Principal
from app.forms import clean_text
from app.i18n import gettext as _
from app.i18n import ngettext, set_locale
from app.settings import LOCALES
from app.web.auth import ANY_ROLE, PUBLIC, allow, client_addr, principal_of
from app.web.csrf import PRE_LOGIN_COOKIE, new_secret
from app.web.rendering import render
from app.web.sessions import LANG_COOKIE, SESSION_COOKIE, SessionStore, set_session_cookie
from app.web.throttle import LoginThrottle, Refusal


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``), never a scheme."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target[:500]
    return "/"


def wait_message(refusal: Refusal) -> str:
    """How long to wait, in the user's language: seconds for a short wait, minutes for a long one."""
    seconds = refusal.seconds
    minutes = -(-seconds // 60)
    if refusal.reason == "account":
        if seconds < 60:
            return ngettext(
                "This account has had several failed logins, so each attempt has to wait. Try again in %(num)d second.",
                "This account has had several failed logins, so each attempt has to wait. Try again in %(num)d seconds.",
                seconds,
            )
        return ngettext(
            "This account has had several failed logins, so each attempt has to wait. Try again in %(num)d minute.",
            "This account has had several failed logins, so each attempt has to wait. Try again in %(num)d minutes.",
            minutes,
        )
    if seconds < 60:
        return ngettext(
            "Too many failed attempts. Try again in %(num)d second.",
            "Too many failed attempts. Try again in %(num)d seconds.",
            seconds,
        )
    return ngettext(
        "Too many failed attempts. Try again in %(num)d minute.",
        "Too many failed attempts. Try again in %(num)d minutes.",
        minutes,
    )


@get("/login", name="show_login", opt=PUBLIC)
async def show_login(request: Request) -> Template | Redirect:
    if request.scope.get("user") is not None:
        return Redirect(path="/", status_code=303)
    return render(request, "accounts/login.html", {"next": safe_next(request.query_params.get("next")), "error": None})


@post("/login", name="login", opt=PUBLIC)
async def login(request: Request) -> Response:
    throttle: LoginThrottle = request.app.state.throttle
    form = await request.form()
    username = clean_text(form.get("username", ""))[:64]  # a NUL would reach PostgreSQL
    password = str(form.get("password", ""))[:256]
    target = safe_next(str(form.get("next", "")))
    address = client_addr(request.scope)

    def refuse(message: str, status_code: int) -> Template:
        context = {"next": target, "error": message, "username": username}
        return render(request, "accounts/login.html", context, status_code=status_code)

    if not username or not password:
        return refuse(_("Enter your username and password."), 400)
    refusal = await throttle.admit(username, address)  # counted before the password is looked at
    if refusal is not None:
        response = refuse(wait_message(refusal), 429)
        response.headers["Retry-After"] = str(refusal.seconds)
        return response
    principal = await accounts.authenticate(username, password, address)
    if principal is None:
        await accounts.record_failed_login(username, address)
        return refuse(_("Wrong username or password."), 400)
    await throttle.succeeded(username, address)
    response = Redirect(path=target, status_code=303)
    await start_session(request, response, principal)
    return response


async def start_session(request: Request, response: Response, principal: Principal) -> None:
    """Log ``principal`` in on ``response`` (a login, or an owner's activation)."""
    sessions: SessionStore = request.app.state.sessions
    # A fresh session id at every login: an id planted before login is worth nothing after it. So is
    # the pre-login CSRF token: the session has a CSRF secret of its own.
    await sessions.delete(request.cookies.get(SESSION_COOKIE, ""))
    session_id = await sessions.create({"uid": principal.id, "epoch": principal.session_epoch, "csrf": new_secret()})
    set_session_cookie(response, request, session_id)
    response.delete_cookie(PRE_LOGIN_COOKIE, path="/")
    if principal.locale in LOCALES:
        response.set_cookie(LANG_COOKIE, principal.locale, max_age=365 * 86400, samesite="lax", path="/")


@post("/logout", name="logout", guards=[allow(*ANY_ROLE)])
async def logout(request: Request) -> Redirect:
    sessions: SessionStore = request.app.state.sessions
    await accounts.record_logout(principal_of(request))
    await sessions.delete(request.cookies.get(SESSION_COOKIE, ""))
    response = Redirect(path="/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@post("/language", name="switch_language", opt=PUBLIC)
async def switch_language(request: Request) -> Redirect:
    form = await request.form()
    locale = str(form.get("locale", ""))
    target = safe_next(str(form.get("next", "")))
    response = Redirect(path=target, status_code=303)
    if locale not in LOCALES:
        return response
    set_locale(locale)
    principal = request.scope.get("user")
    if principal is not None:
        await accounts.set_locale(principal, locale)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", path="/")
    return response


ROUTES = [show_login, login, logout, switch_language]
