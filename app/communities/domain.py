"""Communities, their buildings and households: the register, its import, renovation plans."""

from app import i18n
from app.communities.logic import RENOVATION_STATUS, age_band
from app.domains import Domain, NavEntry
from app.i18n import lazy
from app.settings import get_settings


def age_label(year_built: int) -> str:
    """The policy's age band of a community (item 1), with the years the settings give."""
    policy = get_settings().policy
    band = age_band(year_built, policy.old_built_by_year, policy.plan_band_end_year)
    if band == "old":
        return i18n.gettext("Old (built in %(year)s or earlier)", year=policy.old_built_by_year)
    if band == "band":
        return i18n.gettext(
            "Built %(first)s–%(last)s", first=policy.old_built_by_year + 1, last=policy.plan_band_end_year
        )
    return i18n.gettext("Built after %(year)s", year=policy.plan_band_end_year)


def is_old(year_built: int) -> bool:
    return year_built <= get_settings().policy.old_built_by_year


DOMAIN = Domain(
    name="communities",
    order=40,
    routers=("app.communities.controllers",),
    tables=("app.communities.tables",),
    actors=("workers.communities",),
    audit_actions={
        "community.create": lazy("Community registered"),
        "community.update": lazy("Community changed"),
        "building.create": lazy("Building added"),
        "building.update": lazy("Building changed"),
        "household.create": lazy("Household added"),
        "household.update": lazy("Household changed"),
        "household.import": lazy("Households imported"),
        "registry.import": lazy("Register imported from a spreadsheet"),
    },
    audit_fields={
        "community": lazy("Community"),
        "building": lazy("Building"),
        "household": lazy("Household"),
        "code": lazy("Community code"),
        "name": lazy("Name"),
        "address": lazy("Address"),
        "year_built": lazy("Year built"),
        "total_area": lazy("Total floor area (m²)"),
        "renovation_year": lazy("Renovation year"),
        "renovation_status": (lazy("Renovation"), RENOVATION_STATUS),
        "building_count": lazy("Buildings"),
        "household_count": lazy("Households"),
        "number": lazy("Building number"),
        "floors": lazy("Floors"),
        "unit": lazy("Unit"),
        "unit_number": lazy("Unit"),
        "floor_area": lazy("Floor area (m²)"),
        "owner": lazy("Owner"),
        "owner_phone": lazy("Owner's phone"),
        "developer_stock": lazy("Developer's unsold stock"),
        "is_developer_stock": lazy("Developer's unsold stock"),
        "file": lazy("File"),
        "failed": lazy("Stopped before the end"),
        "created": lazy("Created"),
        "changed": lazy("Changed"),
        "unchanged": lazy("Unchanged"),
        "communities_created": lazy("Communities created"),
        "communities_changed": lazy("Communities changed"),
        "buildings_created": lazy("Buildings created"),
        "households_created": lazy("Households created"),
        "households_changed": lazy("Households changed"),
        "communities": lazy("Communities"),
    },
    template_globals={"age_label": age_label, "is_old": is_old},
    job_kinds={"import_registry": lazy("Import the register from a spreadsheet")},
    result_labels={
        "communities": lazy("Communities"),
        "created": lazy("Created"),
        "unchanged": lazy("Unchanged"),
        "communities_created": lazy("Communities created"),
        "communities_changed": lazy("Communities changed"),
        "buildings_created": lazy("Buildings created"),
        "households_created": lazy("Households created"),
        "households_changed": lazy("Households changed"),
    },
    nav=(
        NavEntry(
            "list_communities", lazy("Communities"), ("bureau", "street", "company"), 40,
        ),
        NavEntry("show_renovation_plan", lazy("Renovation plan"), ("bureau", "street"), 50),
        NavEntry("show_import", lazy("Import"), ("bureau", "street"), 60),
    ),
    nav_pages={
        "show_community": "list_communities",
        "list_households": "list_communities",
        "new_community": "list_communities",
        "edit_community": "list_communities",
        "new_building": "list_communities",
        "edit_building": "list_communities",
        "new_household": "list_communities",
        "edit_household": "list_communities",
        "check_import": "show_import",
        "start_import": "show_import",
    },
)
