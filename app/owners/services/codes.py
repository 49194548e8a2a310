"""Activation codes of a community's households: their status, printing slips, revoking, re-issuing.

The caller has found the community through the actor's scope (``communities.get_community``) and asked
``access.may_issue_codes``; every query here names the community. A code exists in clear text only in
the answer of the service that issued it (the slips page): the table keeps its HMAC.
"""

from __future__ import annotations

from dataclasses import dataclass

from app import clock
from app.accounts.logic import Principal, mask_phone, sees_phone_numbers
from app.audit import services as audit
from app.communities.services.register import UNIQUE_ERRORS
from app.communities.tables import Household
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.owners.logic import code_hash, code_state, grouped, new_code
from app.owners.tables import ActivationCode
from app.pagination import Page, clamp_page
from app.settings import get_settings

PER_PAGE = 50
MAX_SLIPS = 480  # one print run (60 sheets); a bigger community prints building by building

# Each household with its owner, whether that owner already has an account, and its latest code.
_ROWS = (
    "SELECT h.id, h.unit_number, h.floor_area, h.is_developer_stock, b.id AS building_id, b.number AS building_number, "
    "o.id AS owner_id, o.name AS owner_name, o.phone AS owner_phone, l.id AS link_id, "
    "c.id AS code_id, c.issued_at, c.used_at, c.revoked_at "
    "FROM household h JOIN building b ON b.id = h.building LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN owner_link l ON l.owner = h.owner "
    "LEFT JOIN activation_code c ON c.id = (SELECT MAX(x.id) FROM activation_code x WHERE x.household = h.id) "
    "WHERE b.community = {} %s ORDER BY b.number, h.unit_number"
)
_COUNT = "SELECT COUNT(*) AS n FROM household h JOIN building b ON b.id = h.building WHERE b.community = {} %s"


def _state(row: dict) -> str:
    if row["link_id"] is not None:
        return "activated"  # the owner has an account, whichever of his units' codes he used
    return code_state(row["code_id"] is not None, row["used_at"] is not None, row["revoked_at"] is not None)


def _slip_problem(row: dict) -> str | None:
    """Why no slip can be printed for this household, or None."""
    if row["is_developer_stock"] or row["owner_id"] is None:
        return "no_owner"  # the developer's unsold stock, or nobody registered: nobody to activate
    if not (row["owner_phone"] or "").strip():
        return "no_phone"  # the phone check could never pass
    if row["link_id"] is not None:
        return "activated"
    return None


def _building_filter(building_ids: list[int]) -> tuple[str, list[int]]:
    if not building_ids:
        return "", []
    return "AND b.id IN (" + ", ".join("{}" for _ in building_ids) + ")", list(building_ids)


async def households_with_codes(actor: Principal, community_id: int, building_id: int | None, page: int) -> Page:
    """A page of the community's households (of one building, or all) with each one's code status."""
    where, args = _building_filter([building_id] if building_id else [])
    total = (await Household.raw(_COUNT % where, community_id, *args))[0]["n"]
    page = clamp_page(page, total, PER_PAGE)
    rows = await Household.raw((_ROWS % where) + " LIMIT {} OFFSET {}", community_id, *args, PER_PAGE,
                               (page - 1) * PER_PAGE) if total else []
    staff = sees_phone_numbers(actor)
    for row in rows:
        row["state"] = _state(row)
        row["problem"] = _slip_problem(row)
        row["live"] = row["state"] == "issued"
        row["owner_phone"] = row["owner_phone"] if staff else mask_phone(row["owner_phone"] or "")
    return Page(rows=rows, total=total, page=page, per_page=PER_PAGE)


@dataclass(frozen=True)
class Slip:
    household_id: int
    building_number: str
    unit_number: str
    code: str  # grouped, as printed


@dataclass(frozen=True)
class PrintRun:
    slips: list[Slip]
    skipped_live: int  # households that already have a live code (not re-issued)
    skipped_other: int  # developer stock, no owner or phone, or already activated


async def _issue(actor: Principal, community: dict, rows: list[dict], now) -> list[Slip]:
    """Codes for these households (none of them holding a live code any more), in the open transaction."""
    secret = get_settings().app.secret_key
    slips, records = [], []
    for row in rows:
        code = new_code()
        records.append(ActivationCode(household=row["id"], community=community["id"], code_hash=code_hash(code, secret),
                                      issued_at=now, issued_by=actor.id))
        slips.append(Slip(row["id"], row["building_number"], row["unit_number"], grouped(code)))
    for start in range(0, len(records), 200):
        await ActivationCode.insert(*records[start:start + 200])
    return slips


