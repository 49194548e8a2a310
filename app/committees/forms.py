"""Reading the committee forms through the shared ``app.forms`` readers. Controllers never parse."""

from __future__ import annotations

from app.committees.logic import CROSS_KINDS, MAX_MEMBERS, POSTS
from app.committees.services import (
    CommitteeCorrection,
    CommitteeInput,
    CrossInput,
    MemberCorrection,
    MemberInput,
    SlateInput,
)
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import lazy

MEMBER_ROWS = MAX_MEMBERS  # the install form offers this many rows; blank ones are skipped
INSTALL_FIELDS = ("elected_on", "term_start", "term_end", "first_meeting_on", "filed_bureau_on", "filed_street_on")


def member_fields(n: int) -> tuple[str, str, str, str]:
    return f"household_{n}", f"post_{n}", f"party_{n}", f"phone_{n}"


def blank_install() -> Form:
    form = Form(values={name: "" for name in INSTALL_FIELDS})
    for n in range(1, MEMBER_ROWS + 1):
        for name in member_fields(n):
            form.values[name] = ""
    return form


def _day(form: Form, name: str, *, required: str | None = None):
    return form.date(name, required=required)


def parse_install(data) -> tuple[Form, CommitteeInput | None]:
    form = Form(data=data)
    elected = _day(form, "elected_on", required=_("Enter the day of the election."))
    start = _day(form, "term_start", required=_("Enter the first day of the term."))
    end = _day(form, "term_end", required=_("Enter the last day of the term."))
    optional = {name: _day(form, name) for name in ("first_meeting_on", "filed_bureau_on", "filed_street_on")}
    members = _members(form)
    if not form.ok:
        return form, None
    return form, CommitteeInput(elected_on=elected, term_start=start, term_end=end, members=members, **optional)


def _members(form: Form) -> list[MemberInput]:
    """The member rows, blank ones skipped: the install form's and an election slate's."""
    members = []
    for n in range(1, MEMBER_ROWS + 1):
        household_name, post_name, party_name, phone_name = member_fields(n)
        household = form.id(household_name)
        post = form.raw(post_name)
        party = form.flag(party_name)
        phone = form.phone(phone_name)
        if household is None:
            continue
        if post not in POSTS:
            form.error(post_name, _("Choose the post."))
        members.append(MemberInput(household_id=household, post=post, party_member=party, phone=phone))
    if not members and "members" not in form.errors:
        form.error("members", _("Name the members of the committee."))
    return members


def blank_slate() -> Form:
    form = blank_install()
    form.values = {name: value for name, value in form.values.items() if name not in INSTALL_FIELDS[3:]}
    return form


def slate_form(slate: dict | None) -> Form:
    """The slate form filled with the stored slate (blank when there is none yet)."""
    form = blank_slate()
    if slate is None:
        return form
    form.values.update(term_start=slate["term_start"].isoformat(), term_end=slate["term_end"].isoformat())
    for n, member in enumerate(slate["members"], start=1):
        household_name, post_name, party_name, phone_name = member_fields(n)
        form.values.update({household_name: str(member["household"]), post_name: member["post"],
                            party_name: "yes" if member["party_member"] else "", phone_name: member["phone"]})
    return form


def parse_slate(data) -> tuple[Form, SlateInput | None]:
    """An election's slate: the term and the member rows, read as the install form reads them."""
    form = Form(data=data)
    start = _day(form, "term_start", required=_("Enter the first day of the term."))
    end = _day(form, "term_end", required=_("Enter the last day of the term."))
    members = _members(form)
    if not form.ok:
        return form, None
    return form, SlateInput(term_start=start, term_end=end, members=members)


def parse_dates(data) -> Form:
    form = Form(data=data)
    for name in ("first_meeting_on", "filed_bureau_on", "filed_street_on"):
        form.date(name)
    if form.ok and not any(form.clean.values()):
        form.error("first_meeting_on", _("Enter at least one day."))
    return form


