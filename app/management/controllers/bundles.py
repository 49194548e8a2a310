"""Bundles and shared service: the street office's pages."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.errors import FieldError, NotFound
from app.management import access
from app.management import services as management
from app.management.forms import (
    PROJECT_ROWS,
    BundleForm,
    SharedForm,
    blank_assignment,
    blank_shared,
    parse_bundle,
    parse_end_shared,
    parse_shared,
)
from app.management.logic import PROJECT_KINDS, SERVICE_LEVEL_LABELS
from app.management.services import bundles
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.flash import flash
from app.web.rendering import render

STREET = allow("street")


@get("/bundles", name="list_bundles", guards=[allow("bureau", "street", "company")])
async def list_bundles(request: Request) -> Template:
    actor = principal_of(request)
    return render(request, "management/bundles.html", {
        "bundles": await bundles.list_bundles(actor), "may_manage": access.may(actor),
    })


@get("/bundles/{bundle_id:int}", name="show_bundle", guards=[allow("bureau", "street", "company")])
async def show_bundle(request: Request, bundle_id: FromPath[int]) -> Template:
    bundle = await bundles.get_bundle(principal_of(request), bundle_id)
    return render(request, "management/bundle.html", {"bundle": bundle, "kinds": PROJECT_KINDS})


async def _bundle_context(request: Request, form: BundleForm) -> dict:
    actor = principal_of(request)
    company = await management.company_option(actor, form.data.company_id) if form.data.company_id else None
    return {
        "form": form, "company": company, "kinds": PROJECT_KINDS, "rows": range(PROJECT_ROWS),
        "company_choices": [] if company else await management.company_options(actor, ""),
        "levels": [(level, SERVICE_LEVEL_LABELS[level]) for level in get_settings().policy.service_levels],
        "candidates": await bundles.candidate_communities(actor),
    }


def _bundle_maker(request: Request) -> None:
    if not access.may_set_up_bundle(principal_of(request)):
        raise NotFound("bundle")


@get("/bundles/new", name="new_bundle", guards=[STREET])
async def new_bundle(request: Request) -> Template:
    _bundle_maker(request)
    blank = blank_assignment("professional")
    form = BundleForm(values={**blank.values, "name": "", "reason_note": ""}, data=bundles.BundleInput(),
                      projects=[{"kind": "", "name": "", "area": ""} for _ in range(PROJECT_ROWS)])
    return render(request, "management/new_bundle.html", await _bundle_context(request, form))


@post("/bundles", name="create_bundle", guards=[STREET])
async def create_bundle(request: Request) -> Response:
    _bundle_maker(request)
    form = parse_bundle(await request.form())
    if not form.errors:
        try:
            bundle_id = await bundles.create_bundle(principal_of(request), form.data)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_bundle", bundle_id=bundle_id), "bundle.created")
    return render(request, "management/new_bundle.html", await _bundle_context(request, form),
                  fragment="management/_bundle_form.html", target="bundle-form", status_code=422)


async def _community(request: Request, community_id: int) -> dict:
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_share_service(actor, community):
        raise NotFound(community_id)
    return community


async def _shared_context(request: Request, community: dict, form: SharedForm) -> dict:
    day = form.start_date or management.today()
    return {
        "community": community, "values": form.values, "errors": form.errors,
        "providers": await bundles.providers_for(principal_of(request), community, day),
    }


@get("/communities/{community_id:int}/shared-service/new", name="new_shared_service", guards=[STREET])
async def new_shared_service(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    return render(request, "management/new_shared.html", await _shared_context(request, community, blank_shared()))


@post("/communities/{community_id:int}/shared-service", name="create_shared_service", guards=[STREET])
async def create_shared_service(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    community = await _community(request, community_id)
    form = parse_shared(await request.form())
    if not form.errors:
        try:
            await bundles.start_shared_service(
                actor, community_id, form.provider_id, form.start_date, form.end_date, form.note
            )
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_community", community_id=community_id),
                         "shared_service.started")
    return render(request, "management/new_shared.html", await _shared_context(request, community, form),
                  fragment="management/_shared_form.html", target="shared-form", status_code=422)


async def _shared(request: Request, shared_id: int) -> dict:
    actor = principal_of(request)
    row = await bundles.get_shared_service(actor, shared_id)
    if not access.may_share_service(actor, row):
        raise NotFound(shared_id)
    return row


@get("/shared-services/{shared_id:int}/end", name="show_end_shared_service", guards=[STREET])
async def show_end_shared_service(request: Request, shared_id: FromPath[int]) -> Template:
    shared = await _shared(request, shared_id)
    return render(request, "management/end_shared.html", {"shared": shared, "values": {"end_date": ""}, "errors": {}})


@post("/shared-services/{shared_id:int}/end", name="end_shared_service", guards=[STREET])
async def end_shared_service(request: Request, shared_id: FromPath[int]) -> Response:
    shared = await _shared(request, shared_id)
    form = parse_end_shared(await request.form())
    if not form.errors:
        try:
            await bundles.end_shared_service(principal_of(request), shared_id, form.end_date)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_community", community_id=shared["community"]),
                         "shared_service.ended")
    return render(request, "management/end_shared.html", {"shared": shared, "values": form.values,
                                                          "errors": form.errors}, status_code=422)


ROUTES = [list_bundles, show_bundle, new_bundle, create_bundle, new_shared_service, create_shared_service,
          show_end_shared_service, end_shared_service]
