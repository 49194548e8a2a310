"""Importing the register from a spreadsheet: the dry run, the stored upload, and the import job.

The dry run checks every row and imports nothing; only a clean file is kept (in the Upload table) for
the user to confirm. The job reads it again, checks it again against the database as it then is,
and imports it by natural keys (community code; building number; unit number within the building),
so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from app import clock
from app.accounts import services as accounts
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities.importing import (
    COMMUNITY_FIELDS,
    HOUSEHOLD_FIELDS,
    ImportContext,
    ImportPlan,
    Tally,
    changed_fields,
    check_file,
)
from app.communities.registry import jsonable, sync_counts
from app.communities.services import scope_condition
from app.communities.tables import Building, Community, Household, Owner
from app.db import transaction
from app.jobs import services as jobs
from app.jobs.tables import Upload
from app.regions.services import recount_after_change
from app.regions.tables import Region

Progress = Callable[[int, str], Awaitable[None]]
SUFFIXES = ("xlsx", "csv")
CHUNK = 50  # rows per transaction: progress shows, and the write lock is never held for long
KEEP_UPLOADS_SECONDS = 24 * 3600
_UPLOAD = re.compile(r"^(\d+)-([0-9a-f]{32})\.(xlsx|csv)$")


class ImportRefused(RuntimeError):
    """The stored file no longer imports cleanly (the database changed since the dry run), or is gone."""


def suffix_of(filename: str) -> str:
    return filename.lower().rsplit(".", 1)[-1] if "." in filename else ""


async def import_context(actor: Principal, this_year: int) -> ImportContext:
    """What the actor's area holds: its residents' communities and its registered communities."""
    regions = Region.select(Region.code).where(Region.level == "community")
    communities = Community.select(Community.code)
    prefix = None
    if not actor.is_system:
        prefix = actor.region_prefix if actor.is_staff and actor.region_prefix else "-"  # "-": matches no code
        regions = regions.where(Region.code.like(prefix + "%"))
        communities = communities.where(scope_condition(actor))
    return ImportContext(
        scope_prefix=prefix,
        region_codes=frozenset(row["code"] for row in await regions),
        community_codes=frozenset(row["code"] for row in await communities),
        this_year=this_year,
    )


@dataclass
class Preview:
    communities: Tally = field(default_factory=Tally)
    households: Tally = field(default_factory=Tally)
    buildings_created: int = 0


@dataclass
class DryRun:
    plan: ImportPlan
    preview: Preview | None = None
    upload: str | None = None  # the stored file's name, to confirm; only for a clean file


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _communities_by_code(codes) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for chunk in _chunks(sorted(set(codes)), 500):
        for row in await Community.select().where(Community.code.is_in(chunk)):
            found[row["code"]] = row
    return found


async def _register_of(community_id: int) -> tuple[dict, dict, dict]:
    """(buildings by number, owners by (name, phone), households by (building id, unit number))."""
    buildings = {row["number"]: row["id"] for row in await Building.select(Building.id, Building.number).where(Building.community == community_id)}
    owners = {(row["name"], row["phone"]): row["id"] for row in await Owner.select(Owner.id, Owner.name, Owner.phone).where(Owner.community == community_id)}
    households = {}
    for row in await Household.select(
        Household.id, Household.building, Household.unit_number, Household.floor_area, Household.is_developer_stock,
        Household.owner.name.as_alias("owner_name"), Household.owner.phone.as_alias("owner_phone"),
    ).where(Household.community == community_id):
        row["owner_name"], row["owner_phone"] = row["owner_name"] or "", row["owner_phone"] or ""
        households[(row["building"], row["unit_number"])] = row
    return buildings, owners, households


def _by_community(plan: ImportPlan) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in plan.households:
        grouped.setdefault(row.community_code, []).append(row)
    return grouped


async def preview(plan: ImportPlan) -> Preview:
    """What importing the plan would create and change, without changing anything."""
    result = Preview()
    existing = await _communities_by_code([row.values["code"] for row in plan.communities] + [row.community_code for row in plan.households])
    for row in plan.communities:
        current = existing.get(row.values["code"])
        result.communities.count(current, changed_fields(current, row.values, COMMUNITY_FIELDS) if current else {})
    for code, rows in _by_community(plan).items():
        community = existing.get(code)
        buildings, _owners, households = await _register_of(community["id"]) if community else ({}, {}, {})
        new_buildings = {row.building for row in rows} - set(buildings)
        result.buildings_created += len(new_buildings)
        for row in rows:
            current = households.get((buildings.get(row.building), row.values["unit_number"]))
            result.households.count(current, changed_fields(current, row.values, HOUSEHOLD_FIELDS) if current else {})
    return result


async def store_upload(actor: Principal, data: bytes, filename: str) -> str:
    """Keep a clean file for its import job; uploads older than KEEP_UPLOADS_SECONDS are dropped."""
    cutoff = clock.utcnow() - timedelta(seconds=KEEP_UPLOADS_SECONDS)
    name = f"{actor.id}-{secrets.token_hex(16)}.{suffix_of(filename)}"
    async with transaction():
        await Upload.delete().where(Upload.created_at < cutoff)
        await Upload.insert(Upload(name=name, owner=actor.id, filename=filename[:255], content=data))
    return name


async def stored_upload(actor: Principal, name: str) -> bytes | None:
    """The actor's own stored upload by its name, or None (a name of another user's, or made up)."""
    match = _UPLOAD.match(name or "")
    if match is None or int(match.group(1)) != actor.id:
        return None
    row = await Upload.select(Upload.content).where((Upload.name == name) & (Upload.owner == actor.id)).first()
    return bytes(row["content"]) if row else None


async def drop_upload(name: str) -> None:
    await Upload.delete().where(Upload.name == name)


async def dry_run(actor: Principal, data: bytes, filename: str, this_year: int) -> DryRun:
    plan = check_file(data, filename, await import_context(actor, this_year))
    if not plan.ok:
        return DryRun(plan)
    return DryRun(plan, await preview(plan), await store_upload(actor, data, filename))


async def start_import(actor: Principal, upload: str, filename: str) -> int | None:
    """Start the import job for a stored upload of the actor's; None when there is no such upload."""
    if await stored_upload(actor, upload) is None:
        return None
    params = {"upload": upload, "filename": filename[:128]}
    return await jobs.start_job(actor, "import_registry", params, region_code=actor.region_code)


