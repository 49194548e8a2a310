"""Owner committees for the generated communities: most communities have one, of 5 to 11 owners
(an odd number) with a chair and a vice-chair; some earlier terms replaced; a share of them late
with a filing or their first meeting, some terms ending soon or ended, so the street's overview has
something in every figure. Rows for the bulk writer, from the chunk's registers in memory."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.committees.logic import deadlines, last_term_day
from app.demo.world import Ids

SHARE = 0.8  # communities with a committee
SIZES = (5, 7, 9, 11)


def committees_of(communities: list[dict], households: list[dict], ids: Ids, rng: random.Random, today: date,
                  now) -> tuple[list[dict], list[dict]]:
    """Committees and their members for the communities of one chunk (``households`` are theirs)."""
    owned: dict[int, dict[int, int]] = {}  # community -> owner -> one household he owns
    for row in households:
        if row["owner"] is not None:
            owned.setdefault(row["community"], {}).setdefault(row["owner"], row["id"])
    committees: list[dict] = []
    members: list[dict] = []
    for community in communities:
        seats = list(owned.get(community["id"], {}).items())
        if rng.random() >= SHARE or len(seats) < SIZES[0]:
            continue
        # Elected some time in the last six years; a term of five; an older one replaced by a new election.
        elected = today - timedelta(days=rng.randint(10, 6 * 365))
        if rng.random() < 0.15 and elected < today - timedelta(days=5 * 365 - 200):
            old = _committee(community, ids, rng, elected, now, seats, members)
            elected = min(today - timedelta(days=rng.randint(10, 200)), last_term_day(elected))
            old["ended_on"] = elected
            committees.append(old)
        committees.append(_committee(community, ids, rng, elected, now, seats, members))
    return committees, members


def _committee(community: dict, ids: Ids, rng: random.Random, elected: date, now, seats: list, members: list) -> dict:
    committee_id = ids.take("committee")
    size = min(rng.choice(SIZES), len(seats) - (1 - len(seats) % 2))
    chosen = rng.sample(seats, size)
    for index, (owner, household) in enumerate(chosen):
        members.append({
            "id": ids.take("committee_member"), "committee": committee_id, "owner": owner, "household": household,
            "post": "chair" if index == 0 else "vice_chair" if index == 1 else "member",
            "party_member": rng.random() < 0.4, "phone": f"139{rng.randint(10000000, 99999999)}",
        })
    late = rng.random()
    meeting = elected + timedelta(days=rng.randint(1, 7) if late > 0.05 else rng.randint(8, 20))
    bureau = elected + timedelta(days=rng.randint(5, 30)) if late > 0.12 else None
    street = elected + timedelta(days=rng.randint(5, 30)) if late > 0.08 else None
    return {
        "id": committee_id, "community": community["id"], "region_code": community["region_code"],
        "elected_on": elected, "term_start": elected, "term_end": last_term_day(elected),
        "first_meeting_on": meeting, "filed_bureau_on": bureau, "filed_street_on": street, "decision_id": None,
        "member_count": size, "unfiled_change_since": None, "late_change_filed": False, **deadlines(elected, elected), "ended_on": None, "created_by": None, "created_at": now,
    }
