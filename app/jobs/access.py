"""Who sees a background job: the one who started it, and staff over the region it is about."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.regions.logic import contains


def may_see(actor: Principal, job: dict) -> bool:
    if actor.is_system or job["created_by"] == actor.id:
        return True
    return bool(actor.region_prefix and job["region_code"] and contains(actor.region_prefix, job["region_code"]))
