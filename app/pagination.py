"""One page of a list, as services return it (no web imports: services build it, templates read it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from piccolo.querystring import QueryString


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def clamp_page(page: int, total: int, per_page: int) -> int:
    """A page number past the end shows the last page; below 1, the first."""
    return max(1, min(page, max(1, -(-total // per_page))))


async def counted_page(table: type, columns: tuple, conditions: list, order: Callable, page: int, per_page: int) -> Page:
    """One page of ``table``'s rows matching ``conditions``, with their number.

    The number rides with the page's rows as a sub-select of the same query: one round trip, not
    two. Only a page past the end (no row to carry it) asks for the number alone, then shows the
    last page. ``order(query)`` gives the query its ORDER BY.
    """
    count = table.count()
    for condition in conditions:
        count = count.where(condition)
    query = table.select(*columns, QueryString("({})", count.querystrings[0], alias="total"))
    for condition in conditions:
        query = query.where(condition)
    query = order(query).limit(per_page)
    rows = await query.offset((max(1, page) - 1) * per_page)
    if rows:
        total = rows[0]["total"]
    elif page <= 1:
        total = 0
    else:
        total = await count
        page = clamp_page(page, total, per_page)
        rows = await query.offset((page - 1) * per_page)
    return Page(rows=rows, total=total, page=max(1, page), per_page=per_page)
