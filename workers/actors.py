"""Every actor, and the map from a job's kind to the actor that runs it, from the domains' declarations.

``dramatiq workers.actors`` (what ``changxiao worker`` runs) imports this module.
"""

from __future__ import annotations

import importlib
import logging

from app.domains import actor_modules
from app.jobs import services as jobs
from workers.broker import broker

log = logging.getLogger("changxiao.workers")

# Each domain's worker module declares JOB_ACTORS = {job kind: actor}.
ACTORS = {kind: actor for module in actor_modules() for kind, actor in importlib.import_module(module).JOB_ACTORS.items()}


def dispatch(kind: str, job_id: int) -> None:
    actor = ACTORS.get(kind)
    if actor is None:
        log.error("job %s: no actor for kind %r", job_id, kind)
        return
    actor.send(job_id)


jobs.set_dispatcher(dispatch)

__all__ = ["ACTORS", "broker", "dispatch"]
