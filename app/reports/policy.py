"""The policy numbers in force, as the settings page lists them: value, variable, meaning."""

from __future__ import annotations

from datetime import time

from app.credit.scoring import BAD_KINDS, GOOD_KINDS, fmt_points
from app.i18n import gettext as _
from app.i18n import lazy
from app.settings import Settings

POLICY_ROWS = [
    ("old_built_by_year", "POLICY_OLD_BUILT_BY_YEAR", lazy("A community built up to the end of this year is old (item 1).")),
    ("plan_band_end_year", "POLICY_PLAN_BAND_END_YEAR", lazy("Communities built after that, up to this year, may join a renovation plan (item 1).")),
    ("plan_band_max_percent", "POLICY_PLAN_BAND_MAX_PERCENT", lazy("…but hold at most this share (%) of the plan's households (item 1).")),
    ("service_levels", "POLICY_SERVICE_LEVELS", lazy("Service standards a professional contract may name.")),
    ("dismissal_notice_days", "POLICY_DISMISSAL_NOTICE_DAYS", lazy("Days of notice when owners dismiss a company (Civil Code art. 946).")),
    ("non_renewal_notice_days", "POLICY_NON_RENEWAL_NOTICE_DAYS", lazy("Days of notice when a company declines to renew (Civil Code art. 947).")),
    ("committee_term_warning_days", "POLICY_COMMITTEE_TERM_WARNING_DAYS", lazy("The street is shown committees whose term ends within this many days.")),
    ("fund_use_double_two_thirds", "POLICY_FUND_USE_DOUBLE_TWO_THIRDS", lazy("Fund use needs yes votes from two thirds of all area and all owners (Order No. 165, 2007) instead of the Civil Code's majority of participants.")),
    ("satisfaction_good_score", "POLICY_SATISFACTION_GOOD_SCORE", lazy("A rating (1–5) at or above this counts as satisfied.")),
    ("satisfaction_target_percent", "POLICY_SATISFACTION_TARGET_PERCENT", lazy("Residents' satisfaction target (%) after renovation (item 3); a period below it is highlighted.")),
    ("satisfaction_min_ratings", "POLICY_SATISFACTION_MIN_RATINGS", lazy("A period with fewer ratings than this is too few to judge: no percentage is shown.")),
    ("rating_period", "POLICY_RATING_PERIOD", lazy("Owners rate the property service once per period (month or quarter), and may change the rating until it ends.")),
    ("rating_per", "POLICY_RATING_PER", lazy("One rating per period for each household, or for each owner.")),
    ("complaint_response_working_days", "POLICY_COMPLAINT_RESPONSE_WORKING_DAYS", lazy("A complaint must be answered within this many working days (holidays and make-up working days follow the State Council's calendar).")),
    ("working_day_ends_at", "POLICY_WORKING_DAY_ENDS_AT", lazy("A complaint filed at this time or later, or on a day off, counts from the next working day.")),
    ("fund_distribution_basis", "POLICY_FUND_DISTRIBUTION_BASIS", lazy("Interest and common-part income are credited to households in proportion to their balance (balance) or floor area (area); the default of the distribution form.")),
]

CREDIT_ROWS = [
    ("cycle_start_month", "CREDIT_CYCLE_START_MONTH", lazy("Credit scores are computed for twelve months from this month (1: calendar years).")),
    ("validity_days", "CREDIT_VALIDITY_DAYS", lazy("Days a credit record stays valid from the day it is entered; it counts in every cycle it overlaps.")),
    ("blacklist_days", "CREDIT_BLACKLIST_DAYS", lazy("Days a blacklisting stands; while it does, the grade is Blacklisted whatever the points.")),
    ("objection_answer_days", "CREDIT_OBJECTION_ANSWER_DAYS", lazy("Days the bureau has to answer a company's objection to a credit record.")),
    ("service_gap_days", "CREDIT_SERVICE_GAP_DAYS", lazy("Days in a row without a service log that count as one gap in the credit score.")),
]

FLAG_ROWS = [
    ("no_service_days", "FLAG_NO_SERVICE_DAYS", lazy("A managed community with no service logged for more than this many whole days is flagged.")),
    ("contract_ending_days", "FLAG_CONTRACT_ENDING_DAYS", lazy("A contract ending within this many days is flagged.")),
    ("company_grade_below", "FLAG_COMPANY_GRADE_BELOW", lazy("A company graded under this grade, or blacklisted, is flagged.")),
]


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def policy_rows(settings: Settings) -> list[tuple[str, str, str]]:
    rows = [(_value(getattr(settings.policy, field)), variable, meaning) for field, variable, meaning in POLICY_ROWS]
    return rows + credit_rows(settings) + [
        (_value(getattr(settings.flags, field)), variable, meaning) for field, variable, meaning in FLAG_ROWS
    ]


def credit_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """The credit scheme: base, bands, each kind's points and cap (in points with one decimal), then
    the cycle and validity numbers. Meanings built here are translated already."""
    credit = settings.credit
    rows = [(fmt_points(credit.base), "CREDIT_BASE", lazy("Points every company starts a credit cycle with."))]
    rows += [(fmt_points(lowest), f"CREDIT_BAND_{grade}", _("Lowest score graded %(grade)s.", grade=grade))
             for grade, lowest in credit.bands]
    for kinds, sign, meaning in ((GOOD_KINDS, True, lazy("Points added for each: %(kind)s")),
                                 (BAD_KINDS, False, lazy("Points deducted for each: %(kind)s"))):
        for kind, label in kinds.items():
            weight = credit.weights[kind]
            rows.append((fmt_points(weight if sign else -weight, signed=True), f"CREDIT_WEIGHT_{kind.upper()}",
                         _(meaning, kind=_(label))))
            cap = credit.caps[kind]
            rows.append((_("no cap") if cap is None else fmt_points(cap), f"CREDIT_CAP_{kind.upper()}",
                         _("At most this many points a cycle for: %(kind)s", kind=_(label))))
    return rows + [(_value(getattr(credit, field)), variable, meaning) for field, variable, meaning in CREDIT_ROWS]
