"""Committee pages: the street's overview and lists, a community's committee with its forms
(install, first meeting and filings, changes, preparatory group, cross-appointments)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.committees import access
from app.committees import services as committees
from app.committees.forms import (
    MEMBER_ROWS,
    blank_install,
    member_fields,
    parse_change,
    parse_cross,
    parse_dates,
    parse_filed,
    parse_group,
    parse_install,
)
from app.committees.logic import CROSS_KINDS, POSTS
from app.errors import FieldError, NotFound
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import lazy
from app.management import services as management
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, query_str, redirect, render

LIST_TITLES = {
    "current": lazy("Communities with a committee"),
    "without": lazy("Communities without a committee"),
    "broken": lazy("Committees breaking a rule"),
    "ending": lazy("Committees whose term ends soon"),
    "expired": lazy("Committees whose term has ended"),
    "overdue": lazy("Committees with filings overdue"),
    "no_meeting": lazy("Committees with the first meeting overdue"),
}
RECORDERS = allow("bureau", "street")
READERS = allow("bureau", "street", "committee")

messages({
    "committee.installed": lazy("The committee is installed."),
    "committee.dates": lazy("The meeting and filings are recorded."),
    "committee.change": lazy("The change is recorded."),
    "committee.change_filed": lazy("The filing of the change is recorded."),
    "committee.group": lazy("The preparatory group is recorded."),
    "committee.cross": lazy("The cross-appointment is recorded."),
})


@get("/committees", name="show_committee_overview", guards=[RECORDERS])
async def show_committee_overview(request: Request) -> Template:
    actor = principal_of(request)
    if not access.may_see_overview(actor):
        raise NotFoundException()
    return render(request, "committees/overview.html", await committees.overview(actor))


@get("/committees/list", name="list_committees", guards=[RECORDERS])
async def list_committees(request: Request) -> Template:
    actor = principal_of(request)
    if not access.may_see_overview(actor):
        raise NotFoundException()
    show = query_str(request, "show", 16)
    show = show if show in committees.LISTS else "current"
    page = query_int(request, "page")
    if show == "without":
        results = await committees.communities_without(actor, page)
    else:
        results = await committees.committee_list(actor, show, page)
    return render(request, "committees/list.html", {"show": show, "results": results, "title": _(LIST_TITLES[show])},
                  fragment="committees/_results.html", target="committee-results")


@get("/committee", name="show_own_committee", guards=[allow("committee")])
async def show_own_committee(request: Request) -> Response:
    actor = principal_of(request)
    if not actor.community_id:
        raise NotFoundException()
    return redirect(request, request.app.route_reverse("show_committee", community_id=actor.community_id))


def _forms() -> dict[str, Form]:
    return {
        "dates": Form(values={"first_meeting_on": "", "filed_bureau_on": "", "filed_street_on": ""}),
        "change": Form(values={"changed_on": "", "description": "", "filed_on": "", "leaving_id": "",
                               "joining_household": "", "joining_post": "member", "joining_party": "",
                               "joining_phone": "", "moving_id": "", "moving_post": "chair"}),
        "filed": Form(values={"filed_on": ""}),
        "group": Form(values={"formed_on": "", "guide_name": "", "member_names": ""}),
        "cross": Form(values={"kind": "", "company_id": "", "person_name": "", "role_title": "", "start_date": ""}),
    }


async def _page(request: Request, community_id: int, status_code: int = 200, **forms: Form) -> Template:
    actor = principal_of(request)
    context = await committees.committee_page(actor, community_id)
    context["forms"] = _forms() | forms
    context["cross_kinds"] = CROSS_KINDS
    if context["may_committee"]["record"]:
        seen: dict[int, str] = {}
        for row in await management.history(community_id):
            if row["company"] and row["company"] not in seen:
                seen[row["company"]] = row["company_name"]
        context["company_choices"] = list(seen.items())
        if context["committee"]:
            context.update(await committees.picker_context(community_id, context["forms"]["change"].values,
                                                           ["joining_household"]))
    else:
        context["company_choices"] = []
    context["posts"] = POSTS
    return render(request, "committees/show.html", context, status_code=status_code)


@get("/communities/{community_id:int}/committee", name="show_committee", guards=[READERS])
async def show_committee(request: Request, community_id: FromPath[int]) -> Template:
    return await _page(request, community_id)


async def _install_page(request: Request, community_id: int, form: Form, status_code: int = 200) -> Template:
    actor = principal_of(request)
    context = await committees.committee_page(actor, community_id)
    if not context["may_committee"]["record"]:
        raise NotFound(community_id)
    rows = [member_fields(n) for n in range(1, MEMBER_ROWS + 1)]
    context.update({"form": form, "posts": POSTS, "rows": rows,
                    **await committees.picker_context(community_id, form.values, [row[0] for row in rows])})
    return render(request, "committees/new.html", context, status_code=status_code)


@get("/communities/{community_id:int}/committee/new", name="new_committee", guards=[RECORDERS])
async def new_committee(request: Request, community_id: FromPath[int]) -> Template:
    return await _install_page(request, community_id, blank_install())


@post("/communities/{community_id:int}/committee", name="create_committee", guards=[RECORDERS])
async def create_committee(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await _recordable(actor, community_id)  # 404 outside the actor's scope, before reading
    form, data = parse_install(await request.form())
    if data is not None:
        try:
            await committees.install_committee(actor, community_id, data)
        except FieldError as exc:
            form.add(exc)
        else:
            return flash(request, request.app.route_reverse("show_committee", community_id=community_id),
                         "committee.installed")
    return await _install_page(request, community_id, form, status_code=422)


@post("/committees/{committee_id:int}/dates", name="record_committee_dates", guards=[RECORDERS])
async def record_committee_dates(request: Request, committee_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    committee = await committees.get_committee(actor, committee_id, to_record=True)
    form = parse_dates(await request.form())
    if form.ok:
        try:
            await committees.record_dates(actor, committee_id, **form.clean)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, committee["community"], "committee.dates")
    return await _page(request, committee["community"], 422, dates=form)


@post("/committees/{committee_id:int}/changes", name="create_committee_change", guards=[RECORDERS])
async def create_committee_change(request: Request, committee_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    committee = await committees.get_committee(actor, committee_id, to_record=True)
    form, change = parse_change(await request.form())
    if form.ok:
        try:
            await committees.record_change(actor, committee_id, **change)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, committee["community"], "committee.change")
    return await _page(request, committee["community"], 422, change=form)


@post("/committee-changes/{change_id:int}/filed", name="file_committee_change", guards=[RECORDERS])
async def file_committee_change(request: Request, change_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    community_id = await committees.change_community(actor, change_id)
    form = parse_filed(await request.form())
    if form.ok:
        try:
            await committees.file_change(actor, change_id, form.clean["filed_on"])
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, community_id, "committee.change_filed")
    form.values["change_id"] = change_id
    return await _page(request, community_id, 422, filed=form)


@post("/communities/{community_id:int}/preparatory-group", name="create_preparatory_group", guards=[RECORDERS])
async def create_preparatory_group(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await _recordable(actor, community_id)
    form = parse_group(await request.form())
    if form.ok:
        try:
            await committees.form_preparatory_group(actor, community_id, **form.clean)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, community_id, "committee.group")
    return await _page(request, community_id, 422, group=form)


@post("/communities/{community_id:int}/cross-appointments", name="create_cross_appointment", guards=[RECORDERS])
async def create_cross_appointment(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await _recordable(actor, community_id)
    form = parse_cross(await request.form())
    if form.ok:
        try:
            await committees.record_cross_appointment(actor, community_id, **form.clean)
        except FieldError as exc:
            form.add(exc)
        else:
            return _back(request, community_id, "committee.cross")
    return await _page(request, community_id, 422, cross=form)


@get("/cross-appointments", name="list_cross_appointments", guards=[allow("bureau", "street", "company")])
async def list_cross_appointments(request: Request) -> Template:
    actor = principal_of(request)
    if not access.may_list_cross(actor):
        raise NotFoundException()
    results = await committees.cross_appointments(actor, query_int(request, "page"))
    return render(request, "committees/cross.html", {"results": results})


async def _recordable(actor, community_id: int) -> None:
    await committees.recordable_community(actor, community_id)


def _back(request: Request, community_id: int, key: str) -> Response:
    return flash(request, request.app.route_reverse("show_committee", community_id=community_id), key)


ROUTES = [
    show_committee_overview, list_committees, show_own_committee, show_committee, new_committee, create_committee,
    record_committee_dates, create_committee_change, file_committee_change, create_preparatory_group,
    create_cross_appointment, list_cross_appointments,
]
