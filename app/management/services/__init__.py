"""Management services: who manages what, and changing it. Callers use ``services.<name>``; each
name lives in one room: ``managers`` (reading the manager on a day), ``arrangements`` (assigning and
ending, under the community lock), ``options`` (what the assignment form offers), ``bundles``
(bundles and shared service)."""

from app.management.services.arrangements import (
    ArrangementInput,
    ShortNotice,
    assign,
    end,
    find_clash,
    get_arrangement,
    lock_community,
    precheck,
)
from app.management.services.managers import (
    HISTORY_COLUMNS,
    SHARED_COLUMNS,
    community_section,
    company_contracts,
    company_shared_services,
    current_counts,
    history,
    manager_of,
    managers_and_next,
    managers_on,
    today,
    upcoming,
)
from app.management.services.options import company_option, company_options, responsible_options

__all__ = [
    "HISTORY_COLUMNS", "SHARED_COLUMNS", "ArrangementInput", "ShortNotice", "assign", "community_section",
    "company_contracts", "company_option", "company_options", "company_shared_services", "current_counts", "end",
    "find_clash", "get_arrangement", "history", "lock_community", "manager_of", "managers_and_next", "managers_on", "precheck",
    "responsible_options", "today", "upcoming",
]
