"""The actions the audit log knows, with their labels (translated when shown): each domain declares its own."""

from functools import cache

from app.domains import merged


@cache
def actions() -> dict[str, str]:
    return merged("audit_actions")
