"""Bundles and shared service: the street office's pages."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.i18n import gettext as _
from app.management import bundles
from app.management import services as management
from app.management.forms import (
    PROJECT_ROWS,
    BundleForm,
    blank_assignment,
    parse_bundle,
    parse_date,
)
from app.management.logic import PROJECT_KINDS, SERVICE_LEVEL_LABELS
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.rendering import redirect, render

STREET = allow("street")


@get("/bundles", name="list_bundles", guards=[allow("bureau", "street", "company")])
async def list_bundles(request: Request) -> Template:
    return render(request, "management/bundles.html", {"bundles": await bundles.list_bundles(principal_of(request))})


@get("/bundles/{bundle_id:int}", name="show_bundle", guards=[allow("bureau", "street", "company")])
async def show_bundle(request: Request, bundle_id: FromPath[int]) -> Template:
    bundle = await bundles.get_bundle(principal_of(request), bundle_id)
    if bundle is None:
        raise NotFoundException()
    return render(request, "management/bundle.html", {"bundle": bundle, "kinds": PROJECT_KINDS})


async def _bundle_context(request: Request, form: BundleForm) -> dict:
    actor = principal_of(request)
    company = await management.company_option(actor, form.data.company_id) if form.data.company_id else None
    return {
        "form": form, "company": company, "company_choices": [] if company else await management.company_options(actor, ""), "kinds": PROJECT_KINDS, "rows": range(PROJECT_ROWS),
        "levels": [(level, SERVICE_LEVEL_LABELS[level]) for level in get_settings().policy.service_levels],
        "candidates": await bundles.candidate_communities(principal_of(request)),
    }


@get("/bundles/new", name="new_bundle", guards=[STREET])
async def new_bundle(request: Request) -> Template:
    blank = blank_assignment("professional")
    form = BundleForm(values={**blank.values, "name": "", "reason_note": ""}, data=bundles.BundleInput(),
                      projects=[{"kind": "", "name": "", "area": ""} for _ in range(PROJECT_ROWS)])
    return render(request, "management/new_bundle.html", await _bundle_context(request, form))


@post("/bundles", name="create_bundle", guards=[STREET])
async def create_bundle(request: Request) -> Response:
    form = parse_bundle(await request.form())
    if not form.errors:
        try:
            bundle_id = await bundles.create_bundle(principal_of(request), form.data)
        except management.ArrangementError as exc:
            form.errors[exc.field] = exc.message
        except LookupError:
            form.errors["community_ids"] = _("Choose communities of your own area.")
        else:
            return redirect(request, request.app.route_reverse("show_bundle", bundle_id=bundle_id))
    return render(request, "management/new_bundle.html", await _bundle_context(request, form),
                  fragment="management/_bundle_form.html", target="bundle-form", status_code=422)


async def _community(request: Request, community_id: int) -> dict:
    community = await communities.get_community(principal_of(request), community_id)
    if community is None:
        raise NotFoundException()
    return community


@get("/communities/{community_id:int}/shared-service/new", name="new_shared_service", guards=[STREET])
async def new_shared_service(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    values = {"provider": "", "start_date": "", "end_date": "", "note": ""}
    return render(request, "management/new_shared.html", {
        "community": community, "values": values, "errors": {},
        "providers": await bundles.providers_for(principal_of(request), community, management.today()),
    })


@post("/communities/{community_id:int}/shared-service", name="create_shared_service", guards=[STREET])
async def create_shared_service(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    community = await _community(request, community_id)
    raw = await request.form()
    values = {key: str(raw.get(key, "")).strip()[:500] for key in ("provider", "start_date", "end_date", "note")}
    errors: dict[str, str] = {}
    start, end = parse_date(values["start_date"]), parse_date(values["end_date"])
    if start is None:
        errors["start_date"] = _("Enter the first day, as YYYY-MM-DD.")
    if values["end_date"] and end is None:
        errors["end_date"] = _("Enter the last day, as YYYY-MM-DD, or leave it empty.")
    provider = int(values["provider"]) if values["provider"].isdigit() and len(values["provider"]) < 10 else None
    if provider is None:
        errors["provider"] = _("Choose the managed neighbour whose company will serve this community.")
    if not errors:
        try:
            await bundles.start_shared_service(actor, community_id, provider, start, end, values["note"])
        except management.ArrangementError as exc:
            errors[exc.field] = exc.message
        else:
            return redirect(request, request.app.route_reverse("show_community", community_id=community_id))
    return render(request, "management/new_shared.html", {
        "community": community, "values": values, "errors": errors,
        "providers": await bundles.providers_for(actor, community, start or management.today()),
    }, fragment="management/_shared_form.html", target="shared-form", status_code=422)


async def _shared(request: Request, shared_id: int) -> dict:
    row = await bundles.get_shared_service(principal_of(request), shared_id)
    if row is None:
        raise NotFoundException()
    return row


@get("/shared-services/{shared_id:int}/end", name="show_end_shared_service", guards=[STREET])
async def show_end_shared_service(request: Request, shared_id: FromPath[int]) -> Template:
    shared = await _shared(request, shared_id)
    return render(request, "management/end_shared.html", {"shared": shared, "values": {"end_date": ""}, "errors": {}})


@post("/shared-services/{shared_id:int}/end", name="end_shared_service", guards=[STREET])
async def end_shared_service(request: Request, shared_id: FromPath[int]) -> Response:
    shared = await _shared(request, shared_id)
    raw = await request.form()
    values = {"end_date": str(raw.get("end_date", "")).strip()[:20]}
    end = parse_date(values["end_date"])
    errors = {} if end else {"end_date": _("Enter the last day, as YYYY-MM-DD.")}
    if end:
        try:
            await bundles.end_shared_service(principal_of(request), shared_id, end)
        except management.ArrangementError as exc:
            errors[exc.field] = exc.message
        else:
            return redirect(request, request.app.route_reverse("show_community", community_id=shared["community"]))
    return render(request, "management/end_shared.html", {"shared": shared, "values": values, "errors": errors},
                  status_code=422)


ROUTES = [list_bundles, show_bundle, new_bundle, create_bundle, new_shared_service, create_shared_service,
          show_end_shared_service, end_shared_service]
