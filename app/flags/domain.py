"""Flags (预警): what the daily scan finds nobody is taking care of, raised and cleared by itself."""

from app.domains import Domain, HomeSection, NavEntry
from app.flags.rules import FLAG_KINDS
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="flags",
    order=80,  # above credit (a company's grade) and everything it watches; below reports
    routers=("app.flags.controllers",),
    tables=("app.flags.tables",),
    actors=("workers.flags",),
    # The condition sources of the domains below (operations: no_service, satisfaction_low,
    # complaint_overdue, with complaints as a subject; credit: company_grade_low); a domain that adds
    # a kind names its module here or in its own declaration (app/flags/sources.py).
    hooks=("app.flags.conditions.management", "app.flags.conditions.committees", "app.flags.conditions.funds",
           "app.flags.conditions.operations", "app.flags.conditions.credit"),
    audit_actions={"flag.acknowledge": lazy("Flag acknowledged")},
    audit_fields={"flag": lazy("Flag"),  # "note" is labelled by companies
                  "flag_kind": (lazy("Kind of flag"), {code: kind.label for code, kind in FLAG_KINDS.items()})},
    job_kinds={"scan_flags": lazy("Scan for flags")},
    result_labels={"raised": lazy("Flags raised"), "cleared": lazy("Flags cleared"), "open": lazy("Open flags"),
                   "kinds": lazy("Kinds of flag checked")},
    template_globals={"flag_label": lambda kind: gettext(FLAG_KINDS[kind].label) if kind in FLAG_KINDS else kind},
    nav=(NavEntry("list_flags", lazy("Flags"), ("bureau", "street"), 84),
         NavEntry("show_flag_overview", lazy("Flags by area"), ("bureau",), 84),),
    nav_pages={"show_flag": "list_flags"},
    home_sections=(HomeSection("flags/_home_todo.html", "app.flags.services.views:todo", ("street",), 1),),
)
