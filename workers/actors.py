"""Every actor, and the map from a job's kind to the actor that runs it.

``dramatiq workers.actors`` (what ``changxiao worker`` runs) imports this module.
"""

from __future__ import annotations

import logging

from app.jobs import services as jobs
from workers.broker import broker
from workers.communities import import_registry
from workers.regions import recount_regions

log = logging.getLogger("changxiao.workers")

ACTORS = {
    "recount_regions": recount_regions,
    "import_registry": import_registry,
}


def dispatch(kind: str, job_id: int) -> None:
    actor = ACTORS.get(kind)
    if actor is None:
        log.error("job %s: no actor for kind %r", job_id, kind)
        return
    actor.send(job_id)


jobs.set_dispatcher(dispatch)

__all__ = ["ACTORS", "broker", "dispatch"]
