"""Where a recompute's records come from: a registry of sources (a hook, as decisions' outcomes).

A source is an async function ``(cycle, settings) -> {company id: [Record, …]}`` that finds one kind
of fact for every company at once, set-based in SQL (a GROUP BY, a join on the manager rule), never a
query per company. The recompute asks every registered source, adds the companies' records together,
and scores each company with the pure core (``scoring.score``).

A module registers its sources on import (``register_source("satisfaction", satisfaction)``) and is
named in the credit domain's ``hooks``; the registry imports every domain's hook modules before it
is read, in whichever process runs the recompute. A source's name is its key: registering a name
again replaces the source, so a module imported twice registers once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.credit.cycles import Cycle
from app.credit.scoring import Record
from app.domains import import_hooks
from app.settings import CreditSettings

Source = Callable[[Cycle, CreditSettings], Awaitable[dict[int, list[Record]]]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _SOURCES[name] = source


def sources() -> dict[str, Source]:
    """Every registered source by name, in name order (so a recompute reads them the same way each time)."""
    import_hooks()
    return dict(sorted(_SOURCES.items()))


async def records_of(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """All sources' records for the cycle, by company."""
    merged: dict[int, list[Record]] = {}
    for source in sources().values():
        for company_id, records in (await source(cycle, settings)).items():
            merged.setdefault(company_id, []).extend(records)
    return merged
