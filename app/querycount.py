"""Counting the SQL queries a piece of work runs (a request, in the benchmark and the query-count test).

Every statement Piccolo sends, on either engine, inside a transaction or not, passes through the
engine's ``get_query_id``; the engines in ``piccolo_conf`` bump there the ``count_queries`` boxes
of the running task. Outside ``count_queries`` that is one context-variable read per query.
What is not counted: BEGIN/COMMIT and the connection pool's own reset on release.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The boxes of the enclosing ``count_queries`` blocks of the running task, outermost first.
_boxes: ContextVar[tuple[list[int], ...]] = ContextVar("changxiao_query_count", default=())


@contextmanager
def count_queries() -> Iterator[list[int]]:
    """``with count_queries() as counted: ...``; ``counted[0]`` is the number of queries so far.
    Blocks nest: a query counts in every enclosing one."""
    box = [0]
    token = _boxes.set((*_boxes.get(), box))
    try:
        yield box
    finally:
        _boxes.reset(token)


class CountingEngine:
    """Mixed into Piccolo's engines, in front of their own class."""

    def get_query_id(self) -> int:
        for box in _boxes.get():
            box[0] += 1
        return super().get_query_id()  # type: ignore[misc]
