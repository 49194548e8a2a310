"""The audit log: every service that changes data calls ``record`` inside its own transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from app.accounts.logic import Principal
from app.audit import access
from app.audit.logic import summary_json
from app.audit.tables import AuditEntry
from app.clock import CHINA
from app.pagination import Page, clamp_page


async def record(
    actor: Principal,
    action: str,
    object_type: str,
    object_id: object,
    summary: dict | None = None,
    region_code: str | None = None,
    object_name: str = "",
) -> None:
    """Write one entry. ``summary`` may hold dates, datetimes, Decimals, tuples, nested lists and
    dicts: they are stored as JSON text here, so callers pass their values as they are.
    ``object_name`` is what a clerk calls the object (a community's name …), kept so the entry still
    reads right once the object is renamed or deleted."""
    await AuditEntry.insert(
        AuditEntry(
            actor=actor.id,
            actor_name=actor.username,
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            object_name=str(object_name or "").replace("\x00", "")[:255],
            summary=summary_json(summary),
            region_code=region_code,
            client_addr=actor.client_addr[:64],
        )
    ).run()


@dataclass(frozen=True)
class AuditFilter:
    """What a clerk narrows the log to; every part optional. Days are days in China."""

    action: str = ""
    object_type: str = ""
    who: str = ""  # the actor's user name
    since: date | None = None
    until: date | None = None  # inclusive

    def params(self) -> dict[str, str]:
        """The filter as query parameters (for links that keep it: pages, the form)."""
        return {
            "action": self.action, "object_type": self.object_type, "who": self.who,
            "since": self.since.isoformat() if self.since else "", "until": self.until.isoformat() if self.until else "",
        }


@dataclass(frozen=True)
class AuditPage(Page):
    """A page of entries, with the choices the filter form offers (the one Page type, and two lists)."""

    object_types: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA).astimezone(timezone.utc)


async def list_entries(
    actor: Principal,
    *,
    action: str | None = None,
    filters: AuditFilter | None = None,
    page: int = 1,
    per_page: int = 50,
    with_choices: bool = False,
) -> AuditPage:
    """Entries inside the actor's region (bureau users), newest first; the system sees all.

    ``with_choices`` also lists the object types and user names found in the actor's area (for the
    filter form; a fragment request leaves them out)."""
    scope = access.scope(actor)
    filters = filters or AuditFilter(action=action or "")
    conditions = [scope]
    if filters.action:
        conditions.append(AuditEntry.action == filters.action)
    if filters.object_type:
        conditions.append(AuditEntry.object_type == filters.object_type)
    if filters.who:
        conditions.append(AuditEntry.actor_name == filters.who)
    if filters.since:
        conditions.append(AuditEntry.at >= _start_of(filters.since))
    if filters.until:
        conditions.append(AuditEntry.at < _start_of(filters.until + timedelta(days=1)))
    query = AuditEntry.select(
        AuditEntry.id, AuditEntry.at, AuditEntry.actor_name, AuditEntry.action, AuditEntry.object_type,
        AuditEntry.object_id, AuditEntry.object_name, AuditEntry.summary, AuditEntry.region_code, AuditEntry.client_addr,
    )
    count = AuditEntry.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    total = await count
    page = clamp_page(page, total, per_page)
    rows = await (
        query.order_by(AuditEntry.id, ascending=False).limit(per_page).offset((page - 1) * per_page).output(load_json=True)
    )
    if not with_choices:
        return AuditPage(rows=rows, total=total, page=page, per_page=per_page)
    types = await AuditEntry.select(AuditEntry.object_type).where(scope).distinct().order_by(AuditEntry.object_type)
    names = await AuditEntry.select(AuditEntry.actor_name).where(scope).distinct().order_by(AuditEntry.actor_name)
    return AuditPage(rows=rows, total=total, page=page, per_page=per_page, object_types=[row["object_type"] for row in types],
                     actor_names=[row["actor_name"] for row in names])
