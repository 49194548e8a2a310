"""The first-deposit rates of the counties: the bureau sets its county's."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template

from app.errors import FieldError
from app.forms import Form
from app.funds import access
from app.funds.forms import blank_rate, parse_rate
from app.funds.services import rates
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import redirect, render

BUREAU = allow("bureau")

messages({"fund.rate": lazy("The rate is set. Households that have paid already keep the first deposit they were given.")})


async def _page(request: Request, form: Form, status_code: int = 200) -> Template:
    actor = principal_of(request)
    if not access.may_set_rates(actor):
        raise NotFoundException()
    context = {"rates": await rates.rates(actor), "counties": await rates.counties(actor), "form": form}
    return render(request, "funds/rates.html", context, fragment="funds/_rate_form.html", target="rate-form",
                  status_code=status_code)


@get("/fund-rates", name="show_fund_rates", guards=[BUREAU])
async def show_fund_rates(request: Request) -> Template:
    return await _page(request, blank_rate())


@post("/fund-rates", name="set_fund_rate", guards=[BUREAU])
async def set_fund_rate(request: Request) -> Response:
    actor = principal_of(request)
    counties = [row["code"] for row in await rates.counties(actor)]
    form = parse_rate(await request.form(), counties)
    if form.ok:
        try:
            await rates.set_rate(actor, form.clean["county"], form.clean["rate"], form.clean["effective_from"])
        except FieldError as error:
            form.add(error)
        else:
            return redirect(request, flashed_path(request.app.route_reverse("show_fund_rates"), "fund.rate"))
    return await _page(request, form, 422)
ROUTES = [show_fund_rates, set_fund_rate]
