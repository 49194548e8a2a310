"""What credit hands to the hooks other domains offer: its record sources (app/credit/sources.py),
who sees a record's photos (app/photos), and the company picker's grade and blacklist refusal
(app/management/company_checks.py). Named in the credit domain's ``hooks``."""

from __future__ import annotations

from datetime import date

from app.credit.scoring import BLACKLIST, GRADE_LABELS
from app.credit.services import sources as _sources  # noqa: F401  (registers the sources on import)
from app.credit.services.records import may_see_record
from app.credit.services.views import current_cycle_year, lifted_records
from app.credit.tables import CreditRecord, CreditScore
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.company_checks import CompanyNote, register_check
from app.photos.access import register_rule


async def blacklisted_on(company_ids: list[int], day: date) -> dict[int, dict]:
    """Each company's blacklisting valid on ``day`` (the one ending last), unless an upheld objection lifted it."""
    rows = await CreditRecord.select(CreditRecord.id, CreditRecord.company, CreditRecord.valid_until,
                                     CreditRecord.evidence).where(
        (CreditRecord.kind == BLACKLIST) & CreditRecord.company.is_in(company_ids)
        & (CreditRecord.valid_from <= day) & (CreditRecord.valid_until >= day)
    ).order_by(CreditRecord.valid_until)
    lifted = await lifted_records([row["id"] for row in rows]) if rows else set()
    return {row["company"]: row for row in rows if row["id"] not in lifted}


async def company_notes(company_ids: list[int], day: date) -> dict[int, CompanyNote]:
    grades = await CreditScore.select(CreditScore.company, CreditScore.grade).where(
        (CreditScore.cycle == current_cycle_year()) & CreditScore.company.is_in(company_ids))
    badges = {row["company"]: _("Credit %(grade)s", grade=_(GRADE_LABELS.get(row["grade"], row["grade"])))
              for row in grades}
    listed = await blacklisted_on(company_ids, day)
    notes = {}
    for company_id in set(badges) | set(listed):
        refusal = ""
        if company_id in listed:
            row = listed[company_id]
            refusal = _("This company is on the housing bureau's blacklist until %(day)s (%(evidence)s): it may not be assigned.",
                        day=fmt_date(row["valid_until"]), evidence=row["evidence"][:200])
        notes[company_id] = CompanyNote(badge=badges.get(company_id, ""), refusal=refusal)
    return notes


register_check("credit", company_notes)
register_rule("credit", "record", may_see_record)
