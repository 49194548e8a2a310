"""Job states and the rules for moving between them."""

from app.web.i18n import lazy

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
UNFINISHED = (QUEUED, RUNNING)

STATE_LABELS = {
    QUEUED: lazy("Waiting"),
    RUNNING: lazy("Running"),
    DONE: lazy("Done"),
    FAILED: lazy("Failed"),
}

KIND_LABELS = {
    "recount_regions": lazy("Recount the region tree's figures"),
    "import_registry": lazy("Import the register from a spreadsheet"),
}


def clamp_progress(percent: int) -> int:
    return max(0, min(100, percent))

# What the keys of a job's result mean, for the status panel.
RESULT_LABELS = {
    "nodes": lazy("Regions"),
    "changed": lazy("Changed"),
    "communities": lazy("Communities"),
    "created": lazy("Created"),
    "unchanged": lazy("Unchanged"),
    "communities_created": lazy("Communities created"),
    "communities_changed": lazy("Communities changed"),
    "buildings_created": lazy("Buildings created"),
    "households_created": lazy("Households created"),
    "households_changed": lazy("Households changed"),
}
