"""The maintenance fund (专项维修资金, Order No. 165): a community's account, its households'
sub-accounts, the hash-chained ledger and the county rates of the first deposit."""

from app.domains import CommunitySection, Domain, NavEntry
from app.funds.logic import KINDS, STATUSES
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="funds",
    order=60,
    routers=("app.funds.controllers",),
    tables=("app.funds.tables",),
    audit_actions={
        "fund.post": lazy("Fund entry posted"),
        "fund.correct": lazy("Fund entry corrected"),
        "fund.rate": lazy("Fund rate set"),
    },
    audit_fields={
        "fund_entry": lazy("Fund entry"),
        "entry_kind": (lazy("Kind of entry"), KINDS),
        "amount_fen": lazy("Amount (fen)"),
        "corrects": lazy("Corrects entry"),
        "correction_reason": lazy("Reason for the correction"),
        "county": lazy("County"),
        "rate_fen_per_m2": lazy("Rate (fen per m²)"),
        "effective_from": lazy("Effective from"),
    },
    nav=(
        NavEntry("show_fund_overview", lazy("Maintenance fund"), ("bureau", "street"), 86),
        NavEntry("show_fund_rates", lazy("Fund rates"), ("bureau",), 88),
        NavEntry("show_my_fund", lazy("My fund"), ("owner",), 25),
    ),
    nav_pages={
        "show_fund": "list_communities",
        "show_fund_household": "list_communities",
        "show_fund_publication": "list_communities",
        "list_fund_communities": "show_fund_overview",
        "new_fund_deposit": "list_communities",
        "show_fund_entry": "list_communities",
        "show_fund_correction": "list_communities",
        "show_my_fund_household": "show_my_fund",
    },
    community_section=CommunitySection("funds/_community_section.html", "app.funds.services.views:community_section", 40),
    template_globals={
        "fund_kind_label": lambda kind: gettext(KINDS.get(kind, kind)),
        "fund_status_label": lambda status: gettext(STATUSES.get(status, status)),
    },
)
