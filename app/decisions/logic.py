"""Owners' joint decisions (业主共同决定, Civil Code art. 278): matters, heads and the tally. Pure.

Every threshold is decided on integers by cross-multiplication (``3 * voted >= 2 * entitled``):
area is counted in hundredths of a square metre, heads one per vote head. Nothing here divides;
``share`` gives the ratios users read, for display only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.i18n import lazy

# The matters of art. 278 ¶1, items 1–9. Item 4 is split into hire and dismissal because their
# outcomes differ; both are decided by the rule for item 4.
MATTERS = {
    "assembly_rules": (1, lazy("Adopting or amending the owners' assembly rules")),
    "covenant": (2, lazy("Adopting or amending the management covenant")),
    "election": (3, lazy("Electing or replacing the owners' committee or its members")),
    "hire": (4, lazy("Hiring a property service company")),
    "dismiss": (4, lazy("Dismissing the property service company")),
    "fund_use": (5, lazy("Using the building maintenance fund")),
    "fund_raise": (6, lazy("Raising the building maintenance fund")),
    "rebuild": (7, lazy("Rebuilding or altering buildings and their ancillary facilities")),
    "common_parts": (8, lazy("Changing the use of common parts or running a business on them")),
    "other": (9, lazy("Another major matter of the common property")),
}

# Matters of the whole community: its rules, its covenant, its committee and its property company
# concern every owner (art. 278 items 1–4), so all the community's owners vote on them; the others
# (fund use, fund raising, rebuilding, common parts, other) may concern only some buildings or units.
WHOLE_COMMUNITY_MATTERS = ("assembly_rules", "covenant", "election", "hire", "dismiss")

# Matters needing three quarters of the participants (art. 278 ¶2: items 6–8).
THREE_QUARTER_ITEMS = (6, 7, 8)

CHOICES = {
    "yes": lazy("In favour"),
    "no": lazy("Against"),
    "abstain": lazy("Abstain"),
}

CHANNELS = {
    "online": lazy("Online"),
    "paper": lazy("Paper ballot"),
    "door": lazy("Door to door"),
}

STATES = {
    "draft": lazy("Draft"),
    "open": lazy("Voting"),
    "closed": lazy("Closed"),
}

OUTCOMES = {
    "approved": lazy("Approved"),
    "rejected": lazy("Not approved"),
    "no_quorum": lazy("No quorum"),
}

# The approval rules, by the text users read beside the tally.
MAJORITY = "majority"
THREE_QUARTERS = "three_quarters"
DOUBLE_TWO_THIRDS = "double_two_thirds"
RULES = {
    MAJORITY: lazy("More than half of the participating area and of the participating owners"),
    THREE_QUARTERS: lazy("At least three quarters of the participating area and of the participating owners"),
    DOUBLE_TWO_THIRDS: lazy(
        "At least two thirds of the whole area and of all owners voting yes (Order No. 165, 2007)"),
}
QUORUM_RULE = lazy("Voters hold at least two thirds of the area and are at least two thirds of the owners")

# Which condition settled a decision that did not pass.
CONDITIONS = {
    "quorum_area": lazy("Too little of the area took part"),
    "quorum_heads": lazy("Too few owners took part"),
    "approval_area": lazy("The yes votes hold too little of the area"),
    "approval_heads": lazy("Too few owners voted yes"),
}


def item_of(matter: str) -> int:
    return MATTERS[matter][0]


def approval_rule(matter: str, fund_use_double_two_thirds: bool = False) -> str:
    """Art. 278 ¶2; the older Order No. 165 rule for fund use only where the setting asks for it."""
    if matter == "fund_use" and fund_use_double_two_thirds:
        return DOUBLE_TWO_THIRDS
    return THREE_QUARTERS if item_of(matter) in THREE_QUARTER_ITEMS else MAJORITY


@dataclass(frozen=True)
class Counts:
    """Area in hundredths of m², heads as vote heads; ``voted`` includes abstentions."""

    entitled_area: int
    entitled_heads: int
    voted_area: int = 0
    voted_heads: int = 0
    yes_area: int = 0
    yes_heads: int = 0
    # Against, for the published result (the rules need only ``voted`` and ``yes``); None for a
    # decision closed before these were kept.
    no_area: int | None = 0
    no_heads: int | None = 0

    @property
    def abstain_heads(self) -> int | None:
        return None if self.no_heads is None else self.voted_heads - self.yes_heads - self.no_heads

    @property
    def abstain_area(self) -> int | None:
        return None if self.no_area is None else self.voted_area - self.yes_area - self.no_area


@dataclass(frozen=True)
class Tally:
    counts: Counts
    rule: str
    quorum_area: bool
    quorum_heads: bool
    approval_area: bool
    approval_heads: bool

    @property
    def quorum(self) -> bool:
        return self.quorum_area and self.quorum_heads

    @property
    def outcome(self) -> str:
        if not self.quorum:
            return "no_quorum"
        return "approved" if self.approval_area and self.approval_heads else "rejected"

    @property
    def failed(self) -> tuple[str, ...]:
        """The conditions that were not met, quorum first: what decided a decision that did not pass."""
        checks = (("quorum_area", self.quorum_area), ("quorum_heads", self.quorum_heads),
                  ("approval_area", self.approval_area), ("approval_heads", self.approval_heads))
        return tuple(name for name, met in checks if not met)


def at_least(part: int, whole: int, numerator: int, denominator: int) -> bool:
    """part / whole ≥ numerator / denominator, on integers."""
    return part * denominator >= whole * numerator


def more_than(part: int, whole: int, numerator: int, denominator: int) -> bool:
    """part / whole > numerator / denominator, on integers."""
    return part * denominator > whole * numerator


def tally(counts: Counts, rule: str) -> Tally:
    """The quorum (every matter) and the approval rule, as domain.md words them.

    Quorum: voters hold ≥ 2/3 of the entitled area and are ≥ 2/3 of the entitled owners. Approval:
    ``MAJORITY`` yes > 1/2 of the voters' area and heads (strictly); ``THREE_QUARTERS`` yes ≥ 3/4 of
    both (inclusive); ``DOUBLE_TWO_THIRDS`` yes ≥ 2/3 of the whole entitled area and heads. A
    decision nobody is entitled to vote on has no quorum.
    """
    c = counts
    has_heads = c.entitled_heads > 0
    quorum_area = has_heads and at_least(c.voted_area, c.entitled_area, 2, 3)
    quorum_heads = has_heads and at_least(c.voted_heads, c.entitled_heads, 2, 3)
    if rule == MAJORITY:
        approval_area = more_than(c.yes_area, c.voted_area, 1, 2)
        approval_heads = more_than(c.yes_heads, c.voted_heads, 1, 2)
    elif rule == THREE_QUARTERS:
        approval_area = c.voted_heads > 0 and at_least(c.yes_area, c.voted_area, 3, 4)
        approval_heads = c.voted_heads > 0 and at_least(c.yes_heads, c.voted_heads, 3, 4)
    elif rule == DOUBLE_TWO_THIRDS:
        approval_area = has_heads and at_least(c.yes_area, c.entitled_area, 2, 3)
        approval_heads = has_heads and at_least(c.yes_heads, c.entitled_heads, 2, 3)
    else:
        raise ValueError(f"unknown approval rule {rule!r}")
    return Tally(c, rule, quorum_area, quorum_heads, approval_area, approval_heads)


def share(part: int, whole: int, digits: int = 2) -> Decimal | None:
    """part / whole as a percentage for display, rounded half up; None when there is no whole."""
    if whole == 0:
        return None
    scale = 10**digits
    units = (part * 100 * scale * 2 + whole) // (whole * 2)
    return Decimal(units).scaleb(-digits)


def centi_area(area: Decimal) -> int:
    """A registered area (m², two decimals) as an integer count of hundredths."""
    return int((area * 100).to_integral_value())


def area_of(centi: int) -> Decimal:
    return Decimal(centi).scaleb(-2)


@dataclass(frozen=True)
class Unit:
    """A unit of the register as the heads rule needs it."""

    household: int
    owner: int | None
    developer_stock: bool
    area: int  # hundredths of m²


@dataclass(frozen=True)
class Head:
    """A vote head: an owner record, the developer's unsold stock, or a unit with no owner recorded."""

    owner: int | None
    developer: bool
    household: int | None  # only for a unit whose owner the register does not name
    area: int
    units: int


def heads_of(units: list[Unit]) -> list[Head]:
    """domain.md, "Heads": one unit is one owner; all unsold developer units together are one owner;
    one buyer of several units is one owner holding the area of all of them. A unit whose owner is not
    in the register still has an owner (the law counts him), so it is a head of its own."""
    by_key: dict[tuple, list[Unit]] = {}
    for unit in units:
        if unit.developer_stock:
            key: tuple = ("developer",)
        elif unit.owner is not None:
            key = ("owner", unit.owner)
        else:
            key = ("unit", unit.household)
        by_key.setdefault(key, []).append(unit)
    heads = []
    for key, members in by_key.items():
        area = sum(unit.area for unit in members)
        if key[0] == "developer":
            heads.append(Head(None, True, None, area, len(members)))
        elif key[0] == "owner":
            heads.append(Head(key[1], False, None, area, len(members)))
        else:
            heads.append(Head(None, False, key[1], area, len(members)))
    return heads
