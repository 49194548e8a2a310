"""The audit log: who changed what, when, from where."""

from app.domains import Domain, NavEntry
from app.i18n import lazy

DOMAIN = Domain(
    name="audit",
    order=25,
    routers=("app.audit.controllers",),
    tables=("app.audit.tables",),
    nav=(NavEntry("list_audit", lazy("Audit log"), ("bureau",), 90),),
)
