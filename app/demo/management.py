"""Who manages the generated communities: arrangements in all four modes with their history,
bundles, shared service, and the subsidies companies received. Pure.

Street by street, as a street office would have set it up, and checked with the app's own rules:
no two periods of a community overlap (``logic.first_conflict``, a handover day allowed), a
street-proxy arrangement names the street's own staff, a shared service's provider is managed by a
company on the day it starts (``logic.manager_on``), notice periods are met or the end is an expiry.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.clock import CHINA
from app.demo import names
from app.demo.world import Ids
from app.management.logic import Period, first_conflict, manager_on

ROLES = {"professional": 50, "self_managed": 12, "street_proxy": 8, "unit_managed": 7, "shared": 5, "none": 13, "bundle": 8}
SMALL = 100  # households: a community this small may be bundled with its neighbours


class InvalidPlan(RuntimeError):
    """The generator made data the app's rules refuse: a bug in the generator."""


@dataclass
class Context:
    rng: random.Random
    ids: Ids
    today: date
    now: datetime
    service_levels: tuple[str, ...]
    notice_days: dict[str, int]  # end reason -> days of notice the policy asks
    companies: list[dict]
    street_names: dict[str, str]
    by_prefecture: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for company in self.companies:
            self.by_prefecture.setdefault(company["region_code"][:4], []).append(company["id"])

    def company_for(self, region_code: str, avoid: int | None = None) -> int:
        """A company of the community's prefecture when there is one (they mostly work near home)."""
        pool = self.by_prefecture.get(region_code[:4]) or [company["id"] for company in self.companies]
        choice = self.rng.choice(pool)
        if choice == avoid and len(pool) > 1:
            choice = self.rng.choice([company_id for company_id in pool if company_id != avoid])
        return choice


@dataclass
class Management:
    arrangements: list[dict] = field(default_factory=list)
    bundles: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    shared: list[dict] = field(default_factory=list)


def _arrangement(ctx: Context, community: dict, mode: str, start: date, end: date | None, **values) -> dict:
    row = {
        "id": ctx.ids.take("arrangement"), "community": community["id"], "region_code": community["region_code"],
        "mode": mode, "start_date": start, "end_date": end, "created_at": ctx.now,
    }
    if mode == "professional":
        row.update(contract_end_date=end, service_level=ctx.rng.choice(ctx.service_levels),
                   fee_fen_per_m2_month=ctx.rng.choice([45, 50, 60, 65, 75, 85, 100]),
                   contract_number=f"HT-{start.year}-{community['id']:05d}-{row['id'] % 1000:03d}")
    row.update(values)
    return row


def _ended(ctx: Context, row: dict, reason: str) -> dict:
    """Mark a past arrangement ended for ``reason``, with the notice the law asks for a contract."""
    end = row["end_date"]
    required = ctx.notice_days.get(reason, 0) if row["mode"] == "professional" else 0
    notice = end - timedelta(days=required + ctx.rng.randint(5, 60)) if required else None
    if reason == "dismissal":  # the owners ended it early: the agreed end lay later
        row["contract_end_date"] = date(end.year + 1, 12, 31)
    row.update(end_reason=reason, notice_given_on=notice,
               ended_at=datetime.combine(notice or end, time(10), tzinfo=CHINA))
    return row


def _start(ctx: Context, years_back: int) -> date:
    day = date(ctx.today.year - ctx.rng.randint(0, years_back), ctx.rng.choice([1, 4, 7, 10]), 1)
    return day if day <= ctx.today else date(ctx.today.year - 1, day.month, 1)


def _professional(ctx: Context, community: dict) -> list[dict]:
    """A company now; often another manager before it (handed over on the new one's first day), and
    sometimes a successor already agreed, starting on the day the current contract ends."""
    rng = ctx.rng
    start = _start(ctx, 4)
    end = None if rng.random() < 0.1 else date(ctx.today.year + rng.randint(1, 3), 12, 31)
    company = ctx.company_for(community["region_code"])
    rows = [_arrangement(ctx, community, "professional", start, end, company=company)]
    if rng.random() < 0.35:
        earlier = date(start.year - rng.randint(2, 5), start.month, 1)
        if rng.random() < 0.8:
            before = _arrangement(ctx, community, "professional", earlier, start,
                                  company=ctx.company_for(community["region_code"], avoid=company))
            rows.append(_ended(ctx, before, rng.choice(["expiry", "non_renewal", "dismissal"])))
        else:
            before = _arrangement(ctx, community, "self_managed", earlier, start, **_self_managed(ctx, community))
            rows.append(_ended(ctx, before, "handover"))
    if end is not None and rng.random() < 0.08:
        rows.append(_arrangement(ctx, community, "professional", end, date(end.year + 3, 12, 31),
                                 company=ctx.company_for(community["region_code"], avoid=company)))
    return rows


def _self_managed(ctx: Context, community: dict) -> dict:
    return {"supervising_region_code": community["region_code"], "contact_name": names.person(ctx.rng),
            "contact_phone": names.mobile(ctx.rng)}


def _formerly_managed(ctx: Context, community: dict) -> list[dict]:
    """Nobody manages it now; some had a company whose contract ran out."""
    if ctx.rng.random() >= 0.4:
        return []
    end = date(ctx.today.year - ctx.rng.randint(1, 3), ctx.rng.choice([3, 6, 9, 12]), 28)
    row = _arrangement(ctx, community, "professional", date(end.year - 3, end.month, 1), end,
                       company=ctx.company_for(community["region_code"]))
    return [_ended(ctx, row, ctx.rng.choice(["expiry", "non_renewal"]))]


