"""Demo data: Qinghai's administrative tree (the official division codes), communities in Xining's
residents' committees, companies and one login per role. Deterministic (a fixed random seed),
loaded only into an empty database."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from app import clock
from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.audit import services as audit
from app.committees.logic import last_term_day
from app.committees.services import CommitteeInput, MemberInput, install_committee
from app.committees.tables import CrossAppointment, PreparatoryGroup
from app.communities.tables import Building, Community, Household, Owner
from app.companies.tables import Company
from app.db import transaction
from app.demo.credit import demo_credit
from app.demo.decisions import demo_decisions, demo_election
from app.demo.demo_complaints import demo_complaints
from app.demo.demo_fund import demo_fund
from app.demo.demo_logs import demo_logs
from app.demo.demo_ratings import demo_ratings
from app.demo.names import COMMUNITY_WORDS as WORDS
from app.demo.names import GIVEN as NAMES
from app.demo.names import uscc as demo_uscc
from app.flags.services.scan import scan as scan_flags
from app.management.tables import Arrangement
from app.owners.logic import code_hash
from app.owners.tables import ActivationCode, OwnerLink
from app.regions import divisions
from app.regions import services as regions
from app.settings import get_settings

DEMO_PASSWORD = "changxiao-demo"
DEMO_STREET = "630102001"  # 东关大街街道: the street login's area

# Communities are made in the residents' committees of the street offices of Xining's four urban
# districts (real codes and names, from the vendored division list); the whole province is loaded.
DEMO_COUNTIES = ("630102", "630103", "630104", "630105")
COMMUNITY_WORDS = WORDS[:14]  # the small demo keeps its first, shorter lists: the same data as ever
ESTATE_SUFFIXES = ["小区", "家属院", "花园", "新村", "公寓", "院"]
COMPANIES = [
    ("青海安居物业服务有限公司", True),
    ("西宁宁馨物业管理有限公司", False),
    ("青海高原红物业服务有限公司", True),
    ("西宁城东惠民物业有限公司", False),
    ("青海湟水物业服务有限公司", False),
]


async def database_is_empty() -> bool:
    """No account, community or company yet (the region tree may be there)."""
    for table in (Account, Community, Company):
        if await table.exists().where(table.id > 0):
            return False
    return True


async def load_demo() -> dict:
    """Fill an empty database; returns what was made. Raises if the database already has data."""
    if not await database_is_empty():
        raise RuntimeError("the database already holds data; demo data is loaded only into an empty one")
    rng = random.Random(268)  # the policy's document number
    tree = divisions.read_vendored()
    await regions.import_divisions(SYSTEM, tree, "63")
    community_regions = [
        node.code for node in tree
        if len(node.code) == 12 and node.code.startswith(DEMO_COUNTIES) and int(node.code[6:9]) < 100  # street offices
    ]
    async with transaction():
        company_ids = []
        for name, red in COMPANIES:
            rows = await Company.insert(
                Company(
                    name=name,
                    uscc=demo_uscc(rng, "630102"),
                    legal_representative=rng.choice(["马", "李", "张", "王", "韩"]) + rng.choice(["建国", "海燕", "文华", "玉梅"]),
                    contact_phone=f"0971-{rng.randint(6000000, 8999999)}",
                    address="西宁市城东区",
                    region_code="630102",
                    is_red_property=red,
                )
            ).returning(Company.id)
            company_ids.append(rows[0]["id"])
        community_ids = []
        for region_code in community_regions:
            # The demo street office gets more, so its user has a list to work with (and some nobody manages).
            for seq in range(1, rng.randint(4, 6) + 1 if region_code.startswith(DEMO_STREET) else rng.randint(1, 3) + 1):
                households = rng.randint(36, 480)
                year = rng.choice([1983, 1988, 1992, 1995, 1998, 2000, 2000, 2001, 2003, 2005, 2008])
                area = Decimal(households * rng.randint(5200, 9800)) / 100
                rows = await Community.insert(
                    Community(
                        code=f"{region_code}{seq:03d}",
                        name=f"{rng.choice(COMMUNITY_WORDS)}路{rng.randint(1, 99)}号{rng.choice(ESTATE_SUFFIXES)}",
                        address=f"西宁市{rng.choice(COMMUNITY_WORDS)}路{rng.randint(1, 200)}号",
                        region_code=region_code,
                        year_built=year,
                        building_count=max(1, households // 48),
                        household_count=households,
                        total_area=area.quantize(Decimal("0.01")),
                        renovation_year=rng.choice([2021, 2022, 2023, 2024]) if year <= 2005 else None,
                        renovation_status=rng.choice(["completed", "completed", "in_progress", "planned"])
                        if year <= 2005
                        else "none",
                    )
                ).returning(Community.id)
                community_ids.append(rows[0]["id"])
        await audit.record(SYSTEM, "demo.load", "demo", "*", {"communities": len(community_ids)})
    first = community_ids[0]
    logins = [
        ("bureau", "城东区住建局", {"region_code": "630102"}),
        ("street", "东关大街街道办", {"region_code": "630102001"}),
        ("company", "安居物业", {"company_id": company_ids[0]}),
        ("committee", "业委会主任", {"community_id": first}),
        ("owner", "业主", {"community_id": first}),
    ]
    for role, display_name, scope in logins:
        await accounts.create_account(
            SYSTEM, username=role, password=DEMO_PASSWORD, role=role, display_name=display_name, **scope
        )
    await _demo_arrangements(rng, community_ids, company_ids)
    await _demo_register(rng, community_ids[0])
    await _demo_owner_accounts(community_ids[0])
    prepared = await _demo_committees(community_ids, company_ids)
    await demo_decisions(rng, community_ids[0], hire_company_id=company_ids[1])
    if prepared is not None:
        await demo_election(prepared)
    await demo_fund(rng, community_ids[0])
    await demo_complaints(community_ids[0])
    await demo_ratings(rng, community_ids)
    await demo_credit(company_ids)
    await demo_logs(rng)
    summary = await regions.recount()
    await scan_flags()  # the morning's scan, so the street's home opens with its to-do list
    return {"communities": len(community_ids), "companies": len(company_ids), "regions": summary["nodes"]}


async def _demo_arrangements(rng: random.Random, community_ids: list[int], company_ids: list[int]) -> None:
    """Who manages the demo communities: mostly companies, some other modes, some history, some nobody."""
    street_user = await Account.select(Account.id).where(Account.username == "street").first()
    rows = await Community.select(Community.id, Community.region_code).where(Community.id.is_in(community_ids))
    arrangements = []
    for row in rows:
        roll = rng.random()
        if row["id"] == community_ids[0]:
            roll = 0.1  # the committee's and owner's community has a company, with a history behind it
        start = date(rng.choice([2021, 2022, 2023]), rng.choice([1, 4, 7, 10]), 1)
        common = {"community": row["id"], "region_code": row["region_code"], "start_date": start}
        if roll < 0.6:
            if roll < 0.2:  # an earlier company, replaced at a handover
                handover = date(start.year + 2, start.month, 1)
                arrangements.append(Arrangement(**common, mode="professional", end_date=handover, company=rng.choice(company_ids),
                                                contract_number=f"HT-{start.year}-{row['id']:04d}", service_level="star1",
                                                fee_fen_per_m2_month=rng.choice([45, 50, 60]), end_reason="non_renewal",
                                                notice_given_on=handover - timedelta(days=120)))
                common["start_date"] = handover
            arrangements.append(Arrangement(**common, mode="professional", end_date=date(2028, 12, 31),
                                            company=company_ids[0] if row["id"] == community_ids[0] else rng.choice(company_ids),
                                            contract_number=f"HT-{common['start_date'].year}-{row['id']:04d}-B",
                                            service_level=rng.choice(["star1", "star2"]), fee_fen_per_m2_month=rng.choice([60, 75, 85])))
        elif roll < 0.7:
            arrangements.append(Arrangement(**common, mode="self_managed", supervising_region_code=row["region_code"],
                                            contact_name=rng.choice(["王芳", "李明", "马秀兰"]), contact_phone=f"139{rng.randint(10000000, 99999999)}"))
        elif roll < 0.8 and street_user and row["region_code"].startswith("630102001"):
            arrangements.append(Arrangement(**common, mode="street_proxy", responsible=street_user["id"]))
        elif roll < 0.85:
            arrangements.append(Arrangement(**common, mode="unit_managed", unit_name="青海省某机械厂",
                                            contact_name="赵卫东", contact_phone="0971-6543210"))
    async with transaction():
        for start in range(0, len(arrangements), 200):
            await Arrangement.insert(*arrangements[start : start + 200])


SURNAMES = "王李张刘陈杨赵黄周吴马韩"
GIVEN = NAMES[:10]


async def _demo_register(rng: random.Random, community_id: int) -> None:
    """Buildings and households of the committee's community, so its register has something in it."""
    community = await Community.select(Community.household_count).where(Community.id == community_id).first()
    total = community["household_count"]
    buildings = max(1, total // 48)
    async with transaction():
        building_ids = []
        for number in range(1, buildings + 1):
            rows = await Building.insert(Building(community=community_id, number=f"{number}号楼", floors=6)).returning(Building.id)
            building_ids.append(rows[0]["id"])
        owner_ids = []
        for index in range(total - 3 - 5):  # five owners hold two units each
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            rows = await Owner.insert(
                Owner(community=community_id, name=name, phone=f"13{rng.randint(0, 9)}{index:08d}")
            ).returning(Owner.id)
            owner_ids.append(rows[0]["id"])
        households = []
        for index in range(total):
            building = building_ids[index % len(building_ids)]
            unit, room = divmod(index // len(building_ids), 12)
            floor, door = divmod(room, 2)
            developer = index >= total - 3  # three units the developer never sold
            households.append(Household(
                community=community_id, building=building, unit_number=f"{unit + 1}-{floor + 1}0{door + 1}",
                floor_area=Decimal(rng.randint(4800, 12600)) / 100,
                owner=None if developer else owner_ids[index % len(owner_ids)],
                is_developer_stock=developer,
            ))
        for start in range(0, len(households), 200):
            await Household.insert(*households[start : start + 200])
        await Community.update({Community.building_count: buildings}).where(Community.id == community_id)


# Slips "printed" for a few households of the owner's community, so activation can be tried from
# ``changxiao demo logins``: (code, the phone the register holds for the household's owner).
DEMO_ACTIVATIONS = [("HX7K2-M4PQR", "13999990001"), ("R8TW3-N6YCE", "13999990002"), ("Q2ZB5-KH9JU", "13999990003")]


async def _demo_owner_accounts(community_id: int) -> None:
    """The ``owner`` login speaks for the first owner of the register (who holds two units), already
    activated; three households of single-unit owners have live codes (``DEMO_ACTIVATIONS``)."""
    account = await Account.select(Account.id).where(Account.username == "owner").first()
    owners = await Owner.raw(
        "SELECT o.id, MIN(h.id) AS household, COUNT(h.id) AS units FROM owner o JOIN household h ON h.owner = o.id "
        "WHERE o.community = {} GROUP BY o.id ORDER BY o.id", community_id)
    single = [row for row in owners if row["units"] == 1][: len(DEMO_ACTIVATIONS)]
    secret = get_settings().app.secret_key
    async with transaction():
        await OwnerLink.insert(OwnerLink(account=account["id"], owner=owners[0]["id"]))
        for row, (code, phone) in zip(single, DEMO_ACTIVATIONS):
            await Owner.update({Owner.phone: phone}).where(Owner.id == row["id"])
            await ActivationCode.insert(ActivationCode(household=row["household"], community=community_id,
                                                       code_hash=code_hash(code.replace("-", ""), secret)))
async def _demo_committees(community_ids: list[int], company_ids: list[int]) -> int | None:
    """Committees for the street login to see: the committee login's own, in good order, with two
    cross-appointments; one in the street whose housing-bureau filing is overdue (its warning shows);
    a preparatory group at a third, with a register for the election it prepares (answers that
    community). Their own random numbers, so the data above stays as it was."""
    rng = random.Random(17)
    rows = await Community.select(Community.id, Community.region_code).where(
        Community.id.is_in(community_ids[1:]) & Community.region_code.like(DEMO_STREET + "%")
    ).order_by(Community.id).limit(2)
    late, prepared = (rows + [None, None])[:2]
    today = clock.today()
    await _demo_committee(community_ids[0], 7, date(2024, 3, 1), first_meeting_on=date(2024, 3, 5),
                          filed_bureau_on=date(2024, 3, 20), filed_street_on=date(2024, 3, 18))
    first = await Community.select(Community.region_code).where(Community.id == community_ids[0]).first()
    await CrossAppointment.insert(
        CrossAppointment(community=community_ids[0], company=company_ids[0], region_code=first["region_code"],
                         kind="company_head", person_name="韩建国", role_title="社区居委会兼职委员",
                         start_date=date(2024, 5, 1)),
        CrossAppointment(community=community_ids[0], company=company_ids[0], region_code=first["region_code"],
                         kind="quality_supervisor", person_name="马秀兰", role_title="物业服务质量监督员",
                         start_date=date(2024, 5, 1)),
    )
    if late:
        await _demo_register(rng, late["id"])
        elected = today - timedelta(days=45)
        await _demo_committee(late["id"], 5, elected, first_meeting_on=elected + timedelta(days=3),
                              filed_street_on=elected + timedelta(days=20))
    if prepared:
        await PreparatoryGroup.insert(PreparatoryGroup(
            community=prepared["id"], region_code=prepared["region_code"], formed_on=today - timedelta(days=20),
            guide_name="东关大街街道 李明", member_names="王芳、李国庆、马秀兰",
        ))
        await _demo_register(rng, prepared["id"])
        return prepared["id"]
    return None


async def _demo_committee(community_id: int, size: int, elected: date, **dates) -> None:
    owned = await Household.select(Household.id, Household.owner, Household.owner.name.as_alias("name")).where(
        (Household.community == community_id) & Household.owner.is_not_null()
    ).order_by(Household.id)
    by_name = {}  # one seat per owner, and no two members of the same name (the demo's names repeat)
    for row in owned:
        by_name.setdefault(row["name"], (row["owner"], row["id"]))
    seats = list(by_name.values())[:size]
    posts = ["chair", "vice_chair"] + ["member"] * (size - 2)
    data = CommitteeInput(
        elected_on=elected, term_start=elected, term_end=last_term_day(elected), **dates,
        members=[MemberInput(household_id=household, owner_id=owner, post=post, party_member=i < 3,
                             phone=f"1390971{i:04d}") for i, ((owner, household), post) in enumerate(zip(seats, posts))],
    )
    await install_committee(SYSTEM, community_id, data)


DEMO_LOGINS = [
    ("bureau", "城东区住建局 · bureau, 630102"),
    ("street", "东关大街街道 · street, 630102001"),
    ("company", "青海安居物业 · company"),
    ("committee", "业主委员会 · committee"),
    ("owner", "业主 · owner, activated: two units in the committee’s community"),
]
# Where the open votes are, for ``changxiao demo logins``: what a new user finds under 业主共同决定.
DEMO_VOTES = [
    "committee, owner: 选聘2029年起的物业服务企业 (hire, open, some paper ballots in; the owner's vote still to cast)",
    "street: 选举第一届业主委员会 (election, open, a slate of 7) at the community with a preparatory group (筹备组)",
]
