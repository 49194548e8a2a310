"""Each domain declares itself once, in ``app/<domain>/domain.py``; the shared files loop over them.

A declaration names the domain's routers, tables and actor modules (as import paths, so reading the
declarations imports no web or worker code), the audit actions and job kinds it records with their
labels, its template helpers, its menu entries and its section on the community page. Adding a
domain is creating its folder with a ``domain.py``: no shared file changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

APP_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class NavEntry:
    """A menu entry: the route it opens, its label, the roles that see it, and where it stands."""

    route: str
    label: str
    roles: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class CommunitySection:
    """A block of the community page: ``load(actor, community)`` gives the template's context.

    The page runs every section's ``load`` on every view, so each is held to a budget: at most
    ``SECTION_QUERY_BUDGET`` queries, each reading this community's rows by an index, never one per
    row (tests/web/test_query_counts.py checks every declared section and the page as a whole).
    What can be long (a ledger, ballots, years of records) loads on demand instead: a route of the
    domain's own shows it (a page, and its fragment for htmx), and the section's template, with no
    ``load`` or a cheap one for a summary, links to it with ``hx-get`` and a real ``href``, as the
    register's households do (``list_households``).
    """

    template: str
    load: str = ""  # "module:function", an async function (actor, community) -> dict; "" runs no query
    order: int = 100


SECTION_QUERY_BUDGET = 2


@dataclass(frozen=True)
class CompanySection:
    """A block of the company page, as ``CommunitySection`` is of the community page (the same
    budget): ``load(actor, company)`` gives the template's context."""

    template: str
    load: str = ""  # "module:function", an async function (actor, company) -> dict
    order: int = 100


@dataclass(frozen=True)
class HomeSection:
    """A block of a role's home page (what needs the user's attention first: an owner's open votes),
    as ``CommunitySection`` is of the community page (the same budget): ``load(actor)`` gives the
    template's context. ``roles`` are the roles whose home shows it."""

    template: str
    load: str = ""  # "module:function", an async function (actor) -> dict
    roles: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Domain:
    name: str
    order: int  # the layering: lower domains first (regions → accounts → … → reports)
    routers: tuple[str, ...] = ()  # modules with a ROUTES list
    tables: tuple[str, ...] = ()  # modules with Piccolo tables
    actors: tuple[str, ...] = ()  # worker modules with a JOB_ACTORS dict {kind: actor}
    # Modules that register hooks another domain offers (decisions' outcomes), imported by that domain
    # before it looks a hook up, in whichever process it runs.
    hooks: tuple[str, ...] = ()
    audit_actions: dict[str, str] = field(default_factory=dict)  # action -> label (lazy)
    # The audit summary's field names -> label (lazy), or (label, {value: label}) for coded values such
    # as modes and reasons. An object type is labelled here too, under its own name ("community").
    audit_fields: dict[str, Any] = field(default_factory=dict)
    job_kinds: dict[str, str] = field(default_factory=dict)  # job kind -> label (lazy)
    result_labels: dict[str, str] = field(default_factory=dict)  # job result key -> label (lazy)
    template_globals: dict[str, Callable[..., Any]] = field(default_factory=dict)
    template_filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    nav: tuple[NavEntry, ...] = ()
    nav_pages: dict[str, str] = field(default_factory=dict)  # a page not in the menu -> the entry it is under
    community_section: CommunitySection | None = None
    community_sections: tuple[CommunitySection, ...] = ()  # a domain of several parts: one section each
    company_section: CompanySection | None = None
    home_sections: tuple[HomeSection, ...] = ()


def resolve(path: str) -> Any:
    """``"package.module:attribute"`` → the attribute; ``"package.module"`` → the module."""
    module_name, _, attribute = path.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def discover(directory: Path, package: str) -> tuple[Domain, ...]:
    """The ``DOMAIN`` of every ``<package>.<name>.domain`` module found in ``directory``, in layer order."""
    found = []
    for info in pkgutil.iter_modules([str(directory)]):
        if info.ispkg and (directory / info.name / "domain.py").exists():
            found.append(importlib.import_module(f"{package}.{info.name}.domain").DOMAIN)
    return tuple(sorted(found, key=lambda domain: (domain.order, domain.name)))


@cache
def all_domains() -> tuple[Domain, ...]:
    return discover(APP_DIR, "app")


def routes() -> list:
    return [route for domain in all_domains() for module in domain.routers for route in resolve(module).ROUTES]


def table_modules() -> list[str]:
    return [module for domain in all_domains() for module in domain.tables]


def actor_modules() -> list[str]:
    return [module for domain in all_domains() for module in domain.actors]


def hook_modules() -> list[str]:
    return [module for domain in all_domains() for module in domain.hooks]


@cache
def import_hooks() -> None:
    """Import every domain's hook modules once; they register themselves (decisions' outcomes, photo
    rules) on import. Called before a hook is looked up, in whichever process that happens."""
    for module in hook_modules():
        importlib.import_module(module)


def merged(attribute: str) -> dict:
    """One dict from every domain's ``attribute`` (audit actions, job kinds, template helpers …)."""
    result: dict = {}
    for domain in all_domains():
        result.update(getattr(domain, attribute))
    return result


def nav_entries() -> list[NavEntry]:
    return sorted((entry for domain in all_domains() for entry in domain.nav), key=lambda entry: entry.order)


def community_sections() -> list[CommunitySection]:
    sections = [domain.community_section for domain in all_domains() if domain.community_section]
    sections += [section for domain in all_domains() for section in domain.community_sections]
    return sorted(sections, key=lambda section: section.order)


def company_sections() -> list[CompanySection]:
    sections = [domain.company_section for domain in all_domains() if domain.company_section]
    return sorted(sections, key=lambda section: section.order)


def home_sections(role: str) -> list[HomeSection]:
    sections = [section for domain in all_domains() for section in domain.home_sections if role in section.roles]
    return sorted(sections, key=lambda section: section.order)
