"""Filing a complaint (an owner online for his community, street staff from the other channels), its
page with the timeline, and the actions on it: respond, close, reopen. The actions answer an htmx
request with the complaint's region redrawn, a plain form with a redirect to the page."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Template

from app.errors import FieldError
from app.forms import Form
from app.i18n import lazy
from app.operations.grievances import access
from app.operations.grievances.forms import (
    STAFF_CHANNELS,
    blank_complaint,
    parse_close,
    parse_complaint,
    parse_reopen,
    parse_response,
)
from app.operations.grievances.services import complaints, views
from app.operations.grievances.services.complaints import ComplaintInput
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import redirect, render, wants_fragment

FILERS = allow("owner", "street")
READERS = allow(*ANY_ROLE)
ACTORS = allow("street", "company", "owner")
TARGET = "complaint"

messages({
    "complaint.filed": lazy("The complaint is filed and sent to whoever must answer it."),
    "complaint.respond": lazy("Your response is on the complaint's timeline; the complainant sees it."),
    "complaint.close": lazy("The complaint is closed."),
    "complaint.reopen": lazy("The complaint is open again, with a new deadline."),
})


async def _form_page(request: Request, community_id: int, form: Form, status_code: int = 200) -> Template:
    community, part = await complaints.filing_community(principal_of(request), community_id)
    context = {"community": community, "form": form, "part": part, "channels": STAFF_CHANNELS}
    return render(request, "operations/complaints/new.html", context,
                  fragment="operations/complaints/_form.html", target="complaint-form", status_code=status_code)


@get("/communities/{community_id:int}/complaints/new", name="new_complaint", guards=[FILERS])
async def new_complaint(request: Request, community_id: FromPath[int]) -> Template:
    return await _form_page(request, community_id, blank_complaint())


@post("/communities/{community_id:int}/complaints", name="create_complaint", guards=[FILERS])
async def create_complaint(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    _, part = await complaints.filing_community(actor, community_id)  # out of scope: 404 before anything is read
    form = parse_complaint(await request.form(), part)
    if form.ok:
        c = form.clean
        data = ComplaintInput(subject=c["subject"], text=c["text"], channel=c["channel"],
                              complainant_name=c["complainant_name"])
        try:
            complaint_id = await complaints.file_complaint(actor, community_id, data)
        except FieldError as error:
            form.add(error)
        else:
            target = request.app.route_reverse("show_complaint", complaint_id=complaint_id)
            return redirect(request, flashed_path(target, "complaint.filed"))
    return await _form_page(request, community_id, form, 422)


async def _page(request: Request, complaint_id: int, form: Form | None = None, action: str = "",
                status_code: int = 200) -> Template:
    context = await views.complaint_page(principal_of(request), complaint_id)
    context.update({"form": form or Form(), "form_action": action})
    return render(request, "operations/complaints/show.html", context,
                  fragment="operations/complaints/_complaint.html", target=TARGET, status_code=status_code)


@get("/complaints/{complaint_id:int}", name="show_complaint", guards=[READERS])
async def show_complaint(request: Request, complaint_id: FromPath[int]) -> Template:
    return await _page(request, complaint_id)


async def _act(request: Request, complaint_id: int, action: str, form: Form) -> Response:
    actor = principal_of(request)
    complaint = await complaints.get_complaint(actor, complaint_id)  # out of scope: 404 whatever was posted
    if not access.may_ever(actor, complaint, action):
        raise PermissionDeniedException()
    if form.ok:
        try:
            await complaints.act(actor, complaint_id, action, form.clean["text"], satisfied=form.clean.get("satisfied"))
        except FieldError as error:
            form.add(error)
        else:
            if wants_fragment(request, TARGET):
                return await _page(request, complaint_id)
            return redirect(request, flashed_path(request.app.route_reverse("show_complaint", complaint_id=complaint_id),
                                                  f"complaint.{action}"))
    return await _page(request, complaint_id, form, action, 422)


@post("/complaints/{complaint_id:int}/respond", name="respond_to_complaint", guards=[ACTORS])
async def respond_to_complaint(request: Request, complaint_id: FromPath[int]) -> Response:
    return await _act(request, complaint_id, "respond", parse_response(await request.form()))


@post("/complaints/{complaint_id:int}/close", name="close_complaint", guards=[ACTORS])
async def close_complaint(request: Request, complaint_id: FromPath[int]) -> Response:
    staff = principal_of(request).role == "street"
    return await _act(request, complaint_id, "close", parse_close(await request.form(), staff=staff))


@post("/complaints/{complaint_id:int}/reopen", name="reopen_complaint", guards=[ACTORS])
async def reopen_complaint(request: Request, complaint_id: FromPath[int]) -> Response:
    return await _act(request, complaint_id, "reopen", parse_reopen(await request.form()))


ROUTES = [new_complaint, create_complaint, show_complaint, respond_to_complaint, close_complaint, reopen_complaint]
