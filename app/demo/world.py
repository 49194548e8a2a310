"""What generated demo data holds at each scale, and its communities, companies and street staff.

Pure: rows are dicts of column values, ids come from the caller's ``Ids`` (so foreign keys are known
before anything is written), and each part draws from its own ``random.Random`` seeded from the one
seed, so the same seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from app.demo import names
from app.regions.divisions import Division


@dataclass(frozen=True)
class Scale:
    name: str
    area: str  # the region code whose residents' committees get the communities
    communities: int
    households: int  # about: each community's size is drawn, then scaled to this total
    companies: int


SCALES = {
    "street": Scale("street", "630102001", 50, 6_000, 10),  # 东关大街街道
    "county": Scale("county", "630102", 500, 60_000, 50),  # 城东区
    "province": Scale("province", "63", 5_000, 600_000, 500),  # 青海省
}
BIG_ESTATE = 600  # households of the first community in each county: a register that needs paging
XINING_URBAN = ("630102", "630103", "630104", "630105")


def rng_for(seed: int, part: str) -> random.Random:
    """One generator per part, so a change to one part leaves the others' data as it was."""
    return random.Random(f"{seed}:{part}")


class Ids:
    """The next id of each table, from the largest already in the database."""

    def __init__(self, start: dict[str, int]) -> None:
        self._next = dict(start)

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value


@dataclass
class Place:
    """The tree as the generator needs it: names by code, and the residents' committees of the area."""

    tree: list[Division]
    area: str
    names: dict[str, str] = field(init=False)
    committees: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = {node.code: node.name for node in self.tree}
        self.committees = sorted(node.code for node in self.tree if len(node.code) == 12 and node.code.startswith(self.area))
        if not self.committees:
            raise ValueError(f"no residents' committee below {self.area} in the division tree")

    def town(self, code: str) -> str:
        """"西宁市城东区": what an address starts with."""
        return self.names.get(code[:4] + "00", "") + self.names.get(code[:6], "")


def _weight(code: str) -> int:
    return 3 if code.startswith(XINING_URBAN) else 2 if code.startswith("6301") else 1


def allocate(committees: list[str], total: int, rng: random.Random) -> dict[str, int]:
    """How many communities each residents' committee gets: by weight (Xining's city districts most),
    the remainder at random; at most 999 each (the code's three-digit sequence)."""
    weights = {code: _weight(code) for code in committees}
    whole = sum(weights.values())
    counts = {code: total * weight // whole for code, weight in weights.items()}
    short = total - sum(counts.values())
    for code in rng.sample(committees, k=min(short, len(committees))):
        counts[code] += 1
    while sum(counts.values()) < total:  # fewer committees than the remainder: round again
        counts[rng.choice(committees)] += 1
    if max(counts.values()) > 999:
        raise ValueError("more than 999 communities in one residents' committee")
    return counts


def _sizes(rng: random.Random, count: int, households: int) -> list[int]:
    """Households per community: mostly small old estates, some large ones; scaled to the total."""
    bands = [(30, 80, 35), (80, 150, 40), (150, 260, 20), (260, 480, 5)]
    drawn = []
    for _ in range(count):
        low, high, _weight = rng.choices(bands, weights=[band[2] for band in bands])[0]
        drawn.append(rng.randint(low, high))
    factor = households / sum(drawn)
    return [max(24, round(size * factor)) for size in drawn]


def communities(place: Place, scale: Scale, ids: Ids, seed: int, now) -> list[dict]:
    """The communities (without their register, which ``register.households_of`` makes)."""
    rng = rng_for(seed, "communities")
    counts = allocate(place.committees, scale.communities, rng)
    big = len({code[:6] for code, count in counts.items() if count})  # one big estate a county
    sizes = iter(_sizes(rng, scale.communities, max(scale.households - big * BIG_ESTATE, scale.communities * 24)))
    rows: list[dict] = []
    counties_seen: set[str] = set()
    for committee in place.committees:
        used: set[str] = set()  # two estates of one residents' committee are not called the same
        for seq in range(1, counts[committee] + 1):
            households = next(sizes)
            if committee[:6] not in counties_seen:
                counties_seen.add(committee[:6])
                households = BIG_ESTATE
            name, unit = names.estate_name(rng)
            while name in used:
                name, unit = names.estate_name(rng)
            used.add(name)
            year = rng.randint(1978, 2000) if rng.random() < 0.65 else rng.randint(2001, 2012)
            renovated = year <= 2005 and rng.random() < 0.7
            rows.append({
                "id": ids.take("community"), "code": f"{committee}{seq:03d}", "name": name,
                "address": f"{place.town(committee)}{rng.choice(names.ROADS)}{rng.randint(1, 260)}号",
                "region_code": committee, "year_built": year, "household_count": households,
                "renovation_year": rng.randint(2019, 2026) if renovated else None,
                "renovation_status": rng.choice(["completed", "completed", "in_progress", "planned"]) if renovated else "none",
                "created_at": now, "updated_at": now,
                "_unit": unit,  # the work unit of a 家属院, for its arrangement (not a column)
            })
    return rows


def companies(place: Place, scale: Scale, ids: Ids, seed: int, today: date, community_rows: list[dict]) -> list[dict]:
    """Property companies registered in the area's counties, more where more communities are."""
    rng = rng_for(seed, "companies")
    per_county: dict[str, int] = {}
    for row in community_rows:
        per_county[row["region_code"][:6]] = per_county.get(row["region_code"][:6], 0) + 1
    counties = sorted(per_county)
    codes: set[str] = set()
    rows = []
    for name in names.company_names(rng, scale.companies):
        county = rng.choices(counties, weights=[per_county[c] for c in counties])[0]
        code = names.uscc(rng, county)
        while code in codes:
            code = names.uscc(rng, county)
        codes.add(code)
        red = rng.random() < 0.12
        rows.append({
            "id": ids.take("company"), "name": name, "uscc": code, "legal_representative": names.person(rng),
            "contact_name": names.person(rng), "contact_phone": names.landline(rng, county),
            "address": f"{place.town(county)}{rng.choice(names.ROADS)}{rng.randint(1, 300)}号", "region_code": county,
            "is_red_property": red,
            "red_property_since": date(today.year - rng.randint(0, 3), rng.choice([3, 6, 9]), 1) if red else None,
            "red_property_by": f"{place.names.get(county, '')}住房和城乡建设局" if red else "",
        })
    return rows


def street_staff(place: Place, ids: Ids, seed: int, password_hash: str, community_rows: list[dict]) -> list[dict]:
    """One staff login (a grid member, 网格员) for each street office that has communities: they run
    street-proxy arrangements and set up bundles."""
    rng = rng_for(seed, "staff")
    streets = sorted({row["region_code"][:9] for row in community_rows})
    return [
        {
            "id": ids.take("account"), "username": f"grid{street}", "role": "street", "region_code": street,
            "display_name": f"{place.names.get(street, street)}网格员{names.person(rng)}"[:64],
            "password_hash": password_hash,
        }
        for street in streets
    ]

