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

import anyio

from app import clock
from app.accounts import services as accounts
from app.accounts.logic import Principal
from app.audit import services as audit
from app.audit.logic import capped
from app.communities.logic.importing import (
    COMMUNITY_FIELDS,
    ImportContext,
    ImportPlan,
    Problem,
    Tally,
    changed_fields,
    check_file,
    file_message,
)
from app.communities.services import scope_condition
from app.communities.services.households import CREATED, HOUSEHOLD_FIELDS, HouseholdRegister, upsert_household
from app.communities.tables import Community
from app.db import transaction
from app.jobs import services as jobs
from app.jobs.tables import Upload
from app.regions.services import recount_after_change
from app.regions.tables import Region

Progress = Callable[[int, str], Awaitable[None]]
SUFFIXES = ("xlsx", "csv")
CHUNK = 50  # rows per transaction: progress shows, and the write lock is never held for long
KEEP_UPLOADS_SECONDS = 24 * 3600
PARSE_SLOTS = 2  # files read at once by one process: more would only take turns at the GIL
# Files that may wait for a slot: each waits with its upload in memory (up to MAX_BYTES), so a burst of
# uploads could otherwise hold any amount of it. One more is told to try again shortly.
PARSE_WAITING = 4
_parsing = anyio.CapacityLimiter(PARSE_SLOTS)
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
        register = HouseholdRegister(existing.get(code) or {"id": None}, complete=True)
        if existing.get(code):
            await register.load()
        result.buildings_created += len({row.building for row in rows} - set(register.buildings))
        for row in rows:
            building = register.buildings.get(row.building)
            current = register.households.get((building, row.values["unit_number"]))
            values = {**row.values, "building": building}
            result.households.count(current, changed_fields(current, values, HOUSEHOLD_FIELDS) if current else {})
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


async def read_and_check(data: bytes, filename: str, context: ImportContext) -> ImportPlan:
    """``check_file`` in a thread, at most PARSE_SLOTS at a time: reading a file within the limits
    still takes up to a few seconds of CPU, and the process's other requests (its job heartbeats,
    in a worker) must keep being answered meanwhile. The thread sees the caller's locale. When
    PARSE_WAITING files already wait, the answer is at once a problem asking to try again later."""
    if _parsing.available_tokens == 0 and _parsing.statistics().tasks_waiting >= PARSE_WAITING:
        return ImportPlan(problems=[Problem("", 0, "", file_message("busy"))])
    return await anyio.to_thread.run_sync(check_file, data, filename, context, limiter=_parsing)


async def dry_run(actor: Principal, data: bytes, filename: str, this_year: int) -> DryRun:
    plan = await read_and_check(data, filename, await import_context(actor, this_year))
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
    """The import job's work: check the stored file again, then import it chunk by chunk.

    It survives its worker's death: each chunk commits together with a checkpoint on the job row
    (``jobs.save_checkpoint``), and an attempt after a crash skips the chunks already committed and
    carries their counts on, so the result counts each row of the file once, as a run without the
    crash would. (Rows are written by their natural keys besides, so a chunk written twice would
    change nothing the second time.) The audit entry commits with a last checkpoint that holds the
    result: an attempt that finds it only tidies up."""
    params = json.loads(job["params"]) if isinstance(job["params"], str) else (job["params"] or {})
    actor = await accounts.load_principal(job["created_by"]) if job["created_by"] else None
    if actor is None or not actor.is_staff:
        raise ImportRefused("the account that asked for the import may no longer import")
    name = params.get("upload", "")
    saved = job.get("checkpoint") or {}
    if "result" in saved:  # an earlier attempt imported and recorded everything, then died
        await drop_upload(name)
        return saved["result"]
    content = await stored_upload(actor, name)
    if content is None:
        raise ImportRefused("the uploaded file is gone; upload it again")
    plan = await read_and_check(content, name, await import_context(actor, this_year))
    if not plan.ok:
        await drop_upload(name)
        raise ImportRefused(f"the file no longer imports cleanly ({len(plan.problems)} problems); upload it again for a new check")
    filename = params.get("filename", "")
    touched: set[str] = set()
    result: dict | None = {"failed": True}
    try:
        result = await _import(actor, plan, job, progress, touched)
    except jobs.LeaseLost:
        result = None  # another worker took the job over: it carries on, and records the import
        raise
    finally:
        if result is not None:
            # One entry for the whole import, written even when it stopped half-way (the chunks written stay).
            summary = {"file": filename, **result, "communities": capped(list(touched))}
            async with transaction():
                await audit.record(actor, "registry.import", "job", job["id"], summary, actor.region_code, object_name=filename)
                if result.get("created") or result.get("changed") or result.get("buildings_created"):
                    await recount_after_change(actor, actor.region_code)  # the importer's area: all the file could touch
                if "failed" not in result:
                    await jobs.save_checkpoint(job, {"result": result})
    await drop_upload(name)
    return result


