"""Demo owners' decisions for the committee's community: one open with some ballots, one closed and approved."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

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


# --- the province generator: decisions and ballots written in bulk, beside each community's register ---

WHOLE_MATTERS = [("other", "更换小区门禁系统"), ("covenant", "修订管理规约"), ("fund_raise", "续筹专项维修资金"),
                 ("assembly_rules", "修订业主大会议事规则"), ("fund_use", "使用维修资金维修屋面防水")]
BUILDING_MATTERS = [("rebuild", "{building}加装电梯"), ("common_parts", "{building}楼道设置广告位"),
                    ("rebuild", "{building}外墙保温改造")]
PER_COMMUNITY = 4  # 5,000 communities at province scale: 20,000 decisions


def decisions_of(community: dict, buildings: list[dict], households: list[dict], names: dict[int, str], ids,
                 rng: random.Random, today: date, now) -> tuple[list[dict], list[dict], list[dict]]:
    """Decisions of one community with their heads (by ``logic.heads_of``, the rule opening uses) and
    ballots: one on the whole community, the others on one building each; most closed with their
    tally frozen by ``logic.tally``, some open today, a few drafts."""
    decisions, heads, ballots = [], [], []
    units = {b["id"]: [] for b in buildings}
    for row in households:
        units[row["building"]].append(logic.Unit(row["id"], row["owner"], row["is_developer_stock"],
                                                 logic.centi_area(row["floor_area"])))
    for index in range(PER_COMMUNITY):
        if index == 0 or not buildings:
            matter, title = rng.choice(WHOLE_MATTERS)
            chosen, scope = [u for us in units.values() for u in us], []
        else:
            building = rng.choice(buildings)
            matter, title = rng.choice(BUILDING_MATTERS)
            title = title.format(building=building["number"])
            chosen, scope = units[building["id"]], [building["id"]]
        roll = rng.random()
        state = "draft" if roll < 0.05 else "open" if roll < 0.25 else "closed"
        start = today - timedelta(days=rng.randint(3, 10)) if state != "closed" else today - timedelta(days=rng.randint(40, 900))
        decision_id = ids.take("decision")
        row = {"id": decision_id, "community": community["id"], "region_code": community["region_code"],
               "matter": matter, "title": title, "body": "", "opens_on": start, "closes_on": start + timedelta(days=20),
               "building_ids": json.dumps(scope), "state": state, "created_at": now}
        decisions.append(row)
        if state == "draft" or not chosen:
            row["state"] = "draft"
            continue
        row["rule"] = logic.approval_rule(matter)
        turnout, yes = rng.uniform(0.55, 0.97), rng.uniform(0.55, 0.95)
        counts = [0, 0, 0, 0]  # voted heads, voted area, yes heads, yes area
        entitled = logic.heads_of(chosen)
        row["entitled_heads"], row["entitled_area"] = len(entitled), sum(head.area for head in entitled)
        for head in entitled:
            head_id = ids.take("decision_head")
            label = "" if head.developer else names.get(head.owner, "") if head.owner else str(head.household)
            heads.append({"id": head_id, "decision": decision_id, "owner": head.owner, "household": head.household,
                          "developer": head.developer, "label": label, "units": head.units, "area": head.area})
            if rng.random() >= turnout:
                continue
            choice = "yes" if rng.random() < yes else rng.choice(["no", "no", "abstain"])
            paper = rng.random() < 0.6
            ballots.append({"id": ids.take("ballot"), "decision": decision_id, "head": head_id, "choice": choice,
                            "channel": "paper" if paper else "online", "reference": f"表决票-{head_id}" if paper else "",
                            "entered_at": now})
            counts[0] += 1
            counts[1] += head.area
            counts[2] += choice == "yes"
            counts[3] += head.area if choice == "yes" else 0
        row["opened_at"] = now
        if state == "closed":
            tally = logic.tally(logic.Counts(row["entitled_area"], row["entitled_heads"], counts[1], counts[0],
                                             counts[3], counts[2]), row["rule"])
            row.update(voted_heads=counts[0], voted_area=counts[1], yes_heads=counts[2], yes_area=counts[3],
                       outcome=tally.outcome, closed_at=now)
    return decisions, heads, ballots
