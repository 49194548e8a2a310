"""What a URL path may hold, checked once for every route before its handler runs.

Litestar reads ``{id:int}`` with ``int()``, which takes ``١`` and ``+1`` and numbers no column can
hold (2³¹ makes asyncpg fail on PostgreSQL's int4, 2⁶³ makes SQLite's driver fail): each id segment
must read as ``app.forms.parse_id`` reads an id, or the answer is 404, as for any id with no row. A
``{…:path}`` (the static files) may not carry control characters (a NUL makes the file system raise)
or components longer than a file name can be.
"""

from __future__ import annotations

from pathlib import PurePath

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler

from app.forms import parse_id

MAX_NAME = 255  # bytes in one file name on the file systems we serve from


def _safe_file_path(path: str) -> bool:
    return path.isprintable() and all(len(part.encode()) <= MAX_NAME for part in path.split("/"))


async def sane_path(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """An app-wide guard: a path segment that no row or file can answer to is a 404.

    A coroutine function, as every guard here: Litestar runs a plain function in its thread pool,
    a hand-over that cost every request about a tenth of its time."""
    values = connection.scope.get("path_params") or {}
    if not values:
        return
    # The route's path with each parameter as {name} (Litestar has parsed the values by their type).
    template = (connection.scope.get("path_template") or "").strip("/").split("/")
    parts = connection.scope["path"].strip("/").split("/")
    for index, component in enumerate(template):
        value = values.get(component[1:-1]) if component.startswith("{") else None
        if isinstance(value, int) and (index >= len(parts) or parse_id(parts[index]) is None):
            raise NotFoundException()
        if isinstance(value, (str, PurePath)) and not _safe_file_path("/".join(parts[index:])):
            raise NotFoundException()
