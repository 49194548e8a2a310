"""What the service-log pages show: a community's logs, a company's logs, one log with its photos,
the community page's, company page's and company home's summaries, and the form's community choices.
Every read goes through ``access`` first: out of scope is ``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app import clock
from app.accounts.logic import Principal
from app.communities import services as communities
from app.communities.tables import Community
from app.companies import services as companies
from app.errors import NotFound
from app.management.queries import managers
from app.management.tables import Arrangement, SharedService
from app.operations.logs import access, logic
from app.operations.logs.photos import DOMAIN, KIND
from app.operations.logs.tables import ServiceLog
from app.pagination import Page, counted_page
from app.photos.tables import Photo

PER_PAGE = 25
RECENT_DAYS = 30  # the community and company pages count the logs of this many days
HOME_LATEST = 5
HOME_COMMUNITIES = 20
CHOICE_DAYS = 90  # the form offers the communities served today and in this many days before
LIST_COLUMNS = (
    ServiceLog.id, ServiceLog.community, ServiceLog.community.name.as_alias("community_name"), ServiceLog.company,
    ServiceLog.company.name.as_alias("company_name"), ServiceLog.category, ServiceLog.service_date,
    ServiceLog.started_at, ServiceLog.staff_count, ServiceLog.hours_hundredths, ServiceLog.notes,
    ServiceLog.photo_count, ServiceLog.first_photo,
)


@dataclass(frozen=True)
class LogFilter:
    category: str = ""
    since: date | None = None
    until: date | None = None  # inclusive
    community: int | None = None  # a company's list only

    def params(self) -> dict[str, str]:
        return {"category": self.category, "since": self.since.isoformat() if self.since else "",
                "until": self.until.isoformat() if self.until else "", "community": str(self.community or "")}

    def conditions(self) -> list:
        found = []
        if self.category in logic.CATEGORIES:
            found.append(ServiceLog.category == self.category)
        if self.since:
            found.append(ServiceLog.service_date >= self.since)
        if self.until:
            found.append(ServiceLog.service_date <= self.until)
        return found


def _newest_first(query):
    return query.order_by(ServiceLog.service_date, ServiceLog.id, ascending=False)


async def _page(conditions: list, page: int) -> Page:
    return await counted_page(ServiceLog, LIST_COLUMNS, conditions, _newest_first, page, PER_PAGE)


async def community_logs(actor: Principal, community_id: int, f: LogFilter, page: int) -> dict:
    """A community's logs the actor may read, newest first (index: community, service_date, id)."""
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise NotFound(community_id)
    conditions = [ServiceLog.community == community_id, *f.conditions()]
    if (scope := access.scope(actor)) is not None:
        conditions.append(scope)
    return {"community": community, "logs": await _page(conditions, page), "filter": f}


async def company_logs(actor: Principal, company_id: int, f: LogFilter, page: int) -> dict:
    """A company's logs the actor may read, newest first (index: company, service_date, id): all of
    them for the company itself, those of their area for street and bureau staff."""
    company = await companies.get_company(actor, company_id)
    area = access.company_area(actor, company_id)
    if area is None:
        raise NotFound(company_id)
    conditions = [ServiceLog.company == company_id, *f.conditions()]
    if area:
        conditions.append(ServiceLog.region_code.like(area + "%"))
    if f.community:
        conditions.append(ServiceLog.community == f.community)
    return {"company": company, "logs": await _page(conditions, page), "filter": f}


async def get_log(actor: Principal, log_id: int) -> dict:
    row = await ServiceLog.select(*LIST_COLUMNS, ServiceLog.region_code, ServiceLog.served_as,
                                  ServiceLog.logged_by.display_name.as_alias("logged_by_name"),
                                  ServiceLog.logged_at).where(ServiceLog.id == log_id).first()
    if row is None or not access.may_see(actor, row):
        raise NotFound(log_id)
    row["photos"] = await Photo.select(Photo.key, Photo.width, Photo.height).where(
        (Photo.domain == DOMAIN) & (Photo.kind == KIND) & (Photo.object_id == log_id)).order_by(Photo.id)
    return row


