"""Property operations: what a company does and how owners judge it (service logs, ratings,
complaints). Complaints and opinions (诉求) live in ``app.operations.grievances``."""

from datetime import date, datetime, timedelta

from app.domains import CommunitySection, Domain, HomeSection, NavEntry
from app.i18n import gettext, lazy
from app.operations.complaints import CHANNELS, PARTS, STATES
from app.operations.deadlines import china_time


def due_day(due_at: datetime) -> date:
    """The last day to respond (all of it in time), from the stored first overdue moment (midnight after
    it, ``app.operations.deadlines.Deadline.due_at``): what a page shows as the deadline."""
    return (china_time(due_at) - timedelta(days=1)).date()


# "Online" alone reads as online voting in Chinese (decisions' ballot channel): say who filed it.
CHANNEL_LABELS = {**CHANNELS, "online": lazy("Online, by the owner")}

DOMAIN = Domain(
    name="operations",
    order=70,
    routers=("app.operations.grievances.controllers",),
    tables=("app.operations.grievances.tables",),
    audit_actions={
        "complaint.file": lazy("Complaint filed"),
        "complaint.respond": lazy("Complaint responded to"),
        "complaint.close": lazy("Complaint closed"),
        "complaint.reopen": lazy("Complaint reopened"),
    },
    audit_fields={
        "complaint": lazy("Complaint"),
        "complaint_channel": (lazy("Channel"), CHANNEL_LABELS),
        "complaint_state": (lazy("State of the complaint"), STATES),
        "responsible": lazy("Responsible party"),
        "satisfied": lazy("Complainant satisfied"),
    },
    nav=(
        NavEntry("list_complaints", lazy("Complaints"), ("bureau", "street", "company", "committee", "owner"), 75),
    ),
    nav_pages={
        "show_complaint": "list_complaints",
        "new_complaint": "list_complaints",
        "list_community_complaints": "list_complaints",
    },
    community_section=CommunitySection(
        "operations/complaints/_community_section.html", "app.operations.grievances.services.views:community_section", 60),
    home_sections=(
        HomeSection("operations/complaints/_home_company.html", "app.operations.grievances.services.views:company_home",
                    ("company",), 30),
        HomeSection("operations/complaints/_home_street.html", "app.operations.grievances.services.views:street_home",
                    ("street",), 30),
        HomeSection("operations/complaints/_home_owner.html", "app.operations.grievances.services.views:owner_home",
                    ("owner",), 30),
    ),
    template_globals={
        "complaint_state_label": lambda state: gettext(STATES.get(state, state)),
        "complaint_channel_label": lambda channel: gettext(CHANNEL_LABELS.get(channel, channel)),
        "complaint_part_label": lambda part: gettext(PARTS.get(part, part)),
        "complaint_due_day": due_day,
    },
)
