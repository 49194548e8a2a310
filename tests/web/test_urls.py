"""Templates' url_for (app.web.urls) answers what Litestar's route_reverse answers, for every route."""

from __future__ import annotations

import re

import pytest
from litestar.exceptions import NoRouteMatchFoundException

from app.web.urls import make_url_for

VALUES = {"int": (7, 1_234_567), "str": ("630102001", "a b")}


class _Request:
    def __init__(self, app) -> None:
        self.app = app


def _routes(app):
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.name:
                yield handler.name, route.path


def test_every_route_gets_the_path_litestar_would_give(app):
    url_for = make_url_for()
    context = {"request": _Request(app)}
    checked = 0
    for name, path in _routes(app):
        parameters = re.findall(r"\{(\w+):(\w+)\}", path)
        for round_ in (0, 1):  # the second time from the kept path
            values = {param: VALUES[kind][round_] if kind in VALUES else "/app.css" for param, kind in parameters}
            assert url_for(context, name, **values) == app.route_reverse(name, **values), (name, values)
            checked += 1
    assert checked > 100


def test_what_litestar_would_refuse_is_still_refused(app):
    url_for = make_url_for()
    context = {"request": _Request(app)}
    assert url_for(context, "show_community", community_id=5) == "/communities/5"
    with pytest.raises(NoRouteMatchFoundException):
        url_for(context, "show_community", community_id="5")
    with pytest.raises(NoRouteMatchFoundException):
        url_for(context, "show_community", community_id=None)
    with pytest.raises(NoRouteMatchFoundException):
        url_for(context, "no_such_route")
    assert url_for(context, "static", file_path="/vendor/htmx.min.js") == "/static/vendor/htmx.min.js"
