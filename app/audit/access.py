"""Who reads the audit log: a bureau reads what happened in its area; the system reads it all."""

from __future__ import annotations

from piccolo.columns.combination import Where

from app.accounts.logic import Principal
from app.audit.tables import AuditEntry


def scope(actor: Principal) -> Where:
    """The entries filed in the actor's area (each entry is filed where its actor belongs)."""
    if actor.is_system:
        return AuditEntry.id.is_not_null()
    if actor.role == "bureau" and actor.region_prefix is not None:
        return AuditEntry.region_code.like(actor.region_prefix + "%")
    return AuditEntry.id == -1
