"""Input from the company pages, checked field by field; messages in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.clock import today
from app.companies.logic import (
    LENGTH,
    MAX_SUBSIDY_FEN,
    check_uscc,
    normalise_phone,
    phone_ok,
)
from app.i18n import gettext as _
from app.i18n import ngettext
from app.money import parse_yuan

FIRST_SUBSIDY_YEAR = 2000
_LIMITS = {"name": 128, "legal_representative": 64, "contact_name": 64, "address": 255, "red_property_by": 128}


def clean_text(raw: str) -> str:
    """Runs of whitespace to one space, control and other unprintable characters (NUL, lone surrogates) dropped:
    the database refuses some of them, and none belongs in a name or an address."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())


def _text(form, name: str) -> str:
    # Generous cut-off so an over-long value is reported (not silently shortened) yet stays small.
    return clean_text(str(form.get(name, "") or "")[:2000])


def uscc_message(raw: str) -> tuple[str, str | None]:
    """The normalised code and, when it is not valid, a message naming the part that is wrong."""
    result = check_uscc(raw)
    if result.problem is None:
        return result.code, None
    if result.problem == "empty":
        return result.code, _("Enter the 18-character Unified Social Credit Code.")
    if result.problem == "length":
        given = len(result.code)
        return result.code, ngettext(
            "The code has %(num)s character; it needs exactly %(length)s.",
            "The code has %(num)s characters; it needs exactly %(length)s.",
            given,
            length=LENGTH,
        )
    if result.problem == "character":
        return result.code, _(
            "Character %(position)s, “%(char)s”, is not allowed: a credit code uses only digits and capital "
            "letters, never I, O, S, V or Z.",
            position=result.position,
            char=result.code[result.position - 1],
        )
    return result.code, _(
        "The check character (the 18th) does not match the first 17: by the GB 32100 rule it would be "
        "“%(expected)s”. Check the code for a typing slip.",
        expected=result.expected,
    )


@dataclass
class CompanyForm:
    name: str = ""
    uscc: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    region_code: str = ""
    is_red_property: bool = False
    red_property_since: str = ""  # as typed, to show it again
    red_property_by: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    since: date | None = None  # the parsed date

    @classmethod
    def from_company(cls, company: dict) -> CompanyForm:
        since = company["red_property_since"]
        return cls(
            **{key: company[key] for key in ("name", "uscc", "legal_representative", "contact_name",
                                             "contact_phone", "address", "region_code", "is_red_property",
                                             "red_property_by")},
            red_property_since=since.isoformat() if since else "",
            since=since,
        )

    def values(self) -> dict:
        """The checked values, as the registry stores them."""
        return {
            "name": self.name,
            "uscc": self.uscc,
            "legal_representative": self.legal_representative,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
            "address": self.address,
            "region_code": self.region_code,
            "is_red_property": self.is_red_property,
            "red_property_since": self.since if self.is_red_property else None,
            "red_property_by": self.red_property_by if self.is_red_property else "",
        }


def parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def parse_company(form, region_codes: set[str]) -> CompanyForm:
    """The company form; ``region_codes`` are where this user may register a company."""
    data = CompanyForm(
        **{key: _text(form, key) for key in ("name", "legal_representative", "contact_name", "address",
                                             "region_code", "red_property_since", "red_property_by")},
        contact_phone=normalise_phone(_text(form, "contact_phone")),
        is_red_property=str(form.get("is_red_property", "")) in ("1", "on", "true"),
    )
    data.uscc, message = uscc_message(str(form.get("uscc", "") or "")[:200])
    data.uscc = data.uscc[:40]  # shown again in the form when wrong; never stored unless valid
    if message:
        data.errors["uscc"] = message
    if not data.name:
        data.errors["name"] = _("Enter the company's registered name.")
    for key, limit in _LIMITS.items():
        if len(getattr(data, key)) > limit and key not in data.errors:
            data.errors[key] = _("At most %(n)s characters (you typed %(given)s).", n=limit, given=len(getattr(data, key)))
    if data.contact_phone and not phone_ok(data.contact_phone):
        data.errors["contact_phone"] = _(
            "Enter a phone number: 7 to 20 digits, with spaces, hyphens or brackets if you like "
            "(13812345678, 0971-8123456)."
        )
    if data.region_code not in region_codes:
        data.errors["region_code"] = _("Choose where the company is registered, inside your area.")
    if data.is_red_property:
        data.since = parse_date(data.red_property_since)
        if not data.red_property_since:
            data.errors["red_property_since"] = _("Enter the date it was designated a red property company.")
        elif data.since is None:
            data.errors["red_property_since"] = _("Enter a date such as 2024-03-01.")
        elif data.since > today():
            data.errors["red_property_since"] = _("The designation date cannot be in the future.")
        if not data.red_property_by and "red_property_by" not in data.errors:
            data.errors["red_property_by"] = _("Enter who designated it (for example 城东区委组织部).")
    return data


@dataclass
class SubsidyForm:
    amount: str = ""
    year: str = ""
    source: str = ""
    community: str = ""
    note: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    amount_fen: int | None = None
    year_value: int | None = None
    community_id: int | None = None


def parse_subsidy(form, community_ids: set[int]) -> SubsidyForm:
    """The subsidy form; ``community_ids`` are the communities a subsidy may name."""
    data = SubsidyForm(**{key: _text(form, key) for key in ("amount", "year", "source", "community", "note")})
    amount = parse_yuan(data.amount, MAX_SUBSIDY_FEN)
    data.amount_fen = amount.fen
    if amount.problem == "empty":
        data.errors["amount"] = _("Enter the amount in yuan.")
    elif amount.problem == "format":
        data.errors["amount"] = _("Enter the amount in yuan as a number, such as 50000 or 12,500.50.")
    elif amount.problem == "decimals":
        data.errors["amount"] = _("At most two decimals: the smallest unit is one fen (0.01 yuan).")
    elif amount.problem == "not_positive":
        data.errors["amount"] = _("The amount must be more than zero.")
    elif amount.problem == "too_large":
        data.errors["amount"] = _("This amount is too large for one subsidy. Check the number of digits.")
    this_year = today().year
    if data.year.isascii() and data.year.isdigit() and len(data.year) <= 4:
        data.year_value = int(data.year)
    if data.year_value is None or not FIRST_SUBSIDY_YEAR <= data.year_value <= this_year:
        data.year_value = None
        data.errors["year"] = _("Enter a year from %(first)s to %(last)s.", first=FIRST_SUBSIDY_YEAR, last=this_year)
    if not data.source:
        data.errors["source"] = _("Enter who paid the subsidy (for example 城东区财政局).")
    elif len(data.source) > 128:
        data.errors["source"] = _("At most %(n)s characters (you typed %(given)s).", n=128, given=len(data.source))
    if len(data.note) > 255:
        data.errors["note"] = _("At most %(n)s characters (you typed %(given)s).", n=255, given=len(data.note))
    if data.community:
        if data.community.isascii() and data.community.isdigit() and int(data.community) in community_ids:
            data.community_id = int(data.community)
        else:
            data.errors["community"] = _("Choose a community inside your area.")
    return data


def parse_removal_reason(form) -> tuple[str, str | None]:
    reason = _text(form, "reason")
    if not reason:
        return reason, _("Say why this subsidy is being removed; the reason is kept in the audit log.")
    if len(reason) > 255:
        return reason, _("At most %(n)s characters (you typed %(given)s).", n=255, given=len(reason))
    return reason, None
