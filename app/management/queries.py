"""The one SQL sub-select for "who manages community X on day D", which other domains' queries embed.

It is the SQL twin of ``logic.manager_on`` (tests hold the two to the same answers): an arrangement
active on the day, unless another of the same community that is active then started later (the new
one wins on a handover day); else a shared service (套管) active that day, as mode ``shared_service``
with the provider's company. Rows: ``community``, ``mode``, ``company``, ``arrangement``, ``shared``.
"""

from __future__ import annotations

from datetime import date

from piccolo.querystring import QueryString

from app.management.logic import SHARED_SERVICE

_ACTIVE = "{alias}.start_date <= {{}} AND ({alias}.end_date IS NULL OR {alias}.end_date >= {{}})"

MANAGERS_SQL = f"""
SELECT a.community AS community, a.mode AS mode, a.company AS company, a.id AS arrangement, NULL AS shared
FROM arrangement a
WHERE {_ACTIVE.format(alias="a")} {{}}
  AND NOT EXISTS (
    SELECT 1 FROM arrangement b
    WHERE b.community = a.community AND b.start_date > a.start_date AND {_ACTIVE.format(alias="b")}
  )
UNION ALL
SELECT s.community, '{SHARED_SERVICE}', s.company, NULL, s.id
FROM shared_service s
WHERE {_ACTIVE.format(alias="s")} {{}}
  AND NOT EXISTS (
    SELECT 1 FROM arrangement a2 WHERE a2.community = s.community AND {_ACTIVE.format(alias="a2")}
  )
"""


def managers(day: date, *, region_prefix: str | None = None, community_ids: list[int] | None = None) -> QueryString:
    """The managers of all communities on ``day`` (one row per managed community), narrowed to a region
    or to some communities inside the sub-select so the database need not compute the rest."""
    narrow_a, narrow_s = QueryString(""), QueryString("")
    if region_prefix is not None:
        narrow_a = QueryString("AND a.region_code LIKE {}", region_prefix + "%")
        narrow_s = QueryString("AND s.region_code LIKE {}", region_prefix + "%")
    elif community_ids is not None:
        ids = list(community_ids) or [-1]
        marks = ", ".join("{}" for _ in ids)
        narrow_a = QueryString(f"AND a.community IN ({marks})", *ids)
        narrow_s = QueryString(f"AND s.community IN ({marks})", *ids)
    return QueryString(MANAGERS_SQL, day, day, narrow_a, day, day, day, day, narrow_s, day, day)


def current_communities(day: date, mode: str | None = None, red: bool = False) -> QueryString:
    """A sub-select of the communities managed on ``day`` whose manager has ``mode`` (any, shared
    service included, when None), and, with ``red``, a red-property company: for
    ``Community.id.is_in(...)`` / ``not_in``."""
    sql, args = "SELECT m.community FROM ({}) m WHERE 1 = 1", [managers(day)]
    if mode:
        sql += " AND m.mode = {}"
        args.append(mode)
    if red:
        sql += " AND m.company IN (SELECT id FROM company WHERE is_red_property = {})"
        args.append(True)
    return QueryString(sql, *args)
