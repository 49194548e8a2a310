"""What the credit pages show: a company's score with its lines, its history, rankings and lists."""

from __future__ import annotations

from app import clock
from app.accounts.logic import Principal
from app.companies import services as companies
from app.companies.tables import Company
from app.credit import access
from app.credit.cycles import cycle_of
from app.credit.scoring import BLACKLIST, BLACKLISTED, CREDIT_GRADES
from app.credit.tables import CreditObjection, CreditRecord, CreditScore, CreditScoreLine
from app.errors import NotFound
from app.photos.tables import Photo
from app.settings import get_settings

PAGE_SIZE = 50


def current_cycle_year() -> int:
    return cycle_of(clock.today(), get_settings().credit.cycle_start_month).year


async def readable_company(actor: Principal, company_id: int) -> dict:
    if not access.may_read(actor, company_id):
        raise NotFound(company_id)
    return await companies.get_company(actor, company_id)


async def company_scores(company_id: int) -> list[dict]:
    """The company's stored scores, newest cycle first (its history)."""
    return await CreditScore.select().where(CreditScore.company == company_id).order_by(
        CreditScore.cycle, ascending=False).limit(50)


async def score_lines(score_id: int) -> list[dict]:
    return await CreditScoreLine.select().where(CreditScoreLine.score == score_id).order_by(CreditScoreLine.position)


async def objections_of(company_id: int, cycle: int | None = None) -> list[dict]:
    query = CreditObjection.select().where(CreditObjection.company == company_id)
    if cycle is not None:
        query = query.where(CreditObjection.cycle == cycle)
    return await query.order_by(CreditObjection.id, ascending=False).limit(100)


async def record_evidence(record_ids: list[int]) -> dict[int, dict]:
    if not record_ids:
        return {}
    rows = await CreditRecord.select(CreditRecord.id, CreditRecord.kind, CreditRecord.evidence,
                                     CreditRecord.valid_from, CreditRecord.valid_until).where(
        CreditRecord.id.is_in(record_ids))
    return {row["id"]: row for row in rows}


async def _photos_of(record_ids: list[int]) -> dict[int, list[str]]:
    if not record_ids:
        return {}
    rows = await Photo.select(Photo.key, Photo.object_id).where(
        (Photo.domain == "credit") & (Photo.kind == "record") & Photo.object_id.is_in(record_ids))
    result: dict[int, list[str]] = {}
    for row in rows:
        result.setdefault(row["object_id"], []).append(row["key"])
    return result


async def score_page(actor: Principal, company_id: int, cycle: int | None) -> dict:
    company = await readable_company(actor, company_id)
    history = await company_scores(company_id)
    chosen = next((s for s in history if cycle is None or s["cycle"] == cycle), None)
    if cycle is not None and chosen is None:
        raise NotFound(cycle)
    lines = await score_lines(chosen["id"]) if chosen else []
    records = await record_evidence([int(line["evidence_ref"]) for line in lines if line["evidence_type"] == "document"])
    objections = await objections_of(company_id, chosen["cycle"] if chosen else None)
    open_keys = {(o["kind"], o["evidence_type"], o["evidence_ref"], o["valid_from"]) for o in objections
                 if o["state"] == "pending"}
    photos = await _photos_of(list(records))
    for line in lines:
        line["photos"] = photos.get(int(line["evidence_ref"]), []) if line["evidence_type"] == "document" else []
        line["record"] = records.get(int(line["evidence_ref"])) if line["evidence_type"] == "document" else None
        line["objected"] = (line["kind"], line["evidence_type"], line["evidence_ref"], line["valid_from"]) in open_keys
    return {"company": company, "history": history, "score": chosen, "lines": lines, "objections": objections,
            "may_object": access.may_object(actor, company_id), "may_answer": access.is_bureau(actor)}


def _scoped(query, actor: Principal):
    condition = access.scope(actor)
    return query.where(CreditScore.company.is_in(Company.select(Company.id).where(condition))) if condition is not None else query


async def rankings(actor: Principal, cycle: int, grade: str = "", page: int = 1) -> dict:
    """The cycle's scores best first, paginated; ``grade`` narrows to one grade (the red list: AAA)."""
    query = CreditScore.select(CreditScore.id, CreditScore.company, CreditScore.company.name.as_alias("company_name"),
                               CreditScore.total, CreditScore.grade, CreditScore.computed_at).where(
        CreditScore.cycle == cycle)
    if grade:
        query = query.where(CreditScore.grade == grade)
    query = _scoped(query, actor)
    count_query = _scoped(CreditScore.count().where(CreditScore.cycle == cycle), actor)
    if grade:
        count_query = count_query.where(CreditScore.grade == grade)
    total = await count_query
    rows = await query.order_by(CreditScore.total, ascending=False).order_by(CreditScore.company).limit(
        PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return {"rows": rows, "count": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)), "cycle": cycle,
            "grade": grade}


async def blacklist(actor: Principal, page: int = 1) -> dict:
    """Blacklistings valid today, newest first (an upheld objection lifts one: shown as such)."""
    today = clock.today()
    query = CreditRecord.select(CreditRecord.all_columns(), CreditRecord.company.name.as_alias("company_name")).where(
        (CreditRecord.kind == BLACKLIST) & (CreditRecord.valid_from <= today) & (CreditRecord.valid_until >= today))
    condition = access.scope(actor)
    if condition is not None:
        query = query.where(CreditRecord.company.is_in(Company.select(Company.id).where(condition)))
    rows = await query.order_by(CreditRecord.valid_from, ascending=False).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    lifted = await lifted_records([row["id"] for row in rows])
    for row in rows:
        row["lifted"] = row["id"] in lifted
    return {"rows": rows, "page": page}


async def lifted_records(record_ids: list[int]) -> set[int]:
    """Bureau records whose latest objection was upheld."""
    if not record_ids:
        return set()
    rows = await CreditObjection.select(CreditObjection.evidence_ref, CreditObjection.state).where(
        (CreditObjection.evidence_type == "document")
        & CreditObjection.evidence_ref.is_in([str(i) for i in record_ids])).order_by(CreditObjection.id)
    latest = {row["evidence_ref"]: row["state"] for row in rows}
    return {int(ref) for ref, state in latest.items() if state == "upheld"}


async def pending_objections(actor: Principal) -> list[dict]:
    query = CreditObjection.select(CreditObjection.all_columns(),
                                   CreditObjection.company.name.as_alias("company_name")).where(
        CreditObjection.state == "pending")
    condition = access.scope(actor)
    if condition is not None:
        query = query.where(CreditObjection.company.is_in(Company.select(Company.id).where(condition)))
    rows = await query.order_by(CreditObjection.answer_due).limit(100)
    today = clock.today()
    for row in rows:
        row["overdue"] = row["answer_due"] < today  # the last day to answer is answer_due itself
    return rows


GRADES = (*CREDIT_GRADES, BLACKLISTED)


async def company_section(actor: Principal, company: dict) -> dict:
    """The company page's credit block: the latest stored score (one query)."""
    if not access.may_read(actor, company["id"]):
        return {"credit": None, "credit_visible": False}
    row = await CreditScore.select(CreditScore.cycle, CreditScore.total, CreditScore.grade).where(
        CreditScore.company == company["id"]).order_by(CreditScore.cycle, ascending=False).first()
    return {"credit": row, "credit_visible": True}
