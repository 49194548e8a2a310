"""An owner's own pages: activating his account from a slip (public), his units, adding another unit."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from app.accounts import services as accounts
from app.accounts.controllers.sessions import safe_next, start_session, wait_message
from app.accounts.logic import MIN_PASSWORD_LENGTH
from app.errors import FieldError
from app.forms import Form
from app.i18n import lazy
from app.owners.forms import parse_activation, parse_add_unit
from app.owners.logic import normalise_code
from app.owners.services import activation, my_units
from app.web.auth import PUBLIC, allow, client_addr, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import query_str, redirect, render
from app.web.throttle import LoginThrottle

messages({
    "owner.activated": lazy("Your account is ready. Next time, log in with your phone number as the username "
                            "and the password you have just set."),
    "owner.unit_added": lazy("The unit has been added to your account."),
})


def _throttle_key(form: Form) -> str:
    # Counted like logins (app/web/throttle.py): per address, per address and phone, and a growing
    # wait per phone from anywhere. The phone stands in for the account an attempt aims at.
    return "activation:" + form.clean["phone"]


async def _throttled(request: Request, form: Form) -> int | None:
    """Count this attempt; the seconds to wait when it is refused (the message goes on the form)."""
    throttle: LoginThrottle = request.app.state.throttle
    refusal = await throttle.admit(_throttle_key(form), client_addr(request.scope))
    if refusal is None:
        return None
    form.error("code", wait_message(refusal))
    return refusal.seconds


async def _succeeded(request: Request, form: Form) -> None:
    throttle: LoginThrottle = request.app.state.throttle
    await throttle.succeeded(_throttle_key(form), client_addr(request.scope))


def _activation_page(request: Request, form: Form, status_code: int = 200) -> Template:
    return render(request, "owners/activate.html", {"form": form, "min_length": MIN_PASSWORD_LENGTH},
                  fragment="owners/_activate_form.html", target="activate-form", status_code=status_code)


@get("/activate", name="show_activation", opt=PUBLIC)
async def show_activation(request: Request) -> Template:
    """The page a slip's QR code opens, with the code filled in."""
    form = Form()
    code = normalise_code(query_str(request, "code", 64))
    form.values["code"] = code[:5] + "-" + code[5:] if code else ""
    # Where to go once activated (a community's rating page whose QR code brought the owner here).
    form.values["next"] = safe_next(query_str(request, "next", 500)) if request.query_params.get("next") else ""
    return _activation_page(request, form)


@post("/activate", name="activate_owner", opt=PUBLIC)
async def activate_owner(request: Request) -> Response:
    data = await request.form()
    form = parse_activation(data)
    form.values["next"] = safe_next(str(data.get("next", ""))) if data.get("next") else ""
    if not form.ok:
        return _activation_page(request, form, 422)
    wait = await _throttled(request, form)
    if wait is not None:
        response = _activation_page(request, form, 429)
        response.headers["Retry-After"] = str(wait)
        return response
    address = client_addr(request.scope)
    try:
        done = await activation.activate(form.clean["code"], form.clean["phone"], form.clean["password"], address)
    except FieldError as error:
        form.add(error)
        return _activation_page(request, form, 422)
    await _succeeded(request, form)
    principal = await accounts.load_principal(done.account_id, address)
    target = flashed_path(form.values["next"] or request.app.route_reverse("show_my_units"), "owner.activated")
    response = Redirect(path=target, status_code=303)
    if getattr(request, "htmx", None):
        response = Response(content=b"", status_code=200, headers={"HX-Redirect": target})
    await start_session(request, response, principal)
    return response


OWNER = allow("owner")


def _units_page(request: Request, units: list[dict], form: Form, status_code: int = 200) -> Template:
    return render(request, "owners/units.html", {"units": units, "form": form}, fragment="owners/_add_unit_form.html",
                  target="add-unit-form", status_code=status_code)


@get("/my/units", name="show_my_units", guards=[OWNER])
async def show_my_units(request: Request) -> Template:
    return _units_page(request, await my_units(principal_of(request)), Form())


@post("/my/units", name="add_my_unit", guards=[OWNER])
async def add_my_unit(request: Request) -> Response:
    actor = principal_of(request)
    form = parse_add_unit(await request.form())
    status = 422
    if form.ok and await _throttled(request, form) is None:
        try:
            await activation.add_unit(actor, form.clean["code"], form.clean["phone"])
            await _succeeded(request, form)
            return redirect(request, flashed_path(request.app.route_reverse("show_my_units"), "owner.unit_added"))
        except FieldError as error:
            form.add(error)
    elif form.ok:
        status = 429
    return _units_page(request, await my_units(actor), form, status)


ROUTES = [show_activation, activate_owner, show_my_units, add_my_unit]
