"""What higher domains say about a company a street office is about to choose (a hook management
offers, as decisions offers its outcomes): a badge the company picker shows beside the name (its
credit grade) and a refusal that stops the assignment with its reason (a blacklisting).

A domain registers a check from a module named in its declaration's ``hooks``; management asks
every check once per list of companies (one query each, never one per company)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from app.domains import import_hooks


@dataclass(frozen=True)
class CompanyNote:
    badge: str = ""  # shown beside the company's name in the picker
    refusal: str = ""  # why the company may not be assigned now; "" when it may


CompanyCheck = Callable[[list[int], date], Awaitable[dict[int, CompanyNote]]]
_CHECKS: dict[str, CompanyCheck] = {}


def register_check(name: str, check: CompanyCheck) -> None:
    _CHECKS[name] = check


async def notes_on(company_ids: list[int], day: date) -> dict[int, list[CompanyNote]]:
    """Every registered check's note on each company, on ``day``."""
    import_hooks()
    result: dict[int, list[CompanyNote]] = {}
    if not company_ids:
        return result
    for name in sorted(_CHECKS):
        for company_id, note in (await _CHECKS[name](company_ids, day)).items():
            result.setdefault(company_id, []).append(note)
    return result


async def refusal_of(company_id: int, day: date) -> str:
    """Why the company may not be assigned on ``day``, or ""."""
    notes = (await notes_on([company_id], day)).get(company_id, [])
    return next((note.refusal for note in notes if note.refusal), "")
