"""The maintenance fund (专项维修资金, Order No. 165): a community's account, its households'
sub-accounts, the hash-chained ledger and the county rates of the first deposit."""

from app.domains import CommunitySection, Domain, NavEntry
from app.funds.logic import EMERGENCY_REASONS, KINDS, PROPOSAL_SCOPES, PROPOSAL_STATES, STATUSES
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="funds",
    order=60,
    routers=("app.funds.controllers",),
    tables=("app.funds.tables",),
    hooks=("app.funds.services.votes",),
    audit_actions={
        "fund.post": lazy("Fund entry posted"),
        "fund.correct": lazy("Fund entry corrected"),
        "fund.rate": lazy("Fund rate set"),
        "fund.propose": lazy("Fund use proposed"),
        "fund.edit": lazy("Fund use proposal changed"),
        "fund.vote": lazy("Fund use put to the owners' vote"),
        "fund.emergency": lazy("Emergency fund use authorised"),
        "fund.disburse": lazy("Fund use disbursed"),
        "fund.cancel": lazy("Fund use cancelled"),
    },
    audit_fields={
        "fund_entry": lazy("Fund entry"),
        "entry_kind": (lazy("Kind of entry"), KINDS),
        # "amount_fen" is labelled by companies ("Amount"); every *_fen value reads as money (¥).
        "corrects": lazy("Corrects entry"),
        "correction_reason": lazy("Reason for the correction"),
        "county": lazy("County"),
        "rate_fen_per_m2": lazy("Rate per m²"),
        "effective_from": lazy("Effective from"),
        "fund_proposal": lazy("Fund use proposal"),
        "budget_fen": lazy("Budget"),
        "emergency_reason": (lazy("Emergency"), EMERGENCY_REASONS),
        "authorised_by": lazy("Authorised by"),
        "households": lazy("Households"),
    },
    nav=(
        NavEntry("show_fund_overview", lazy("Maintenance fund"), ("bureau", "street"), 86),
        NavEntry("show_fund_rates", lazy("Fund rates"), ("bureau",), 88),
        NavEntry("show_my_fund", lazy("My fund"), ("owner",), 25),
    ),
    nav_pages={
        "show_fund": "list_communities",
        "show_fund_households": "list_communities",
        "show_fund_ledger": "list_communities",
        "show_fund_household": "list_communities",
        "show_fund_publication": "list_communities",
        "list_fund_communities": "show_fund_overview",
        "list_area_fund_proposals": "show_fund_overview",
        "new_fund_deposit": "list_communities",
        "show_fund_entry": "list_communities",
        "show_fund_correction": "list_communities",
        "show_my_fund_household": "show_my_fund",
        "show_fund_import": "list_communities",
        "new_fund_distribution": "list_communities",
        "show_fund_top_up": "list_communities",
        "print_top_up_notices": "list_communities",
        "list_fund_proposals": "list_communities",
        "new_fund_proposal": "list_communities",
        "edit_fund_proposal": "list_communities",
        "show_fund_proposal_units": "list_communities",
        "show_fund_proposal": "list_communities",
        "show_fund_top_up_notice": "list_communities",
    },
    community_section=CommunitySection("funds/_community_section.html", "app.funds.services.views:community_section", 40),
    template_globals={
        "fund_kind_label": lambda kind: gettext(KINDS.get(kind, kind)),
        "fund_status_label": lambda status: gettext(STATUSES.get(status, status)),
        "proposal_state_label": lambda state: gettext(PROPOSAL_STATES.get(state, state)),
        "proposal_scope_label": lambda scope: gettext(PROPOSAL_SCOPES.get(scope, scope)),
        "emergency_label": lambda reason: gettext(EMERGENCY_REASONS.get(reason, reason)),
    },
)