def parse_change(data) -> tuple[Form, dict]:
    """The change's fields, and the service's arguments (``leaving_id``, ``joining``) when valid."""
    form = Form(data=data)
    changed_on = form.date("changed_on", required=_("Enter the day of the change."))
    description = form.text("description", max_length=255, required=_("Say what changed."))
    filed_on = form.date("filed_on")
    leaving = form.id("leaving_id")
    household = form.id("joining_household")
    post = form.raw("joining_post") or "member"
    party = form.flag("joining_party")
    phone = form.phone("joining_phone")
    moving = form.id("moving_id")
    moving_post = form.raw("moving_post") or None
    if moving is not None and moving_post not in POSTS:
        form.error("moving_post", _("Choose the post."))
    joining = None
    if household is not None:
        if post not in POSTS:
            form.error("joining_post", _("Choose the post."))
        joining = MemberInput(household_id=household, post=post, party_member=party, phone=phone)
    return form, {"changed_on": changed_on, "description": description, "filed_on": filed_on,
                  "leaving_id": leaving, "joining": joining, "moving_id": moving,
                  "moving_post": moving_post if moving is not None else None}


def parse_filed(data) -> Form:
    form = Form(data=data)
    form.date("filed_on", required=_("Enter the day it was filed."))
    return form


def parse_group(data) -> Form:
    form = Form(data=data)
    form.date("formed_on", required=_("Enter the day the group was formed."))
    form.text("guide_name", max_length=64, required=_("Name the street officer who guides it."))
    form.text("member_names", max_length=255)
    return form


def parse_cross(data) -> Form:
    form = Form(data=data)
    form.choice("kind", CROSS_KINDS, _("Choose the kind of appointment."))
    form.id("company_id", required=_("Choose the property company."))
    form.text("person_name", max_length=64, required=_("Name the person."))
    form.text("role_title", max_length=64)
    form.date("start_date", required=_("Enter the first day."))
    return form


def parse_cross_edit(data) -> tuple[Form, CrossInput | None]:
    """A cross-appointment put right or ended: the record form's fields and its last day."""
    form = parse_cross(data)
    form.date("end_date")
    if not form.ok:
        return form, None
    return form, CrossInput(**form.clean)


def cross_form(row: dict) -> Form:
    return Form(values={"kind": row["kind"], "company_id": str(row["company"]), "person_name": row["person_name"],
                        "role_title": row["role_title"], "start_date": row["start_date"].isoformat(),
                        "end_date": row["end_date"].isoformat() if row["end_date"] else ""})


REASON = lazy("Say why the record is corrected.")


def _iso(day) -> str:
    return day.isoformat() if day else ""


def committee_correction_form(row: dict) -> Form:
    """The correction form filled with the record as it stands."""
    values = {name: _iso(row[name]) for name in INSTALL_FIELDS}
    values.update(filed_bureau_number=row["filed_bureau_number"], filed_street_number=row["filed_street_number"],
                  reason="")
    return Form(values=values)


def parse_committee_correction(data) -> tuple[Form, CommitteeCorrection | None]:
    form = Form(data=data)
    elected = _day(form, "elected_on", required=_("Enter the day of the election."))
    start = _day(form, "term_start", required=_("Enter the first day of the term."))
    end = _day(form, "term_end", required=_("Enter the last day of the term."))
    optional = {name: _day(form, name) for name in ("first_meeting_on", "filed_bureau_on", "filed_street_on")}
    numbers = {name: form.text(name, max_length=32) for name in ("filed_bureau_number", "filed_street_number")}
    reason = form.text("reason", max_length=255, required=_(REASON))
    if not form.ok:
        return form, None
    return form, CommitteeCorrection(elected_on=elected, term_start=start, term_end=end, reason=reason,
                                     **optional, **numbers)


def member_correction_form(member: dict) -> Form:
    return Form(values={"household": str(member["household"]), "post": member["post"],
                        "party": "yes" if member["party_member"] else "", "phone": member["phone"], "reason": ""})


def parse_member_correction(data) -> tuple[Form, MemberCorrection | None]:
    form = Form(data=data)
    household = form.id("household", required=_("Choose the household the member owns."))
    post = form.choice("post", POSTS, _("Choose the post."))
    party = form.flag("party")
    phone = form.phone("phone")
    reason = form.text("reason", max_length=255, required=_(REASON))
    if not form.ok:
        return form, None
    return form, MemberCorrection(household_id=household, post=post, party_member=party, phone=phone, reason=reason)
