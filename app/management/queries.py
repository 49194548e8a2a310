"""Sub-selects about arrangements that other domains' queries embed (no I/O here)."""

from __future__ import annotations

from datetime import date

from piccolo.querystring import QueryString

# The arrangement current on a day for each community: active then, and not the outgoing side of a
# handover (one ending that day while another of the same community starts that day).
CURRENT_SQL = """
SELECT a.community FROM arrangement a
WHERE a.start_date <= {} AND (a.end_date IS NULL OR a.end_date >= {})
  AND NOT EXISTS (
    SELECT 1 FROM arrangement b
    WHERE b.community = a.community AND b.id <> a.id AND b.start_date = {} AND a.end_date = {}
  )
"""


def current_communities(day: date, mode: str | None = None, red: bool = False) -> QueryString:
    """A sub-select of the communities whose current arrangement has ``mode`` (any mode when None),
    and, with ``red``, a red-property company: for ``Community.id.is_in(...)``."""
    sql, args = CURRENT_SQL, [day, day, day, day]
    if mode:
        sql += " AND a.mode = {}"
        args.append(mode)
    if red:
        sql += " AND a.company IN (SELECT id FROM company WHERE is_red_property = {})"
        args.append(True)
    return QueryString(sql, *args)
