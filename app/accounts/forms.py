"""Input from the account pages, checked field by field; messages in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.accounts.logic import MIN_PASSWORD_LENGTH
from app.i18n import gettext as _


@dataclass
class PasswordChange:
    current: str = ""
    new: str = ""
    confirm: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def parse_password_change(form) -> PasswordChange:
    data = PasswordChange(
        current=str(form.get("current", ""))[:256],
        new=str(form.get("new", ""))[:256],
        confirm=str(form.get("confirm", ""))[:256],
    )
    if not data.current:
        data.errors["current"] = _("Enter your current password.")
    if len(data.new) < MIN_PASSWORD_LENGTH:
        data.errors["new"] = _("The new password needs at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)
    elif data.new == data.current:
        data.errors["new"] = _("The new password must differ from the current one.")
    if data.confirm != data.new and "new" not in data.errors:
        data.errors["confirm"] = _("The two new passwords differ.")
    return data
