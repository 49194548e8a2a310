"""Complaints and opinions (诉求): where they come from, who answers them, and their states. Also the
categories of a service log. Pure.

Item 3 of the policy: every complaint, from the 12345 hotline, community councils or WeChat groups,
must get a response. A complaint goes to whoever is responsible for the community on the day it is
filed (``responsible_party``), and stays with them after a change of manager. It is ``open`` until
the responsible party responds (within a deadline: ``deadlines.py``), then ``responded``; the
complainant, or staff on the complainant's behalf, closes it with the satisfaction noted, or reopens
it when not satisfied, which makes it ``open`` again with a new deadline.

Who may do what is data (``TRANSITIONS``): each action names the states it starts from, the state it
leads to, and the parts an actor may play in it:

- ``complainant``: the owner who filed it (online);
- ``responsible``: staff of the party it was routed to (the company, or the street office);
- ``staff``: street or residents'-community staff over the community, who record complaints from the
  hotline, WeChat groups and meetings and act for those complainants, and who mediate (a closing
  they note may say the complainant was not satisfied).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.i18n import gettext as _
from app.i18n import lazy
from app.management.logic import SHARED_SERVICE
from app.operations.deadlines import china_time, is_overdue

CHANNELS = {
    "online": lazy("Online"),
    "hotline_12345": lazy("12345 hotline"),
    "wechat_group": lazy("WeChat group"),
    "community_meeting": lazy("Community meeting"),
    "other": lazy("Other"),
}
# Who enters a complaint from each channel: an owner files online himself; staff record the rest.
FILED_BY = {
    "online": ("complainant",),
    "hotline_12345": ("staff",),
    "wechat_group": ("staff",),
    "community_meeting": ("staff",),
    "other": ("staff",),
}

SERVICE_CATEGORIES = {
    "cleaning": lazy("Cleaning"),
    "greening": lazy("Greening"),
    "patrol": lazy("Order and patrol"),
    "repair": lazy("Repair"),
    "upkeep": lazy("Facility upkeep"),
    "other": lazy("Other"),
}

STATES = {
    "open": lazy("Awaiting a response"),
    "responded": lazy("Responded"),
    "closed": lazy("Closed"),
}
PARTS = {
    "complainant": lazy("Complainant"),
    "responsible": lazy("Responsible party"),
    "staff": lazy("Street staff"),
}


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]  # the states it may start from
    target: str
    parts: tuple[str, ...]  # who may do it
    refusal: str  # what anyone else is told
    new_deadline: bool = False  # the clock starts again from the moment it is done


_FOR_THE_COMPLAINANT = ("complainant", "staff")
TRANSITIONS = {
    # A further response while the complainant has not yet answered the first one keeps it responded.
    "respond": Transition(
        lazy("Respond"), ("open", "responded"), "responded", ("responsible",),
        lazy("Only the party the complaint was sent to may respond to it."),
    ),
    "close": Transition(
        lazy("Close"), ("responded",), "closed", _FOR_THE_COMPLAINANT,
        lazy("Only the complainant, or street staff on the complainant's behalf, may close a complaint."),
    ),
    "reopen": Transition(
        lazy("Reopen: not satisfied"), ("responded",), "open", _FOR_THE_COMPLAINANT,
        lazy("Only the complainant, or street staff on the complainant's behalf, may reopen a complaint."),
        new_deadline=True,
    ),
}

_REFUSALS = {
    "unknown_action": lazy("That is not something a complaint can do."),
    "not_now": lazy("This cannot be done while the complaint is %(state)s."),
    "closed_unsatisfied": lazy("A complainant who is not satisfied reopens the complaint rather than closing it."),
    "wrong_channel": lazy("Owners file complaints online themselves; staff record those from the 12345 hotline, WeChat groups, community meetings and elsewhere."),
}


class ComplaintError(ValueError):
    """A refused action: ``problem`` is a key of _REFUSALS or "not_yours" (then ``action`` names whose
    refusal to give); ``message`` says it in the user's language."""

    def __init__(self, problem: str, *, action: str = "", state: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.action = action
        self.state = state

    @property
    def message(self) -> str:
        if self.problem == "not_yours":
            return _(TRANSITIONS[self.action].refusal)
        text = _REFUSALS[self.problem]
        if self.problem == "not_now":
            return _(text, state=_(STATES[self.state]).lower())
        return _(text)


def allowed(action: str, state: str, parts: frozenset[str] | set[str]) -> bool:
    """Whether an actor playing ``parts`` in a complaint may do ``action`` in ``state`` (a page's
    ``may`` flag)."""
    transition = TRANSITIONS.get(action)
    return transition is not None and state in transition.sources and bool(set(parts) & set(transition.parts))


def allowed_actions(state: str, parts: frozenset[str] | set[str]) -> list[str]:
    return [action for action in TRANSITIONS if allowed(action, state, parts)]


def next_state(state: str, action: str, parts: frozenset[str] | set[str], *, satisfied: bool | None = None) -> str:
    """The state after ``action``; raises ``ComplaintError`` when it is refused.

    Closing notes whether the complainant was satisfied: a complainant closing his own complaint is
    satisfied (one who is not reopens it); staff mediating may close it either way.
    """
    if state not in STATES:
        raise ValueError(f"unknown complaint state {state!r}")
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ComplaintError("unknown_action")
    if state not in transition.sources:
        raise ComplaintError("not_now", state=state)
    if not set(parts) & set(transition.parts):
        raise ComplaintError("not_yours", action=action)
    if action == "close":
        if satisfied is None:
            raise ValueError("closing a complaint notes whether the complainant was satisfied")
        if not satisfied and "staff" not in parts:
            raise ComplaintError("closed_unsatisfied")
    return transition.target


def check_channel(channel: str, part: str) -> None:
    """Whether ``part`` may enter a complaint from ``channel``; raises ``ComplaintError`` if not."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if part not in FILED_BY[channel]:
        raise ComplaintError("wrong_channel")


def overdue(state: str, due_at: datetime, now: datetime) -> bool:
    """Whether a complaint is late: still awaiting a response at or after its due moment. A responded
    or closed one is never overdue (a reopened one is open again, with its new deadline)."""
    return state == "open" and is_overdue(china_time(due_at), now)


# Routing


@dataclass(frozen=True)
class Responsible:
    """Who answers a complaint: a property company, or the street office over the community."""

    kind: str  # company · street
    company_id: int | None = None
    street_code: str | None = None


# Modes whose manager is a property company: professional (a bundle is a professional arrangement
# naming its bundle) and a neighbour's company lending its staff. The street office answers for the
# rest: the communities it manages by proxy, those with no manager at all, and those its residents'
# communities supervise (self-management, 社区督管) or whose manager is a work unit, which has no
# account here and which the street office oversees.
COMPANY_MODES = ("professional", SHARED_SERVICE)


def responsible_party(manager: dict | None, community_region_code: str) -> Responsible:
    """Who is responsible for a community's complaints, given its manager on the filing day (the row
    ``app.management.logic.manager_on`` returns, or None when nobody manages it) and the community's
    residents'-community code (630102001001: its street office is 630102001). Fixed at filing."""
    if manager is not None and manager["mode"] in COMPANY_MODES:
        if not manager.get("company"):
            raise ValueError(f"a {manager['mode']} manager without a company")
        return Responsible("company", company_id=manager["company"])
    if len(community_region_code) != 12 or not community_region_code.isdigit():
        raise ValueError(f"not a residents' community code: {community_region_code!r}")
    return Responsible("street", street_code=community_region_code[:9])
