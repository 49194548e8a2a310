"""A community's fund: its overview, its households and its ledger, a household's statement, recording a
deposit, an entry and its correction. The committee of the community and the street and bureau of
its area; nobody else (a 404 out of scope)."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.communities.tables import Household
from app.errors import FieldError, NotFound
from app.forms import Form
from app.funds.forms import blank_correction, blank_deposit, parse_correction, parse_deposit
from app.funds.logic import KINDS
from app.funds.services import views
from app.funds.services.ledger import Draft, correct_entry, post_entries
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import query_int, query_str, redirect, render

KEEPERS = allow("bureau", "street", "committee")

messages({
    "fund.deposit": lazy("The deposit is recorded."),
    "fund.deposit_again": lazy("This deposit had already been recorded: it was not recorded twice."),
    "fund.corrected": lazy("The entry is corrected: a reversing entry with your reason was posted."),
})


def ledger_filter(request: Request) -> views.LedgerFilter:
    kind = query_str(request, "kind", 16)
    household = query_int(request, "household", default=0, minimum=0, maximum=2**31 - 1)
    return views.LedgerFilter(kind=kind if kind in KINDS else "", household=household or None)


@get("/communities/{community_id:int}/fund", name="show_fund", guards=[KEEPERS])
async def show_fund(request: Request, community_id: FromPath[int]) -> Response | Template:
    """The fund's overview: balance, what needs doing, money in and out by month. The households and
    the ledger are pages of their own (tabs); an older link with their parameters is sent on there."""
    params = request.query_params
    if any(name in params for name in ("kind", "household", "page")):
        return redirect(request, _moved(request, "show_fund_ledger", community_id, ("kind", "household", "page")))
    if any(name in params for name in ("show", "hpage")):
        return redirect(request, _moved(request, "show_fund_households", community_id, ("show",)))
    return render(request, "funds/show.html", await views.fund_overview(principal_of(request), community_id))


def _moved(request: Request, route: str, community_id: int, names: tuple[str, ...]) -> str:
    kept = {name: request.query_params[name] for name in names if request.query_params.get(name)}
    return request.app.route_reverse(route, community_id=community_id) + ("?" + urlencode(kept) if kept else "")


@get("/communities/{community_id:int}/fund/households", name="show_fund_households", guards=[KEEPERS])
async def show_fund_households(request: Request, community_id: FromPath[int]) -> Template:
    """The households with their sub-accounts, all or those under the 30% line; ``#fund-households``
    is its fragment for htmx."""
    actor = principal_of(request)
    community = await views.fund_community(actor, community_id)
    under_only = query_str(request, "show", 8) == "under"
    context = {"community": community, "under_only": under_only,
               "households": await views.households_page(community, query_int(request, "page"), under_only)}
    return render(request, "funds/households.html", context, fragment="funds/_households.html",
                  target="fund-households")


@get("/communities/{community_id:int}/fund/ledger", name="show_fund_ledger", guards=[KEEPERS])
async def show_fund_ledger(request: Request, community_id: FromPath[int]) -> Template:
    """The ledger, newest first, of one kind and/or one household; ``#fund-ledger`` is its fragment."""
    actor = principal_of(request)
    community = await views.fund_community(actor, community_id)
    f = ledger_filter(request)
    context = {"community": community, "filter": f, "kinds": KINDS,
               "ledger": await views.ledger_page(community_id, f, query_int(request, "page"))}
    return render(request, "funds/ledger.html", context, fragment="funds/_ledger.html", target="fund-ledger")


@get("/communities/{community_id:int}/fund/households/{household_id:int}", name="show_fund_household", guards=[KEEPERS])
async def show_fund_household(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Template:
    context = await views.household_statement(principal_of(request), community_id, household_id, query_int(request, "page"))
    context["statement_url"] = request.app.route_reverse("show_fund_household", community_id=community_id,
                                                         household_id=household_id)
    context["entry_links"] = True
    return render(request, "funds/household.html", context, fragment="funds/_statement.html", target="fund-statement")


async def _deposit_page(request: Request, community_id: int, form: Form, status_code: int = 200) -> Template:
    actor = principal_of(request)
    community = await views.fund_community(actor, community_id)
    households = await Household.select(
        Household.id, Household.unit_number, Household.building.number.as_alias("building_number"),
    ).where(Household.community == community_id).order_by(Household.building.number).order_by(Household.unit_number).limit(5000)
    return render(request, "funds/deposit.html", {"community": community, "form": form, "households": households},
                  fragment="funds/_deposit_form.html", target="deposit-form", status_code=status_code)


@get("/communities/{community_id:int}/fund/deposit", name="new_fund_deposit", guards=[KEEPERS])
async def new_fund_deposit(request: Request, community_id: FromPath[int]) -> Template:
    household = query_int(request, "household", default=0, minimum=0, maximum=2**31 - 1)
    return await _deposit_page(request, community_id, blank_deposit(household or None))


@post("/communities/{community_id:int}/fund/deposits", name="create_fund_deposit", guards=[KEEPERS])
async def create_fund_deposit(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await views.fund_community(actor, community_id)  # out of scope: 404 before anything is read
    form = parse_deposit(await request.form())
    if form.ok:
        draft = Draft("deposit", form.clean["amount"], form.clean["idempotency_key"], form.clean["household"],
                      memo=form.clean["memo"])
        try:
            posted = await post_entries(actor, community_id, [draft])
        except FieldError as error:
            form.add(error)
        else:
            target = request.app.route_reverse("show_fund_ledger", community_id=community_id)
            return redirect(request, flashed_path(target, "fund.deposit_again" if posted.duplicate else "fund.deposit"))
    return await _deposit_page(request, community_id, form, 422)


async def _entry_or_404(request: Request, entry_id: int) -> dict:
    return await views.entry(principal_of(request), entry_id)


@get("/fund-entries/{entry_id:int}", name="show_fund_entry", guards=[KEEPERS])
async def show_fund_entry(request: Request, entry_id: FromPath[int]) -> Template:
    return render(request, "funds/entry.html", await _entry_or_404(request, entry_id))


def _correctable(context: dict) -> None:
    entry = context["entry"]
    if entry["kind"] == "correction" or context["corrected_by"] is not None or not context["may_fund"]["post_fund"]:
        raise NotFound(entry["id"])


async def _correction_page(request: Request, context: dict, form: Form, status_code: int = 200) -> Template:
    return render(request, "funds/correct.html", {**context, "form": form}, status_code=status_code)


@get("/fund-entries/{entry_id:int}/correct", name="show_fund_correction", guards=[KEEPERS])
async def show_fund_correction(request: Request, entry_id: FromPath[int]) -> Template:
    context = await _entry_or_404(request, entry_id)
    _correctable(context)
    return await _correction_page(request, context, blank_correction())


@post("/fund-entries/{entry_id:int}/correct", name="correct_fund_entry", guards=[KEEPERS])
async def correct_fund_entry(request: Request, entry_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    context = await _entry_or_404(request, entry_id)
    form = parse_correction(await request.form())
    if form.ok:
        try:
            posted = await correct_entry(actor, entry_id, form.clean["reason"], form.clean["idempotency_key"])
        except FieldError as error:
            form.add(error)
        else:
            target = request.app.route_reverse("show_fund_entry", entry_id=posted.entries[0]["id"])
            return redirect(request, flashed_path(target, "fund.corrected"))
    return await _correction_page(request, context, form, 422)


ROUTES = [show_fund, show_fund_households, show_fund_ledger, show_fund_household, new_fund_deposit, create_fund_deposit, show_fund_entry, show_fund_correction,
          correct_fund_entry]
