"""Property operations: what a company does and how owners judge it (policy items 3, 15, 16): service
logs, owners' ratings and complaints. Each part lives in its own package and is declared here:
service logs in ``app.operations.logs``, complaints and opinions (诉求) in ``app.operations.grievances``,
ratings in ``app.operations.ratings``."""

from datetime import date, datetime, timedelta

from app.domains import CommunitySection, CompanySection, Domain, HomeSection, NavEntry
from app.i18n import gettext, lazy
from app.operations.complaints import CHANNELS, PARTS, SERVICE_CATEGORIES, STATES
from app.operations.deadlines import china_time
from app.operations.logs.logic import fmt_hours
from app.operations.satisfaction import RATER_KINDS, SCORE_LABELS


def due_day(due_at: datetime) -> date:
    """The last day to respond (all of it in time), from the stored first overdue moment (midnight after
    it, ``app.operations.deadlines.Deadline.due_at``): what a page shows as the deadline."""
    return (china_time(due_at) - timedelta(days=1)).date()


# "Online" alone reads as online voting in Chinese (decisions' ballot channel): say who filed it.
CHANNEL_LABELS = {**CHANNELS, "online": lazy("Online, by the owner")}
BY_LABELS = {"community": lazy("Community"), "street": lazy("Street"), "company": lazy("Company")}

DOMAIN = Domain(
    name="operations",
    order=70,  # above management and funds, below credit and flags
    routers=("app.operations.logs.controllers", "app.operations.grievances.controllers",
             "app.operations.ratings.controllers"),
    tables=("app.operations.logs.tables", "app.operations.grievances.tables", "app.operations.ratings.tables"),
    actors=("workers.ratings",),
    hooks=("app.operations.logs.photos",),
    audit_actions={
        "service_log.create": lazy("Service logged"),
        "complaint.file": lazy("Complaint filed"),
        "complaint.respond": lazy("Complaint responded to"),
        "complaint.close": lazy("Complaint closed"),
        "complaint.reopen": lazy("Complaint reopened"),
        "rating.give": lazy("Service rated"),
    },
    audit_fields={
        "service_log": lazy("Service log"),
        "service_category": (lazy("Kind of service"), SERVICE_CATEGORIES),
        "service_date": lazy("Day of the service"),
        "staff_count": lazy("Staff"),
        "service_hours": lazy("Hours"),
        "photo_count": lazy("Photos"),
        "complaint": lazy("Complaint"),
        "complaint_channel": (lazy("Channel"), CHANNEL_LABELS),
        "complaint_state": (lazy("State of the complaint"), STATES),
        "responsible": lazy("Responsible party"),
        "satisfied": lazy("Complainant satisfied"),
        "rating": lazy("Rating"),
        "score": lazy("Score"),
        "period": lazy("Period"),
        "rater_kind": (lazy("Rated as"), RATER_KINDS),
    },
    job_kinds={"refresh_rating_tallies": lazy("Refresh the satisfaction figures")},
    result_labels={"tallies": lazy("Community periods counted")},
    nav=(
        NavEntry("list_my_service_logs", lazy("Service logs"), ("company",), 30),
        NavEntry("show_satisfaction", lazy("Satisfaction"), ("bureau", "street", "company"), 70),
        NavEntry("list_complaints", lazy("Complaints"), ("bureau", "street", "company", "committee", "owner"), 75),
    ),
    nav_pages={
        "new_service_log": "list_my_service_logs",
        "show_service_log": "list_my_service_logs",
        "list_community_service_logs": "list_communities",
        "list_company_service_logs": "list_companies",
        "show_complaint": "list_complaints",
        "new_complaint": "list_complaints",
        "list_community_complaints": "list_complaints",
        "show_feedback": "list_communities",
        "print_feedback_notice": "list_communities",
    },
    community_sections=(
        CommunitySection("operations/logs/_community_section.html", "app.operations.logs.views:community_section", 45),
        CommunitySection("operations/complaints/_community_section.html",
                         "app.operations.grievances.services.views:community_section", 60),
        CommunitySection("operations/ratings/_community_section.html",
                         "app.operations.ratings.services.views:community_section", 70),
    ),
    company_section=CompanySection("operations/logs/_company_section.html",
                                   "app.operations.logs.views:company_section", 60),
    home_sections=(
        HomeSection("operations/logs/_home_week.html", "app.operations.logs.views:home_week", ("company",), 20),
        HomeSection("operations/complaints/_home_company.html", "app.operations.grievances.services.views:company_home",
                    ("company",), 30),
        HomeSection("operations/complaints/_home_street.html", "app.operations.grievances.services.views:street_home",
                    ("street",), 30),
        HomeSection("operations/complaints/_home_owner.html", "app.operations.grievances.services.views:owner_home",
                    ("owner",), 30),
        HomeSection("operations/ratings/_company_trend.html", "app.operations.ratings.services.views:company_trend",
                    ("company",), 50),
        HomeSection("operations/ratings/_street_below.html", "app.operations.ratings.services.views:street_below",
                    ("street",), 50),
    ),
    template_globals={
        "service_category_label": lambda key: gettext(SERVICE_CATEGORIES.get(key, key)),
        "service_hours": fmt_hours,
        "complaint_state_label": lambda state: gettext(STATES.get(state, state)),
        "complaint_channel_label": lambda channel: gettext(CHANNEL_LABELS.get(channel, channel)),
        "complaint_part_label": lambda part: gettext(PARTS.get(part, part)),
        "complaint_due_day": due_day,
        "score_label": lambda score: gettext(SCORE_LABELS.get(score, str(score))),
        "by_label": lambda key: gettext(BY_LABELS.get(key, key)),
    },
)
