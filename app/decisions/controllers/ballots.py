"""Casting ballots: an owner's own phone-sized page, the committee's paper-ballot entry, the register export."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.accounts.logic import mask_name
from app.decisions import access, logic
from app.decisions.forms import parse_ballot
from app.decisions.logic import area_of
from app.decisions.services import ballots
from app.decisions.services import decisions as service
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.reports.xlsx import XLSX_MEDIA_TYPE, disposition, today_stamp, workbook
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.flash import flash
from app.web.rendering import query_int, query_str, render
from app.web.uploads import read_upload

OWNER = allow("owner")
RUNNERS = allow("street", "committee")
REGISTER_READERS = allow("bureau", "street", "committee")


async def _ballot_context(request: Request, decision: dict, form=None) -> dict:
    actor = principal_of(request)
    return {"d": decision, "heads": await ballots.my_heads(actor, decision), "choices": logic.CHOICES,
            "voting_open": ballots.voting_open(decision), "item": logic.item_of(decision["matter"]),
            "rule": logic.RULES.get(decision["rule"], ""), "errors": form.errors if form else {}}


@get("/decisions/{decision_id:int}/vote", name="show_ballot_page", guards=[OWNER])
async def show_ballot_page(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await service.get_decision(principal_of(request), decision_id)
    return render(request, "decisions/vote.html", await _ballot_context(request, decision))


@post("/decisions/{decision_id:int}/vote", name="cast_ballot", guards=[OWNER])
async def cast_ballot(request: Request, decision_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    decision = await service.get_decision(actor, decision_id)
    form = parse_ballot(await request.form(), paper=False)
    if not form.errors:
        try:
            await ballots.cast_online(actor, decision_id, form.head_id, form.choice)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_ballot_page", decision_id=decision_id), "ballot.cast")
    return render(request, "decisions/vote.html", await _ballot_context(request, decision, form), status_code=422)


async def _register_context(request: Request, decision: dict, form=None) -> dict:
    q = query_str(request, "q", 64)
    page = await ballots.register_page(decision["id"], q=q, page=query_int(request, "page"))
    actor = principal_of(request)
    return {"d": decision, "page": page, "params": {"q": q}, "choices": logic.CHOICES,
            "may": access.may(actor, decision), "voting_open": ballots.voting_open(decision),
            "values": form.values if form else {"channel": "paper"}, "errors": form.errors if form else {}}


@get("/decisions/{decision_id:int}/ballots", name="show_paper_ballots", guards=[REGISTER_READERS])
async def show_paper_ballots(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await service.get_decision(principal_of(request), decision_id)
    return render(request, "decisions/ballots.html", await _register_context(request, decision),
                  fragment="decisions/_register.html", target="register")


# Two photos (the signed paper, a proxy's authorisation) at their limit, and the form's fields: a
# larger body is refused before it is read, with the 413 page (app/web/errors.py).
PAPER_BALLOT_MAX_BODY = 2 * get_settings().photos.max_bytes + 1024 * 1024


@post("/decisions/{decision_id:int}/ballots", name="enter_paper_ballot", guards=[RUNNERS],
      request_max_body_size=PAPER_BALLOT_MAX_BODY)
async def enter_paper_ballot(request: Request, decision_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    decision = await service.get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    raw = await request.form()
    files = {name: await read_upload(raw.get(name)) for name in ("photo", "proxy_photo")}
    form = parse_ballot(raw, paper=True, photos=tuple(name for name, data in files.items() if data))
    if not form.errors:
        entry = ballots.PaperEntry(form.proxy_name, form.reference, form.proxy_reference, photo=files["photo"],
                                   proxy_photo=files["proxy_photo"])
        try:
            await ballots.enter_paper(actor, decision_id, form.head_id, form.choice, form.channel, entry=entry)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            path = request.app.route_reverse("show_paper_ballots", decision_id=decision_id)
            return flash(request, path, "ballot.entered")
    if any(files.values()):  # a browser cannot fill a file input again: say so
        form.errors.setdefault("photo_again", _("Choose the photos again before sending the form."))
    return render(request, "decisions/ballots.html", await _register_context(request, decision, form),
                  status_code=422)


@get("/decisions/{decision_id:int}/ballots.xlsx", name="export_ballots", guards=[REGISTER_READERS])
async def export_ballots(request: Request, decision_id: FromPath[int]) -> Response:
    """The whole ballot register; owners' names masked for anyone but bureau and street staff."""
    actor = principal_of(request)
    await service.get_decision(actor, decision_id)  # 404 outside the actor's scope
    page = await ballots.register_page(decision_id, per_page=100_000)
    whole = access.sees_names(actor)

    def name(row: dict) -> str:
        if row["developer"]:
            return _("Developer's unsold units")
        return row["label"] if whole else mask_name(row["label"])

    rows = [(name(r), r["units"], area_of(r["area"]),
             _(logic.CHOICES[r["choice"]]) if r["choice"] else "", _(logic.CHANNELS[r["channel"]]) if r["channel"] else "",
             r["proxy_name"] or "", r["proxy_reference"] or "", r["reference"] or "",
             _("attached") if r["photo"] else "", r["entered_at"]) for r in page.rows]
    headers = [_("Owner"), _("Units"), _("Area (m²)"), _("Vote"), _("Ballot channel"), _("Signed by proxy"),
               _("Proxy's authorisation"), _("Paper reference"), _("Photo of the paper"), _("Recorded at")]
    content = workbook(_("Ballots"), headers, rows)
    filename = f"{_('Ballots')}-{decision_id}-{today_stamp(clock.today())}.xlsx"
    return Response(content=content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition(filename)})


ROUTES = [show_ballot_page, cast_ballot, show_paper_ballots, enter_paper_ballot, export_ballots]
