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
    audit_fields={
        "company": lazy("Property company"),
        "subsidy": lazy("Subsidy"),
        "uscc": lazy("Unified social credit code"),
        "legal_representative": lazy("Legal representative"),
        "contact_name": lazy("Contact"),
        "contact_phone": lazy("Contact phone"),
        "is_red_property": lazy("Red property company"),
        "red_property_since": lazy("Red property since"),
        "red_property_by": lazy("Designated by"),
        "company_id": lazy("Property company (number)"),
        "community_id": lazy("Community (number)"),
        "amount_fen": lazy("Amount"),
        "year": lazy("Year"),
        "source": lazy("Source"),
        "note": lazy("Note"),
        "reason": lazy("Reason"),
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
