"""An import writes households through the same service as the form, in chunks whose cost does not
grow with the file, and is audited once, as a whole."""

from __future__ import annotations

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.audit.tables import AuditEntry
from app.communities.services import imports
from app.communities.tables import Community, Household, Owner
from app.jobs import services as jobs
from app.jobs.tables import Job
from app.piccolo_conf import DB
from tests.communities.sheets import HOUSEHOLD_HEADERS, community_row, csv_text, household_row, many_households, xlsx
from tests.factories import make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def run_file(username: str, data: bytes, filename: str, progress=None) -> dict:
    """The import job's work for a file the user checked (no worker: the service the worker calls)."""
    actor = await _principal(username)
    dry_run = await imports.dry_run(actor, data, filename, 2025)
    assert dry_run.plan.ok, dry_run.plan.problems
    params = {"upload": dry_run.upload, "filename": filename}
    rows = await Job.insert(Job(kind="import_registry", params=params, created_by=actor.id)).returning(Job.id)
    job = await jobs.claim(rows[0]["id"])  # as the worker does

    async def quiet(percent: int, message: str) -> None:
        return None

    return await imports.run_import(job, progress or quiet, 2025)


async def test_one_import_is_one_audit_entry_with_its_counts_file_and_communities():
    await make_world()
    households = [household_row(), household_row(unit="1-102", owner="李四", phone="13900000000"),
                  household_row("630102001001001", building="2号楼", unit="2-201")]
    rows = [community_row(), community_row(code="630102001001102", name="第二小区")]
    result = await run_file("bob", xlsx(rows, households), "登记表.xlsx")
    assert result["households_created"] == 3
    entries = await AuditEntry.select().output(load_json=True)
    assert [entry["action"] for entry in entries] == ["registry.import"]
    [entry] = entries
    assert entry["object_name"] == "登记表.xlsx" and entry["actor_name"] == "bob"
    summary = entry["summary"]
    assert summary["file"] == "登记表.xlsx" and summary["communities_created"] == 2 and summary["households_created"] == 3
    assert summary["communities"] == ["幸福小区", "新建小区", "第二小区"]
    # The same file again changes nothing, and says so in its one entry.
    await run_file("bob", xlsx(rows, households), "登记表.xlsx")
    again = await AuditEntry.select().order_by(AuditEntry.id, ascending=False).output(load_json=True).first()
    assert again["summary"]["unchanged"] == 5 and again["summary"]["communities"] == []
    assert await AuditEntry.count() == 2


async def test_the_list_of_communities_in_the_entry_is_capped():
    await make_world()
    rows = [community_row(code=f"630102001004{n:03d}", name=f"批量小区{n:03d}") for n in range(101, 131)]
    await run_file("bob", xlsx(rows, None), "批量.xlsx")
    entry = await AuditEntry.select().output(load_json=True).first()
    assert len(entry["summary"]["communities"]) == 21 and entry["summary"]["communities"][-1] == "+10"


async def test_a_chunks_queries_do_not_grow_with_the_file(monkeypatch):
    """600 households in chunks of 50: every chunk costs about the same few queries per row it
    writes, and a second run of the same file (nothing to change) costs a handful per chunk."""
    await make_world()
    await run_file("bob", xlsx([community_row()], None), "小区.xlsx")
    queries = 0
    original = type(DB).run_querystring

    async def counting(self, *args, **kwargs):
        nonlocal queries
        queries += 1
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(type(DB), "run_querystring", counting)
    data = csv_text(HOUSEHOLD_HEADERS, many_households()).encode("gb18030")

    async def run_counting() -> list[int]:
        marks: list[int] = []

        async def progress(percent: int, message: str) -> None:
            marks.append(queries)

        await run_file("bob", data, "住户.csv", progress)
        return [after - before for before, after in zip(marks, marks[1:])]

    first = await run_counting()
    assert len(first) == 11  # 12 chunks of 50
    # Per written row: one household, one owner when new (540 owners for 600 units), a building now and then.
    assert max(first) <= 2 * imports.CHUNK + 6, first
    again = await run_counting()
    assert max(again) == 0, again  # nothing changed: not one query per chunk
    monkeypatch.undo()
    community = await Community.select().where(Community.code == "630102001001101").first()
    assert community["household_count"] == 600 and await Owner.count() == 540
    assert await Household.count() == 600
