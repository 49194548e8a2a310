"""Input from the account pages, read through the one ``Form`` shape; messages in the user's language."""

from __future__ import annotations

from app.accounts.logic import MIN_PASSWORD_LENGTH
from app.forms import Form
from app.i18n import gettext as _

MAX_PASSWORD = 256


def parse_password_change(data) -> Form:
    """Current, new and repeated password. Taken exactly as typed (spaces count in a password), only cut
    at ``MAX_PASSWORD``; never shown again."""
    form = Form(data=data)
    current, new, confirm = (form.raw(name)[:MAX_PASSWORD] for name in ("current", "new", "confirm"))
    form.values.clear()  # a password is never sent back to the page
    form.clean.update(current=current, new=new)
    if not current:
        form.error("current", _("Enter your current password."))
    if len(new) < MIN_PASSWORD_LENGTH:
        form.error("new", _("The new password needs at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    elif new == current:
        form.error("new", _("The new password must differ from the current one."))
    if confirm != new and "new" not in form.errors:
        form.error("confirm", _("The two new passwords differ."))
    return form
