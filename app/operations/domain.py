"""Property operations: service logs, owners' ratings and complaints (policy items 3, 15, 16).

Each part lives in its own package (``app/operations/ratings/`` …) and is declared here."""

from app.domains import CommunitySection, Domain, HomeSection, NavEntry
from app.i18n import gettext, lazy
from app.operations.satisfaction import RATER_KINDS, SCORE_LABELS

BY_LABELS = {"community": lazy("Community"), "street": lazy("Street"), "company": lazy("Company")}

DOMAIN = Domain(
    name="operations",
    order=70,
    routers=("app.operations.ratings.controllers",),
    tables=("app.operations.ratings.tables",),
    actors=("workers.ratings",),
    audit_actions={"rating.give": lazy("Service rated")},
    audit_fields={"rating": lazy("Rating"), "score": lazy("Score"), "period": lazy("Period"),
                  "rater_kind": (lazy("Rated as"), RATER_KINDS)},
    template_globals={
        "score_label": lambda score: gettext(SCORE_LABELS.get(score, str(score))),
        "by_label": lambda key: gettext(BY_LABELS.get(key, key)),
    },
    job_kinds={"refresh_rating_tallies": lazy("Refresh the satisfaction figures")},
    result_labels={"tallies": lazy("Community periods counted")},
    nav=(NavEntry("show_satisfaction", lazy("Satisfaction"), ("bureau", "street", "company"), 70),),
    nav_pages={"show_feedback": "list_communities", "print_feedback_notice": "list_communities"},
    community_section=CommunitySection(
        "operations/ratings/_community_section.html", "app.operations.ratings.services.views:community_section", 70
    ),
    home_sections=(
        HomeSection("operations/ratings/_company_trend.html", "app.operations.ratings.services.views:company_trend",
                    ("company",), 50),
        HomeSection("operations/ratings/_street_below.html", "app.operations.ratings.services.views:street_below",
                    ("street",), 50),
    ),
)
