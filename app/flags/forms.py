"""The acknowledgement form: a note saying what is being done (required, at most 500 characters)."""

from __future__ import annotations

from app.flags.services.views import NOTE_LENGTH
from app.forms import Form
from app.i18n import gettext as _


def parse_acknowledgement(data) -> Form:
    form = Form(data=data)
    form.text("note", max_length=NOTE_LENGTH, required=_("Say what is being done about it."))
    return form
