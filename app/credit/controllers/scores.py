"""A company's credit score line by line, its history, and its objections (异议) to lines."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.credit.forms import parse_answer, parse_objection
from app.credit.services import records, views
from app.errors import FieldError, NotFound
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, redirect, render

READERS = allow("bureau", "company")
COMPANY = allow("company")
BUREAU = allow("bureau")

messages({
    "credit.objected": lazy("Your objection is with the housing bureau: it answers by the day shown."),
    "credit.answered": lazy("Your answer is recorded: the next recompute respects it."),
})


async def _score_page(request: Request, company_id: int, form=None, line_id: int | None = None,
                      status_code: int = 200) -> Template:
    cycle = query_int(request, "cycle", 0, minimum=0, maximum=9999) or None
    context = await views.score_page(principal_of(request), company_id, cycle)
    context.update({"errors": form.errors if form else {}, "values": form.values if form else {}, "line_id": line_id})
    return render(request, "credit/score.html", context, status_code=status_code)


@get("/credit/companies/{company_id:int}", name="show_credit_score", guards=[READERS])
async def show_credit_score(request: Request, company_id: FromPath[int]) -> Template:
    return await _score_page(request, company_id)


@get("/credit/mine", name="show_my_credit", guards=[COMPANY])
async def show_my_credit(request: Request) -> Response:
    actor = principal_of(request)
    if not actor.company_id:
        raise NotFound("company")
    return redirect(request, request.app.route_reverse("show_credit_score", company_id=actor.company_id))


@post("/credit/lines/{line_id:int}/objection", name="object_to_credit_line", guards=[COMPANY])
async def object_to_credit_line(request: Request, line_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    form = parse_objection(await request.form())
    if form.ok:
        try:
            await records.object_to_line(actor, line_id, form.clean["reason"])
        except FieldError as error:
            form.add(error)
        else:
            path = request.app.route_reverse("show_credit_score", company_id=actor.company_id)
            return flash(request, path, "credit.objected")
    if not actor.company_id:
        raise NotFound(line_id)
    return await _score_page(request, actor.company_id, form, line_id, 422)


def _objection_page(request: Request, objection: dict, form=None, status_code: int = 200) -> Template:
    context = {"o": objection, "errors": form.errors if form else {}, "values": form.values if form else {}}
    return render(request, "credit/objection.html", context, status_code=status_code)


@get("/credit/objections/{objection_id:int}", name="show_credit_objection", guards=[READERS])
async def show_credit_objection(request: Request, objection_id: FromPath[int]) -> Template:
    return _objection_page(request, await records.get_objection(principal_of(request), objection_id))


@post("/credit/objections/{objection_id:int}/answer", name="answer_credit_objection", guards=[BUREAU])
async def answer_credit_objection(request: Request, objection_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    objection = await records.get_objection(actor, objection_id)
    form = parse_answer(await request.form())
    if form.ok:
        try:
            await records.answer_objection(actor, objection_id, form.clean["state"], form.clean["answer"])
        except FieldError as error:
            form.add(error)
        else:
            return flash(request, request.app.route_reverse("list_credit_objections"), "credit.answered")
    return _objection_page(request, objection, form, 422)


@get("/credit/objections", name="list_credit_objections", guards=[BUREAU])
async def list_credit_objections(request: Request) -> Template:
    rows = await views.pending_objections(principal_of(request))
    return render(request, "credit/objections.html", {"rows": rows})


ROUTES = [show_credit_score, show_my_credit, object_to_credit_line, show_credit_objection, answer_credit_objection,
          list_credit_objections]
