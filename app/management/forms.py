"""Reading the arrangement, ending, bundle and shared-service forms through the shared ``app.forms``
readers: each field checked, messages in the user's language. Controllers never parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.communities.logic import parse_area
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import lazy
from app.management.logic import END_REASONS, MODES, PROJECT_KINDS
from app.management.services import ArrangementInput
from app.management.services.bundles import BundleInput
from app.money import parse_yuan
from app.settings import get_settings

MAX_FEE_FEN = 100_00  # ¥100 per m² per month: above that, surely a typing slip
MAX_PROJECT_AREA = Decimal("9999999999.99")  # bundle_project.floor_area is Numeric(12, 2)
MONEY_MESSAGES = {
    "empty": lazy("Enter the fee per m² per month, in yuan."),
    "format": lazy("Write the fee as a number of yuan, e.g. 0.80."),
    "decimals": lazy("Yuan have at most two decimals (fen)."),
    "not_positive": lazy("The fee must be more than zero."),
    "too_large": lazy("This fee is far too large."),
}


def _first_day(form: Form) -> date | None:
    message = _("Enter the first day, as YYYY-MM-DD.")
    return form.date("start_date", required=message, invalid=message)


def _last_day(form: Form, start: date | None, *, required: str | None = None) -> date | None:
    end = form.date("end_date", required=required,
                    invalid=_("Enter the last day, as YYYY-MM-DD, or leave it empty."))
    if start and end and end < start:
        form.error("end_date", _("The end cannot be before the start."))
    return end


@dataclass
class AssignmentForm:
    values: dict
    data: ArrangementInput
    errors: dict[str, str] = field(default_factory=dict)


ASSIGNMENT_FIELDS = (
    "mode", "start_date", "end_date", "company_id", "contract_number", "service_level", "fee_yuan",
    "supervising_region_code", "responsible_id", "unit_name", "contact_name", "contact_phone",
)


def blank_assignment(mode: str = "", **values: str) -> AssignmentForm:
    return AssignmentForm(
        values={key: "" for key in ASSIGNMENT_FIELDS} | {"mode": mode} | values, data=ArrangementInput(mode=mode)
    )


def parse_assignment(data) -> AssignmentForm:
    form = Form(data=data)
    mode = form.choice("mode", MODES, _("Choose how the community will be managed."))
    result = ArrangementInput(mode=mode)
    result.start_date = _first_day(form)
    result.end_date = _last_day(form, result.start_date)
    if mode == "professional":
        result.company_id = form.id("company_id", required=_("Choose the property company."))
        result.contract_number = form.text(
            "contract_number", max_length=64, required=_("Enter the service contract's number.")
        )
        result.service_level = form.choice(
            "service_level", get_settings().policy.service_levels, _("Choose the service level the contract names.")
        )
        amount = parse_yuan(form.raw("fee_yuan"), MAX_FEE_FEN)
        result.fee_fen_per_m2_month = amount.fen
        if amount.problem:
            form.error("fee_yuan", _(MONEY_MESSAGES[amount.problem]))
        if result.end_date is None and "end_date" not in form.errors:
            form.error("end_date", _("A service contract has an end date."))
    elif mode == "self_managed":
        result.supervising_region_code = form.text(
            "supervising_region_code", max_length=12,
            required=_("Choose a residents' community of this street office to supervise it."),
        ) or None
        _contact(form, result)
    elif mode == "street_proxy":
        result.responsible_id = form.id(
            "responsible_id", required=_("Choose the responsible grid member or staff member.")
        )
    elif mode == "unit_managed":
        result.unit_name = form.text("unit_name", max_length=128, required=_("Enter the owning work unit's name."))
        _contact(form, result)
    values = {key: "" for key in ASSIGNMENT_FIELDS} | {key: str(value) for key, value in form.values.items()}
    return AssignmentForm(values=values, data=result, errors=form.errors)


def _contact(form: Form, data: ArrangementInput) -> None:
    data.contact_name = form.text("contact_name", max_length=64, required=_("Enter the contact person's name."))
    data.contact_phone = form.phone("contact_phone", required=_(
        "Enter a phone number: 7 to 20 digits, with spaces, hyphens or brackets if you like "
        "(13812345678, 0971-8123456)."
    ))


@dataclass
class EndForm:
    values: dict
    end_date: date | None = None
    reason: str = ""
    note: str = ""
    notice_given_on: date | None = None
    acknowledge: bool = False
    errors: dict[str, str] = field(default_factory=dict)


END_FIELDS = ("end_date", "reason", "note", "notice_given_on")


def parse_end(data) -> EndForm:
    form = Form(data=data)
    message = _("Enter the last day, as YYYY-MM-DD.")
    result = EndForm(values={})
    result.end_date = form.date("end_date", required=message, invalid=message)
    result.reason = form.choice("reason", END_REASONS, _("Choose why it ends."))
    result.note = form.text("note", max_length=500, required=_("Say why it ends.") if result.reason == "other" else None)
    result.notice_given_on = form.date(
        "notice_given_on", invalid=_("Enter the day notice was given, as YYYY-MM-DD, or leave it empty.")
    )
    result.acknowledge = form.flag("acknowledge")
    result.values = {key: "" for key in END_FIELDS} | {key: str(value) for key, value in form.values.items()}
    result.errors = form.errors
    return result


@dataclass
class SharedForm:
    values: dict
    provider_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    note: str = ""
    errors: dict[str, str] = field(default_factory=dict)


SHARED_FIELDS = ("provider", "start_date", "end_date", "note")


def blank_shared() -> SharedForm:
    return SharedForm(values={key: "" for key in SHARED_FIELDS})


def parse_shared(data) -> SharedForm:
    form = Form(data=data)
    result = SharedForm(values={})
    result.provider_id = form.id(
        "provider", required=_("Choose the managed neighbour whose company will serve this community.")
    )
    result.start_date = _first_day(form)
    result.end_date = _last_day(form, result.start_date)
    result.note = form.text("note", max_length=500)
    result.values = {key: "" for key in SHARED_FIELDS} | {key: str(value) for key, value in form.values.items()}
    result.errors = form.errors
    return result


def parse_end_shared(data) -> SharedForm:
    form = Form(data=data)
    message = _("Enter the last day, as YYYY-MM-DD.")
    result = SharedForm(values={})
    result.end_date = form.date("end_date", required=message, invalid=message)
    result.values = {"end_date": form.values.get("end_date", "")}
    result.errors = form.errors
    return result


@dataclass
class BundleForm:
    values: dict
    data: BundleInput
    projects: list[dict]
    errors: dict[str, str] = field(default_factory=dict)


PROJECT_ROWS = 3


def parse_bundle(data) -> BundleForm:
    contract = parse_assignment(_Professional(data))
    form = Form(data=data)
    name = form.text("name", max_length=128, required=_("Give the bundle a name."))
    note = form.text("reason_note", max_length=1000)
    result = BundleInput(
        name=name,
        company_id=contract.data.company_id,
        reason_small=form.flag("reason_small"),
        reason_adjacent=form.flag("reason_adjacent"),
        reason_costly=form.flag("reason_costly"),
        reason_note=note,
        contract=contract.data,
        community_ids=form.ids("community_ids"),
    )
    if not (result.reason_small or result.reason_adjacent or result.reason_costly):
        form.error("reasons", _("Record why these communities qualify for bundling."))
    if len(result.community_ids) < 2:
        form.error("community_ids", _("A bundle holds at least two communities."))
    projects = []
    for index in range(PROJECT_ROWS):
        kind = form.text(f"project_kind_{index}", max_length=24)
        project = form.text(f"project_name_{index}", max_length=128)
        area_text = form.text(f"project_area_{index}", max_length=20)
        projects.append({"kind": kind, "name": project, "area": area_text})
        if not project and not area_text:
            continue
        area = parse_area(area_text, MAX_PROJECT_AREA)  # the one number rule: no ١٢, 1e3 or 8² read as an area
        if kind not in PROJECT_KINDS or not project or area.problem:
            form.error(f"project_{index}", _(
                "Each public project needs a kind, a name and a floor area in m² (at most two decimals)."
            ))
            continue
        result.projects.append((kind, project, area.value))
    if not result.projects and not any(key.startswith("project_") for key in form.errors):
        form.error("project_0", _("A bundle includes at least one public project."))
    values = {**contract.values, "name": form.values.get("name", ""), "reason_note": form.values.get("reason_note", "")}
    return BundleForm(values=values, data=result, projects=projects, errors={**contract.errors, **form.errors})


class _Professional:
    """The bundle's form data as the assignment form reads it: mode fixed to professional."""

    def __init__(self, data) -> None:
        self._data = data

    def get(self, name: str, default: object = "") -> object:
        if name == "mode":
            return "professional"
        return self._data.get(name, default) if self._data is not None else default
