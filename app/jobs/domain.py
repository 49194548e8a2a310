"""User-visible background work and its progress."""

from app.domains import Domain
from app.i18n import gettext, lazy
from app.jobs.logic import STATE_LABELS, kind_labels, result_labels

DOMAIN = Domain(
    name="jobs",
    order=26,
    routers=("app.jobs.controllers",),
    tables=("app.jobs.tables",),
    audit_actions={"job.start": lazy("Background job started")},
    audit_fields={"job": lazy("Background job"), "kind": lazy("Kind of job")},
    template_filters={
        "job_state": lambda state: gettext(STATE_LABELS.get(state, state)),
        "job_kind": lambda kind: gettext(kind_labels().get(kind, kind)),
        "result_label": lambda key: gettext(result_labels().get(key, key)),
    },
)
