"""The region tree's names and shape, read once per process and kept until the tree changes.

Every list page names the residents' communities of its rows, and its region picker shows a node's
path and children. The tree is the same for every request of a deployment (about a thousand nodes
for a province, 169,000 for the whole country) and changes only when division codes are imported
or a node is added or renamed. So each process keeps what it has read, lazily (a node by its code,
a node's children), and at most every ``CHECK_EVERY`` compares the tree's version token
(``TreeVersion``) with the one its copy was read under. A change made in this process forgets the
copy as soon as it commits; one made elsewhere (the ``regions import`` command, another web
process) is seen within ``CHECK_EVERY``.

The figures (communities, households) are not kept here: recounts change them all day, and the
pages that show them read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import uuid4

from app import clock
from app.accounts.logic import Principal
from app.db import on_commit
from app.regions import access
from app.regions.logic import parent_of
from app.regions.tables import Region, TreeVersion

CHECK_EVERY = timedelta(seconds=5)
COLUMNS = (Region.code, Region.name, Region.name_en, Region.level, Region.parent_code)


class _Copy:
    """What this process has read of the tree under one version token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.nodes: dict[str, dict | None] = {}  # code -> node, None for a code the tree does not hold
        self.children: dict[str, list[dict]] = {}  # parent code -> its children in code order
        self.within: dict[tuple[str | None, tuple[str, ...]], list[dict]] = {}  # (prefix, levels) -> nodes


_copy: _Copy | None = None
_checked_at: datetime | None = None


def forget() -> None:
    """Drop this process's copy: the next reader reads the tree again."""
    global _copy, _checked_at
    _copy, _checked_at = None, None


async def _token() -> str:
    row = await TreeVersion.select(TreeVersion.token).order_by(TreeVersion.id, ascending=False).first()
    return row["token"] if row else ""


async def _current() -> _Copy:
    global _copy, _checked_at
    now = clock.utcnow()
    if _copy is None or _checked_at is None or not timedelta(0) <= now - _checked_at < CHECK_EVERY:
        token = await _token()
        if _copy is None or _copy.token != token:
            _copy = _Copy(token)
        _checked_at = now
    return _copy


async def changed() -> None:
    """Call inside the transaction that adds or renames nodes: a new version token for every
    process, and this process's copy forgotten once the change commits."""
    token, now = uuid4().hex, clock.utcnow()
    updated = await TreeVersion.update({TreeVersion.token: token, TreeVersion.changed_at: now}, force=True).returning(
        TreeVersion.id
    )
    if not updated:
        await TreeVersion.insert(TreeVersion(token=token, changed_at=now))
    on_commit(forget)


async def nodes(codes: Iterable[str]) -> dict[str, dict]:
    """The nodes of these codes that the tree holds (code, name, name_en, level, parent_code), by code."""
    wanted = set(codes)
    if not wanted:
        return {}
    copy = await _current()
    missing = [code for code in wanted if code not in copy.nodes]
    if missing:
        found = {row["code"]: row for row in await Region.select(*COLUMNS).where(Region.code.is_in(missing))}
        for code in missing:
            copy.nodes[code] = found.get(code)
    return {code: node for code in wanted if (node := copy.nodes[code]) is not None}


async def names(codes: Iterable[str]) -> dict[str, str]:
    return {code: node["name"] for code, node in (await nodes(codes)).items()}


async def children(code: str) -> list[dict]:
    """The nodes directly below ``code``, in code order (the caller has checked the scope)."""
    copy = await _current()
    found = copy.children.get(code)
    if found is None:
        found = await Region.select(*COLUMNS).where(Region.parent_code == code).order_by(Region.code)
        copy.children[code] = found
        for row in found:
            copy.nodes[row["code"]] = row
    return found


async def within(prefix: str | None, levels: tuple[str, ...]) -> list[dict]:
    """The nodes of these levels whose code starts with ``prefix`` (everywhere for None), depth-first
    (a parent before its children): a filter menu of the upper levels (the caller has checked the scope)."""
    copy = await _current()
    key = (prefix, levels)
    found = copy.within.get(key)
    if found is None:
        query = Region.select(*COLUMNS).where(Region.level.is_in(list(levels)))
        if prefix is not None:
            query = query.where(Region.prefix.like(prefix + "%"))
        found = await query.order_by(Region.prefix)
        copy.within[key] = found
    return found


async def path(actor: Principal, code: str) -> list[dict]:
    """The nodes from the actor's own scope node down to ``code`` (never above what they may see)."""
    codes = []
    current: str | None = code
    while current is not None and access.may_see(actor, current):
        codes.append(current)
        current = parent_of(current)
    found = await nodes(codes)
    return [found[c] for c in reversed(codes) if c in found]
