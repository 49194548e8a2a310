"""The SQL of "who manages community X on day D", which other domains' queries embed.

It is the SQL twin of ``logic.manager_on`` (tests hold them to the same answers): an arrangement
active on the day, unless another of the same community that is active then started later (the new
one wins on a handover day); else a shared service (套管) active that day, as mode ``shared_service``
with the provider's company. Two shapes are built from the same pieces below:

- ``managers(day)``, a sub-select of one row per managed community (``community``, ``mode``,
  ``company``, ``arrangement``, ``shared``) for grouping and joining (the overview, companies' counts);
- ``managed_as(day, mode)`` and ``unmanaged(day)``, conditions on one community row for filtering a
  list. Correlated EXISTS lets PostgreSQL stop at the first 25 matches of a list's order instead of
  computing every manager of the province first (a mode filter's rows: 6.3 → 0.2 ms at province scale).
"""

from __future__ import annotations

from datetime import date

from piccolo.columns.combination import WhereRaw
from piccolo.querystring import QueryString

from app.management.logic import SHARED_SERVICE

_ACTIVE = "{alias}.start_date <= {{}} AND ({alias}.end_date IS NULL OR {alias}.end_date >= {{}})"

# Arrangement ``a`` is its community's current one on the day: active, and no active one started later.
_CURRENT_ARRANGEMENT = f"""{_ACTIVE.format(alias="a")}
  AND NOT EXISTS (
    SELECT 1 FROM arrangement b
    WHERE b.community = a.community AND b.start_date > a.start_date AND {_ACTIVE.format(alias="b")}
  )"""
# Shared service ``s`` serves its community on the day: active, and no arrangement of the community is.
_SERVING_SHARED = f"""{_ACTIVE.format(alias="s")}
  AND NOT EXISTS (
    SELECT 1 FROM arrangement a2 WHERE a2.community = s.community AND {_ACTIVE.format(alias="a2")}
  )"""
_DAYS_CURRENT = 4  # how many times the day appears in each of the two pieces above
_RED = "IN (SELECT id FROM company WHERE is_red_property = {})"

MANAGERS_SQL = f"""
SELECT a.community AS community, a.mode AS mode, a.company AS company, a.id AS arrangement, NULL AS shared
FROM arrangement a
WHERE {_CURRENT_ARRANGEMENT} {{}}
UNION ALL
SELECT s.community, '{SHARED_SERVICE}', s.company, NULL, s.id
FROM shared_service s
WHERE {_SERVING_SHARED} {{}}
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
    days = [day] * _DAYS_CURRENT
    return QueryString(MANAGERS_SQL, *days, narrow_a, *days, narrow_s)


def managed_as(day: date, mode: str | None = None, *, red: bool = False) -> WhereRaw:
    """A condition on a ``community`` row: its manager on ``day`` has ``mode`` (any mode, shared service
    included, when None) and, with ``red``, is a red-property company."""
    days = [day] * _DAYS_CURRENT
    arrangement = (
        f"EXISTS (SELECT 1 FROM arrangement a WHERE a.community = community.id AND {_CURRENT_ARRANGEMENT}"
        + (" AND a.mode = {}" if mode else "") + (f" AND a.company {_RED}" if red else "") + ")"
    )
    arrangement_args = [*days, *([mode] if mode else []), *([True] if red else [])]
    shared = (
        f"EXISTS (SELECT 1 FROM shared_service s WHERE s.community = community.id AND {_SERVING_SHARED}"
        + (f" AND s.company {_RED}" if red else "") + ")"
    )
    shared_args = [*days, *([True] if red else [])]
    if mode == SHARED_SERVICE:
        return WhereRaw(shared, *shared_args)
    if mode:
        return WhereRaw(arrangement, *arrangement_args)
    return WhereRaw(f"({arrangement} OR {shared})", *arrangement_args, *shared_args)


def unmanaged(day: date) -> WhereRaw:
    """A condition on a ``community`` row: nobody manages it on ``day`` — no arrangement and no shared
    service active (the rule has no candidate, so it names nobody)."""
    return WhereRaw(
        f"NOT EXISTS (SELECT 1 FROM arrangement a WHERE a.community = community.id AND {_ACTIVE.format(alias='a')})"
        f" AND NOT EXISTS (SELECT 1 FROM shared_service s WHERE s.community = community.id"
        f" AND {_ACTIVE.format(alias='s')})",
        day, day, day, day,
    )


def _at_column(piece: str) -> str:
    """A piece above asked of the day in column ``d.day`` rather than a bound day."""
    return piece.replace("{}", "d.day")


def _day_after(column: str) -> str:
    from app.db import is_postgres

    return f"({column} + 1)" if is_postgres() else f"date({column}, '+1 day')"


def _bound_day() -> str:
    from app.db import is_postgres

    return "CAST({} AS date)" if is_postgres() else "{}"


def managers_during(first: date, last: date) -> QueryString:
    """One row per (``community``, ``mode``, ``company``) that managed the community, by the rule
    above, on at least one day of ``first`` … ``last`` (both inclusive).

    A community's manager can change only on a day one of its arrangements or shared services starts,
    or the day after one ends; so the rule is asked on those days inside the span and on ``first``
    (one row per community and such day), never on every day of the span."""
    day = _bound_day()
    after_end = _day_after("end_date")
    changes = f"""
      SELECT community, {day} AS day FROM arrangement
       WHERE start_date <= {{}} AND (end_date IS NULL OR end_date >= {{}})
      UNION SELECT community, {day} FROM shared_service
       WHERE start_date <= {{}} AND (end_date IS NULL OR end_date >= {{}})
      UNION SELECT community, start_date FROM arrangement WHERE start_date > {{}} AND start_date <= {{}}
      UNION SELECT community, start_date FROM shared_service WHERE start_date > {{}} AND start_date <= {{}}
      UNION SELECT community, {after_end} FROM arrangement WHERE end_date >= {{}} AND end_date < {{}}
      UNION SELECT community, {after_end} FROM shared_service WHERE end_date >= {{}} AND end_date < {{}}"""
    sql = f"""
    SELECT DISTINCT d.community AS community, a.mode AS mode, a.company AS company
    FROM ({changes}) d JOIN arrangement a ON a.community = d.community AND {_at_column(_CURRENT_ARRANGEMENT)}
    UNION
    SELECT DISTINCT d.community, '{SHARED_SERVICE}', s.company
    FROM ({changes}) d JOIN shared_service s ON s.community = d.community AND {_at_column(_SERVING_SHARED)}
    """
    args = [first, first, first, first, first, first, first, last, first, last, first, last, first, last]
    return QueryString(sql, *args, *args)
