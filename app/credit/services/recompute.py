"""Recomputing a cycle's credit scores: every company's records from the sources, scored by the pure
core, stored with their lines.

Safe to run twice and to be killed half-way. Companies are written in chunks by id, each chunk in one
transaction that replaces those companies' scores for the cycle and records, on the job row, the last
company written (``jobs.save_checkpoint``): a company's score for a cycle is written whole or not at
all, a second run replaces it with the same, and an attempt after a crash carries on after the last
chunk that committed. The sources are asked once per attempt, set-based; only each company's own
records and lines are held in Python.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from app import clock
from app.companies.tables import Company
from app.credit.cycles import Cycle, cycle_of, cycle_starting, previous
from app.credit.scoring import Line, Record, Score, score
from app.credit.sources import records_of
from app.credit.tables import CreditObjection, CreditScore, CreditScoreLine
from app.db import transaction
from app.jobs import services as jobs
from app.jobs.tables import Job
from app.settings import CreditSettings, get_settings

CHUNK = 200  # companies a transaction
JOB_KIND = "recompute_credit"

Progress = Callable[[int, str], Awaitable[None]]


def record_key(kind: str, evidence: tuple, valid_from) -> tuple:
    """What names a record across recomputes: an objection to it finds it again by this."""
    return kind, evidence[0], "" if evidence[1] is None else str(evidence[1]), valid_from


async def objection_states() -> dict[tuple[int, tuple], str]:
    """The state of each company's latest objection to each record (a later one supersedes)."""
    rows = await CreditObjection.select(
        CreditObjection.company, CreditObjection.kind, CreditObjection.evidence_type, CreditObjection.evidence_ref,
        CreditObjection.valid_from, CreditObjection.state,
    ).order_by(CreditObjection.id)
    return {(row["company"], (row["kind"], row["evidence_type"], row["evidence_ref"], row["valid_from"])): row["state"]
            for row in rows}


def with_objections(company_id: int, records: list[Record], states: dict) -> list[Record]:
    result = []
    for record in records:
        state = states.get((company_id, record_key(record.kind, record.evidence, record.valid_from)))
        result.append(replace(record, objection=state) if state else record)
    return result


def _line_row(score_id: int, position: int, line: Line | Record, dropped: bool) -> CreditScoreLine:
    kind, ref = line.evidence
    return CreditScoreLine(
        score=score_id, position=position, kind=line.kind, points=0 if dropped else line.points,
        full_points=0 if dropped else line.full_points, units=line.units, evidence_type=kind,
        evidence_ref="" if ref is None else str(ref), valid_from=line.valid_from, valid_until=line.valid_until,
        objection=line.objection, dropped=dropped,
    )


BATCH = 100  # rows an INSERT: SQLite bounds the values one statement may carry


async def _insert(table, rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        await table.insert(*rows[start:start + BATCH])


async def _write(cycle: Cycle, scores: dict[int, Score]) -> None:
    """Replace these companies' scores for the cycle (inside the caller's transaction)."""
    ids = list(scores)
    old = CreditScore.select(CreditScore.id).where((CreditScore.cycle == cycle.year) & CreditScore.company.is_in(ids))
    await CreditScoreLine.delete().where(CreditScoreLine.score.is_in(old))
    await CreditScore.delete().where((CreditScore.cycle == cycle.year) & CreditScore.company.is_in(ids))
    now = clock.utcnow()
    await _insert(CreditScore, [
        CreditScore(company=company_id, cycle=cycle.year, base=s.base, total=s.total, band=s.band, grade=s.grade,
                    computed_at=now)
        for company_id, s in scores.items()
    ])
    rows = await CreditScore.select(CreditScore.id, CreditScore.company).where(
        (CreditScore.cycle == cycle.year) & CreditScore.company.is_in(ids))
    lines = []
    for row in rows:
        s = scores[row["company"]]
        lines += [_line_row(row["id"], n, line, False) for n, line in enumerate(s.lines)]
        lines += [_line_row(row["id"], len(s.lines) + n, record, True) for n, record in enumerate(s.dropped)]
    await _insert(CreditScoreLine, lines)


def score_of(company_id: int, records: list[Record], cycle: Cycle, settings: CreditSettings, states: dict) -> Score:
    return score(with_objections(company_id, records, states), cycle, settings)


async def recompute(job: dict, progress: Progress) -> dict:
    """The job's work: ``params["cycle"]`` (a start year; the current cycle when absent)."""
    settings = get_settings().credit
    year = (job.get("params") or {}).get("cycle")
    cycle = cycle_starting(int(year), settings.cycle_start_month) if year else cycle_of(clock.today(), settings.cycle_start_month)
    saved = job.get("checkpoint") or {}
    after = saved.get("after", 0) if saved.get("cycle") == cycle.year else 0
    written = saved.get("written", 0) if after else 0
    records = await records_of(cycle, settings)
    states = await objection_states()
    total = await Company.count()
    done_before = await Company.count().where(Company.id <= after)
    await progress(min(99, done_before * 100 // max(total, 1)), f"{done_before}/{total}")
    this_attempt = 0
    while True:
        ids = [row["id"] for row in await Company.select(Company.id).where(Company.id > after)
               .order_by(Company.id).limit(CHUNK)]
        if not ids:
            break
        scores = {company_id: score_of(company_id, records.get(company_id, []), cycle, settings, states)
                  for company_id in ids}
        after = ids[-1]
        written += len(ids)
        this_attempt += len(ids)
        async with transaction():
            await _write(cycle, scores)
            await jobs.save_checkpoint(job, {"cycle": cycle.year, "after": after, "written": written})
        done = min(total, done_before + this_attempt)
        await progress(min(99, done * 100 // max(total, 1)), f"{done}/{total}")
    return {"cycle": cycle.label, "companies": written}


async def recompute_now(cycle: int | None = None) -> dict:
    """Run a recompute in this process (the command line, the demo), recorded as a job row claimed
    here, so its progress shows on the job's page like any other."""
    rows = await Job.insert(Job(kind=JOB_KIND, params={"cycle": cycle} if cycle else {}, sent_at=clock.utcnow())).returning(Job.id)
    job = await jobs.claim(rows[0]["id"])

    async def progress(percent: int, note: str = "") -> None:
        await jobs.report_progress(job, percent, note)

    result = await recompute(job, progress)
    await jobs.finish(job, result)
    return result


async def start_nightly(actor) -> list[int]:
    """The scheduler's nightly recompute: the current cycle, and on a cycle's first day the one just
    ended too (its last day's records and answers came after the last night's run)."""
    current = cycle_of(clock.today(), get_settings().credit.cycle_start_month)
    started = [await jobs.start_job(actor, JOB_KIND, {"cycle": current.year}, audited=False)]
    if clock.today() == current.start:
        started.append(await jobs.start_job(actor, JOB_KIND, {"cycle": previous(current).year}, audited=False))
    return started
