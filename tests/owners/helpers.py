"""A community with a register worth printing slips for, and reading codes off the slips page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.communities.tables import Building, Household, Owner
from tests.factories import make_world, post_form


@dataclass
class Register:
    world: object
    community: int
    buildings: list[int]
    wang: int  # 王芳: two units, phone 13900000000
    li: int  # 李强: one unit in building 2, phone 0971-8123456
    zhao: int  # 赵敏: one unit, no phone in the register
    wang_units: list[int]
    li_unit: int
    stock_unit: int
    zhao_unit: int


async def _household(community, building, unit, area, owner=None, stock=False) -> int:
    rows = await Household.insert(Household(community=community, building=building, unit_number=unit,
                                            floor_area=Decimal(area), owner=owner, is_developer_stock=stock)
                                  ).returning(Household.id)
    return rows[0]["id"]


async def make_register() -> Register:
    world = await make_world()
    a = world.community_a
    b1 = (await Building.insert(Building(community=a, number="1号楼")).returning(Building.id))[0]["id"]
    b2 = (await Building.insert(Building(community=a, number="2号楼")).returning(Building.id))[0]["id"]

    async def owner(name, phone):
        return (await Owner.insert(Owner(community=a, name=name, phone=phone)).returning(Owner.id))[0]["id"]

    wang, li, zhao = await owner("王芳", "13900000000"), await owner("李强", "0971-8123456"), await owner("赵敏", "")
    wang_units = [await _household(a, b1, "1-101", "80.50", wang), await _household(a, b2, "2-201", "66.00", wang)]
    li_unit = await _household(a, b2, "2-202", "90.00", li)
    stock_unit = await _household(a, b1, "1-102", "75.00", None, stock=True)
    zhao_unit = await _household(a, b1, "1-103", "70.00", zhao)
    return Register(world, a, [b1, b2], wang, li, zhao, wang_units, li_unit, stock_unit, zhao_unit)


SLIP = re.compile(r'<p class="slip-where"><strong>[^<]*</strong> <strong class="slip-unit">([^<]*)</strong></p>'
                  r'.*?class="slip-code mono">([A-Z0-9-]+)<', re.S)


def slips_of(html: str) -> dict[str, str]:
    """Unit ("1号楼 · 1-101") → code as printed, from a slips page."""
    return {where.strip(): code for where, code in SLIP.findall(html)}


async def print_slips(client, community: int, data: dict | None = None):
    page = f"/communities/{community}/owner-codes"
    return await post_form(client, f"{page}/slips", data or {}, page=page)
