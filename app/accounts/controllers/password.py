"""A user changes their own password; their other sessions end, this one carries on under a new id."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Template

from app.accounts import services as accounts
from app.accounts.controllers.sessions import wait_message
from app.accounts.forms import parse_password_change
from app.accounts.logic import MIN_PASSWORD_LENGTH
from app.forms import Form
from app.i18n import gettext as _
from app.web.auth import ANY_ROLE, allow, client_addr, principal_of
from app.web.rendering import render
from app.web.sessions import SESSION_COOKIE, SessionStore, set_session_cookie
from app.web.throttle import LoginThrottle


@get("/account/password", name="show_password_form", guards=[allow(*ANY_ROLE)])
async def show_password_form(request: Request) -> Template:
    return render(request, "accounts/password.html", {"form": Form(), "done": False, "min_length": MIN_PASSWORD_LENGTH})


@post("/account/password", name="change_password", guards=[allow(*ANY_ROLE)])
async def change_password(request: Request) -> Template:
    actor = principal_of(request)
    form = parse_password_change(await request.form())
    epoch = None
    refusal = None
    if form.ok:
        # Guessing the current password here is guessing it at the login form (someone at an
        # unattended screen, a stolen session): counted by the same throttle, before it is checked.
        throttle: LoginThrottle = request.app.state.throttle
        address = client_addr(request.scope)
        refusal = await throttle.admit(actor.username, address)
        if refusal is not None:
            form.error("current", wait_message(refusal))
        else:
            epoch = await accounts.change_own_password(actor, form.clean["current"], form.clean["new"])
            if epoch is None:
                form.error("current", _("This is not your current password."))
            else:
                await throttle.succeeded(actor.username, address)
    done = form.ok
    context = {"form": Form() if done else form, "done": done, "min_length": MIN_PASSWORD_LENGTH}
    response = render(
        request, "accounts/password.html", context,
        fragment="accounts/_password_form.html", target="password-form",
        status_code=200 if done else 422,  # a refusal too: htmx swaps a 422 in, with the wait next to the field
    )
    if epoch is not None:
        # The new epoch ends every session made before, this one too: carry it on under a new id.
        # Its CSRF secret stays, so the page's token (hx-headers on <body>) still works.
        sessions: SessionStore = request.app.state.sessions
        session_id = await sessions.renew(request.cookies.get(SESSION_COOKIE, ""), {**request.scope["auth"], "epoch": epoch})
        set_session_cookie(response, request, session_id)
    return response


ROUTES = [show_password_form, change_password]
