"""The top-up list (续筹): a community's households whose balance is under 30% of their first deposit,
with what each must pay, and the notices printed for them. Order No. 165; the line and the amount
due are ``shares.is_under_top_up_line`` and ``shares.top_up_due_fen`` (through ``views.with_figures``)."""

from __future__ import annotations

from app.communities.tables import Household
from app.funds.logic import under_line_sql
from app.funds.services.views import with_figures
from app.funds.shares import top_up_line_fen

MAX_LISTED = 5_000  # a community's households under the line; more than a register holds

_UNDER = (
    "SELECT h.id, h.unit_number, h.floor_area, b.number AS building_number, o.name AS owner_name, "
    "f.first_deposit_fen, f.paid_fen, f.balance_fen "
    "FROM fund_household f JOIN household h ON h.id = f.household JOIN building b ON b.id = h.building "
    "LEFT JOIN owner o ON o.id = h.owner "
    f"WHERE f.community = {{}} AND h.community = {{}} AND {under_line_sql('f.')} "
    "ORDER BY b.number, h.unit_number, h.id LIMIT {}"
)


async def under_line(community_id: int, chosen: list[int] | None = None) -> list[dict]:
    """The households under the line, each with ``line_fen`` (the smallest balance not under it) and
    ``top_up_fen`` (what it must pay); only those of ``chosen`` when given."""
    rows = await Household.raw(_UNDER, community_id, community_id, MAX_LISTED)
    if chosen is not None:
        wanted = set(chosen)
        rows = [row for row in rows if row["id"] in wanted]
    households = []
    for row in rows:
        row = with_figures(row, None)
        row["line_fen"] = top_up_line_fen(row["first_deposit_fen"])
        households.append(row)
    return households


def total_due(households: list[dict]) -> int:
    return sum(row["top_up_fen"] for row in households)
