"""Job states and the rules for moving between them."""

from functools import cache

from app.domains import merged
from app.i18n import lazy

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

STATE_LABELS = {
    QUEUED: lazy("Waiting"),
    RUNNING: lazy("Running"),
    DONE: lazy("Done"),
    FAILED: lazy("Failed"),
}


def clamp_progress(percent: int) -> int:
    return max(0, min(100, percent))


@cache
def kind_labels() -> dict[str, str]:
    """Each job kind's label, from the domains' declarations."""
    return merged("job_kinds")


@cache
def result_labels() -> dict[str, str]:
    """What the keys of a job's result mean, for the status panel."""
    return merged("result_labels")
