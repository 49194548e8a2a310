"""What the flag pages read and change: the lists, a flag, the street's to-do list, the bureau's
counts by kind and area with their trend, and acknowledging a flag. Scoped through ``access``; one
query per list or figure block whatever the number of flags, each by the open-flag indexes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import is_postgres, transaction
from app.errors import FieldError, NotFound
from app.flags import access
from app.flags.rules import FLAG_KINDS
from app.flags.sources import sources, subject_types
from app.flags.tables import Flag
from app.i18n import gettext as _
from app.pagination import Page, clamp_page
from app.regions import tree
from app.regions.logic import PREFIX_LENGTH, InvalidRegionCode, contains, level_of, prefix_of

PER_PAGE = 25
HOME_ROWS = 10
TREND_DAYS = 28  # the bureau's trend: open flags at the end of each of the last four weeks' days
NOTE_LENGTH = 500

_COLUMNS = ("f.id, f.kind, f.subject_type, f.subject_id, f.community_id, f.region_code, f.raised_at, f.cleared_at, "
            "f.acknowledged_at, f.note, COALESCE(c.name, co.name, '') AS subject_name, "
            "COALESCE(a.display_name, '') AS acknowledged_by_name")
_FROM = ("FROM flag f LEFT JOIN community c ON c.id = f.community_id "
         "LEFT JOIN company co ON f.subject_type = 'company' AND co.id = f.subject_id "
         "LEFT JOIN account a ON a.id = f.acknowledged_by ")
# Unacknowledged first (the to-do), then the newest: what the last scan found is read first.
_ORDER = "ORDER BY CASE WHEN f.acknowledged_at IS NULL THEN 0 ELSE 1 END, f.raised_at DESC, f.id DESC "


def _area(actor: Principal) -> str:
    prefix = access.scope_prefix(actor)
    if prefix is None:
        raise NotFound("flags")
    return prefix


def link_of(row: dict) -> tuple[str, dict] | None:
    """The page of what raised the flag: (route name, path parameters), None when its type is unknown."""
    subject = subject_types().get(row["subject_type"])
    if subject is None:
        return None
    route, parameter, which = subject.link
    value = row["subject_id"] if which == "subject" else row["community_id"]
    return (route, {parameter: value}) if value is not None else None


def _decorate(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["link"] = link_of(row)
    return rows


def region_filter(actor: Principal, code: str) -> str | None:
    """A region code of the actor's area to narrow a list to (its prefix), None for none or a bad one."""
    try:
        level_of(code)
    except InvalidRegionCode:
        return None
    prefix = prefix_of(code)
    return prefix if contains(_area(actor), code) else None


async def flag_list(actor: Principal, kind: str, region: str, page: int) -> Page:
    """The open flags of the actor's area, of one kind and one part of the area when asked."""
    prefix = region_filter(actor, region) or _area(actor)
    where, args = "WHERE f.cleared_at IS NULL AND f.region_code LIKE {} ", [prefix + "%"]
    if kind in FLAG_KINDS:
        where += "AND f.kind = {} "
        args.append(kind)
    page = max(1, page)
    sql = f"SELECT {_COLUMNS}, COUNT(*) OVER () AS total {_FROM}{where}{_ORDER}LIMIT {{}} OFFSET {{}}"
    rows = await Flag.raw(sql, *args, PER_PAGE, (page - 1) * PER_PAGE)
    total = rows[0]["total"] if rows else 0
    if not rows and page > 1:
        total = (await Flag.raw(f"SELECT COUNT(*) AS n FROM flag f {where}", *args))[0]["n"]
        page = clamp_page(page, total, PER_PAGE)
        rows = await Flag.raw(sql, *args, PER_PAGE, (page - 1) * PER_PAGE)
    return Page(_decorate(rows), total, page, PER_PAGE)


async def todo(actor: Principal) -> dict:
    """The street home's to-do list: its open flags, unacknowledged first, with their number. One query."""
    prefix = access.scope_prefix(actor)
    if prefix is None:
        return {"todo": None}
    rows = await Flag.raw(f"SELECT {_COLUMNS}, COUNT(*) OVER () AS total {_FROM}"
                          f"WHERE f.cleared_at IS NULL AND f.region_code LIKE {{}} {_ORDER}LIMIT {{}}",
                          prefix + "%", HOME_ROWS)
    return {"todo": {"rows": _decorate(rows), "total": rows[0]["total"] if rows else 0}}


async def get_flag(actor: Principal, flag_id: int) -> dict:
    rows = await Flag.raw(f"SELECT {_COLUMNS} {_FROM}WHERE f.id = {{}}", flag_id)
    if not rows or not access.may_see(actor, rows[0]):
        raise NotFound(flag_id)
    return _decorate(rows)[0]


