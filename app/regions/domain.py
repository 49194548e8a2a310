"""The administrative tree (province → prefecture → county → street → residents' community)."""

from app.domains import Domain, NavEntry
from app.i18n import gettext, lazy
from app.regions.logic import LEVEL_LABELS

DOMAIN = Domain(
    name="regions",
    order=10,
    routers=("app.regions.controllers",),
    tables=("app.regions.tables",),
    actors=("workers.regions",),
    audit_actions={
        "regions.recount": lazy("Region figures recounted"),
        "regions.import": lazy("Division codes imported"),
    },
    audit_fields={"region": lazy("Region"), "region_code": lazy("Region code"), "nodes": lazy("Regions"),
                  "changed": lazy("Changed")},
    job_kinds={"recount_regions": lazy("Recount the region tree's figures")},
    result_labels={"nodes": lazy("Regions"), "changed": lazy("Changed"), "renamed": lazy("Renamed"), "skipped": lazy("Skipped")},
    template_filters={"level_label": lambda level: gettext(LEVEL_LABELS.get(level, level))},
    nav=(NavEntry("browse_regions", lazy("Regions"), ("bureau", "street"), 30),),
    nav_pages={
        "show_region": "browse_regions",
    },
)
