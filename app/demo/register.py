"""A community's register as generated: buildings, owners and households, unique by the register's
natural keys (building number; owner name and phone; building and unit number). Pure."""

from __future__ import annotations

import random
from decimal import Decimal

from app.demo import names
from app.demo.world import Ids


def register_of(community: dict, ids: Ids, rng: random.Random, now) -> tuple[list[dict], list[dict], list[dict]]:
    """Buildings, owners and households for ``community["household_count"]`` units: walk-up blocks of
    5 to 7 floors, two to four stairways (单元) of two flats a floor; about 3% of owners hold a second
    unit and 1% of units are the developer's unsold stock. Sets the community's building count and
    total area from what it made, as the register would."""
    community_id = community["id"]
    wanted = community["household_count"]
    buildings: list[dict] = []
    owners: list[dict] = []
    households: list[dict] = []
    taken: set[tuple[str, str]] = set()
    number = 0
    while len(households) < wanted:
        number += 1
        floors, stairways = rng.choice([5, 6, 6, 7]), rng.randint(2, 4)
        building_id = ids.take("building")
        buildings.append({"id": building_id, "community": community_id, "number": f"{number}号楼", "floors": floors})
        for stairway in range(1, stairways + 1):
            for floor in range(1, floors + 1):
                for door in (1, 2):
                    if len(households) == wanted:
                        break
                    households.append({
                        "id": ids.take("household"), "community": community_id, "building": building_id,
                        "unit_number": f"{stairway}-{floor}0{door}",
                        "floor_area": Decimal(rng.randint(4500, 12500)) / 100,
                        "owner": None, "is_developer_stock": False, "updated_at": now,
                    })
    for household in households:
        roll = rng.random()
        if roll < 0.01:
            household["is_developer_stock"] = True
        elif roll < 0.04 and owners:
            household["owner"] = owners[-1]["id"]  # the neighbour who bought a second flat
        else:
            name, phone = names.person(rng), names.mobile(rng)
            while (name, phone) in taken:
                phone = names.mobile(rng)
            taken.add((name, phone))
            owner_id = ids.take("owner")
            owners.append({"id": owner_id, "community": community_id, "name": name, "phone": phone})
            household["owner"] = owner_id
    community["building_count"] = len(buildings)
    community["total_area"] = sum((row["floor_area"] for row in households), Decimal("0")).quantize(Decimal("0.01"))
    return buildings, owners, households
