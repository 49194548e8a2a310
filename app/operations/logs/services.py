"""Logging a service: the company's rule for the day, the photos, the row and its audit entry in one
transaction (the photos' files follow once it commits: ``app.photos``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import services as communities
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.services.managers import manager_of
from app.operations.logs import access, logic
from app.operations.logs.photos import DOMAIN, KIND
from app.operations.logs.tables import ServiceLog
from app.photos import services as photos
from app.photos.logic import PhotoRefused, ProcessedPhoto


@dataclass(frozen=True)
class LogInput:
    community_id: int
    category: str
    started_at: datetime  # aware, China time
    staff_count: int
    hours: Decimal
    notes: str = ""
    photos: list[bytes] = field(default_factory=list)


async def check_served(actor: Principal, community_id: int, started_at: datetime) -> tuple[dict, str]:
    """The community and how the actor's company served it on the service's day; ``FieldError`` on
    "community" when it did not (management's one rule, ``manager_of``), or "service_date" when the
    service lies in the future."""
    if logic.in_future(started_at, clock.now()):
        raise FieldError("service_date", _("A service cannot be logged before it is done: the day and time are in the future."))
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise FieldError("community", _("Choose a community your company serves."))
    day = started_at.astimezone(clock.CHINA).date()
    served = logic.served_as(await manager_of(community_id, day), actor.company_id)
    if served is None:
        raise FieldError("community", _(
            "Your company does not manage or serve %(community)s on %(day)s, so it cannot log a service there "
            "for that day.", community=community["name"], day=fmt_date(day)))
    return community, served


async def _processed(data: list[bytes]) -> list[ProcessedPhoto]:
    """Each photo checked and cleaned before any transaction (decoding takes a while)."""
    if len(data) > logic.MAX_PHOTOS:
        raise FieldError("photos", _("At most %(n)s photos on one log.", n=logic.MAX_PHOTOS))
    result = []
    for number, content in enumerate(data, start=1):
        try:
            result.append(await photos.process(content))
        except PhotoRefused as refused:
            message = refused.message if len(data) == 1 else _("Photo %(n)s: %(reason)s", n=number, reason=refused.message)
            raise FieldError("photos", message) from None
    return result


async def log_service(actor: Principal, data: LogInput) -> int:
    """Record a service the actor's company delivered; answers the log's id. Refused with a
    ``FieldError`` (nothing written, no file kept) when the company did not serve the community that
    day, the moment is in the future, or a photo is not one we keep."""
    if not access.may_log(actor):
        raise NotFound()
    if data.category not in logic.CATEGORIES:
        raise FieldError("category", _("Choose what kind of service it was."))
    if not 1 <= data.staff_count <= logic.MAX_STAFF:
        raise FieldError("staff_count", _("Enter the number of staff, from 1 to %(n)s.", n=logic.MAX_STAFF))
    if not Decimal(0) < data.hours <= logic.MAX_HOURS:
        raise FieldError("hours", _("Enter the hours, more than 0 and at most %(n)s.", n=logic.MAX_HOURS))
    community, served = await check_served(actor, data.community_id, data.started_at)
    pictures = await _processed(data.photos)
    day = data.started_at.astimezone(clock.CHINA).date()
    hundredths = logic.hours_hundredths(data.hours)
    async with transaction():
        rows = await ServiceLog.insert(ServiceLog(
            community=community["id"], company=actor.company_id, region_code=community["region_code"],
            category=data.category, service_date=day, started_at=data.started_at, staff_count=data.staff_count,
            hours_hundredths=hundredths, notes=data.notes, served_as=served, logged_by=actor.id,
            logged_at=clock.utcnow(),
        )).returning(ServiceLog.id)
        log_id = rows[0]["id"]
        keys = [await photos.attach(actor, picture, domain=DOMAIN, kind=KIND, object_id=log_id) for picture in pictures]
        if keys:
            await ServiceLog.update({ServiceLog.photo_count: len(keys), ServiceLog.first_photo: keys[0]}).where(
                ServiceLog.id == log_id)
        await audit.record(actor, "service_log.create", "service_log", log_id, {
            "service_category": data.category, "service_date": day, "staff_count": data.staff_count,
            "service_hours": logic.fmt_hours(hundredths), "photo_count": len(keys),
        }, community["region_code"], object_name=community["name"])
    return log_id
