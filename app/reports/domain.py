"""Each role's home page, the management overview, and the policy settings in force."""

from app.domains import Domain, NavEntry
from app.i18n import lazy
from app.reports.access import may_see_area

DOMAIN = Domain(
    name="reports",
    order=90,
    routers=("app.reports.controllers",),
    template_globals={"may_see_area": may_see_area},
    nav=(
        NavEntry("show_home", lazy("Home"), ("bureau", "street", "company", "committee", "owner"), 10),
        NavEntry("show_overview", lazy("Overview"), ("bureau", "street"), 20),
    ),
)
