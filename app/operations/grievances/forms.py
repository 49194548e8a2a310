"""What a complaint's forms accept: filing (an owner online, or staff recording a channel) and the
actions on it (respond, close, reopen)."""

from __future__ import annotations

from app.forms import Form
from app.i18n import gettext as _
from app.operations.complaints import CHANNELS

SUBJECT_LENGTH = 200
TEXT_LENGTH = 1500  # under the forms' MAX_FIELD, so an over-long one is refused, never cut
NAME_LENGTH = 100
STAFF_CHANNELS = {key: label for key, label in CHANNELS.items() if key != "online"}


def blank_complaint() -> Form:
    return Form(values={"subject": "", "text": "", "channel": "", "complainant_name": ""})


def parse_complaint(data, part: str) -> Form:
    """``part`` is how the actor files (``complainant`` online, or ``staff`` from another channel)."""
    form = Form(data=data)
    form.text("subject", max_length=SUBJECT_LENGTH, required=_("Say in a few words what it is about."))
    form.text("text", max_length=TEXT_LENGTH, required=_("Describe the problem or the opinion."))
    if part == "staff":
        form.choice("channel", STAFF_CHANNELS, _("Choose where the complaint came from."))
        form.text("complainant_name", max_length=NAME_LENGTH)
    else:
        form.clean["channel"] = "online"
        form.clean["complainant_name"] = ""
    return form


def parse_response(data) -> Form:
    form = Form(data=data)
    form.text("text", max_length=TEXT_LENGTH, required=_("Write the response the complainant will read."))
    return form


def parse_reopen(data) -> Form:
    form = Form(data=data)
    form.text("text", max_length=TEXT_LENGTH, required=_("Say why the response does not settle it."))
    return form


def parse_close(data, *, staff: bool) -> Form:
    """A complainant closing is satisfied (one who is not reopens); staff note either, as mediated."""
    form = Form(data=data)
    form.text("text", max_length=TEXT_LENGTH)
    if staff:
        answer = form.choice("satisfied", ("yes", "no"), _("Note whether the complainant is satisfied."))
        form.clean["satisfied"] = answer == "yes" if answer else None
    else:
        form.clean["satisfied"] = True
    return form
