"""Demo owners' decisions for the committee's community: one open with some ballots, one closed and approved."""

from __future__ import annotations

import random
from datetime import timedelta

from app import clock
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.communities.tables import Owner
from app.db import transaction
from app.decisions import logic
from app.decisions.services.closing import close_decision
from app.decisions.services.decisions import DecisionInput, create_decision, snapshot_heads
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.owners.tables import OwnerLink
from app.settings import get_settings


async def _opened(community_id: int, data: DecisionInput) -> int:
    """A decision opened on its first day, however long ago that was (opening now refuses a past window)."""
    decision_id = await create_decision(SYSTEM, community_id, data)
    rule = logic.approval_rule(data.matter, get_settings().policy.fund_use_double_two_thirds)
    async with transaction():
        heads, area = await snapshot_heads(decision_id, community_id, [])
        await Decision.update({Decision.state: "open", Decision.rule: rule, Decision.entitled_heads: heads,
                               Decision.entitled_area: area}).where(Decision.id == decision_id)
    return decision_id


async def _ballots(rng: random.Random, decision_id: int, turnout: float, yes: float, entered_by: int | None) -> None:
    heads = await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id)
    rows = []
    for head in heads:
        if rng.random() >= turnout:
            continue
        roll = rng.random()
        choice = "yes" if roll < yes else ("no" if roll < yes + (1 - yes) * 0.7 else "abstain")
        online = rng.random() < 0.4 and entered_by is None
        rows.append(Ballot(decision=decision_id, head=head["id"], choice=choice, channel="online" if online else "paper",
                           reference="" if online else f"表决票-{head['id']:05d}", entered_by=entered_by))
    for start in range(0, len(rows), 200):
        await Ballot.insert(*rows[start:start + 200])


async def demo_decisions(rng: random.Random, community_id: int) -> None:
    committee = await Account.select(Account.id).where(Account.username == "committee").first()
    entered_by = committee["id"] if committee else None
    today = clock.today()
    closed = await _opened(community_id, DecisionInput(
        matter="other", title="更换小区门禁系统", body="拟更换小区三处出入口门禁为人脸识别门禁，费用由公共收益支付。",
        attachments="门禁改造报价单（2026年9月）", opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=40)))
    await _ballots(rng, closed, 0.9, 0.8, entered_by)
    await close_decision(SYSTEM, closed)
    open_id = await _opened(community_id, DecisionInput(
        matter="common_parts", title="在架空层增设电动自行车充电桩", body="拟在2号楼、3号楼架空层增设电动自行车集中充电桩，"
        "收益归全体业主共有。", opens_on=today - timedelta(days=5), closes_on=today + timedelta(days=20)))
    await _ballots(rng, open_id, 0.45, 0.85, entered_by)
    await _link_owner_account(community_id)


async def _link_owner_account(community_id: int) -> None:
    """The demo owner login speaks for the first owner of the community, unless it already speaks for someone."""
    owner_account = await Account.select(Account.id).where(Account.username == "owner").first()
    if owner_account is None or await OwnerLink.exists().where(OwnerLink.account == owner_account["id"]):
        return
    owner = await Owner.select(Owner.id).where(Owner.community == community_id).order_by(Owner.id).first()
    if owner and not await OwnerLink.exists().where(OwnerLink.owner == owner["id"]):
        await OwnerLink.insert(OwnerLink(account=owner_account["id"], owner=owner["id"]))
