"""Credit scores (信用分) of property companies: item 15's points for old communities taken over,
the bureau's records, grades and the blacklist, recomputed each cycle and explained line by line."""

from app.credit.scoring import GRADE_LABELS, KINDS, OBJECTION_STATES, fmt_points
from app.domains import CompanySection, Domain, NavEntry
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="credit",
    order=80,
    routers=("app.credit.controllers",),
    tables=("app.credit.tables",),
    actors=("workers.credit",),
    hooks=("app.credit.services.hooks", "app.credit.services.operations_sources"),
    audit_actions={
        "credit.record": lazy("Credit record entered"),
        "credit.object": lazy("Objection to a credit line"),
        "credit.answer": lazy("Objection answered"),
    },
    audit_fields={
        "credit_record": lazy("Credit record"),
        "credit_objection": lazy("Objection"),
        "credit_kind": (lazy("Kind of credit record"), KINDS),
        "objection_state": (lazy("Answer"), OBJECTION_STATES),
        "valid_from": lazy("Valid from"),
        "valid_until": lazy("Valid until"),
    },
    job_kinds={"recompute_credit": lazy("Credit scores recomputed")},
    result_labels={"cycle": lazy("Cycle"), "companies": lazy("Companies scored")},
    nav=(
        NavEntry("show_credit_rankings", lazy("Credit scores"), ("bureau",), 72),
        NavEntry("show_my_credit", lazy("My credit score"), ("company",), 30),
    ),
    nav_pages={
        "show_credit_score": "show_credit_rankings",
        "show_credit_red_list": "show_credit_rankings",
        "show_credit_blacklist": "show_credit_rankings",
        "new_credit_record": "show_credit_rankings",
        "show_credit_settings": "show_credit_rankings",
        "list_credit_objections": "show_credit_rankings",
        "show_credit_objection": "show_credit_rankings",
    },
    company_section=CompanySection("credit/_company_section.html", "app.credit.services.views:company_section", 50),
    template_globals={
        "credit_kind_label": lambda kind: gettext(KINDS.get(kind, kind)),
        "credit_grade_label": lambda grade: gettext(GRADE_LABELS.get(grade, grade)),
        "objection_state_label": lambda state: gettext(OBJECTION_STATES.get(state, state)),
        "credit_points": fmt_points,
    },
)
