"""Crediting interest or common-part income to a community's households: the form, its preview (each
household's part, adding up to the amount) and the posting. Whoever may post to the fund."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.errors import FieldError
from app.forms import Form
from app.funds.forms import blank_distribution, parse_distribution
from app.funds.services import distribution, views
from app.funds.services.ledger import Posted
from app.i18n import gettext as _
from app.i18n import lazy
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import redirect, render

KEEPERS = allow("bureau", "street", "committee")

messages({
    "fund.distributed": lazy("The amount is credited to the households: one entry each, adding up to the amount."),
    "fund.distributed_again": lazy("This distribution had already been posted: it was not posted twice."),
})


def _page(request: Request, community: dict, form: Form, shares: distribution.Split | None = None,
          status_code: int = 200) -> Template:
    context = {"community": community, "form": form, "split": shares}
    return render(request, "funds/distribute.html", context, fragment="funds/_distribution_form.html",
                  target="distribution-form", status_code=status_code)


@get("/communities/{community_id:int}/fund/distribution", name="new_fund_distribution", guards=[KEEPERS])
async def new_fund_distribution(request: Request, community_id: FromPath[int]) -> Template:
    community = await views.postable_community(principal_of(request), community_id)
    return _page(request, community, blank_distribution(get_settings().policy.fund_distribution_basis))


async def _split(community_id: int, form: Form) -> distribution.Split | None:
    if not form.ok:
        return None
    try:
        return await distribution.split(community_id, form.clean["amount"], form.clean["kind"], form.clean["basis"])
    except FieldError as error:
        form.add(error)
        return None


@post("/communities/{community_id:int}/fund/distribution/preview", name="preview_fund_distribution", guards=[KEEPERS])
async def preview_fund_distribution(request: Request, community_id: FromPath[int]) -> Template:
    """Each household's part; nothing is posted."""
    community = await views.postable_community(principal_of(request), community_id)
    form = parse_distribution(await request.form())
    shares = await _split(community_id, form)
    return _page(request, community, form, shares, 200 if shares else 422)


@post("/communities/{community_id:int}/fund/distribution", name="create_fund_distribution", guards=[KEEPERS])
async def create_fund_distribution(request: Request, community_id: FromPath[int]) -> Response:
    community = await views.postable_community(principal_of(request), community_id)
    form = parse_distribution(await request.form())
    if not form.ok or not form.clean["digest"]:
        shares = await _split(community_id, form)
        if shares is not None:  # no preview was confirmed: show it
            form.error("digest", _("Look at the households' parts first, then post them."))
        return _page(request, community, form, shares, 422)
    c = form.clean
    memo = _("Credited by %(basis)s", basis=_("balance") if c["basis"] == "balance" else _("floor area"))
    try:
        result = await distribution.post_distribution(principal_of(request), community_id, c["amount"], c["kind"],
                                                      c["basis"], c["idempotency_key"], c["digest"], memo)
    except FieldError as error:
        form.add(error)
        return _page(request, community, form, await _split(community_id, form), 422)
    if isinstance(result, distribution.Split):
        form.error("digest", _("The balances have changed since the preview: here are the parts as they are now. Post them if they are right."))
        return _page(request, community, form, result, 422)
    assert isinstance(result, Posted)
    target = request.app.route_reverse("show_fund", community_id=community_id)
    return redirect(request, flashed_path(target, "fund.distributed_again" if result.duplicate else "fund.distributed"))


ROUTES = [new_fund_distribution, preview_fund_distribution, create_fund_distribution]
