"""Small factories for test data, and the named users every test can use.

One user per role and scope, plus outsiders who must be refused (healthchecks' alice/bob/charlie):
  alice   bureau     630102 城东区
  bob     street     630102001 东关大街街道
  carol   company    Qinghai Anju (company A)
  dave    committee  community A (630102001001)
  erin    owner      community A
  mallory street     630102002 清真巷街道 (a neighbouring street: an outsider to bob's data)
  oscar   bureau     630103 城中区 (another district)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import count

from app.accounts.logic import hash_password
from app.accounts.tables import Account
from app.clock import CHINA
from app.communities.tables import Community
from app.companies.logic import check_character
from app.companies.tables import Company
from app.db import transaction
from app.regions import services as regions

PASSWORD = "correct-horse-battery"
# "Now" under the ``clock`` fixture (tests/conftest.py): a weekday morning in China, inside the years the tests' dates span.
FROZEN_NOW = datetime(2026, 11, 25, 10, 30, tzinfo=CHINA)
_seq = count(1)

# Real codes and names (app/regions/data/divisions-63.csv; a test checks them against it).
TREE = [
    ("63", "青海省"),
    ("630100", "西宁市"),
    ("630102", "城东区"),
    ("630102001", "东关大街街道"),
    ("630102001001", "北关社区居民委员会"),
    ("630102001004", "慈幼社区居民委员会"),
    ("630102002", "清真巷街道"),
    ("630102002008", "团结社区居民委员会"),
    ("630103", "城中区"),
    ("630103001", "人民街街道"),
    ("630103001003", "南关街社区居委会"),
]


async def make_tree() -> None:
    async with transaction():  # one commit, not one per node
        for code, name in TREE:
            await regions.upsert_node(code, name)


def valid_uscc(body: str | None = None) -> str:
    body = body or f"916301{next(_seq):011d}"[:17]
    return body + check_character(body)


async def make_company(**overrides) -> int:
    values = {"name": f"测试物业{next(_seq)}有限公司", "uscc": valid_uscc(), "region_code": "630102"}
    values.update(overrides)
    rows = await Company.insert(Company(**values)).returning(Company.id)
    return rows[0]["id"]


async def make_community(**overrides) -> int:
    n = next(_seq)
    values = {
        "code": f"630102001001{n % 1000:03d}",
        "name": f"测试小区{n}",
        "region_code": "630102001001",
        "year_built": 1995,
        "household_count": 120,
        "building_count": 3,
        "total_area": Decimal("9000.50"),
    }
    values.update(overrides)
    rows = await Community.insert(Community(**values)).returning(Community.id)
    return rows[0]["id"]


_PASSWORD_HASH = hash_password(PASSWORD)  # at the tests' cheap cost (conftest.py), but still once per run


async def make_account(username: str, role: str, **scope) -> int:
    """An account row straight into the table (the service is tested on its own, with real hashing)."""
    rows = await Account.insert(
        Account(
            username=username,
            display_name=username.title(),
            password_hash=_PASSWORD_HASH,
            role=role,
            region_code=scope.get("region_code"),
            company=scope.get("company_id"),
            community=scope.get("community_id"),
        )
    ).returning(Account.id)
    return rows[0]["id"]


@dataclass
class World:
    community_a: int
    community_b: int  # same street as A, other residents' community
    community_other_street: int
    community_other_county: int
    company_a: int
    company_b: int


async def make_world() -> World:
    """The tree, four communities, two companies and the named users, committed together (one commit)."""
    async with transaction():
        await make_tree()
        world = World(
            community_a=await make_community(name="幸福小区", code="630102001001001"),
            community_b=await make_community(name="和平家园", code="630102001004001", region_code="630102001004"),
            community_other_street=await make_community(
                name="清真巷小区", code="630102002008001", region_code="630102002008", year_built=2003
            ),
            community_other_county=await make_community(
                name="人民街小区", code="630103001003001", region_code="630103001003", year_built=2008
            ),
            company_a=await make_company(name="青海安居物业服务有限公司"),
            company_b=await make_company(name="西宁宁馨物业管理有限公司"),
        )
        await make_account("alice", "bureau", region_code="630102")
        await make_account("bob", "street", region_code="630102001")
        await make_account("carol", "company", company_id=world.company_a)
        await make_account("dave", "committee", community_id=world.community_a)
        await make_account("erin", "owner", community_id=world.community_a)
        await make_account("mallory", "street", region_code="630102002")
        await make_account("oscar", "bureau", region_code="630103")
    return world


def csrf_from(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def login(client, username: str, password: str = PASSWORD, next_path: str = "/"):
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"username": username, "password": password, "next": next_path, "_csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )


async def post_form(client, path: str, data: dict | None = None, page: str = "/", **kwargs):
    """POST a form the way a browser does: with the CSRF token from a page it has loaded."""
    token = csrf_from((await client.get(page)).text)
    return await client.post(path, data={**(data or {}), "_csrf_token": token}, follow_redirects=False, **kwargs)
