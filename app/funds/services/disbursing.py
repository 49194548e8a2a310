"""Disbursing an approved (or emergency) use of the fund: one use charge per bearing household,
posted through ``ledger.post_entries`` all or none, keyed by proposal and household so a second
click posts nothing. A household whose balance cannot bear its share blocks it: the page lists
them, each with a printable top-up notice, and nothing is posted (no balance goes negative)."""

from __future__ import annotations

from dataclasses import dataclass

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import transaction
from app.errors import NotFound
from app.funds.logic import DISBURSABLE
from app.funds.services.ledger import Draft, post_entries
from app.funds.services.proposals import apportionment, editable, lock_proposal, state_error
from app.funds.tables import FundProposal


@dataclass
class Shortfall(Exception):
    """Disbursement refused: these households' balances cannot bear their shares (nothing posted)."""

    households: list[dict]


async def disburse(actor: Principal, proposal_id: int) -> bool:
    """Post one use charge per bearing household, all or none; answers False when it had been
    disbursed already (a second click posts nothing). Raises ``Shortfall`` listing the households
    whose balance cannot bear their share: nothing is posted while any can't."""
    proposal, community = await editable(actor, proposal_id)
    async with transaction():
        current = await lock_proposal(proposal_id)
        if current["state"] == "disbursed":
            return False
        if current["state"] not in DISBURSABLE:
            raise state_error(current["state"])
        shares = await apportionment(current)
        short = [row for row in shares if row["short_fen"] > 0]
        if short:
            raise Shortfall(short)
        memo = f"{proposal['title']} (#{proposal_id})"[-255:]
        drafts = [Draft("use", -row["share_fen"], f"proposal-{proposal_id}-{row['id']}", row["id"], memo=memo)
                  for row in shares if row["share_fen"] > 0]
        await post_entries(actor, community["id"], drafts)
        await FundProposal.update({FundProposal.state: "disbursed", FundProposal.disbursed_at: clock.utcnow()}).where(
            FundProposal.id == proposal_id)
        await audit.record(actor, "fund.disburse", "fund_proposal", proposal_id,
                           {"budget_fen": proposal["budget_fen"], "households": len(drafts)},
                           community["region_code"], object_name=proposal["title"])
    return True


async def top_up_notice(actor: Principal, proposal_id: int, household_id: int) -> dict:
    """A printable notice to a household that cannot bear its share: what it lacks and for what."""
    proposal, community = await editable(actor, proposal_id)
    if proposal["state"] in ("disbursed", "cancelled"):
        raise NotFound(proposal_id)
    row = next((row for row in await apportionment(proposal) if row["id"] == household_id), None)
    if row is None or row["short_fen"] == 0:
        raise NotFound(household_id)
    return {"proposal": proposal, "community": community, "household": row, "today": clock.today()}
