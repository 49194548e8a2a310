"""Complaints (诉求) for the generated communities: about 60 a community over the last year (300,000 at
province scale), recorded by the street staff from the 12345 hotline, WeChat groups and meetings,
each routed to the party responsible on its filing day (management's one rule over the generated
arrangements, ``responsible_party``) with its deadline in working days, and a mix of states: most
answered and closed (some after a reopening, some with the complainant not satisfied), some
responded and waiting for the complainant, some still open and among them some overdue."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from app.clock import CHINA
from app.demo.world import Ids
from app.management.logic import manager_on
from app.operations.complaints import responsible_party
from app.operations.deadlines import response_deadline

PER_COMMUNITY = (30, 90)
DAYS = 365
CHANNELS = (("hotline_12345", 45), ("wechat_group", 35), ("community_meeting", 15), ("other", 5))
SUBJECTS = ("楼道灯不亮", "垃圾清运不及时", "电梯异响", "绿化带无人修剪", "小区门禁损坏", "车辆乱停乱放", "下水道堵塞",
            "屋顶漏水", "夜间噪音扰民", "物业费公示不清", "监控探头损坏", "外来人员随意进出")
NAMES = ("张先生", "李女士", "王阿姨", "马师傅", "韩先生", "赵女士", "刘大爷", "陈女士")
NOT_ANSWERED = 0.08  # of those old enough, still waiting for a response
REOPENED = 0.06
UNSATISFIED = 0.12  # closed by the street after mediation, the complainant not satisfied


class Deadlines:
    def __init__(self, working_days: int, day_ends: time) -> None:
        self.working_days, self.day_ends = working_days, day_ends

    def due_at(self, moment: datetime) -> tuple[datetime, bool]:
        deadline = response_deadline(moment, self.working_days, day_ends=self.day_ends)
        return deadline.due_at, deadline.assumed


def _moment(now: datetime, rng: random.Random) -> datetime:
    day = (now - timedelta(days=rng.randint(0, DAYS))).astimezone(CHINA).date()
    local = datetime.combine(day, time(8, 0), CHINA) + timedelta(minutes=rng.randint(0, 13 * 60))
    return min(local, now - timedelta(minutes=5))


def complaints_of(community: dict, arrangements: list[dict], shared: list[dict], staff_id: int,
                  company_names: dict[int, str], deadlines: Deadlines, ids: Ids, rng: random.Random,
                  now: datetime) -> tuple[list[dict], list[dict]]:
    """One community's complaints and their timelines."""
    complaints: list[dict] = []
    events: list[dict] = []
    channels, weights = zip(*CHANNELS)
    for _ in range(rng.randint(*PER_COMMUNITY)):
        filed = _moment(now, rng)
        manager = manager_on(arrangements, shared, filed.astimezone(CHINA).date())
        responsible = responsible_party(manager, community["region_code"])
        due_at, assumed = deadlines.due_at(filed)
        complaint_id = ids.take("complaint")
        row = {"id": complaint_id, "community": community["id"], "region_code": community["region_code"],
               "street_code": community["region_code"][:9], "channel": rng.choices(channels, weights)[0],
               "complainant": None, "complainant_name": rng.choice(NAMES), "recorded_by": staff_id,
               "subject": rng.choice(SUBJECTS), "text": "业主反映：" + rng.choice(SUBJECTS) + "，请尽快处理。",
               "responsible_kind": responsible.kind, "responsible_company": responsible.company_id,
               "filed_at": filed, "due_at": due_at, "due_assumed": assumed, "state": "open", "responses": 0,
               "last_response_at": None, "seen_at": None, "closed_at": None, "satisfied": None, "reopened": 0}
        answerer = {"part": "responsible", "actor": None if responsible.company_id else staff_id,
                    "actor_name": company_names.get(responsible.company_id or 0, "街道办事处"),
                    "company": responsible.company_id}
        timeline = [{"kind": "filed", "part": "staff", "actor": staff_id, "actor_name": "街道办事处", "at": filed}]
        _unfold(row, timeline, answerer, staff_id, deadlines, rng, now)
        complaints.append(row)
        for event in timeline:
            events.append({"id": ids.take("complaint_event"), "complaint": complaint_id, "text": "",
                           "satisfied": None, "late": False, "company": None, **event})
    return complaints, events


def _unfold(row: dict, timeline: list[dict], answerer: dict, staff_id: int, deadlines: Deadlines,
            rng: random.Random, now: datetime) -> None:
    """The complaint's life up to ``now``: responses, a reopening perhaps, and its close."""
    moment = row["filed_at"]
    for round_ in range(2):
        if rng.random() < NOT_ANSWERED:
            return
        moment += timedelta(hours=rng.randint(2, 6 * 24))
        if moment >= now:
            return
        timeline.append({**answerer, "kind": "respond", "text": "已安排人员处理，处理结果如下：已修复。",
                         "late": moment >= row["due_at"], "at": moment})
        row.update(state="responded", responses=row["responses"] + 1, last_response_at=moment, seen_at=moment)
        moment += timedelta(hours=rng.randint(12, 10 * 24))
        if moment >= now:
            return
        if round_ == 0 and rng.random() < REOPENED:
            timeline.append({"kind": "reopen", "part": "staff", "actor": staff_id, "actor_name": "街道办事处",
                             "text": "业主表示问题仍未解决。", "satisfied": False, "at": moment})
            row["due_at"], row["due_assumed"] = deadlines.due_at(moment)
            row.update(state="open", reopened=1)
            continue
        satisfied = rng.random() >= UNSATISFIED
        timeline.append({"kind": "close", "part": "staff", "actor": staff_id, "actor_name": "街道办事处",
                         "text": "" if satisfied else "经调解结案。", "satisfied": satisfied, "at": moment})
        row.update(state="closed", closed_at=moment, satisfied=satisfied)
        return
