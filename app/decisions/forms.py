"""Reading the decision, ballot and paper-ballot forms: values as typed, clean data, errors by field."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.decisions.logic import CHOICES, MATTERS
from app.decisions.services.ballots import PaperEntry, check_paper
from app.decisions.services.decisions import DecisionInput
from app.errors import FieldError
from app.forms import Form
from app.i18n import gettext as _

DECISION_FIELDS = ("matter", "title", "body", "attachments", "opens_on", "closes_on", "company_id",
                   "service_start", "service_end")


@dataclass
class DecisionForm:
    values: dict
    data: DecisionInput = field(default_factory=DecisionInput)
    errors: dict = field(default_factory=dict)


def blank_decision() -> DecisionForm:
    return DecisionForm(values={key: "" for key in DECISION_FIELDS} | {"building_ids": [], "household_ids": []})


def decision_values(decision: dict) -> DecisionForm:
    """A saved draft as its form shows it, for editing."""
    values = {key: "" if decision.get(key) is None else str(decision[key]) for key in DECISION_FIELDS
              if key != "company_id"}
    values["company_id"] = str(decision["company"]) if decision["company"] else ""
    values["building_ids"] = list(decision["building_ids"] or [])
    values["household_ids"] = list(decision["household_ids"] or [])
    return DecisionForm(values=values)


def parse_decision(raw) -> DecisionForm:
    form = Form(data=raw)
    data = DecisionInput()
    data.matter = form.choice("matter", MATTERS, _("Choose the matter to decide."))
    data.title = form.text("title", max_length=200, required=_("Give the decision a title."))
    data.body = form.text("body", max_length=1500)
    data.attachments = form.text("attachments", max_length=1000)
    day = _("Enter the day as YYYY-MM-DD.")
    data.opens_on = form.date("opens_on", required=_("Choose the first day of voting."), invalid=day)
    data.closes_on = form.date("closes_on", required=_("Choose the last day of voting."), invalid=day)
    data.building_ids = form.ids("building_ids")
    data.household_ids = form.ids("household_ids")
    if data.matter in ("hire", "dismiss"):
        data.company_id = form.id("company_id", required=_("Choose the property company."))
    if data.matter == "hire":
        data.service_start = form.date("service_start", required=_("Choose the day the company's service would start."),
                                       invalid=day)
    if data.matter in ("hire", "dismiss"):
        data.service_end = form.date("service_end", invalid=day, required=_("Choose the last day of the company's service.")
                                     if data.matter == "dismiss" else None)
    values = {key: "" for key in DECISION_FIELDS} | {k: v for k, v in form.values.items()}
    return DecisionForm(values=values, data=data, errors=form.errors)


@dataclass
class BallotForm:
    values: dict
    head_id: int | None = None
    choice: str = ""
    channel: str = ""
    proxy_name: str = ""
    reference: str = ""
    proxy_reference: str = ""
    errors: dict = field(default_factory=dict)


def parse_ballot(raw, *, paper: bool, photos: tuple[str, ...] = ()) -> BallotForm:
    """``photos``: the photo fields that came with a file (the files themselves are the service's to check)."""
    form = Form(data=raw)
    result = BallotForm(values={})
    result.head_id = form.id("head_id", required=_("Choose an owner entitled to vote on this decision."))
    result.choice = form.choice("choice", CHOICES, _("Choose yes, no or abstain."))
    if paper:
        result.channel = form.choice("channel", ("paper", "door"), _("Choose how the ballot was collected."))
        result.proxy_name = form.text("proxy_name", max_length=64)
        result.reference = form.text("reference", max_length=200)
        result.proxy_reference = form.text("proxy_reference", max_length=200)
        entry = PaperEntry(result.proxy_name, result.reference, result.proxy_reference,
                           photo=b"x" if "photo" in photos else None,
                           proxy_photo=b"x" if "proxy_photo" in photos else None)
        try:
            check_paper(entry)
        except FieldError as exc:
            form.add(exc)
    result.values = {"head_id": "", "choice": "", "channel": "paper", "proxy_name": "", "reference": "",
                     "proxy_reference": ""} | dict(form.values)
    result.errors = form.errors
    return result
