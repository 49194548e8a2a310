"""Job states and the rules for moving between them."""

from datetime import datetime, timedelta
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


# The error a job fails with when its attempts ran out, each stopped without finishing (its worker
# died: a crash, kill -9, a lost host, or the job itself taking the process down).
GAVE_UP = "interrupted too often"
# A message for a job nobody has claimed for this long may have been lost with the broker: send it again.
RESEND_UNCLAIMED_AFTER = timedelta(minutes=5)


def abandoned_before(now: datetime, lease_seconds: int) -> datetime:
    """A running job whose heartbeat is older than this was abandoned by its worker."""
    return now - timedelta(seconds=lease_seconds)


def is_abandoned(job: dict, now: datetime, lease_seconds: int) -> bool:
    """Running, and silent past the lease: its worker is gone, and another may take the job over.
    The same rule as ``services._abandoned`` asks in SQL."""
    beat = job["heartbeat_at"]
    return job["state"] == RUNNING and beat is not None and beat < abandoned_before(now, lease_seconds)


def gave_up(job: dict) -> bool:
    return job["state"] == FAILED and (job["error"] or "").startswith(GAVE_UP)


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