async def community_choices(actor: Principal, day: date) -> tuple[list[dict], set[int]]:
    """The communities the actor's company served in the last ``CHOICE_DAYS`` days (its arrangements
    and shared services), and those it serves on ``day`` by management's one rule, to preselect."""
    since = day - timedelta(days=CHOICE_DAYS)
    recent_arrangements = Arrangement.select(Arrangement.community).where(
        (Arrangement.company == actor.company_id) & (Arrangement.start_date <= day)
        & (Arrangement.end_date.is_null() | (Arrangement.end_date >= since)))
    recent_shared = SharedService.select(SharedService.community).where(
        (SharedService.company == actor.company_id) & (SharedService.start_date <= day)
        & (SharedService.end_date.is_null() | (SharedService.end_date >= since)))
    rows = await Community.select(Community.id, Community.name).where(
        Community.id.is_in(recent_arrangements) | Community.id.is_in(recent_shared)).order_by(Community.name).limit(1000)
    if not rows:
        return [], set()
    served = await Community.raw("SELECT m.community AS community FROM ({}) m WHERE m.company = {}",
                                 managers(day, community_ids=[row["id"] for row in rows]), actor.company_id)
    return rows, {row["community"] for row in served}


def _as_date(value: object) -> date | None:
    """A raw query's MAX(date): a date on PostgreSQL, its ISO text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


_BRIEF = (
    "SELECT COUNT(*) AS total, SUM(CASE WHEN service_date >= {} THEN 1 ELSE 0 END) AS recent, "
    "MAX(service_date) AS last_day FROM service_log WHERE community = {}"
)


async def community_section(actor: Principal, community: dict) -> dict:
    """The community page's summary: how many logs, in the last 30 days, the latest day. A company
    counts only its own. One query on the community's index."""
    since = clock.today() - timedelta(days=RECENT_DAYS - 1)
    if actor.role == "company":
        rows = await ServiceLog.raw(_BRIEF + " AND company = {}", since, community["id"], actor.company_id or -1)
    else:
        rows = await ServiceLog.raw(_BRIEF, since, community["id"])
    brief = rows[0] if rows else {"total": 0, "recent": 0, "last_day": None}
    return {"service_logs_brief": {**brief, "recent": brief["recent"] or 0, "last_day": _as_date(brief["last_day"]),
                                   "days": RECENT_DAYS,
                                   "may_log": access.may_log(actor)}}


async def company_section(actor: Principal, company: dict) -> dict:
    """The company page's summary of its logs (those of the actor's area for staff). One query."""
    area = access.company_area(actor, company["id"])
    if area is None:
        return {"company_logs_brief": None}
    since = clock.today() - timedelta(days=RECENT_DAYS - 1)
    sql = ("SELECT COUNT(*) AS recent, COUNT(DISTINCT community) AS communities, MAX(service_date) AS last_day "
           "FROM service_log WHERE company = {} AND service_date >= {}")
    args = [company["id"], since]
    if area:
        sql += " AND region_code LIKE {}"
        args.append(area + "%")
    rows = await ServiceLog.raw(sql, *args)
    return {"company_logs_brief": {**rows[0], "last_day": _as_date(rows[0]["last_day"]), "days": RECENT_DAYS}}


async def home_week(actor: Principal) -> dict:
    """A company's home: this week's logs, counted per community, and the latest few. Two queries on
    the company's index."""
    if not access.may_log(actor):
        return {"week_logs": None}
    monday, sunday = logic.week_of(clock.today())
    per_community = await ServiceLog.raw(
        "SELECT l.community AS community, c.name AS community_name, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total "
        "FROM service_log l "
        "JOIN community c ON c.id = l.community WHERE l.company = {} AND l.service_date >= {} "
        "AND l.service_date <= {} GROUP BY l.community, c.name ORDER BY n DESC, c.name LIMIT {}",
        actor.company_id, monday, sunday, HOME_COMMUNITIES)
    latest = await _newest_first(ServiceLog.select(*LIST_COLUMNS).where(
        (ServiceLog.company == actor.company_id) & (ServiceLog.service_date >= monday)
        & (ServiceLog.service_date <= sunday))).limit(HOME_LATEST)
    return {"week_logs": {"monday": monday, "sunday": sunday, "per_community": per_community, "latest": latest,
                          "total": int(per_community[0]["total"]) if per_community else 0}}
