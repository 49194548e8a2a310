"""A community's "rate and complain" page (评价与诉求), open to anyone who scans the notice: a visitor
is asked to log in or to activate his owner account, and comes back here; an owner of the community
or its committee rates the current period. And the printed A4 notice carrying the QR code."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.errors import FieldError, NotFound
from app.forms import Form
from app.i18n import lazy
from app.operations.ratings import access
from app.operations.ratings.forms import blank_rating, parse_rating
from app.operations.ratings.services import giving
from app.owners.qr import qr_svg
from app.web.auth import PUBLIC, allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import public_url, redirect, render

RATERS = allow("owner", "committee")
COMPLAINT_ROUTE = "new_complaint"  # the complaints' page for filing one, when that part is installed

messages({"rating.given": lazy("Thank you: your rating is saved. You can change it until the period ends.")})


async def _community(community_id: int) -> dict:
    community = await communities.get_community_by_id(community_id)
    if community is None:
        raise NotFoundException()
    return community


def _complaint_url(request: Request, community_id: int) -> str | None:
    """The link to file a complaint, when the complaints' route exists (else the page says nothing of it)."""
    try:
        return request.app.route_reverse(COMPLAINT_ROUTE, community_id=community_id)
    except Exception:  # noqa: BLE001  (Litestar's NoRouteMatchFoundException: the route is not installed)
        return None


async def _page(request: Request, community: dict, form: Form | None = None, status_code: int = 200) -> Template:
    user = request.scope.get("user")
    period = giving.current_period()
    context = {"community": community, "period": period, "complaint_url": _complaint_url(request, community["id"]),
               "rater": None, "mine": None, "form": form}
    here = request.app.route_reverse("show_feedback", community_id=community["id"])
    context["login_url"] = "/login?next=" + quote(here)
    context["activate_url"] = request.app.route_reverse("show_activation") + "?next=" + quote(here)
    if user is not None:
        rater = await giving.rater_of(user, community, period)
        context["rater"] = rater
        if rater.keys:
            mine = await giving.my_rating(rater)
            context["mine"] = mine
            context["form"] = form or blank_rating(period.key, mine)
    return render(request, "operations/ratings/feedback.html", context,
                  fragment="operations/ratings/_rating_form.html", target="rating-form", status_code=status_code)


@get("/communities/{community_id:int}/feedback", name="show_feedback", opt=PUBLIC)
async def show_feedback(request: Request, community_id: FromPath[int]) -> Template:
    return await _page(request, await _community(community_id))


@post("/communities/{community_id:int}/feedback", name="give_rating", guards=[RATERS])
async def give_rating(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    community = await _community(community_id)
    form = parse_rating(await request.form())
    if form.ok:
        try:
            await giving.give_rating(actor, community, form.clean["score"], form.clean["comment"],
                                     form.clean["period"])
        except FieldError as error:
            form.add(error)
        except NotFound:
            raise NotFoundException() from None
        else:
            path = request.app.route_reverse("show_feedback", community_id=community_id)
            return redirect(request, flashed_path(path, "rating.given"))
    return await _page(request, community, form, 422)


@get("/communities/{community_id:int}/feedback/notice", name="print_feedback_notice",
     guards=[allow(*access.NOTICE_ROLES)])
async def print_feedback_notice(request: Request, community_id: FromPath[int]) -> Template:
    """The A4 notice for the notice board: the community, what to do, and the QR code of its page."""
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_print_notice(actor, community):
        raise NotFoundException()
    address = public_url(request.app.route_reverse("show_feedback", community_id=community_id), request=request)
    return render(request, "operations/ratings/notice.html",
                  {"community": community, "address": address, "qr": qr_svg(address)})
