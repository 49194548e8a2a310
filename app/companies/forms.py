"""Input from the company pages, read through the one ``Form`` shape; messages in the user's language."""

from __future__ import annotations

from app.clock import today
from app.companies.logic import AUTHORITIES, LENGTH, MAX_SUBSIDY_FEN, check_uscc
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import ngettext

FIRST_SUBSIDY_YEAR = 2000
COMPANY_FIELDS = ("name", "uscc", "legal_representative", "contact_name", "contact_phone", "address", "region_code",
                  "is_red_property", "red_property_since", "red_property_by")


def uscc_message(raw: str) -> tuple[str, str | None]:
    """The normalised code and, when it is not valid, a message naming the part that is wrong.

    A failed check never names the "right" last character (see ``check_uscc``)."""
    result = check_uscc(raw)
    code, problem = result.code, result.problem
    if problem is None:
        return code, None
    if problem == "empty":
        return code, _("Enter the 18-character Unified Social Credit Code.")
    if problem == "length":
        return code, ngettext(
            "The code has %(num)s character; it needs exactly %(length)s.",
            "The code has %(num)s characters; it needs exactly %(length)s.",
            len(code),
            length=LENGTH,
        )
    if problem == "character":
        return code, _(
            "Character %(position)s, “%(char)s”, is not allowed: a credit code uses only digits and capital "
            "letters, never I, O, S, V or Z.",
            position=result.position,
            char=code[result.position - 1],
        )
    if problem == "authority":
        return code, _(
            "The 1st character, the registration authority “%(char)s”, is not one GB 32100 lists "
            "(a company registered with market regulation starts with 9).",
            char=code[0],
        )
    if problem == "type":
        return code, _(
            "The 2nd character, the type code “%(char)s”, is not a valid type for registration authority "
            "%(authority)s (%(name)s).",
            char=code[1], authority=code[0], name=_(AUTHORITIES[code[0]]),
        )
    if problem == "division":
        return code, _(
            "Characters 3 to 8, the division code “%(part)s”, must be six digits (the registering "
            "authority's region, such as 630102).",
            part=code[2:8],
        )
    return code, _(
        "The code does not add up: its last character, the check character, does not fit the first 17. "
        "Check each character against the business licence."
    )


def company_form_of(company: dict | None = None, region_code: str = "") -> Form:
    """The form filled in from a company (to edit it), or blank (``region_code`` pre-selected)."""
    if company is None:
        return Form(values={**dict.fromkeys(COMPANY_FIELDS, ""), "region_code": region_code})
    since = company["red_property_since"]
    values = {key: company[key] or "" for key in COMPANY_FIELDS if key not in ("is_red_property", "red_property_since")}
    values["is_red_property"] = "yes" if company["is_red_property"] else ""
    values["red_property_since"] = since.isoformat() if since else ""
    return Form(values=values)


def parse_company(data, region_codes: set[str]) -> Form:
    """The company form; ``region_codes`` are where this user may register a company. ``clean`` holds the
    values as the registry stores them (see ``COMPANY_FIELDS``)."""
    form = Form(data=data)
    form.text("name", max_length=128, required=_("Enter the company's registered name."))
    code, message = uscc_message(form.raw("uscc")[:200])
    form.values["uscc"] = code[:40]  # shown again, normalised, when wrong; never stored unless valid
    form.clean["uscc"] = code
    if message:
        form.error("uscc", message)
    form.text("legal_representative", max_length=64)
    form.text("contact_name", max_length=64)
    form.phone("contact_phone")
    form.text("address", max_length=255)
    form.choice("region_code", region_codes, _("Choose where the company is registered, inside your area."))
    red = form.flag("is_red_property")
    if red:
        since = form.date("red_property_since", required=_("Enter the date it was designated a red property company."),
                          invalid=_("Enter a date such as 2024-03-01."))
        if since is not None and since > today():
            form.error("red_property_since", _("The designation date cannot be in the future."))
        form.text("red_property_by", max_length=128, required=_("Enter who designated it (for example 城东区委组织部)."))
    else:
        form.raw("red_property_since")
        form.raw("red_property_by")
        form.clean["red_property_since"], form.clean["red_property_by"] = None, ""
    return form


def parse_subsidy(data, community_ids: set[int]) -> Form:
    """The subsidy form; ``community_ids`` are the communities a subsidy may name."""
    form = Form(data=data)
    form.amount("amount", maximum_fen=MAX_SUBSIDY_FEN)
    form.year("year", minimum=FIRST_SUBSIDY_YEAR, maximum=today().year)
    form.text("source", max_length=128, required=_("Enter who paid the subsidy (for example 城东区财政局)."))
    form.text("note", max_length=255)
    community = form.id("community")
    if "community" in form.errors or (community is not None and community not in community_ids):
        form.errors["community"] = _("Choose a community inside your area.")
        form.clean["community"] = None
    return form


def blank_subsidy() -> Form:
    return Form(values={"amount": "", "year": str(today().year), "source": "", "community": "", "note": ""})


def parse_removal_reason(data) -> Form:
    form = Form(data=data)
    form.text("reason", max_length=255,
              required=_("Say why this subsidy is being removed; the reason is kept in the audit log."))
    return form
