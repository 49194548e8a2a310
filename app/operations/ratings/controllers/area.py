"""The satisfaction of an area (street office, bureau) or of a company, over a month, quarter or year,
by community, by street or by company."""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from app import clock
from app.operations.ratings import access
from app.operations.ratings.logic import THIS_SPAN, parse_span, span_of, view_kinds
from app.operations.ratings.services.views import BY, area_figures
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, query_str, render, wants_fragment

VIEWERS = allow("bureau", "street", "company")
TABLE = "satisfaction-table"  # the element a page of the table is swapped into


@get("/satisfaction", name="show_satisfaction", guards=[VIEWERS])
async def show_satisfaction(request: Request) -> Template:
    actor = principal_of(request)
    if not access.may_see_area(actor):
        raise NotFoundException()
    rating_period = get_settings().policy.rating_period
    kinds = view_kinds(rating_period)
    kind = query_str(request, "kind", 16)
    try:
        span = parse_span(query_str(request, "span", 16), rating_period)
    except ValueError:
        span = span_of(clock.today(), kind if kind in kinds else kinds[0])
    choices = BY if actor.role != "company" else ("community",)
    by = query_str(request, "by", 16)
    by = by if by in choices else choices[0]
    figures = await area_figures(actor, span, by, query_int(request, "page"),
                                 whole=not wants_fragment(request, TABLE))
    context = {"figures": figures, "kinds": [(key, THIS_SPAN[key]) for key in kinds], "by_choices": choices,
               "today_spans": {key: span_of(clock.today(), key) for key in kinds}}
    return render(request, "operations/ratings/area.html", context,
                  fragment="operations/ratings/_area_table.html", target=TABLE)
