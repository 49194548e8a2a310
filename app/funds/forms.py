"""The fund's forms: a deposit, a correction, a county's rate. Each reads what was typed, keeps it for
the form's second showing, and says what is wrong next to the field."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from app.communities.forms import clean_filename
from app.forms import Form
from app.funds.logic import EMERGENCY_REASONS, PROPOSAL_SCOPES
from app.funds.services.ledger import KEY_LENGTH, MEMO_LENGTH
from app.funds.services.proposals import (
    AUTHORISED_BY_LENGTH,
    CONTRACTOR_LENGTH,
    DESCRIPTION_LENGTH,
    MAX_BUDGET_FEN,
    TITLE_LENGTH,
)
from app.funds.services.rates import MAX_RATE_FEN
from app.i18n import gettext as _

MAX_DEPOSIT_FEN = 100_000_000  # one million yuan in one deposit: more is a typing slip


def new_key() -> str:
    """The idempotency key a form carries in a hidden field: the same submission posts once."""
    return secrets.token_urlsafe(24)


def _key(form: Form) -> None:
    key = form.raw("idempotency_key").strip()
    if not key or len(key) > KEY_LENGTH or not key.replace("-", "").replace("_", "").isalnum() or not key.isascii():
        form.error("idempotency_key", _("The form has expired: load it again and resubmit."))
    form.clean["idempotency_key"] = key


def blank_deposit(household: int | None = None) -> Form:
    return Form(values={"household": str(household or ""), "amount": "", "memo": "", "idempotency_key": new_key()})


def parse_deposit(data) -> Form:
    form = Form(data=data)
    form.id("household", required=_("Choose the household."))
    form.amount("amount", maximum_fen=MAX_DEPOSIT_FEN)
    form.text("memo", max_length=MEMO_LENGTH)
    _key(form)
    return form


def blank_correction() -> Form:
    return Form(values={"reason": "", "idempotency_key": new_key()})


def parse_correction(data) -> Form:
    form = Form(data=data)
    form.text("reason", max_length=MEMO_LENGTH, required=_("Say why the entry is corrected."))
    _key(form)
    return form


MAX_DISTRIBUTION_FEN = 10**10  # 100 million yuan of interest or income at once: more is a typing slip
DISTRIBUTION_KINDS = ("interest", "income")
DISTRIBUTION_BASES = ("balance", "area")


def blank_distribution(basis: str) -> Form:
    # A hex key: the distribution's entries are found again by its prefix, so no LIKE wildcard in it.
    return Form(values={"amount": "", "kind": "interest", "basis": basis, "idempotency_key": secrets.token_hex(16),
                        "digest": ""})


def parse_distribution(data) -> Form:
    """The distribution form, for its preview (no digest yet) and its posting."""
    form = Form(data=data)
    form.amount("amount", maximum_fen=MAX_DISTRIBUTION_FEN)
    form.choice("kind", DISTRIBUTION_KINDS, _("Choose interest or common-part income."))
    form.choice("basis", DISTRIBUTION_BASES, _("Choose how the amount is shared: by balance or by floor area."))
    key = form.raw("idempotency_key").strip()
    if not (0 < len(key) <= 40 and key.isascii() and all(ch in "0123456789abcdef" for ch in key)):
        form.error("idempotency_key", _("The form has expired: load it again and resubmit."))
    form.clean["idempotency_key"] = key
    digest = form.raw("digest").strip()
    form.clean["digest"] = digest if len(digest) == 64 and digest.isascii() and digest.isalnum() else ""
    return form


def parse_import_confirm(data) -> Form:
    """The statement check's "post them" button: the stored upload, its name and what was shown."""
    form = Form(data=data)
    form.text("upload", max_length=64)
    form.text("digest", max_length=64)
    form.clean["filename"] = clean_filename(form.raw("filename"))
    return form


def blank_rate() -> Form:
    return Form(values={"county": "", "rate": "", "effective_from": ""})


def parse_rate(data, counties: list[str]) -> Form:
    form = Form(data=data)
    form.choice("county", counties, _("Choose a county of your area."))
    form.amount("rate", maximum_fen=MAX_RATE_FEN)
    form.date("effective_from", required=_("Enter the day the rate applies from."))
    return form


# A use of the fund (app.funds.services.proposals, votes).

VOTE_DAYS = 14  # the voting window the form suggests


def blank_proposal() -> Form:
    return Form(values={"title": "", "description": "", "budget": "", "contractor": "", "scope": "whole",
                        "building_ids": [], "household_ids": []})


def proposal_values(proposal: dict) -> Form:
    """A draft proposal as its form shows it again for editing (the budget in yuan, as typed)."""
    yuan, fen = divmod(proposal["budget_fen"], 100)
    return Form(values={"title": proposal["title"], "description": proposal["description"],
                        "budget": f"{yuan}.{fen:02d}" if fen else str(yuan), "contractor": proposal["contractor"],
                        "scope": proposal["scope"], "building_ids": list(proposal["building_ids"] or []),
                        "household_ids": list(proposal["household_ids"] or [])})


def parse_proposal(data) -> Form:
    form = Form(data=data)
    form.text("title", max_length=TITLE_LENGTH, required=_("Name the project."))
    form.text("description", max_length=DESCRIPTION_LENGTH)
    form.amount("budget", maximum_fen=MAX_BUDGET_FEN)
    form.text("contractor", max_length=CONTRACTOR_LENGTH, required=_("Name the contractor."))
    form.choice("scope", PROPOSAL_SCOPES, _("Choose who bears the cost."))
    form.ids("building_ids")
    form.ids("household_ids")
    return form


def blank_vote(today: date) -> Form:
    return Form(values={"opens_on": today.isoformat(), "closes_on": (today + timedelta(days=VOTE_DAYS)).isoformat()})


def parse_vote(data) -> Form:
    form = Form(data=data)
    form.date("opens_on", required=_("Choose the first day of voting."))
    form.date("closes_on", required=_("Choose the last day of voting."))
    return form


def blank_emergency(today: date) -> Form:
    return Form(values={"reason": "", "authorised_by": "", "authorised_on": today.isoformat()})


def parse_emergency(data) -> Form:
    form = Form(data=data)
    form.choice("reason", EMERGENCY_REASONS, _("Choose the emergency from the list."))
    form.text("authorised_by", max_length=AUTHORISED_BY_LENGTH, required=_("Say who authorised the emergency repair."))
    form.date("authorised_on", required=_("Enter the day it was authorised."))
    return form
