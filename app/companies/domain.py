"""Property companies: the registry, red-property designation, subsidies."""

from app.domains import Domain, NavEntry
from app.i18n import lazy

DOMAIN = Domain(
    name="companies",
    order=30,
    routers=("app.companies.controllers",),
    tables=("app.companies.tables",),
    audit_actions={
        "company.create": lazy("Property company registered"),
        "company.update": lazy("Property company changed"),
        "company.subsidy_add": lazy("Subsidy recorded"),
        "company.subsidy_remove": lazy("Subsidy removed"),
    },
    nav=(
        NavEntry(
            "list_companies", lazy("Companies"), ("bureau", "street"), 70,
        ),
    ),
    nav_pages={
        "show_company": "list_companies",
        "new_company": "list_companies",
        "edit_company": "list_companies",
        "confirm_remove_subsidy": "list_companies",
    },
)
