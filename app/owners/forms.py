"""Input from the activation and slip pages, read through the one ``Form`` shape."""

from __future__ import annotations

from app.accounts.forms import MAX_PASSWORD
from app.accounts.logic import MIN_PASSWORD_LENGTH
from app.forms import Form
from app.i18n import gettext as _
from app.owners.logic import CODE_LENGTH, normalise_code, phone_digits


def _code_and_phone(form: Form) -> None:
    raw = form.raw("code")
    code = normalise_code(raw)
    if not raw.strip():
        form.error("code", _("Enter the code printed on your slip."))
    elif code is None:
        form.error("code", _("A code has %(n)s letters and digits, as printed on the slip (e.g. K7M2P-9XQ4R).",
                             n=CODE_LENGTH))
    form.clean["code"] = code or ""
    phone = form.raw("phone")[:64]
    digits = phone_digits(phone)
    if not phone.strip():
        form.error("phone", _("Enter your phone number."))
    elif not 7 <= len(digits) <= 20:
        form.error("phone", _("Enter a phone number: 7 to 20 digits (13812345678, 0971-8123456)."))
    form.clean["phone"] = digits


def parse_activation(data) -> Form:
    """Code, phone, and the new password typed twice (taken as typed, never sent back)."""
    form = Form(data=data)
    _code_and_phone(form)
    new, confirm = (form.raw(name)[:MAX_PASSWORD] for name in ("password", "confirm"))
    for name in ("password", "confirm"):
        form.values.pop(name, None)
    if len(new) < MIN_PASSWORD_LENGTH:
        form.error("password", _("The password needs at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    elif confirm != new:
        form.error("confirm", _("The two passwords differ."))
    form.clean["password"] = new
    return form


def parse_add_unit(data) -> Form:
    form = Form(data=data)
    _code_and_phone(form)
    return form


def parse_slips(data) -> Form:
    """Which buildings (none ticked: all), and whether households with a live code get a new one."""
    form = Form(data=data)
    form.ids("buildings")
    form.flag("reissue")
    return form