async def run_import(job: dict, progress: Progress, this_year: int) -> dict:
    """The import job's work: check the stored file again, then import it chunk by chunk."""
    params = json.loads(job["params"]) if isinstance(job["params"], str) else (job["params"] or {})
    actor = await accounts.load_principal(job["created_by"]) if job["created_by"] else None
    if actor is None or not actor.is_staff:
        raise ImportRefused("the account that asked for the import may no longer import")
    name = params.get("upload", "")
    content = await stored_upload(actor, name)
    if content is None:
        raise ImportRefused("the uploaded file is gone; upload it again")
    plan = check_file(content, name, await import_context(actor, this_year))
    if not plan.ok:
        await drop_upload(name)
        raise ImportRefused(f"the file no longer imports cleanly ({len(plan.problems)} problems); upload it again for a new check")
    result = await _import(actor, plan, progress, job["id"])
    async with transaction():
        await audit.record(actor, "registry.import", "job", job["id"], {"file": params.get("filename", ""), **result}, actor.region_code)
        if result["created"] or result["changed"] or result["buildings_created"]:
            await recount_after_change(actor, actor.region_code)  # the importer's area: all the file could touch
    await drop_upload(name)
    return result


async def _import_community(actor: Principal, values: dict, current: dict | None, job_id: int) -> dict:
    """Create or update one community by its code; returns the fields changed."""
    if current is None:
        rows = await Community.insert(Community(**values)).returning(Community.id)
        await audit.record(actor, "community.create", "community", rows[0]["id"], jsonable({**values, "job": job_id}), values["region_code"])
        return {}
    changes = changed_fields(current, values, COMMUNITY_FIELDS)
    if changes:
        await Community.update({**changes, "updated_at": clock.utcnow()}).where(Community.id == current["id"])
        summary = {name: (current[name], value) for name, value in changes.items()}
        await audit.record(actor, "community.update", "community", current["id"],
                           jsonable({"code": current["code"], **summary, "job": job_id}), current["region_code"])
    return changes


