"""Closing a decision: the tally frozen, the result published, the outcome carried out."""

from __future__ import annotations

from dataclasses import replace

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import transaction
from app.decisions import access, logic
from app.decisions.services import outcomes
from app.decisions.services.ballots import count_ballots
from app.decisions.services.decisions import get_decision, lock_decision
from app.decisions.tables import Decision
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _


async def close_decision(actor: Principal, decision_id: int) -> str:
    """Close after the window's last day: count once more, freeze the counts and the outcome, then act.

    The tally is frozen in the same transaction as the state change, so no ballot can land between
    the count and the close. The outcome acts after that commit: a refusal by the owning domain (the
    new company's period overlaps the current manager's) is recorded on the decision, never undoes
    the owners' vote."""
    decision = await get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    async with transaction():
        current = await lock_decision(decision_id)
        if current["state"] != "open":
            raise FieldError("state", _("Only an open decision can be closed."))
        if clock.today() <= current["closes_on"]:
            raise FieldError("state", _("Voting runs to %(day)s; close it after that day.",
                                        day=fmt_date(current["closes_on"])))
        voters = await count_ballots(decision_id)
        counts = replace(voters, entitled_area=decision["entitled_area"], entitled_heads=decision["entitled_heads"])
        outcome = logic.tally(counts, decision["rule"]).outcome
        await Decision.update({
            Decision.state: "closed", Decision.closed_at: clock.utcnow(), Decision.outcome: outcome,
            Decision.voted_heads: counts.voted_heads, Decision.voted_area: counts.voted_area,
            Decision.yes_heads: counts.yes_heads, Decision.yes_area: counts.yes_area,
            Decision.no_heads: counts.no_heads, Decision.no_area: counts.no_area,
        }).where(Decision.id == decision_id)
        await audit.record(actor, "decision.close", "decision", decision_id,
                           {"outcome": outcome, "heads": counts.voted_heads}, decision["region_code"],
                           object_name=decision["title"])
    await outcomes.act(actor, {**decision, "outcome": outcome})
    return outcome


async def retry_outcome(actor: Principal, decision_id: int) -> None:
    """Try a refused outcome again (the clash that stopped a hire has been resolved)."""
    decision = await get_decision(actor, decision_id)
    if not access.may_run(actor, decision) or decision["state"] != "closed":
        raise NotFound(decision_id)
    if not decision["act_failed"]:
        raise FieldError("state", _("This outcome has already been carried out."))
    await outcomes.act(actor, decision)
