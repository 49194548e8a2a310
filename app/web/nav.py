"""The navigation each role sees: (route name, label)."""

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


def nav_for(role: str) -> list[tuple[str, str]]:
    return _NAV.get(role, [])
