"""Who else holds on to an owner's record: a hook the register offers to the domains above it.

Changing a household's owner removes the old owner's record once he owns no unit here (he would
otherwise count as a head in a vote). Other domains may still refer to him: a committee member, a
candidate on an election's slate. Communities must not import them, so each registers a check here
(``register_owner_use``) from one of its hook modules (``Domain.hooks``), and the register asks them
all before removing an owner. A check answers, per owner it knows, an ``OwnerUse``: ``blocks`` refuses
the change with its message (the clerk has something to do first); otherwise the record is kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache

from app.domains import hook_modules


@dataclass(frozen=True)
class OwnerUse:
    owner_id: int
    message: str  # for the clerk, in his language: who the owner is elsewhere and what to do
    blocks: bool  # True: refuse to remove him; False: keep his record quietly


OwnerUseCheck = Callable[[list[int]], Awaitable[list[OwnerUse]]]
_CHECKS: list[OwnerUseCheck] = []


@cache
def _registered() -> None:
    for module in hook_modules():
        importlib.import_module(module)


def register_owner_use(check: OwnerUseCheck) -> None:
    """Let ``check(owner_ids)`` say which of these owners its domain still refers to."""
    if check not in _CHECKS:
        _CHECKS.append(check)


async def owner_uses(owner_ids: list[int]) -> list[OwnerUse]:
    """Every use other domains make of these owners (run inside the writing transaction)."""
    _registered()
    if not owner_ids:
        return []
    found: list[OwnerUse] = []
    for check in _CHECKS:
        found.extend(await check(owner_ids))
    return found
