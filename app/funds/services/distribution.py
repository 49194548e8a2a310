"""Crediting interest or common-part income to a community's households (Order No. 165: both belong
to the fund, household by household).

The amount is split by ``shares.distribute`` in proportion to each household's balance or floor area
(the FUND_DISTRIBUTION_BASIS setting gives the default): largest remainder, ties to the larger
weight and then the lower household id, so the parts add up to the amount exactly. The preview
shows every part and a digest of them; posting recomputes the parts and posts only when they are
the ones shown, one entry per household with a part, each under the distribution's key and the
household's id. So a form sent twice posts once, and never a second, different split.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.communities.tables import Household
from app.errors import FieldError
from app.funds.services.ledger import Draft, Posted, post_entries
from app.funds.shares import ShareError, area_hundredths, distribute, share_message
from app.funds.tables import FundEntry
from app.i18n import gettext as _

KINDS = ("interest", "income")
MAX_HOUSEHOLDS = 20_000  # one community's register is far smaller; a preview never grows past this


@dataclass(frozen=True)
class Part:
    household: int
    label: str  # "1号楼 1-101"
    owner_name: str
    weight: int  # balance in fen, or area in hundredths of m²
    fen: int


@dataclass(frozen=True)
class Split:
    amount_fen: int
    kind: str
    basis: str
    parts: list[Part]

    @property
    def total_fen(self) -> int:
        return sum(part.fen for part in self.parts)

    @property
    def receiving(self) -> int:
        return sum(1 for part in self.parts if part.fen)

    @property
    def digest(self) -> str:
        text = f"{self.amount_fen} {self.kind} {self.basis}\n" + "\n".join(f"{p.household} {p.fen}" for p in self.parts if p.fen)
        return hashlib.sha256(text.encode()).hexdigest()


_REGISTER = (
    "SELECT h.id, h.unit_number, h.floor_area, b.number AS building_number, o.name AS owner_name, "
    "COALESCE(f.balance_fen, 0) AS balance_fen "
    "FROM household h JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN fund_household f ON f.household = h.id WHERE h.community = {} ORDER BY h.id LIMIT {}"
)


async def split(community_id: int, amount_fen: int, kind: str, basis: str) -> Split:
    """Every household's part of ``amount_fen``, by household id. Raises ``FieldError`` when the
    amount cannot be split (no household, no balance under the balance basis, every area zero)."""
    rows = await Household.raw(_REGISTER, community_id, MAX_HOUSEHOLDS)
    weights = [row["balance_fen"] if basis == "balance" else area_hundredths(row["floor_area"]) for row in rows]
    try:
        fen = distribute(amount_fen, weights, basis=basis)
    except ShareError as error:
        raise FieldError("basis", share_message(error.problem)) from None
    parts = [Part(row["id"], f"{row['building_number']} {row['unit_number']}", row["owner_name"] or "", weight, part)
             for row, weight, part in zip(rows, weights, fen, strict=True)]
    return Split(amount_fen, kind, basis, parts)


def household_key(key: str, household: int) -> str:
    return f"dist-{key}-{household}"


async def posted_before(community_id: int, key: str) -> bool:
    """Whether a distribution under this form's key has been posted already."""
    return await FundEntry.exists().where(
        (FundEntry.community == community_id) & FundEntry.idempotency_key.like(household_key(key, 0)[:-1] + "%"))


async def post_distribution(actor, community_id: int, amount_fen: int, kind: str, basis: str, key: str,
                            digest: str, memo: str) -> Posted | Split:
    """Post the split shown under ``digest``: the entries (``duplicate`` when the key had posted
    them), or the new split when it is no longer the one shown (nothing posted)."""
    if await posted_before(community_id, key):
        return Posted([], duplicate=True)
    shares = await split(community_id, amount_fen, kind, basis)
    if shares.digest != digest:
        return shares
    drafts = [Draft(kind, part.fen, household_key(key, part.household), part.household, memo=memo)
              for part in shares.parts if part.fen]
    if not drafts:
        raise FieldError("amount", _("There is nothing to post."))
    return await post_entries(actor, community_id, drafts)
