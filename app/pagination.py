"""One page of a list, as services return it (no web imports: services build it, templates read it)."""

from __future__ import annotations

from dataclasses import dataclass


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
