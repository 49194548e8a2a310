"""The bureau's records (commendations, penalties, blacklistings) and companies' objections (异议),
each change audited. A change takes effect at the next recompute (the bureau starts one from the
rankings page, the scheduler runs one daily)."""

from __future__ import annotations

from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.companies import services as companies
from app.credit import access
from app.credit.scoring import BUREAU_KINDS, bureau_record, objection_deadline
from app.credit.tables import CreditObjection, CreditRecord, CreditScore, CreditScoreLine
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.photos import services as photos
from app.photos.logic import ProcessedPhoto
from app.settings import get_settings

EVIDENCE_LENGTH = 1000  # under app.forms.MAX_FIELD, so a longer text is reported, not cut
REASON_LENGTH = 1000


async def enter_record(actor: Principal, company_id: int, kind: str, day: date, evidence: str,
                       photo: ProcessedPhoto | None = None) -> int:
    """A record valid from ``day`` for the settings' window (``scoring.bureau_record``)."""
    if not access.is_bureau(actor):
        raise NotFound(company_id)
    company = await companies.get_company(actor, company_id)
    if kind not in BUREAU_KINDS:
        raise FieldError("kind", _("Choose the kind of record."))
    record = bureau_record(kind, 0, day, get_settings().credit)
    async with transaction():
        rows = await CreditRecord.insert(CreditRecord(
            company=company_id, kind=kind, evidence=evidence, valid_from=record.valid_from,
            valid_until=record.valid_until, region_code=actor.region_code or "", created_by=actor.id,
        )).returning(CreditRecord.id)
        record_id = rows[0]["id"]
        if photo is not None:
            await photos.attach(actor, photo, domain="credit", kind="record", object_id=record_id)
        await audit.record(actor, "credit.record", "credit_record", record_id,
                           {"company": company["name"], "credit_kind": kind, "valid_from": record.valid_from,
                            "valid_until": record.valid_until}, company["region_code"], object_name=company["name"])
    return record_id


async def may_see_record(actor: Principal, record_id: int) -> bool:
    """The photo rule: whoever may read the company's scores may see its records' evidence."""
    row = await CreditRecord.select(CreditRecord.company).where(CreditRecord.id == record_id).first()
    if row is None or not access.may_read(actor, row["company"]):
        return False
    try:
        await companies.get_company(actor, row["company"])
    except NotFound:
        return False
    return True


async def object_to_line(actor: Principal, line_id: int, reason: str) -> int:
    """The company objects to one line of its score: the bureau answers by the deadline."""
    line = await CreditScoreLine.select(
        CreditScoreLine.all_columns(), CreditScoreLine.score.company.as_alias("company"),
        CreditScoreLine.score.cycle.as_alias("cycle"),
    ).where(CreditScoreLine.id == line_id).first()
    if line is None or not access.may_object(actor, line["company"]):
        raise NotFound(line_id)
    if not reason:
        raise FieldError("reason", _("Say why the line is wrong."))
    key = ((CreditObjection.company == line["company"]) & (CreditObjection.kind == line["kind"])
           & (CreditObjection.evidence_type == line["evidence_type"])
           & (CreditObjection.evidence_ref == line["evidence_ref"]) & (CreditObjection.valid_from == line["valid_from"]))
    today = clock.today()
    async with transaction():
        if await CreditObjection.exists().where(key & (CreditObjection.state == "pending")):
            raise FieldError("reason", _("An objection to this line is awaiting the bureau's answer already."))
        rows = await CreditObjection.insert(CreditObjection(
            company=line["company"], cycle=line["cycle"], kind=line["kind"], evidence_type=line["evidence_type"],
            evidence_ref=line["evidence_ref"], valid_from=line["valid_from"], reason=reason, state="pending",
            filed_on=today, answer_due=objection_deadline(today, get_settings().credit.objection_answer_days),
            filed_by=actor.id,
        )).returning(CreditObjection.id)
        objection_id = rows[0]["id"]
        await audit.record(actor, "credit.object", "credit_objection", objection_id,
                           {"credit_kind": line["kind"], "reason": reason}, actor.area_code)
    return objection_id


async def get_objection(actor: Principal, objection_id: int) -> dict:
    row = await CreditObjection.select(CreditObjection.all_columns(),
                                       CreditObjection.company.name.as_alias("company_name"),
                                       CreditObjection.company.region_code.as_alias("company_region")).where(
        CreditObjection.id == objection_id).first()
    if row is None or not access.may_read(actor, row["company"]):
        raise NotFound(objection_id)
    await companies.get_company(actor, row["company"])
    return row


async def answer_objection(actor: Principal, objection_id: int, state: str, answer: str) -> dict:
    """The bureau upholds or rejects a pending objection, with its answer; the next recompute
    respects it (an upheld objection drops the line)."""
    objection = await get_objection(actor, objection_id)
    if not access.is_bureau(actor):
        raise NotFound(objection_id)
    if state not in ("upheld", "rejected"):
        raise FieldError("state", _("Uphold or reject the objection."))
    if not answer:
        raise FieldError("answer", _("Give the company your answer."))
    async with transaction():
        rows = await CreditObjection.update({
            CreditObjection.state: state, CreditObjection.answer: answer, CreditObjection.answered_by: actor.id,
            CreditObjection.answered_at: clock.utcnow(),
        }).where((CreditObjection.id == objection_id) & (CreditObjection.state == "pending")).returning(CreditObjection.id)
        if not rows:
            raise FieldError("state", _("This objection has been answered already."))
        await audit.record(actor, "credit.answer", "credit_objection", objection_id,
                           {"objection_state": state, "reason": answer}, objection["company_region"],
                           object_name=objection["company_name"])
    return objection


async def latest_grades(company_ids: list[int], cycle: int) -> dict[int, str]:
    rows = await CreditScore.select(CreditScore.company, CreditScore.grade).where(
        (CreditScore.cycle == cycle) & CreditScore.company.is_in(company_ids))
    return {row["company"]: row["grade"] for row in rows}
