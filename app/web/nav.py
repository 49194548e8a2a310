"""The menu each role sees, and which entry the current page belongs under, from the domains' declarations."""

from functools import cache

from app.domains import merged, nav_entries


@cache
def nav_for(role: str) -> list[tuple[str, str]]:
    """(route name, label) of the role's menu entries, in order; labels are translated when shown."""
    return [(entry.route, entry.label) for entry in nav_entries() if role in entry.roles]


@cache
def _pages() -> dict[str, str]:
    return merged("nav_pages")


def section_of(scope: dict) -> str | None:
    """The menu entry the current page belongs to (None on pages the router never matched)."""
    handler = scope.get("route_handler")
    name = getattr(handler, "name", None)
    return _pages().get(name or "", name)
