"""Reading the arrangement forms: each field checked, messages in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from app.companies.logic import phone_ok
from app.i18n import gettext as _
from app.i18n import lazy
from app.management.bundles import BundleInput
from app.management.logic import END_REASONS, MODES, PROJECT_KINDS
from app.management.services import ArrangementInput
from app.money import parse_yuan
from app.settings import get_settings

MAX_FEE_FEN = 100_00  # ¥100 per m² per month: above that, surely a typing slip
MONEY_MESSAGES = {
    "empty": lazy("Enter the fee per m² per month, in yuan."),
    "format": lazy("Write the fee as a number of yuan, e.g. 0.80."),
    "decimals": lazy("Yuan have at most two decimals (fen)."),
    "not_positive": lazy("The fee must be more than zero."),
    "too_large": lazy("This fee is far too large."),
}


def parse_date(raw: object) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _int(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _text(form, name: str, limit: int) -> str:
    return str(form.get(name, "")).strip()[:limit]


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


def parse_assignment(form) -> AssignmentForm:
    values = {key: str(form.get(key, "")).strip()[:200] for key in ASSIGNMENT_FIELDS}
    errors: dict[str, str] = {}
    data = ArrangementInput(mode=values["mode"])
    if data.mode not in MODES:
        errors["mode"] = _("Choose how the community will be managed.")
    data.start_date = parse_date(values["start_date"])
    if data.start_date is None:
        errors["start_date"] = _("Enter the first day, as YYYY-MM-DD.")
    data.end_date = parse_date(values["end_date"])
    if values["end_date"] and data.end_date is None:
        errors["end_date"] = _("Enter the last day, as YYYY-MM-DD, or leave it empty.")
    elif data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = _("The end cannot be before the start.")
    if data.mode == "professional":
        data.company_id = _int(values["company_id"])
        if data.company_id is None:
            errors["company_id"] = _("Choose the property company.")
        data.contract_number = _text(form, "contract_number", 64)
        if not data.contract_number:
            errors["contract_number"] = _("Enter the service contract's number.")
        data.service_level = values["service_level"]
        if data.service_level not in get_settings().policy.service_levels:
            errors["service_level"] = _("Choose the service level the contract names.")
        amount = parse_yuan(values["fee_yuan"], MAX_FEE_FEN)
        data.fee_fen_per_m2_month = amount.fen
        if amount.problem:
            errors["fee_yuan"] = _(MONEY_MESSAGES[amount.problem])
        if data.end_date is None and "end_date" not in errors:
            errors["end_date"] = _("A service contract has an end date.")
    elif data.mode == "self_managed":
        data.supervising_region_code = values["supervising_region_code"] or None
        _contact(values, data, errors)
    elif data.mode == "street_proxy":
        data.responsible_id = _int(values["responsible_id"])
        if data.responsible_id is None:
            errors["responsible_id"] = _("Choose the responsible grid member or staff member.")
    elif data.mode == "unit_managed":
        data.unit_name = _text(form, "unit_name", 128)
        if not data.unit_name:
            errors["unit_name"] = _("Enter the owning work unit's name.")
        _contact(values, data, errors)
    return AssignmentForm(values=values, data=data, errors=errors)


def _contact(values: dict, data: ArrangementInput, errors: dict[str, str]) -> None:
    data.contact_name = values["contact_name"][:64]
    data.contact_phone = values["contact_phone"][:32]
    if not data.contact_name:
        errors["contact_name"] = _("Enter the contact person's name.")
    if not phone_ok(data.contact_phone):
        errors["contact_phone"] = _(
            "Enter a phone number: 7 to 20 digits, with spaces, hyphens or brackets if you like "
            "(13812345678, 0971-8123456)."
        )


@dataclass
class EndForm:
    values: dict
    end_date: date | None = None
    reason: str = ""
    note: str = ""
    notice_given_on: date | None = None
    acknowledge: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def parse_end(form) -> EndForm:
    values = {key: str(form.get(key, "")).strip()[:500] for key in ("end_date", "reason", "note", "notice_given_on")}
    result = EndForm(values=values, reason=values["reason"], note=values["note"])
    result.acknowledge = str(form.get("acknowledge", "")) == "yes"
    result.end_date = parse_date(values["end_date"])
    if result.end_date is None:
        result.errors["end_date"] = _("Enter the last day, as YYYY-MM-DD.")
    if result.reason not in END_REASONS:
        result.errors["reason"] = _("Choose why it ends.")
    result.notice_given_on = parse_date(values["notice_given_on"])
    if values["notice_given_on"] and result.notice_given_on is None:
        result.errors["notice_given_on"] = _("Enter the day notice was given, as YYYY-MM-DD, or leave it empty.")
    if result.reason == "other" and not result.note:
        result.errors["note"] = _("Say why it ends.")
    return result


@dataclass
class BundleForm:
    values: dict
    data: BundleInput
    projects: list[dict]
    errors: dict[str, str] = field(default_factory=dict)


PROJECT_ROWS = 3


def parse_bundle(form) -> BundleForm:
    contract = parse_assignment({**{key: form.get(key, "") for key in ASSIGNMENT_FIELDS}, "mode": "professional"})
    values = {**contract.values, "name": _text(form, "name", 128), "reason_note": _text(form, "reason_note", 1000)}
    data = BundleInput(
        name=values["name"],
        company_id=contract.data.company_id,
        reason_small=form.get("reason_small") == "yes",
        reason_adjacent=form.get("reason_adjacent") == "yes",
        reason_costly=form.get("reason_costly") == "yes",
        reason_note=values["reason_note"],
        contract=contract.data,
    )
    errors = dict(contract.errors)
    if not data.name:
        errors["name"] = _("Give the bundle a name.")
    if not (data.reason_small or data.reason_adjacent or data.reason_costly):
        errors["reasons"] = _("Record why these communities qualify for bundling.")
    ids = form.getall("community_ids") if hasattr(form, "getall") else form.get("community_ids", [])
    data.community_ids = sorted({int(x) for x in ids if str(x).isdigit() and len(str(x)) < 10})
    if len(data.community_ids) < 2:
        errors["community_ids"] = _("A bundle holds at least two communities.")
    projects = []
    for index in range(PROJECT_ROWS):
        kind = str(form.get(f"project_kind_{index}", ""))
        name = _text(form, f"project_name_{index}", 128)
        area_text = _text(form, f"project_area_{index}", 20)
        projects.append({"kind": kind, "name": name, "area": area_text})
        if not name and not area_text:
            continue
        try:
            area = Decimal(area_text)
        except InvalidOperation:
            area = None
        if kind not in PROJECT_KINDS or not name or area is None or not area.is_finite() or area <= 0 \
                or area != area.quantize(Decimal("0.01")) or area >= Decimal("1e10"):
            errors[f"project_{index}"] = _("Each public project needs a kind, a name and a floor area in m² (at most two decimals).")
            continue
        data.projects.append((kind, name, area))
    if not data.projects and not any(key.startswith("project_") for key in errors):
        errors["project_0"] = _("A bundle includes at least one public project.")
    return BundleForm(values=values, data=data, projects=projects, errors=errors)
