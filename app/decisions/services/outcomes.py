"""What an approved decision does, through the domain that owns the thing it changes.

A small registry keyed by matter: a domain at the same level or above (committees for an election,
funds for a fund use) registers its hook here at import of its own services, rather than this domain
importing it. A hook gets the closed decision, acts in its own transaction, and answers a note for
the decision page; it refuses with ``FieldError``, whose message the decision page then shows.

A matter's domain may also refuse to open a draft (``register_opening_check``: an election needs a
valid slate), show what the owners vote on in the decision's pages (``register_panel``) and drop
what it keeps for a draft when the draft is deleted or changes matter (``register_discard``: the slate),
and learn that a vote failed (``register_failure``: a fund use's proposal is then not approved). The
modules that register are named in their domain's declaration (``Domain.hooks``) and imported here
before any hook is looked up, so the web process, the workers and the command line all see them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app import clock
from app.accounts.logic import SYSTEM, Principal
from app.audit import services as audit
from app.decisions.tables import Decision
from app.domains import import_hooks
from app.errors import FieldError
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.services import ArrangementInput, ShortNotice, managers
from app.management.services import arrangements as management

OutcomeHook = Callable[[dict], Awaitable[str]]
OpeningCheck = Callable[[dict], Awaitable[None]]
PanelLoader = Callable[[Principal, dict], Awaitable[dict]]
DiscardHook = Callable[[dict], Awaitable[None]]
_HOOKS: dict[str, OutcomeHook] = {}
_CHECKS: dict[str, OpeningCheck] = {}
_PANELS: dict[str, tuple[str, PanelLoader]] = {}
_DISCARDS: dict[str, DiscardHook] = {}
_FAILURES: dict[str, DiscardHook] = {}


_registered = import_hooks  # every domain's hook modules, imported once: they register on import


def register_outcome(matter: str, hook: OutcomeHook) -> None:
    """Let ``hook`` carry out approved decisions on ``matter`` (one hook per matter)."""
    _HOOKS[matter] = hook


def register_opening_check(matter: str, check: OpeningCheck) -> None:
    """Let ``check`` refuse (``FieldError``) to open a draft on ``matter``; it runs in the opening's transaction."""
    _CHECKS[matter] = check


def register_panel(matter: str, template: str, loader: PanelLoader) -> None:
    """Show ``template`` on the decision's page, notice and result, with what ``loader`` answers."""
    _PANELS[matter] = (template, loader)


def register_discard(matter: str, hook: DiscardHook) -> None:
    """Let ``hook`` drop what its domain keeps for a draft on ``matter``; it runs in the deletion's transaction."""
    _DISCARDS[matter] = hook


def register_failure(matter: str, hook: DiscardHook) -> None:
    """Let ``hook`` learn that a decision on ``matter`` closed without approval (rejected, or no
    quorum): a fund use's proposal is then refused. It runs after the close has committed."""
    _FAILURES[matter] = hook


def has_outcome(matter: str) -> bool:
    _registered()
    return matter in _HOOKS


async def check_opening(decision: dict) -> None:
    _registered()
    check = _CHECKS.get(decision["matter"])
    if check is not None:
        await check(decision)


async def discard(decision: dict) -> None:
    """A draft is going (or no longer decides its matter): its matter's domain drops its part of it."""
    _registered()
    hook = _DISCARDS.get(decision["matter"])
    if hook is not None:
        await hook(decision)


async def panel(actor: Principal, decision: dict) -> dict | None:
    """The matter's own section of the decision's pages: ``template`` and its context, or None."""
    _registered()
    found = _PANELS.get(decision["matter"])
    if found is None:
        return None
    template, loader = found
    return {"template": template, **await loader(actor, decision)}


async def hire_company(decision: dict) -> str:
    """An approved hire (art. 278 item 4) creates the professional arrangement through management's
    own service, with its rules: no overlap with the current manager, the company must exist. The
    owners decided, so it is the system that assigns; the audit names the decision."""
    data = ArrangementInput(mode="professional", start_date=decision["service_start"],
                            end_date=decision["service_end"], company_id=decision["company"])
    arrangement_id = await management.assign(SYSTEM, decision["community"], data)
    return _("Arrangement no. %(id)s created: %(company)s from %(start)s.", id=arrangement_id,
             company=decision["company_name"] or "", start=fmt_date(decision["service_start"]))


async def dismiss_company(decision: dict) -> str:
    """An approved dismissal (art. 278 item 4) ends the company's current arrangement on the day the
    decision names, through management's own service: the owners' notice (art. 946) counts from the
    day the vote closed, and short notice is refused here, never acknowledged on the owners' behalf."""
    manager = await managers.manager_of(decision["community"], clock.today())
    if manager is None or manager.get("company") != decision["company"] or manager.get("mode") != "professional":
        raise FieldError("company_id", _("This company does not manage the community under a contract today."))
    try:
        await management.end(SYSTEM, manager["id"], end_date=decision["service_end"], reason="dismissal",
                             note=decision["title"], notice_given_on=clock.today())
    except ShortNotice as short:
        raise FieldError("service_end", _(
            "The law asks for %(days)s days' notice; the end day gives %(short)s days too few. Set a later end with "
            "the street office.", days=short.required, short=short.short_by)) from short
    return _("The arrangement with %(company)s ends on %(day)s.", company=decision["company_name"] or "",
             day=fmt_date(decision["service_end"]))


register_outcome("hire", hire_company)
register_outcome("dismiss", dismiss_company)


async def act(actor: Principal, decision: dict) -> None:
    """Carry out an approved decision's hook, recording on the decision what it did or why it could not."""
    _registered()
    if decision["outcome"] != "approved":
        on_failure = _FAILURES.get(decision["matter"])
        if on_failure is not None:
            await on_failure(decision)
        return
    hook = _HOOKS.get(decision["matter"])
    if hook is None:
        return
    try:
        note, failed = await hook(decision), False
    except FieldError as exc:
        note, failed = _("Could not be carried out: %(reason)s", reason=exc.message), True
    await Decision.update({Decision.acted_at: clock.utcnow(), Decision.act_note: note[:500],
                           Decision.act_failed: failed}).where(Decision.id == decision["id"])
    await audit.record(actor, "decision.act", "decision", decision["id"], {"note": note}, decision["region_code"],
                       object_name=decision["title"])