class _Register:
    """One community's register while its rows are imported: what exists, by natural key, kept current."""

    def __init__(self, community: dict, loaded: tuple[dict, dict, dict]) -> None:
        self.community = community
        self.buildings, self.owners, self.households = loaded

    async def building_id(self, number: str) -> tuple[int, bool]:
        if number in self.buildings:
            return self.buildings[number], False
        rows = await Building.insert(Building(community=self.community["id"], number=number)).returning(Building.id)
        self.buildings[number] = rows[0]["id"]
        return self.buildings[number], True

    async def owner_id(self, name: str, phone: str) -> int:
        if (name, phone) not in self.owners:
            rows = await Owner.insert(Owner(community=self.community["id"], name=name, phone=phone)).returning(Owner.id)
            self.owners[(name, phone)] = rows[0]["id"]
        return self.owners[(name, phone)]

    async def save(self, building_id: int, row, current: dict | None) -> None:
        """Insert or update one household (only called when it is new or changed)."""
        values = row.values
        owner = None if values["is_developer_stock"] else await self.owner_id(values["owner_name"], values["owner_phone"])
        columns = {"floor_area": values["floor_area"], "owner": owner, "is_developer_stock": values["is_developer_stock"]}
        key = (building_id, values["unit_number"])
        if current is None:
            rows = await Household.insert(Household(
                community=self.community["id"], building=building_id, unit_number=values["unit_number"], **columns
            )).returning(Household.id)
            self.households[key] = {"id": rows[0]["id"], **values}
        else:
            await Household.update({**columns, "updated_at": clock.utcnow()}).where(Household.id == current["id"])
            self.households[key] = {**current, **values}


async def _import_households(actor: Principal, register: _Register, chunk: list, job_id: int) -> tuple[Tally, int]:
    """One transaction's worth of a community's households; returns their tally and the buildings made."""
    tally, new_buildings = Tally(), 0
    for row in chunk:
        building_id, made = await register.building_id(row.building)
        new_buildings += made
        current = register.households.get((building_id, row.values["unit_number"]))
        changes = changed_fields(current, row.values, HOUSEHOLD_FIELDS) if current else {}
        tally.count(current, changes)
        if current is None or changes:
            await register.save(building_id, row, current)
    community = register.community
    if tally.created or tally.changed or new_buildings:
        await sync_counts([community["id"]])
        await audit.record(actor, "household.import", "community", community["id"], {
            "code": community["code"], "job": job_id, "buildings_created": new_buildings,
            "households_created": tally.created, "households_changed": tally.changed,
        }, community["region_code"])
    return tally, new_buildings


async def _import(actor: Principal, plan: ImportPlan, progress: Progress, job_id: int) -> dict:
    """Communities first (households may belong to one the file adds), then households by community."""
    total, done = max(1, plan.row_count), 0
    communities, households, buildings_created = Tally(), Tally(), 0

    async def step(rows: int) -> None:
        nonlocal done
        done += rows
        await progress(min(99, done * 100 // total), f"{done}/{plan.row_count}")

    existing = await _communities_by_code([row.values["code"] for row in plan.communities])
    for chunk in _chunks(plan.communities, CHUNK):
        async with transaction():
            for row in chunk:
                current = existing.get(row.values["code"])
                communities.count(current, await _import_community(actor, row.values, current, job_id))
        await step(len(chunk))

    grouped = _by_community(plan)
    targets = await _communities_by_code(grouped)
    for code, rows in grouped.items():
        register = _Register(targets[code], await _register_of(targets[code]["id"]))
        for chunk in _chunks(rows, CHUNK):
            async with transaction():
                tally, made = await _import_households(actor, register, chunk, job_id)
            households.created += tally.created
            households.changed += tally.changed
            households.unchanged += tally.unchanged
            buildings_created += made
            await step(len(chunk))
    return {
        "created": communities.created + households.created,
        "changed": communities.changed + households.changed,
        "unchanged": communities.unchanged + households.unchanged,
        "communities_created": communities.created,
        "communities_changed": communities.changed,
        "buildings_created": buildings_created,
        "households_created": households.created,
        "households_changed": households.changed,
    }
