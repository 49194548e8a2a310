"""``url_for`` in templates, with each route's path worked out once.

Litestar's ``route_reverse`` sorts a route's paths and checks every parameter on each call; a
community page calls it 40 times, a page of households 60. This ``url_for`` asks Litestar once per
route and kind of parameters (whole numbers, text without a slash), with stand-in values, and keeps
the path it gets as text with holes for the values. Anything else (a path parameter with slashes,
a date, a wrong type that Litestar should refuse) goes to ``route_reverse`` every time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import pass_context
from jinja2.runtime import Context

_INT_STAND_IN = 8_642_097_531_000_000  # no path spells these digits: they only mark where a value goes


def _kind(value: object) -> type | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return int
    if isinstance(value, str) and value and "/" not in value:  # Litestar's join_paths would change slashes
        return str
    return None


class _Path:
    """A route's path as literal text and the names of the parameters between."""

    def __init__(self, app, route_name: str, kinds: tuple[tuple[str, type], ...]) -> None:
        stand_ins = {name: _INT_STAND_IN + i if kind is int else f"\x1f{i}\x1f" for i, (name, kind) in enumerate(kinds)}
        path = app.route_reverse(route_name, **stand_ins)  # Litestar's checks, once
        names = {str(value): name for name, value in stand_ins.items()}
        pieces = re.split("(" + "|".join(re.escape(marker) for marker in names) + ")", path) if names else [path]
        self.parts = [names.get(piece, piece) if i % 2 else piece for i, piece in enumerate(pieces)]

    def format(self, parameters: dict) -> str:
        return "".join(part if i % 2 == 0 else str(parameters[part]) for i, part in enumerate(self.parts))


def make_url_for() -> Callable:
    """A template global ``url_for(route_name, **path_parameters)`` for one app's templates."""
    paths: dict[tuple, _Path] = {}

    @pass_context
    def url_for(context: Context, route_name: str, **parameters: object) -> str:
        app = context["request"].app
        kinds = tuple((name, _kind(value)) for name, value in sorted(parameters.items()))
        if any(kind is None for _, kind in kinds):
            return app.route_reverse(route_name, **parameters)
        key = (route_name, kinds)
        path = paths.get(key)
        if path is None:
            path = paths[key] = _Path(app, route_name, kinds)
        return path.format(parameters)

    return url_for
