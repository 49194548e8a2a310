"""What the policy says about a community's age (item 1)."""

from app.web.i18n import lazy

OLD_BUILT_BY = 2000  # "old": built before the end of 2000
PLAN_BAND_END = 2005  # built 2000–2005: may be in a plan, at most 15% of its households

RENOVATION_STATUS = {
    "none": lazy("Not in a plan"),
    "planned": lazy("Planned"),
    "in_progress": lazy("Under renovation"),
    "completed": lazy("Renovated"),
}


def age_band(year_built: int) -> str:
    """``old`` (≤ 2000), ``band_2000_2005`` (2001–2005) or ``newer``.

    A community finished in 2000 is old: the policy's line is the end of 2000.
    """
    if year_built <= OLD_BUILT_BY:
        return "old"
    if year_built <= PLAN_BAND_END:
        return "band_2000_2005"
    return "newer"


AGE_BAND_LABELS = {
    "old": lazy("Old (built in 2000 or earlier)"),
    "band_2000_2005": lazy("Built 2001–2005"),
    "newer": lazy("Built after 2005"),
}
