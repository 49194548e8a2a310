"""Owners' joint decisions (业主共同决定, Civil Code art. 278): matters, ballots, tallies, outcomes."""

from app.clock import CHINA
from app.decisions.logic import CHANNELS, CHOICES, MATTERS, OUTCOMES, STATES, area_of, share
from app.domains import CommunitySection, Domain, HomeSection, NavEntry
from app.i18n import fmt_number, gettext, lazy


def _ratio(part: int, whole: int) -> str:
    value = share(part, whole)
    return "—" if value is None else f"{value}%"


def _moment(value) -> str:
    """A ballot's time as 2026-11-25 10:30 (China time): plain Python, not Babel, since a register
    page shows fifty of them."""
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else ""


def _mark(met: bool) -> str:
    return "✓ " + gettext("met") if met else "✗ " + gettext("not met")


DOMAIN = Domain(
    name="decisions",
    order=60,
    routers=("app.decisions.controllers",),
    tables=("app.decisions.tables",),
    hooks=("app.decisions.services.photos",),
    audit_actions={
        "decision.create": lazy("Decision drafted"),
        "decision.update": lazy("Decision draft edited"),
        "decision.delete": lazy("Decision draft deleted"),
        "decision.open": lazy("Decision opened for voting"),
        "decision.close": lazy("Decision closed"),
        "decision.act": lazy("Decision outcome carried out"),
        "ballot.cast": lazy("Ballot cast"),
    },
    audit_fields={
        "decision": lazy("Owners' decision"),
        "matter": (lazy("Matter"), {key: label for key, (_item, label) in MATTERS.items()}),
        "choice": (lazy("Vote"), CHOICES),
        "channel": (lazy("Ballot channel"), CHANNELS),
        "outcome": (lazy("Outcome"), OUTCOMES),
        "head": lazy("Owner"),
        "heads": lazy("Owners"),
        "replaced": lazy("Replaced an earlier ballot"),
        "proxy_name": lazy("Signed by proxy"),
        "reference": lazy("Paper reference"),
        "note": lazy("Note"),
    },
    template_globals={
        "matter_label": lambda matter: gettext(MATTERS[matter][1]) if matter in MATTERS else matter,
        "matter_item": lambda matter: MATTERS[matter][0] if matter in MATTERS else "",
        "choice_label": lambda choice: gettext(CHOICES.get(choice, choice)),
        "channel_label": lambda channel: gettext(CHANNELS.get(channel, channel)),
        "decision_state_label": lambda state: gettext(STATES.get(state, state)),
        "outcome_label": lambda outcome: gettext(OUTCOMES.get(outcome, outcome)),
        "ratio": _ratio,
        "mark": _mark,
        "centi_area": lambda centi: fmt_number(area_of(centi), 2),
        "ballot_time": _moment,
    },
    nav=(
        NavEntry("list_decisions", lazy("Owners' decisions"), ("bureau", "street", "committee", "owner"), 70),
    ),
    nav_pages={
        "show_decision": "list_decisions",
        "new_decision": "list_decisions",
        "edit_decision": "list_decisions",
        "show_decision_units": "list_decisions",
        "show_ballot_page": "list_decisions",
        "show_paper_ballots": "list_decisions",
        "show_decision_notice": "list_decisions",
        "show_decision_result": "list_decisions",
    },
    community_section=CommunitySection(
        "decisions/_community_section.html", "app.decisions.services.pages:community_section", 60
    ),
    home_sections=(
        HomeSection("decisions/_home_votes.html", "app.decisions.services.pages:my_open_votes", ("owner",), 10),
    ),
)
