"""The audit log: every service that changes data calls ``record`` inside its own transaction."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.logic import Principal
from app.audit.tables import AuditEntry


async def record(
    actor: Principal,
    action: str,
    object_type: str,
    object_id: object,
    summary: dict | None = None,
    region_code: str | None = None,
) -> None:
    await AuditEntry.insert(
        AuditEntry(
            actor=actor.id,
            actor_name=actor.username,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            summary=summary or {},
            region_code=region_code,
            client_addr=actor.client_addr[:64],
        )
    ).run()


@dataclass(frozen=True)
class AuditPage:
    rows: list[dict]
    total: int


async def list_entries(
    actor: Principal, *, action: str | None = None, page: int = 1, per_page: int = 50
) -> AuditPage:
    """Entries about objects inside the actor's region (bureau users); the system sees all."""
    query = AuditEntry.select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.actor_name,
        AuditEntry.action,
        AuditEntry.object_type,
        AuditEntry.object_id,
        AuditEntry.summary,
        AuditEntry.region_code,
        AuditEntry.client_addr,
    )
    count = AuditEntry.count()
    conditions = []
    if not actor.is_system:
        prefix = actor.region_prefix
        if prefix is None:
            return AuditPage(rows=[], total=0)
        conditions.append(AuditEntry.region_code.like(prefix + "%"))
    if action:
        conditions.append(AuditEntry.action == action)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    total = await count
    rows = await (
        query.order_by(AuditEntry.id, ascending=False).limit(per_page).offset((page - 1) * per_page).output(load_json=True)
    )
    return AuditPage(rows=rows, total=total)