async def acknowledge(actor: Principal, flag_id: int, note: str) -> dict:
    """Staff saw the flag and say what is being done (``rules.acknowledge``): it stays open, marked,
    until the scan finds its cause gone. A flag cleared meanwhile is refused with a message."""
    async with transaction():
        if is_postgres():
            await Flag.raw("SELECT id FROM flag WHERE id = {} FOR UPDATE", flag_id)
        flag = await get_flag(actor, flag_id)
        if not access.may_acknowledge(actor, flag):
            raise FieldError("note", _("This flag was cleared already: its cause is gone."))
        note = note.strip()
        if not note:
            raise FieldError("note", _("Say what is being done about it."))
        await Flag.update({Flag.acknowledged_at: clock.utcnow(), Flag.acknowledged_by: actor.id,
                           Flag.note: note[:NOTE_LENGTH]}).where(Flag.id == flag_id)
        await audit.record(actor, "flag.acknowledge", "flag", flag_id, {"flag_kind": flag["kind"], "note": note},
                           flag["region_code"], object_name=flag["subject_name"])
    return flag


def _child_length(prefix: str) -> int:
    """How many leading characters of a region code name the parts of the area just below ``prefix``."""
    lengths = sorted(PREFIX_LENGTH.values())
    return next((length for length in lengths if length > len(prefix)), lengths[-1])


def _child_code(part: str) -> str:
    return part + "00" if len(part) == PREFIX_LENGTH["prefecture"] else part


_BY_AREA = ("SELECT f.kind, SUBSTR(f.region_code, 1, {}) AS part, COUNT(*) AS n, "
            "SUM(CASE WHEN f.acknowledged_at IS NULL THEN 0 ELSE 1 END) AS acknowledged "
            "FROM flag f WHERE f.cleared_at IS NULL AND f.region_code LIKE {} GROUP BY f.kind, part")


def trend_moments(today: date, days: int = TREND_DAYS) -> list[tuple[date, datetime]]:
    """Each of the last ``days`` days (today last) with the moment it ended, China's time (today: now)."""
    now = clock.utcnow()
    found = []
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=clock.CHINA)
        found.append((day, min(end, now)))
    return found


def _trend_sql(count: int) -> str:
    open_at = "SUM(CASE WHEN f.raised_at <= {} AND (f.cleared_at IS NULL OR f.cleared_at > {}) THEN 1 ELSE 0 END)"
    columns = ", ".join(f"{open_at} AS d{n}" for n in range(count))
    return (f"SELECT {columns} FROM flag f WHERE f.region_code LIKE {{}} "
            "AND (f.cleared_at IS NULL OR f.cleared_at > {})")


async def overview(actor: Principal) -> dict:
    """Open flags by kind and by the parts of the area just below the actor's, and the open count at
    the end of each of the last four weeks' days (from raised_at and cleared_at). Two queries, and
    the parts' names from the per-process region tree."""
    prefix = _area(actor)
    length = _child_length(prefix)
    counts = await Flag.raw(_BY_AREA, length, prefix + "%")
    parts = sorted({row["part"] for row in counts})
    names = await tree.names(_child_code(part) for part in parts)
    table: dict[str, dict] = {part: {"code": _child_code(part), "name": names.get(_child_code(part), part),
                                     "kinds": {}, "total": 0} for part in parts}
    totals: dict[str, int] = {}
    acknowledged = 0
    for row in counts:
        table[row["part"]]["kinds"][row["kind"]] = row["n"]
        table[row["part"]]["total"] += row["n"]
        totals[row["kind"]] = totals.get(row["kind"], 0) + row["n"]
        acknowledged += int(row["acknowledged"] or 0)
    moments = trend_moments(clock.today())
    args = [moment for _day, moment in moments for moment in (moment, moment)]
    row = (await Flag.raw(_trend_sql(len(moments)), *args, prefix + "%", moments[0][1]))[0]
    trend = [{"day": day, "open": int(row[f"d{n}"] or 0)} for n, (day, _moment) in enumerate(moments)]
    scanned = set(sources())
    kinds = [kind for kind in FLAG_KINDS if kind in scanned or kind in totals]
    return {"kinds": kinds, "totals": totals, "total": sum(totals.values()), "acknowledged": acknowledged,
            "areas": list(table.values()), "trend": trend, "trend_max": max([1] + [p["open"] for p in trend]),
            "unscanned": [kind for kind in FLAG_KINDS if kind not in scanned]}
