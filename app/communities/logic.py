"""What the policy says about a community's age (item 1). Pure: the years come in as arguments."""

from app.web.i18n import lazy

RENOVATION_STATUS = {
    "none": lazy("Not in a plan"),
    "planned": lazy("Planned"),
    "in_progress": lazy("Under renovation"),
    "completed": lazy("Renovated"),
}


def age_band(year_built: int, old_built_by: int = 2000, band_end: int = 2005) -> str:
    """``old`` (built by the end of ``old_built_by``), ``band`` (up to ``band_end``) or ``newer``.

    A community finished in 2000 is old: the policy's line is the end of 2000.
    """
    if year_built <= old_built_by:
        return "old"
    if year_built <= band_end:
        return "band"
    return "newer"




def plan_band_exceeded(band_households: int, plan_households: int, max_percent: int) -> bool:
    """Whether 2001–2005 communities hold more than ``max_percent`` % of a plan's households.

    Exactly the limit is allowed (item 1: "at most 15%"); exact integers, no floats.
    """
    return band_households * 100 > max_percent * plan_households
