"""Owners' committees (业主委员会): terms, members, filings, preparatory groups, cross-appointments."""

from app.committees.logic import CROSS_KINDS, POSTS, RULES
from app.domains import CommunitySection, CompanySection, Domain, NavEntry
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="committees",
    order=60,
    routers=("app.committees.controllers",),
    tables=("app.committees.tables",),
    hooks=("app.committees.services.slates", "app.committees.services.owner_uses"),
    audit_actions={
        "committee.install": lazy("Committee installed"),
        "committee.dates": lazy("Committee meeting or filing recorded"),
        "committee.change": lazy("Committee change recorded"),
        "committee.change_filed": lazy("Committee change filed"),
        "committee.preparatory_group": lazy("Preparatory group formed"),
        "committee.cross_appointment": lazy("Cross-appointment recorded"),
        "committee.slate": lazy("Election slate entered"),
    },
    audit_fields={
        "committee": lazy("Owner committee"),
        "elected_on": lazy("Elected on"),
        "term_start": lazy("Term starts"),
        "term_end": lazy("Term ends"),
        "members": lazy("Members"),
        "replaces": lazy("Replaces committee"),
        "decision_id": lazy("Owners' decision"),
        "first_meeting_on": lazy("First meeting"),
        "filed_bureau_on": lazy("Filed with the housing bureau"),
        "filed_street_on": lazy("Filed with the street office"),
        "changed_on": lazy("Changed on"),
        "description": lazy("Description"),
        "filed_on": lazy("Filed on"),
        "formed_on": lazy("Formed on"),
        "guide_name": lazy("Guided by"),
        "kind": (lazy("Kind"), CROSS_KINDS),
        "person_name": lazy("Person"),
        "committees": lazy("Owner committees"),
        "committee_id": lazy("Owner committee"),
    },
    template_globals={
        "post_label": lambda post: gettext(POSTS.get(post, post)),
        "rule_label": lambda rule: gettext(RULES.get(rule, rule)),
        "cross_kind_label": lambda kind: gettext(CROSS_KINDS.get(kind, kind)),
    },
    nav=(
        NavEntry("show_committee_overview", lazy("Owner committees"), ("bureau", "street"), 85),
        NavEntry("show_own_committee", lazy("Our committee"), ("committee",), 20),
        NavEntry("list_cross_appointments", lazy("Cross-appointments"), ("company",), 60),
    ),
    nav_pages={
        "list_committees": "show_committee_overview",
        "show_committee": "list_communities",
        "new_committee": "list_communities",
        "edit_election_slate": "list_decisions",
    },
    community_section=CommunitySection(
        "committees/_community_section.html", "app.committees.services.views:community_section", 20
    ),
    company_section=CompanySection("committees/_company_section.html", "app.committees.services.views:company_section"),
)
