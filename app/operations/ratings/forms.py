"""The rating form: a score from 1 to 5, an optional comment, and the period the form was shown for
(so a form left open past the period's end is refused rather than counted in the next one)."""

from __future__ import annotations

from app.forms import Form
from app.i18n import gettext as _
from app.operations.ratings.services.giving import COMMENT_LENGTH
from app.operations.satisfaction import SCORES


def blank_rating(period_key: str, mine: dict | None) -> Form:
    return Form(values={"score": str(mine["score"]) if mine else "", "comment": mine["comment"] if mine else "",
                        "period": period_key})


def parse_rating(data) -> Form:
    form = Form(data=data)
    choice = form.choice("score", [str(score) for score in SCORES], _("Choose a rating from 1 to 5."))
    form.clean["score"] = int(choice) if choice else None
    form.text("comment", max_length=COMMENT_LENGTH)
    form.text("period", max_length=16)
    return form