async def _import_community(values: dict, current: dict | None) -> dict:
    """Create or update one community by its code; returns the fields changed."""
    if current is None:
        await Community.insert(Community(**values))
        return {}
    changes = changed_fields(current, values, COMMUNITY_FIELDS)
    if changes:
        await Community.update({**changes, "updated_at": clock.utcnow()}).where(Community.id == current["id"])
    return changes


async def _import_households(actor: Principal, register: HouseholdRegister, chunk: list) -> tuple[Tally, int]:
    """One transaction's worth of a community's households, through ``upsert_household`` as a form's
    household is; returns their tally and the buildings made."""
    tally, new_buildings = Tally(), 0
    for row in chunk:
        building_id, made = await register.building_for(row.building)
        new_buildings += made
        clean = {**row.values, "building": building_id}
        saved = await upsert_household(actor, register.community["id"], clean, match=True, register=register)
        if saved.outcome == CREATED:
            tally.created += 1
        elif saved.outcome == "changed":
            tally.changed += 1
        else:
            tally.unchanged += 1
    await register.flush(refuse_in_use=False)  # an owner still in use elsewhere is kept, not the import stopped
    return tally, new_buildings


COUNTS = (*(f"{what}_{how}" for what in ("communities", "households") for how in ("created", "changed", "unchanged")), "buildings_created")
SHOWN_COUNTS = ("communities_created", "communities_changed", "buildings_created", "households_created", "households_changed")


def _add(counts: dict, prefix: str, tally: Tally) -> None:
    counts[f"{prefix}_created"] += tally.created
    counts[f"{prefix}_changed"] += tally.changed
    counts[f"{prefix}_unchanged"] += tally.unchanged


async def _import(actor: Principal, plan: ImportPlan, job: dict, progress: Progress, touched: set[str]) -> dict:
    """Communities first (households may belong to one the file adds), then households by community,
    CHUNK rows a transaction, each with its checkpoint (see ``run_import``). ``touched`` gathers the
    names of the communities created or changed."""
    saved = job.get("checkpoint") or {}
    if saved.get("rows") != plan.row_count:
        saved = {}  # not this file's: start from the top (by natural keys, rewriting is harmless)
    counts = dict.fromkeys(COUNTS, 0) | saved.get("counts", {})
    touched.update(saved.get("touched", []))
    total, done = max(1, plan.row_count), 0
    existing = await _communities_by_code([row.values["code"] for row in plan.communities])
    grouped = _by_community(plan)
    targets: dict[str, dict] = {}
    registers: dict[str, HouseholdRegister] = {}

    async def communities_chunk(chunk: list) -> bool:
        tally = Tally()
        for row in chunk:
            current = existing.get(row.values["code"])
            changes = await _import_community(row.values, current)
            tally.count(current, changes)
            if current is None or changes:
                touched.add(row.values["name"])
        _add(counts, "communities", tally)
        return bool(tally.created or tally.changed)

    async def households_chunk(code: str, chunk: list) -> bool:
        if not targets:  # after the communities: the file may have added some
            targets.update(await _communities_by_code(grouped))
        if code not in registers:
            registers[code] = await HouseholdRegister.open(actor, targets[code]["id"], complete=True, audited=False)
        tally, made = await _import_households(actor, registers[code], chunk)
        _add(counts, "households", tally)
        counts["buildings_created"] += made
        if tally.created or tally.changed or made:
            touched.add(targets[code]["name"])
            return True
        return False

    steps = [(chunk, communities_chunk, (chunk,)) for chunk in _chunks(plan.communities, CHUNK)]
    steps += [(chunk, households_chunk, (code, chunk)) for code, rows in grouped.items() for chunk in _chunks(rows, CHUNK)]
    for number, (chunk, write, args) in enumerate(steps):
        done += len(chunk)
        if number < saved.get("chunks", 0):
            continue  # committed by an earlier attempt
        async with transaction():
            # A chunk that changed nothing needs no checkpoint: an attempt after a crash redoes it,
            # changing nothing again, and counts it once (its counts were not in the last checkpoint).
            if await write(*args):
                checkpoint = {"rows": plan.row_count, "chunks": number + 1, "counts": counts, "touched": sorted(touched)}
                await jobs.save_checkpoint(job, checkpoint)
        await progress(min(99, done * 100 // total), f"{done}/{plan.row_count}")
    totals = {how: counts[f"communities_{how}"] + counts[f"households_{how}"] for how in ("created", "changed", "unchanged")}
    return totals | {key: counts[key] for key in SHOWN_COUNTS}
