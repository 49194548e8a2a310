"""The navigation each role sees: (route name, label), and which pages belong under each entry."""

from app.web.i18n import lazy

_NAV = {
    "bureau": [
        ("show_home", lazy("Home")),
        ("browse_regions", lazy("Regions")),
        ("list_communities", lazy("Communities")),
        ("list_audit", lazy("Audit log")),
    ],
    "street": [
        ("show_home", lazy("Home")),
        ("browse_regions", lazy("Regions")),
        ("list_communities", lazy("Communities")),
    ],
    "company": [("show_home", lazy("Home")), ("list_communities", lazy("Communities"))],
    "committee": [("show_home", lazy("Home"))],
    "owner": [("show_home", lazy("Home"))],
}

# A page not in the menu is shown under the entry it belongs to.
_SECTION = {"show_region": "browse_regions", "show_community": "list_communities"}


def nav_for(role: str) -> list[tuple[str, str]]:
    return _NAV.get(role, [])


def section_of(scope: dict) -> str | None:
    """The menu entry the current page belongs to (None on pages the router never matched)."""
    handler = scope.get("route_handler")
    name = getattr(handler, "name", None)
    return _SECTION.get(name or "", name)
