"""The menu each role sees, and which entry the current page belongs under, from the domains' declarations."""

from functools import cache

from jinja2 import pass_context
from jinja2.runtime import Context

from app.domains import merged, nav_entries


@cache
def nav_for(role: str) -> list[tuple[str, str]]:
    """(route name, label) of the role's menu entries, in order; labels are translated when shown."""
    return [(entry.route, entry.label) for entry in nav_entries() if role in entry.roles]


@pass_context
def nav_links(context: Context, role: str) -> list[tuple[str, str, str]]:
    """(route name, path, label) of the role's menu entries. The template loops over these: calling
    url_for inside its loop made Jinja copy its context once per entry, on every page."""
    app = context["request"].app
    by_role = app.state.get("nav_links")  # kept with the app: its routes, reversed once per role
    if by_role is None:
        by_role = app.state["nav_links"] = {}
    if role not in by_role:
        by_role[role] = [(route, app.route_reverse(route), label) for route, label in nav_for(role)]
    return by_role[role]


@cache
def _pages() -> dict[str, str]:
    return merged("nav_pages")


def section_of(scope: dict) -> str | None:
    """The menu entry the current page belongs to (None on pages the router never matched)."""
    handler = scope.get("route_handler")
    name = getattr(handler, "name", None)
    return _pages().get(name or "", name)