def _roles(ctx: Context, communities: list[dict]) -> dict[int, str]:
    roles = {}
    for community in communities:
        if community["_unit"] and ctx.rng.random() < 0.45:
            roles[community["id"]] = "unit_managed"
            continue
        role = ctx.rng.choices(list(ROLES), weights=list(ROLES.values()))[0]
        if role == "bundle" and community["household_count"] >= SMALL:
            role = "professional"
        roles[community["id"]] = role
    return roles


def _bundles(ctx: Context, street: str, members: list[dict], staff_id: int, made: Management) -> None:
    """Small neighbours under one company, two to four at a time (a single one left over gets a
    company of its own), with a public project now and then (item 15)."""
    rng = ctx.rng
    while members:
        group = members[: rng.randint(2, 4)]
        members = members[len(group):]
        if len(group) < 2:
            made.arrangements.extend(_professional(ctx, group[0]))
            continue
        bundle_id = ctx.ids.take("bundle")
        company = ctx.company_for(street)
        made.bundles.append({
            "id": bundle_id, "name": f"{ctx.street_names.get(street, '')}{rng.choice(names.COMMUNITY_WORDS)}片区打包管理",
            "company": company, "region_code": street, "reason_small": True, "reason_adjacent": True,
            "reason_costly": rng.random() < 0.5, "reason_note": "", "created_by": staff_id, "created_at": ctx.now,
        })
        for kind, label in rng.sample([("school", "小学"), ("government_office", "办公楼"), ("other", "文化活动中心")], k=rng.randint(0, 2)):
            made.projects.append({
                "id": ctx.ids.take("bundle_project"), "bundle": bundle_id, "kind": kind,
                "name": f"{rng.choice(names.COMMUNITY_WORDS)}{label}",
                "floor_area": Decimal(rng.randint(80_000, 600_000)) / 100,
            })
        start, end = _start(ctx, 2), date(ctx.today.year + 2, 12, 31)
        for community in group:
            made.arrangements.append(_arrangement(ctx, community, "professional", start, end, company=company,
                                                  bundle=bundle_id, created_by=staff_id))


def street_management(ctx: Context, street: str, communities: list[dict], staff_id: int) -> Management:
    """The arrangements, bundles and shared services of one street office's communities."""
    made = Management()
    roles = _roles(ctx, communities)
    history: dict[int, list[dict]] = {}
    for community in communities:
        role = roles[community["id"]]
        if role == "professional":
            rows = _professional(ctx, community)
        elif role == "self_managed":
            rows = [_arrangement(ctx, community, "self_managed", _start(ctx, 5), None, **_self_managed(ctx, community))]
        elif role == "street_proxy":
            rows = [_arrangement(ctx, community, "street_proxy", _start(ctx, 3), None, responsible=staff_id)]
        elif role == "unit_managed":
            rows = [_arrangement(ctx, community, "unit_managed", _start(ctx, 8), None,
                                 unit_name=community["_unit"] or ctx.rng.choice(names.WORK_UNITS),
                                 contact_name=names.person(ctx.rng), contact_phone=names.landline(ctx.rng, street))]
        elif role == "none":
            rows = _formerly_managed(ctx, community)
        else:
            continue  # bundled and shared, below
        history[community["id"]] = rows
        made.arrangements.extend(rows)
    _bundles(ctx, street, [c for c in communities if roles[c["id"]] == "bundle"], staff_id, made)
    providers = []
    for community in communities:
        current = manager_on(history.get(community["id"], []), [], ctx.today)
        if current is not None and current["mode"] == "professional":
            providers.append(current)
    for community in communities:
        if roles[community["id"]] != "shared" or not providers:
            continue
        provider = ctx.rng.choice(providers)
        start = max(provider["start_date"], date(ctx.today.year - 1, ctx.rng.choice([1, 5, 9]), 1))
        if manager_on(history[provider["community"]], [], start) is not provider:
            raise InvalidPlan(f"shared service from community {provider['community']}, not managed on {start}")
        made.shared.append({
            "id": ctx.ids.take("shared_service"), "community": community["id"], "provider_community": provider["community"],
            "company": provider["company"], "region_code": community["region_code"], "start_date": start,
            "end_date": provider["end_date"], "note": "", "created_by": staff_id, "created_at": ctx.now,
        })
    check(made)
    return made


def check(made: Management) -> None:
    """Every community's arrangements and shared services, pairwise, by the app's overlap rule."""
    periods: dict[int, list[Period]] = {}
    for row in [*made.arrangements, *made.shared]:
        period = Period(row["start_date"], row["end_date"])
        earlier = periods.setdefault(row["community"], [])
        clash = first_conflict(period, earlier)
        if clash is not None:
            raise InvalidPlan(f"community {row['community']}: {period} overlaps {clash}")
        earlier.append(period)


def subsidies(ctx: Context, managed: dict[int, list[dict]], county_names: dict[str, str]) -> list[dict]:
    """Subsidies for taking over old communities (item 15): four companies in ten got one or two, paid
    by their county's finance bureau, most of them naming a community they manage in that county."""
    rows = []
    for company in ctx.companies:
        if ctx.rng.random() >= 0.4:
            continue
        county = company["region_code"]
        own = [c for c in managed.get(company["id"], []) if c["region_code"].startswith(county)]
        for _ in range(ctx.rng.randint(1, 2)):
            community = ctx.rng.choice(own)["id"] if own and ctx.rng.random() < 0.8 else None
            rows.append({
                "id": ctx.ids.take("subsidy"), "company": company["id"],
                "amount_fen": ctx.rng.randint(20, 300) * 1_000 * 100, "year": ctx.today.year - ctx.rng.randint(0, 3),
                "source": f"{county_names.get(county, '')}财政局", "community": community,
                "note": "接管老旧小区补贴" if community else "", "created_at": ctx.now,
            })
    return rows
