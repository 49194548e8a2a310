"""A use of the fund put to the owners concerned (Civil Code art. 278 item 5), and what their
decision does to it.

Funds and decisions are siblings: the decision is drafted through decisions' own service, and its
outcome reaches the proposal through the hooks decisions offers, registered here on import (this
module is named in the funds' ``Domain.hooks``); decisions never imports funds. An approval lets
the proposal be disbursed; a failed vote (rejected, no quorum) refuses it; a deleted draft returns
it to a draft; a draft whose buildings or units were edited away from the proposal's cannot open.
"""

from __future__ import annotations

from datetime import date

from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import transaction
from app.decisions import access as decision_access
from app.decisions.services import outcomes
from app.decisions.services.decisions import DecisionInput, create_decision
from app.errors import FieldError
from app.funds.logic import PROPOSAL_STATES
from app.funds.services.proposals import editable, freeze, lock_proposal, state_error
from app.funds.tables import FundProposal, FundProposalShare
from app.i18n import fmt_money
from app.i18n import gettext as _


async def put_to_vote(actor: Principal, proposal_id: int, opens_on: date, closes_on: date) -> int:
    """Freeze the shares and draft the owners' decision (item 5) limited to the bearing households;
    answers the decision's id. The committee or street office opens it for voting from its page."""
    proposal, community = await editable(actor, proposal_id)
    if not decision_access.may_draft(actor, community):
        raise FieldError("state", _("Only the owners' committee or the street office can put a matter to the owners' vote."))
    scope = proposal["scope"]
    body = "\n".join(line for line in (
        proposal["description"],
        _("Budget: %(budget)s. Contractor: %(contractor)s.", budget=fmt_money(proposal["budget_fen"]),
          contractor=proposal["contractor"] or "—"),
        _("The cost is shared by floor area among the households concerned."),
    ) if line)
    data = DecisionInput(matter="fund_use", title=proposal["title"], body=body, opens_on=opens_on, closes_on=closes_on,
                         building_ids=proposal["building_ids"] if scope == "buildings" else [],
                         household_ids=proposal["household_ids"] if scope == "units" else [])
    async with transaction():
        current = await lock_proposal(proposal_id)
        if current["state"] != "draft":
            raise state_error(current["state"])
        await freeze(current)
        decision_id = await create_decision(actor, community["id"], data)
        await FundProposal.update({FundProposal.state: "voting", FundProposal.decision_id: decision_id}).where(
            FundProposal.id == proposal_id)
        await audit.record(actor, "fund.vote", "fund_proposal", proposal_id, {"decision": decision_id},
                           community["region_code"], object_name=proposal["title"])
    return decision_id


# What the owners' decision does to its proposal (registered with decisions' hooks; Domain.hooks).

async def approve_use(decision: dict) -> str:
    """The owners approved: the proposal may be disbursed."""
    async with transaction():
        rows = await FundProposal.update({FundProposal.state: "approved"}).where(
            (FundProposal.decision_id == decision["id"]) & (FundProposal.state == "voting")).returning(FundProposal.id)
    if not rows:  # a fund use the owners decided outside the fund's proposals: nothing here to release
        return _("No fund proposal awaits this decision: nothing was released for disbursement.")
    return _("Fund proposal no. %(id)s is approved: it may now be disbursed.", id=rows[0]["id"])


async def refuse_use(decision: dict) -> None:
    """The vote failed (rejected, or no quorum): the proposal is not approved and nothing is disbursed."""
    await FundProposal.update({FundProposal.state: "rejected"}).where(
        (FundProposal.decision_id == decision["id"]) & (FundProposal.state == "voting"))


async def release_draft(decision: dict) -> None:
    """The decision's draft was deleted or made into another matter: its proposal is a draft again."""
    proposals = FundProposal.select(FundProposal.id).where(FundProposal.decision_id == decision["id"])
    await FundProposalShare.delete().where(FundProposalShare.proposal.is_in(proposals))
    await FundProposal.update({FundProposal.state: "draft", FundProposal.decision_id: None}).where(
        (FundProposal.decision_id == decision["id"]) & (FundProposal.state == "voting"))


async def check_use_opening(decision: dict) -> None:
    """A fund use linked to a proposal opens only for the households that bear it (its draft may have
    been edited since)."""
    proposal = await FundProposal.select().where(FundProposal.decision_id == decision["id"]).output(
        load_json=True).first()
    if proposal is None:
        return
    if proposal["state"] != "voting":
        raise FieldError("state", _("Its fund proposal is %(state)s: this vote can no longer open.",
                                    state=_(PROPOSAL_STATES.get(proposal["state"], proposal["state"]))))
    wanted = (proposal["building_ids"] if proposal["scope"] == "buildings" else [],
              proposal["household_ids"] if proposal["scope"] == "units" else [])
    if (sorted(decision["building_ids"] or []), sorted(decision["household_ids"] or [])) != tuple(map(sorted, wanted)):
        raise FieldError("building_ids", _(
            "This vote is on fund proposal no. %(id)s: only the households that bear its cost vote. Set the "
            "buildings or units back to the proposal's.", id=proposal["id"]))


_SHARE_TOTALS = ("SELECT COUNT(*) AS households, COALESCE(SUM(area), 0) AS area, COALESCE(SUM(share_fen), 0) AS fen "
                 "FROM fund_proposal_share WHERE proposal = {}")
_MY_SHARES = ("SELECT s.share_fen, s.area, h.unit_number, b.number AS building_number FROM fund_proposal_share s "
              "JOIN household h ON h.id = s.household JOIN building b ON b.id = h.building "
              "JOIN owner_link l ON l.owner = h.owner WHERE s.proposal = {} AND l.account = {} ORDER BY s.household")


async def use_panel(actor: Principal, decision: dict) -> dict:
    """The use the owners vote on, on the decision's pages: the project, its budget and contractor,
    who bears it (households and floor area, as frozen when it went to the vote) and, for an owner,
    his own share of it."""
    proposal = await FundProposal.select(
        FundProposal.id, FundProposal.title, FundProposal.budget_fen, FundProposal.contractor, FundProposal.state,
    ).where(FundProposal.decision_id == decision["id"]).first()
    if proposal is None:
        return {"proposal": None}
    totals = (await FundProposalShare.raw(_SHARE_TOTALS, proposal["id"]))[0]
    mine = await FundProposalShare.raw(_MY_SHARES, proposal["id"], actor.id) if actor.role == "owner" else []
    return {"proposal": proposal, "bearing": {key: int(totals[key]) for key in ("households", "area", "fen")},
            "my_shares": mine}


outcomes.register_panel("fund_use", "funds/_decision_panel.html", use_panel)
outcomes.register_outcome("fund_use", approve_use)
outcomes.register_failure("fund_use", refuse_use)
outcomes.register_discard("fund_use", release_draft)
outcomes.register_opening_check("fund_use", check_use_opening)
