"""Who may see a service log's photos, registered with the photos domain (``Domain.hooks``): whoever
may see the log (``access.may_see``)."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.operations.logs import access
from app.operations.logs.tables import ServiceLog
from app.photos.access import register_rule

DOMAIN, KIND = "operations", "service_log"


async def may_see_log_photo(actor: Principal, log_id: int) -> bool:
    row = await ServiceLog.select(ServiceLog.company, ServiceLog.community, ServiceLog.region_code).where(
        ServiceLog.id == log_id).first()
    return row is not None and access.may_see(actor, row)


register_rule(DOMAIN, KIND, may_see_log_photo)
