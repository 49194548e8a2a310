"""Property operations (item 3, 15, 16): service logs with photos, owners' ratings, complaints."""

from app.domains import CommunitySection, CompanySection, Domain, HomeSection, NavEntry
from app.i18n import gettext, lazy
from app.operations.complaints import SERVICE_CATEGORIES
from app.operations.logs.logic import fmt_hours

DOMAIN = Domain(
    name="operations",
    order=62,  # beside funds: above management, below credit and flags
    routers=("app.operations.logs.controllers",),
    tables=("app.operations.logs.tables",),
    hooks=("app.operations.logs.photos",),
    audit_actions={
        "service_log.create": lazy("Service logged"),
    },
    audit_fields={
        "service_log": lazy("Service log"),
        "service_category": (lazy("Kind of service"), SERVICE_CATEGORIES),
        "service_date": lazy("Day of the service"),
        "staff_count": lazy("Staff"),
        "service_hours": lazy("Hours"),
        "photo_count": lazy("Photos"),
    },
    nav=(NavEntry("list_my_service_logs", lazy("Service logs"), ("company",), 30),),
    nav_pages={
        "new_service_log": "list_my_service_logs",
        "show_service_log": "list_my_service_logs",
        "list_community_service_logs": "list_communities",
        "list_company_service_logs": "list_companies",
    },
    community_section=CommunitySection("operations/logs/_community_section.html",
                                       "app.operations.logs.views:community_section", 45),
    company_section=CompanySection("operations/logs/_company_section.html",
                                   "app.operations.logs.views:company_section", 60),
    template_globals={
        "service_category_label": lambda key: gettext(SERVICE_CATEGORIES.get(key, key)),
        "service_hours": fmt_hours,
    },
    home_sections=(HomeSection("operations/logs/_home_week.html", "app.operations.logs.views:home_week",
                               ("company",), 20),),
)
