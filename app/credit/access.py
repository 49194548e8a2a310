"""Who sees which credit scores and who may change what. The one home of these rules.

A company reads its own scores and objects to their lines; the bureau reads the scores of the
companies it may read (``companies.access.scope``), enters records, answers objections and starts a
recompute. Street staff see a company's grade in the assignment picker only (a management hook)."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.companies.access import scope as company_scope

scope = company_scope  # the companies whose scores the actor reads (None: all)


def may_read(actor: Principal, company_id: int) -> bool:
    """Before the company row is fetched in the actor's scope: bureau, or the company itself."""
    return actor.is_system or actor.role == "bureau" or (actor.role == "company" and actor.company_id == company_id)


def may_object(actor: Principal, company_id: int) -> bool:
    return actor.role == "company" and actor.company_id == company_id


def is_bureau(actor: Principal) -> bool:
    """Enter records, answer objections, start a recompute, see rankings and lists."""
    return actor.is_system or (actor.role == "bureau" and actor.region_prefix is not None)
