"""Who may see a photo: the domain that owns the photo's object decides, never the photos domain.

A domain registers a rule per kind of object it attaches photos to (``register_rule("decisions",
"ballot", rule)``) from a module it names in its declaration's ``hooks``; ``rule(actor, object_id)``
answers whether the actor may see that object's photos. A photo whose kind has no rule is nobody's
to see. Anyone a rule refuses gets the same 404 as for a key that does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.accounts.logic import Principal
from app.domains import import_hooks

PhotoRule = Callable[[Principal, int], Awaitable[bool]]
_RULES: dict[tuple[str, str], PhotoRule] = {}


def register_rule(domain: str, kind: str, rule: PhotoRule) -> None:
    """Let ``rule`` decide who sees the photos of ``domain``'s objects of ``kind``."""
    _RULES[(domain, kind)] = rule


async def may_see(actor: Principal, photo: dict) -> bool:
    """May ``actor`` see this photo (a ``Photo`` row)? The system may; others as the owner's rule says."""
    if actor.is_system:
        return True
    import_hooks()
    rule = _RULES.get((photo["domain"], photo["kind"]))
    return rule is not None and await rule(actor, photo["object_id"])
