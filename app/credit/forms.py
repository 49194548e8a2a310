"""The credit forms: a bureau record, an objection, the bureau's answer."""

from __future__ import annotations

from app import clock
from app.credit.scoring import BUREAU_KINDS
from app.credit.services.records import EVIDENCE_LENGTH, REASON_LENGTH
from app.forms import Form
from app.i18n import gettext as _


def blank_record(company_id: int | None = None) -> Form:
    return Form(values={"company_id": str(company_id or ""), "kind": "", "day": clock.today().isoformat(), "evidence": ""})


def parse_record(data) -> Form:
    form = Form(data=data)
    form.id("company_id", required=_("Choose the property company."))
    form.choice("kind", BUREAU_KINDS, _("Choose the kind of record."))
    form.date("day", required=_("Give the day the record takes effect."))
    form.text("evidence", max_length=EVIDENCE_LENGTH,
              required=_("Give the evidence: the document's number and what it says."))
    return form


def parse_objection(data) -> Form:
    form = Form(data=data)
    form.text("reason", max_length=REASON_LENGTH, required=_("Say why the line is wrong."))
    return form


def parse_answer(data) -> Form:
    form = Form(data=data)
    form.choice("state", ("upheld", "rejected"), _("Uphold or reject the objection."))
    form.text("answer", max_length=REASON_LENGTH, required=_("Give the company your answer."))
    return form
