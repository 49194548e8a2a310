"""Where a scan's conditions come from: a registry each domain fills, as decisions' outcomes are.

A *condition source* answers, for one flag kind, the subjects for which the condition is true on a
day: ``async (today, settings) -> set of subject ids``, computed set-based in SQL from the owning
domain's own definition of the rule (management's "manager on day D" sub-select, committees' list
conditions, funds' 30% line). A *subject type* says where a subject lives (its table, its region
code and community columns) and which page shows it, so the scan can write a flag's region with one
``INSERT … SELECT`` and the lists can link to what raised it.

The modules that register are named in a domain's declaration (``Domain.hooks``) and imported
before any source is looked up, so the web process, a worker and the command line all see them.
A kind with no source registered is not scanned: its open flags are left alone (``rules.reconcile``
with ``checked``), so a domain that is not installed yet clears nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from app.domains import import_hooks
from app.flags.rules import COMMITTEE, COMMUNITY, COMPANY, FLAG_KINDS
from app.settings import Settings

Source = Callable[[date, Settings], Awaitable[set[int]]]


@dataclass(frozen=True)
class SubjectType:
    """Where a flag's subject lives and which page shows it.

    ``community_sql`` is an SQL expression over the subject's row (alias ``t``) giving its
    community's id, or ``NULL``; ``link`` is (route name, path parameter, "subject" or "community"):
    the page is the route with the subject's own id or with its community's."""

    name: str
    table: str
    region_sql: str
    community_sql: str
    link: tuple[str, str, str]


_SOURCES: dict[str, Source] = {}
_SUBJECTS: dict[str, SubjectType] = {}


def register_source(kind: str, source: Source) -> None:
    """Let ``source`` find the subjects of ``kind`` (one source per kind; a later one replaces it)."""
    if kind not in FLAG_KINDS:
        raise ValueError(f"unknown flag kind {kind!r}")
    _SOURCES[kind] = source


def register_subject(subject: SubjectType) -> None:
    _SUBJECTS[subject.name] = subject


def sources() -> dict[str, Source]:
    """The registered sources by kind, in FLAG_KINDS' order."""
    import_hooks()
    return {kind: _SOURCES[kind] for kind in FLAG_KINDS if kind in _SOURCES}


def subject_types() -> dict[str, SubjectType]:
    import_hooks()
    return dict(_SUBJECTS)


# The subjects whose tables lie below flags. A complaint's is registered with its source (conditions.operations).
register_subject(SubjectType(COMMUNITY, "community", "t.region_code", "t.id", ("show_community", "community_id", "subject")))
register_subject(SubjectType(COMMITTEE, "committee", "t.region_code", "t.community",
                             ("show_committee", "community_id", "community")))
register_subject(SubjectType(COMPANY, "company", "t.region_code", "NULL", ("show_company", "company_id", "subject")))
