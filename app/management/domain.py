"""Who manages what: arrangements in the four modes, bundles, shared service."""

from app.domains import CommunitySection, Domain, NavEntry
from app.i18n import gettext, lazy
from app.management.logic import END_REASONS, MANAGER_MODES, SERVICE_LEVEL_LABELS

DOMAIN = Domain(
    name="management",
    order=50,
    routers=("app.management.controllers",),
    tables=("app.management.tables",),
    audit_actions={
        "arrangement.assign": lazy("Manager assigned"),
        "arrangement.end": lazy("Arrangement ended"),
        "bundle.create": lazy("Bundle created"),
        "shared_service.start": lazy("Shared service started"),
        "shared_service.end": lazy("Shared service ended"),
    },
    audit_fields={
        "arrangement": lazy("Management arrangement"),
        "bundle": lazy("Bundle"),
        "shared_service": lazy("Shared service"),
        "mode": (lazy("Management mode"), MANAGER_MODES),
        "reason": (lazy("Reason"), END_REASONS),
        "service_level": (lazy("Service level"), SERVICE_LEVEL_LABELS),
        "start": lazy("Start"),
        "end": lazy("End"),
        "notice_given_on": lazy("Notice given on"),
        "short_notice_days": lazy("Days of notice missing"),
        "projects": lazy("Public projects"),
        "provider": lazy("Serving community"),
    },
    template_globals={
        "mode_label": lambda mode: gettext(MANAGER_MODES.get(mode, mode)),
        "service_level_label": lambda level: gettext(SERVICE_LEVEL_LABELS.get(level, level)),
        "end_reason_label": lambda reason: gettext(END_REASONS.get(reason, reason)),
    },
    nav=(
        NavEntry(
            "list_bundles", lazy("Bundles"), ("bureau", "street"), 80,
        ),
    ),
    community_section=CommunitySection(
        "management/_community_section.html", "app.management.services.managers:community_section", 10
    ),
    nav_pages={
        "show_bundle": "list_bundles",
        "new_bundle": "list_bundles",
        "new_arrangement": "list_communities",
        "show_end_arrangement": "list_communities",
        "new_shared_service": "list_communities",
        "show_end_shared_service": "list_communities",
    },
)
