"""The policy numbers in force, as the settings page lists them: value, variable, meaning."""

from __future__ import annotations

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
    ("fund_distribution_basis", "POLICY_FUND_DISTRIBUTION_BASIS", lazy("Interest and common-part income are credited to households in proportion to their balance (balance) or floor area (area); the default of the distribution form.")),
]


def policy_rows(settings: Settings) -> list[tuple[str, str, str]]:
    rows = []
    for field, variable, meaning in POLICY_ROWS:
        value = getattr(settings.policy, field)
        if isinstance(value, bool):
            value = "on" if value else "off"
        rows.append((", ".join(value) if isinstance(value, tuple) else str(value), variable, meaning))
    return rows
