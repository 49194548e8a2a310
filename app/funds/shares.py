"""Splitting money among households, exact to the fen, and the first-deposit and top-up rules. Pure.

Maintenance fund (专项维修资金), Ministry order No. 165 (2007): a use's cost is borne by the households
concerned in proportion to floor area; interest and income from common parts are credited to each
household; a household whose balance falls below 30% of its first deposit must top up (续筹).
Every figure is an integer of fen (and an area an integer of hundredths of m²); nothing goes
through a float, and every split adds up exactly to what was split.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.i18n import gettext as _
from app.i18n import lazy

SHARE_PROBLEMS = ("empty", "negative", "all_zero", "no_balance")

_SHARE_MESSAGES = {
    "empty": lazy("There is no household to share the amount among."),
    "negative": lazy("An amount, a balance or an area to share by cannot be negative."),
    "all_zero": lazy("Every household concerned has a floor area of zero: there is nothing to share the amount by."),
    "no_balance": lazy("No household concerned has a balance: there is nothing to share the amount by. Share it by floor area instead."),
}


class ShareError(ValueError):
    """A split that cannot be made; ``problem`` is one of SHARE_PROBLEMS (``share_message`` words it)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def share_message(problem: str) -> str:
    """Why an amount could not be shared, in the user's language."""
    return _(_SHARE_MESSAGES[problem])


def apportion(total_fen: int, weights: Sequence[int]) -> list[int]:
    """``total_fen`` split in proportion to ``weights`` (floor areas in hundredths of m²), by the
    largest-remainder method; the parts always add up to ``total_fen``.

    Each household first gets floor(total × weight ÷ sum of weights) fen. The fen left over (fewer than
    the number of households) go one each to the households with the largest remainders. Ties: of two
    equal remainders the larger weight goes first, and of two equal weights the one earlier in
    ``weights`` (callers list households by id, so the lower household id). So a part is always within
    one fen of its exact share, a larger weight never gets less, a weight of zero gets nothing, and the
    same input always gives the same parts.

    Raises ``ShareError``: "empty" (no weights), "negative" (a negative total or weight), "all_zero".
    """
    if not all(type(value) is int for value in (total_fen, *weights)):
        # A Decimal area in m² would split by rounded Decimal arithmetic: convert with ``area_hundredths``.
        raise TypeError("apportion takes whole fen and whole weights (hundredths of m², fen)")
    if total_fen < 0 or any(weight < 0 for weight in weights):
        raise ShareError("negative")
    if not weights:
        raise ShareError("empty")
    whole = sum(weights)
    if whole == 0:
        raise ShareError("all_zero")
    parts = []
    remainders = []
    for index, weight in enumerate(weights):
        part, remainder = divmod(total_fen * weight, whole)
        parts.append(part)
        remainders.append((-remainder, -weight, index))
    left = total_fen - sum(parts)  # < len(weights): each remainder is less than ``whole``
    for _remainder, _weight, index in sorted(remainders)[:left]:
        parts[index] += 1
    return parts


DISTRIBUTION_BASES = ("balance", "area")  # a setting: interest and common-part income shared by balance or by area


def distribute(amount_fen: int, basis_values: Sequence[int], *, basis: str = "balance") -> list[int]:
    """Interest or income from common parts credited to households in proportion to their balances
    (fen) or their floor areas (hundredths of m²), as ``basis`` says: the same largest-remainder rule
    and tie-break as ``apportion``. Under the balance basis a household with a balance of zero gets
    nothing. Raises ``ShareError`` as ``apportion`` does, with "no_balance" when every balance is zero."""
    if basis not in DISTRIBUTION_BASES:
        raise ValueError(f"unknown distribution basis {basis!r}")
    try:
        return apportion(amount_fen, basis_values)
    except ShareError as error:
        if error.problem == "all_zero" and basis == "balance":
            raise ShareError("no_balance") from None
        raise


def area_hundredths(area: Decimal) -> int:
    """A floor area in m² as the register keeps it (two decimals at most) → hundredths of m², exactly."""
    hundredths = Decimal(area).scaleb(2)
    if hundredths != hundredths.to_integral_value():
        raise ValueError(f"area {area} has more than two decimals")
    return int(hundredths)


def first_deposit_fen(area_hundredths: int, rate_fen_per_m2: int) -> int:
    """The first deposit a household owes: floor area × the local rate, in fen.

    Area (hundredths of m²) × rate (fen per m²) is in hundredths of a fen; it is rounded to the fen half
    up (0.5 fen and more → one fen more): 85.55 m² × 33.33 yuan/m² = 2,851.3815 yuan → 2,851.38 yuan;
    10.05 m² × 0.10 yuan/m² = 1.005 yuan → 1.01 yuan.
    """
    if area_hundredths < 0 or rate_fen_per_m2 < 0:
        raise ValueError("area and rate cannot be negative")
    return (area_hundredths * rate_fen_per_m2 + 50) // 100


def is_under_top_up_line(balance_fen: int, first_deposit: int) -> bool:
    """Whether a balance has fallen below 30% of the first deposit (order No. 165: then the household
    must top up, 续筹). Exactly 30% is not under: 10 × balance < 3 × first deposit, in integers."""
    return 10 * balance_fen < 3 * first_deposit


def top_up_line_fen(first_deposit: int) -> int:
    """The 30% line in whole fen: the smallest balance that is not under it (30% rounded up, so
    ``is_under_top_up_line(top_up_line_fen(d) - 1, d)`` and not ``is_under_top_up_line(top_up_line_fen(d), d)``)."""
    return -(-3 * first_deposit // 10)


# What a household under the line must pay. Order No. 165 asks owners to top up when the balance falls
# below 30% of the first deposit but leaves the amount to local rules; many of them restore the
# sub-account to its first-deposit level, which is the default here. "line" (back to the 30% line only)
# is there for a county whose rule says so; it leaves the household one repair away from the next notice.
TOP_UP_TARGETS = ("first_deposit", "line")


def top_up_due_fen(balance_fen: int, first_deposit: int, target: str = "first_deposit") -> int:
    """What a household must pay to top up: nothing when it is not under the 30% line; otherwise what
    brings its balance back to its first deposit (the default) or, with ``target="line"``, to the
    30% line (``top_up_line_fen``)."""
    if target not in TOP_UP_TARGETS:
        raise ValueError(f"unknown top-up target {target!r}")
    if not is_under_top_up_line(balance_fen, first_deposit):
        return 0
    goal = first_deposit if target == "first_deposit" else top_up_line_fen(first_deposit)
    return goal - balance_fen
