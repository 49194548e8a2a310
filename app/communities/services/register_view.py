"""What a community's page reads about its register: the buildings with their household counts
(one query), and a page of its households, loaded on demand, by building or all together.

The caller has found the community through the actor's scope (``get_community``) and asked
``access.may_see_register``; every query here names the community. Both are plain SQL: with its
joins written by Piccolo, the households' query cost 1 ms of Python to build, a fifth of the request.
"""

from __future__ import annotations

from app.accounts.logic import Principal, mask_phone, sees_phone_numbers
from app.communities.tables import Building, Household
from app.pagination import Page, clamp_page

HOUSEHOLDS_PER_PAGE = 50

_BUILDINGS = (
    "SELECT b.id, b.number, b.floors, COUNT(h.id) AS households FROM building b "
    "LEFT JOIN household h ON h.building = b.id WHERE b.community = {} "
    "GROUP BY b.id, b.number, b.floors ORDER BY b.number"
)

# Filtered by the building's community, not the household's own column: PostgreSQL then walks the
# community's buildings by number and each one's households by unit (0.3 ms for a page of a
# 600-household community at province scale) instead of hashing every building of the province (21 ms).
_HOUSEHOLDS = (
    "SELECT h.id, h.unit_number, h.floor_area, h.is_developer_stock, b.number AS building_number, "
    "o.name AS owner_name, o.phone AS owner_phone "
    "FROM household h JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "WHERE b.community = {} %s ORDER BY b.number, h.unit_number LIMIT {} OFFSET {}"
)
_ALL_HOUSEHOLDS = _HOUSEHOLDS % ""
_ONE_BUILDINGS_HOUSEHOLDS = _HOUSEHOLDS % "AND h.building = {}"  # the (building, unit number) key


async def buildings(community_id: int) -> list[dict]:
    """The community's buildings by number: id, number, floors and how many households each has."""
    return await Building.raw(_BUILDINGS, community_id)


async def households_page(
    actor: Principal, community_id: int, buildings: list[dict], building: dict | None, page: int = 1
) -> Page:
    """A page of the households of one of ``buildings`` (the community's, as ``buildings`` gives
    them, which also counts them), or of all, by building and unit number; phones masked unless the
    viewer is staff."""
    total = building["households"] if building else sum(row["households"] for row in buildings)
    page = clamp_page(page, total, HOUSEHOLDS_PER_PAGE)
    if not total:
        return Page(rows=[], total=0, page=page, per_page=HOUSEHOLDS_PER_PAGE)
    window = (HOUSEHOLDS_PER_PAGE, (page - 1) * HOUSEHOLDS_PER_PAGE)
    if building:
        rows = await Household.raw(_ONE_BUILDINGS_HOUSEHOLDS, community_id, building["id"], *window)
    else:
        rows = await Household.raw(_ALL_HOUSEHOLDS, community_id, *window)
    if not sees_phone_numbers(actor):
        for row in rows:
            row["owner_phone"] = mask_phone(row["owner_phone"] or "")
    return Page(rows=rows, total=total, page=page, per_page=HOUSEHOLDS_PER_PAGE)
