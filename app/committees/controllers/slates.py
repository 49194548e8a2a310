"""An election decision's slate (候选名单): the members and term the owners vote on, entered by those
who run the decision while it is a draft, with the install form's member rows and rules."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.committees import services as committees
from app.committees.forms import MEMBER_ROWS, member_fields, parse_slate, slate_form
from app.committees.logic import POSTS
from app.committees.services import slates
from app.errors import FieldError
from app.forms import Form
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import render

RUNNERS = allow("street", "committee")

messages({"committee.slate": lazy("The slate is saved. It can change until voting opens.")})


async def _slate_page(request: Request, decision: dict, form: Form, status_code: int = 200) -> Template:
    rows = [member_fields(n) for n in range(1, MEMBER_ROWS + 1)]
    pickers = await committees.picker_context(decision["community"], form.values, [row[0] for row in rows])
    return render(request, "committees/slate.html", {
        "d": decision, "form": form, "editable": decision["state"] == "draft", "posts": POSTS, "rows": rows, **pickers,
    }, status_code=status_code)


@get("/decisions/{decision_id:int}/slate", name="edit_election_slate", guards=[RUNNERS])
async def edit_election_slate(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await slates.election(principal_of(request), decision_id)
    return await _slate_page(request, decision, slate_form(await slates.get_slate(decision_id)))


@post("/decisions/{decision_id:int}/slate", name="update_election_slate", guards=[RUNNERS])
async def update_election_slate(request: Request, decision_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    decision = await slates.election(actor, decision_id)
    form, data = parse_slate(await request.form())
    if data is not None:
        try:
            await slates.save_slate(actor, decision_id, data)
        except FieldError as exc:
            form.error(exc.field, exc.message)
        else:
            return flash(request, request.app.route_reverse("show_decision", decision_id=decision_id),
                         "committee.slate")
    return await _slate_page(request, decision, form, status_code=422)


ROUTES = [edit_election_slate, update_election_slate]