async def _revoke_live(actor: Principal, household_ids: list[int], now) -> None:
    for start in range(0, len(household_ids), 500):
        await ActivationCode.update({ActivationCode.revoked_at: now, ActivationCode.revoked_by: actor.id}).where(
            ActivationCode.household.is_in(household_ids[start:start + 500])
            & ActivationCode.revoked_at.is_null() & ActivationCode.used_at.is_null()
        )


async def print_slips(actor: Principal, community: dict, building_ids: list[int], reissue: bool) -> PrintRun:
    """Codes for the households of these buildings (all when none is named) that can activate: those
    without a live code, and with ``reissue`` those with one too (the old code is revoked). Audited as
    one print run naming every unit."""
    try:
        return await _print_slips(actor, community, building_ids, reissue)
    except UNIQUE_ERRORS:
        raise _printed_meanwhile() from None


def _printed_meanwhile() -> FieldError:
    # Two clerks printing the same households at once: the one live code per household (a unique index) stops one.
    return FieldError("buildings", _("Someone printed slips for these households at the same moment. Look at the "
                                     "list, and print again what is still missing."))


async def _print_slips(actor: Principal, community: dict, building_ids: list[int], reissue: bool) -> PrintRun:
    where, args = _building_filter(building_ids)
    async with transaction():
        rows = await Household.raw(_ROWS % where, community["id"], *args)
        wanted, skipped_live, skipped_other = [], 0, 0
        for row in rows:
            if _slip_problem(row) is not None:
                skipped_other += 1
            elif _state(row) == "issued" and not reissue:
                skipped_live += 1
            else:
                wanted.append(row)
        if len(wanted) > MAX_SLIPS:
            raise FieldError("buildings", _("That is %(n)s slips: choose some buildings and print them in parts.",
                                            n=len(wanted)))
        now = clock.utcnow()
        renewed = [row["id"] for row in wanted if _state(row) == "issued"]
        await _revoke_live(actor, renewed, now)
        slips = await _issue(actor, community, wanted, now)
        if slips:
            await audit.record(actor, "owner_code.issue", "community", community["id"], {
                "households": len(slips), "reissued": len(renewed),
                "units": [f"{slip.building_number} {slip.unit_number}" for slip in slips],
            }, community["region_code"], object_name=community["name"])
    return PrintRun(slips=slips, skipped_live=skipped_live, skipped_other=skipped_other)


async def _household(community_id: int, household_id: int) -> dict:
    where = "AND h.id = {}"
    rows = await Household.raw(_ROWS % where, community_id, household_id)
    if not rows:
        raise NotFound()
    return rows[0]


async def revoke_code(actor: Principal, community: dict, household_id: int) -> bool:
    """Revoke the household's live code (a slip lost or handed to the wrong person); False when it had none."""
    async with transaction():
        row = await _household(community["id"], household_id)
        if _state(row) != "issued":
            return False
        await _revoke_live(actor, [household_id], clock.utcnow())
        await audit.record(actor, "owner_code.revoke", "household", household_id, {
            "community": community["name"], "unit": f"{row['building_number']} {row['unit_number']}",
        }, community["region_code"], object_name=f"{community['name']} {row['building_number']} {row['unit_number']}")
    return True


async def reissue_code(actor: Principal, community: dict, household_id: int) -> Slip:
    """A new code for one household, revoking its live one; FieldError when no slip can be printed for it."""
    try:
        return await _reissue_code(actor, community, household_id)
    except UNIQUE_ERRORS:
        raise _printed_meanwhile() from None


async def _reissue_code(actor: Principal, community: dict, household_id: int) -> Slip:
    async with transaction():
        row = await _household(community["id"], household_id)
        problem = _slip_problem(row)
        if problem is not None:
            raise FieldError("household", SLIP_PROBLEMS[problem]())
        now = clock.utcnow()
        reissued = _state(row) == "issued"
        await _revoke_live(actor, [household_id], now)
        (slip,) = await _issue(actor, community, [row], now)
        await audit.record(actor, "owner_code.issue", "household", household_id, {
            "community": community["name"], "unit": f"{row['building_number']} {row['unit_number']}",
            "reissued": 1 if reissued else 0,
        }, community["region_code"], object_name=f"{community['name']} {row['building_number']} {row['unit_number']}")
    return slip


SLIP_PROBLEMS = {
    "no_owner": lambda: _("This unit has no registered owner (or is the developer's unsold stock): no slip."),
    "no_phone": lambda: _("The register holds no phone number for this unit's owner: add it first."),
    "activated": lambda: _("This unit's owner already has an account."),
}
