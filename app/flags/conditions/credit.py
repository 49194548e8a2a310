"""Credit's condition: a company graded under the set grade, or blacklisted (rules.company_grade_low,
scoring.is_below), by its latest stored score up to the current cycle: the grade its score page shows
first (a new cycle's scores appear with the night's recompute; until then last cycle's grade stands)."""

from __future__ import annotations

from datetime import date

from app.credit.cycles import cycle_of
from app.credit.scoring import grade_rank, grade_rank_sql
from app.credit.tables import CreditScore
from app.flags.sources import register_source
from app.settings import Settings

_BELOW = f"""
SELECT s.company AS id FROM credit_score s
WHERE s.cycle = (SELECT MAX(x.cycle) FROM credit_score x WHERE x.company = s.company AND x.cycle <= {{}})
  AND {grade_rank_sql('s.grade')} > {{}}
"""


async def company_grade_low(today: date, settings: Settings) -> set[int]:
    cycle = cycle_of(today, settings.credit.cycle_start_month).year
    rows = await CreditScore.raw(_BELOW, cycle, grade_rank(settings.flags.company_grade_below))
    return {row["id"] for row in rows}


register_source("company_grade_low", company_grade_low)
