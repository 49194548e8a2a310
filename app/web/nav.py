"""The navigation each role sees: (route name, label), and which pages belong under each entry."""

from app.web.i18n import lazy

_NAV = {
    "bureau": [
        ("show_home", lazy("Home")),
        ("show_overview", lazy("Overview")),
        ("browse_regions", lazy("Regions")),
        ("list_communities", lazy("Communities")),
        ("show_renovation_plan", lazy("Renovation plan")),
        ("show_import", lazy("Import")),
        ("list_companies", lazy("Companies")),
        ("list_bundles", lazy("Bundles")),
        ("list_audit", lazy("Audit log")),
    ],
    "street": [
        ("show_home", lazy("Home")),
        ("show_overview", lazy("Overview")),
        ("browse_regions", lazy("Regions")),
        ("list_communities", lazy("Communities")),
        ("show_renovation_plan", lazy("Renovation plan")),
        ("show_import", lazy("Import")),
        ("list_bundles", lazy("Bundles")),
        ("list_companies", lazy("Companies")),
    ],
    "company": [("show_home", lazy("Home")), ("list_communities", lazy("Communities"))],
    "committee": [("show_home", lazy("Home"))],
    "owner": [("show_home", lazy("Home"))],
}

# A page not in the menu is shown under the entry it belongs to.
_SECTION = {
    "show_region": "browse_regions",
    "show_community": "list_communities",
    **dict.fromkeys(("new_community", "edit_community", "new_building", "edit_building", "new_household",
                     "edit_household"), "list_communities"),
    **dict.fromkeys(("check_import", "start_import"), "show_import"),
    "show_company": "list_companies",
    "new_company": "list_companies",
    "edit_company": "list_companies",
    "confirm_remove_subsidy": "list_companies",
    "new_arrangement": "list_communities",
    "show_end_arrangement": "list_communities",
    "new_shared_service": "list_communities",
    "show_end_shared_service": "list_communities",
    "show_bundle": "list_bundles",
    "new_bundle": "list_bundles",
}


def nav_for(role: str) -> list[tuple[str, str]]:
    return _NAV.get(role, [])


def section_of(scope: dict) -> str | None:
    """The menu entry the current page belongs to (None on pages the router never matched)."""
    handler = scope.get("route_handler")
    name = getattr(handler, "name", None)
    return _SECTION.get(name or "", name)
