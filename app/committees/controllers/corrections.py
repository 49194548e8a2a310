"""Putting records right: a committee's dates and filing numbers, a member's post, party membership,
phone or household (each with a reason, audited), and ending or correcting a cross-appointment.
Street users of the area and bureau users only; anyone else gets 404."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.committees import services as committees
from app.committees.forms import (
    committee_correction_form,
    cross_form,
    member_correction_form,
    parse_committee_correction,
    parse_cross_edit,
    parse_member_correction,
)
from app.committees.logic import CROSS_KINDS, POSTS
from app.errors import FieldError
from app.forms import Form
from app.i18n import lazy
from app.management import services as management
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import render

RECORDERS = allow("bureau", "street")

messages({
    "committee.corrected": lazy("The record is corrected."),
    "committee.cross_updated": lazy("The cross-appointment is saved."),
})


def _back(request: Request, community_id: int, key: str) -> Response:
    return flash(request, request.app.route_reverse("show_committee", community_id=community_id), key)


def _correction_page(request: Request, committee: dict, form: Form, status_code: int = 200) -> Template:
    return render(request, "committees/correct.html", {"c": committee, "form": form}, status_code=status_code)


@get("/committees/{committee_id:int}/correct", name="show_committee_correction", guards=[RECORDERS])
async def show_committee_correction(request: Request, committee_id: FromPath[int]) -> Template:
    committee = await committees.get_committee(principal_of(request), committee_id, to_record=True)
    return _correction_page(request, committee, committee_correction_form(committee))


@post("/committees/{committee_id:int}/correct", name="correct_committee", guards=[RECORDERS])
async def correct_committee(request: Request, committee_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    committee = await committees.get_committee(actor, committee_id, to_record=True)
    form, data = parse_committee_correction(await request.form())
    if data is not None:
        try:
            await committees.correct_committee(actor, committee_id, data)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, committee["community"], "committee.corrected")
    return _correction_page(request, committee, form, 422)


async def _member_page(request: Request, member: dict, committee: dict, form: Form, status_code: int = 200) -> Template:
    pickers = await committees.picker_context(committee["community"], form.values, ["household"])
    return render(request, "committees/correct_member.html",
                  {"m": member, "c": committee, "form": form, "posts": POSTS, **pickers}, status_code=status_code)


@get("/committee-members/{member_id:int}/correct", name="show_member_correction", guards=[RECORDERS])
async def show_member_correction(request: Request, member_id: FromPath[int]) -> Template:
    member, committee = await committees.get_member(principal_of(request), member_id)
    return await _member_page(request, member, committee, member_correction_form(member))


@post("/committee-members/{member_id:int}/correct", name="correct_committee_member", guards=[RECORDERS])
async def correct_committee_member(request: Request, member_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    member, committee = await committees.get_member(actor, member_id)
    form, data = parse_member_correction(await request.form())
    if data is not None:
        try:
            await committees.correct_member(actor, member_id, data)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, committee["community"], "committee.corrected")
    return await _member_page(request, member, committee, form, 422)


async def _cross_page(request: Request, row: dict, form: Form, status_code: int = 200) -> Template:
    seen: dict[int, str] = {row["company"]: row["company_name"]}
    for arrangement in await management.history(row["community"]):
        if arrangement["company"] and arrangement["company"] not in seen:
            seen[arrangement["company"]] = arrangement["company_name"]
    return render(request, "committees/cross_edit.html", {
        "x": row, "form": form, "cross_kinds": CROSS_KINDS, "company_choices": list(seen.items()),
    }, status_code=status_code)


@get("/cross-appointments/{cross_id:int}/edit", name="edit_cross_appointment", guards=[RECORDERS])
async def edit_cross_appointment(request: Request, cross_id: FromPath[int]) -> Template:
    row = await committees.get_cross_appointment(principal_of(request), cross_id)
    return await _cross_page(request, row, cross_form(row))


@post("/cross-appointments/{cross_id:int}/edit", name="update_cross_appointment", guards=[RECORDERS])
async def update_cross_appointment(request: Request, cross_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    row = await committees.get_cross_appointment(actor, cross_id)
    form, data = parse_cross_edit(await request.form())
    if data is not None:
        try:
            await committees.update_cross_appointment(actor, cross_id, data)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, row["community"], "committee.cross_updated")
    return await _cross_page(request, row, form, 422)


ROUTES = [
    show_committee_correction, correct_committee, show_member_correction, correct_committee_member,
    edit_cross_appointment, update_cross_appointment,
]
