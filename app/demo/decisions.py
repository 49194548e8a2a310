"""Demo owners' decisions. The committee's community: one closed and approved, one on common parts and a
hire of the next company open with some ballots in (the owner login's own left for him to cast). The
community with a preparatory group: the election of its first committee open, a slate of seven."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from app import clock
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.committees.logic import last_term_day
from app.committees.services import MemberInput
from app.committees.services.slates import SlateInput, save_slate
from app.communities.tables import Household, Owner
from app.db import transaction
from app.decisions import logic
from app.decisions.services.closing import close_decision
from app.decisions.services.decisions import DecisionInput, create_decision, open_decision, snapshot_heads
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


async def _ballots(rng: random.Random, decision_id: int, turnout: float, yes: float, entered_by: int | None,
                   *, spare_owners: frozenset[int] = frozenset()) -> None:
    heads = await DecisionHead.select(DecisionHead.id, DecisionHead.owner).where(DecisionHead.decision == decision_id)
    rows = []
    for head in heads:
        if rng.random() >= turnout or head["owner"] in spare_owners:
            continue
        roll = rng.random()
        choice = "yes" if roll < yes else ("no" if roll < yes + (1 - yes) * 0.7 else "abstain")
        online = rng.random() < 0.4 and entered_by is None
        rows.append(Ballot(decision=decision_id, head=head["id"], choice=choice, channel="online" if online else "paper",
                           reference="" if online else f"表决票-{head['id']:05d}", entered_by=entered_by))
    for start in range(0, len(rows), 200):
        await Ballot.insert(*rows[start:start + 200])


async def demo_decisions(rng: random.Random, community_id: int, hire_company_id: int) -> None:
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
    await _demo_hire(rng, community_id, hire_company_id, entered_by)


async def _demo_hire(rng: random.Random, community_id: int, company_id: int, entered_by: int | None) -> None:
    """The owners choosing who manages after the current contract (to 2028-12-31): open, a third of the
    ballots in on paper, none yet for the owner login, so he finds a vote waiting for him."""
    today = clock.today()
    hire_id = await _opened(community_id, DecisionInput(
        matter="hire", title="选聘2029年起的物业服务企业", body="现物业服务合同于2028年12月31日到期。业主委员会经公开比选，"
        "拟选聘西宁宁馨物业管理有限公司，自2029年1月1日起提供物业服务，服务标准二星级。",
        attachments="比选结果公示（2026年11月）", opens_on=today - timedelta(days=2), closes_on=today + timedelta(days=25),
        company_id=company_id, service_start=date(2029, 1, 1)))
    await _ballots(rng, hire_id, 0.35, 0.75, entered_by, spare_owners=frozenset(await _owner_login_owners()))


async def _owner_login_owners() -> list[int]:
    rows = await OwnerLink.select(OwnerLink.owner).where(OwnerLink.account.username == "owner")
    return [row["owner"] for row in rows]


async def demo_election(community_id: int) -> int:
    """The election of a community's first committee, prepared by its preparatory group (筹备组): a slate
    of seven owners (a chair, a vice-chair, five members), the term starting after the vote, open now."""
    owned = await Household.select(Household.id, Household.owner, Household.owner.name.as_alias("name")).where(
        (Household.community == community_id) & Household.owner.is_not_null()).order_by(Household.id)
    seats: dict[str, tuple[int, int]] = {}  # one seat per owner, no two of the same name (the demo's names repeat)
    for row in owned:
        seats.setdefault(row["name"], (row["owner"], row["id"]))
    today = clock.today()
    decision_id = await create_decision(SYSTEM, community_id, DecisionInput(
        matter="election", title="选举第一届业主委员会", body="业主大会筹备组在街道指导下提出候选人名单，"
        "请业主对下列七名候选人组成第一届业主委员会进行表决。", attachments="候选人简历及公示（筹备组）",
        opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=14)))
    posts = ["chair", "vice_chair"] + ["member"] * 5
    start = today + timedelta(days=15)
    await save_slate(SYSTEM, decision_id, SlateInput(start, last_term_day(start), [
        MemberInput(household_id=household, owner_id=owner, post=post, party_member=index < 3,
                    phone=f"1380971{index:04d}")
        for index, ((owner, household), post) in enumerate(zip(list(seats.values())[:7], posts, strict=True))]))
    await open_decision(SYSTEM, decision_id)
    return decision_id


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
