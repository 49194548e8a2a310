"""What the committee pages read: a community's committee with its warnings, the community-page
section, the street's overview and its lists. Scoped through ``access``; a handful of queries per
page whatever the data size."""

from __future__ import annotations

from datetime import date, timedelta

from piccolo.columns.combination import Where
from piccolo.querystring import QueryString

from app import clock
from app.accounts.logic import Principal, mask_phone
from app.committees import access
from app.committees.logic import (
    VALID_SIZES,
    Warning,
    change_overdue_cutoff,
    filing_overdue_cutoff,
    first_meeting_overdue_cutoff,
    warnings,
)
from app.committees.tables import (
    Committee,
    CommitteeChange,
    CommitteeMember,
    CrossAppointment,
    PreparatoryGroup,
)
from app.communities import services as communities
from app.communities.tables import Community, Household
from app.db import contains_text
from app.errors import NotFound
from app.forms import parse_id
from app.pagination import Page, clamp_page
from app.settings import get_settings

PER_PAGE = 25
LISTS = ("current", "without", "broken", "ending", "expired", "overdue", "no_meeting")


def today() -> date:
    return clock.today()


# The conditions behind the street's figures, each one definition shared by its count and its list.
def _current() -> Where:
    return Committee.ended_on.is_null()


def condition(show: str, day: date) -> Where:
    """The committees in office that ``show`` lists on ``day`` (the same rules as ``logic.warnings``)."""
    current = _current()
    if show == "ending":
        window = get_settings().policy.committee_term_warning_days
        return current & (Committee.term_end >= day) & (Committee.term_end <= day + timedelta(days=window))
    if show == "expired":
        return current & (Committee.term_end < day)
    if show == "overdue":
        cutoff = filing_overdue_cutoff(day)
        unfiled = Committee.filed_bureau_on.is_null() | Committee.filed_street_on.is_null()
        return current & ((unfiled & (Committee.elected_on < cutoff))
                          | (Committee.unfiled_change_since < change_overdue_cutoff(day)))
    if show == "broken":
        return current & _broken(day)
    if show == "no_meeting":
        cutoff = first_meeting_overdue_cutoff(day)
        return current & Committee.first_meeting_on.is_null() & (Committee.elected_on < cutoff)
    return current


def _broken(day: date) -> Where:
    """Any rule of ``logic.warnings`` broken on ``day``, from the row's kept deadlines and changes."""
    late_meeting = (Committee.first_meeting_on.is_null() & (Committee.meeting_due < day)) | (
        Committee.first_meeting_on > Committee.meeting_due)
    late_bureau = (Committee.filed_bureau_on.is_null() & (Committee.filing_due < day)) | (
        Committee.filed_bureau_on > Committee.filing_due)
    late_street = (Committee.filed_street_on.is_null() & (Committee.filing_due < day)) | (
        Committee.filed_street_on > Committee.filing_due)
    return (Committee.member_count.not_in(list(VALID_SIZES)) | (Committee.term_end > Committee.term_limit)
            | (Committee.term_end < day) | late_meeting | late_bureau | late_street
            | (Committee.unfiled_change_since < change_overdue_cutoff(day))
            | (Committee.late_change_filed == True))  # noqa: E712


def list_warnings(row: dict, day: date) -> list[Warning]:
    """A list row's warnings from the row alone: its oldest unfiled change stands for its changes, and
    a change filed late is named without its day."""
    changes = [{"changed_on": row["unfiled_change_since"], "filed_on": None}] if row["unfiled_change_since"] else []
    found = warnings(row, row["member_count"], changes, day)
    if row.get("late_change_filed"):
        found.append(Warning("change_filing", 0))
    return found


def _scoped(query, actor: Principal):
    scope = access.scope(actor)
    return query.where(scope) if scope is not None else query


FIGURES = ("current", "broken", "ending", "expired", "overdue", "no_meeting")
_FIGURES_SQL = "SELECT " + ", ".join(
    f"COALESCE(SUM(CASE WHEN {{}} THEN 1 ELSE 0 END), 0) AS {name}" for name in FIGURES
) + " FROM committee WHERE {}"


async def overview(actor: Principal) -> dict:
    """The street's figures for its area: communities with and without a committee, committees breaking
    a rule, terms ending soon or ended, filings and first meetings overdue. Two queries: the
    communities, and every committee figure at once from the same conditions as the lists."""
    day = today()
    total = await Community.count().where(Community.region_code.like((actor.region_prefix or "") + "%"))
    scope = access.scope(actor)
    rows = await Committee.raw(_FIGURES_SQL, *[condition(name, day).querystring for name in FIGURES],
                               scope.querystring if scope is not None else QueryString("1 = 1"))
    figures = {"communities": total} | {name: int(rows[0][name]) for name in FIGURES}
    figures["without"] = total - figures["current"]
    return {"figures": figures, "window": get_settings().policy.committee_term_warning_days, "today": day}


LIST_COLUMNS = (
    Committee.id, Committee.community, Committee.community.name.as_alias("community_name"), Committee.region_code,
    Committee.elected_on, Committee.term_start, Committee.term_end, Committee.first_meeting_on,
    Committee.filed_bureau_on, Committee.filed_street_on, Committee.ended_on, Committee.member_count,
    Committee.unfiled_change_since, Committee.late_change_filed, Committee.filed_bureau_number,
    Committee.filed_street_number,
)


async def committee_list(actor: Principal, show: str, page: int) -> Page:
    day = today()
    where = condition(show, day)
    total = await _scoped(Committee.count().where(where), actor)
    page = clamp_page(page, total, PER_PAGE)
    rows = await _scoped(Committee.select(*LIST_COLUMNS).where(where), actor).order_by(
        Committee.term_end).order_by(Committee.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    for row in rows:
        row["warnings"] = list_warnings(row, day)
    return Page(rows, total, page, PER_PAGE)


async def communities_without(actor: Principal, page: int) -> Page:
    """Communities of the area with no committee in office, with an open preparatory group if any."""
    where = Community.region_code.like((actor.region_prefix or "") + "%") & Community.id.not_in(
        Committee.select(Committee.community).where(_current())
    )
    total = await Community.count().where(where)
    page = clamp_page(page, total, PER_PAGE)
    rows = await Community.select(Community.id, Community.name, Community.region_code, Community.household_count).where(
        where).order_by(Community.name).order_by(Community.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    return Page(rows, total, page, PER_PAGE)


async def _visible_community(actor: Principal, community_id: int) -> dict:
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_see(actor, community):
        raise NotFound(community_id)
    return community


MEMBER_COLUMNS = (
    CommitteeMember.id, CommitteeMember.committee, CommitteeMember.post, CommitteeMember.party_member,
    CommitteeMember.phone, CommitteeMember.joined_on, CommitteeMember.left_on, CommitteeMember.owner.name.as_alias("owner_name"),
    CommitteeMember.household.unit_number.as_alias("unit_number"),
    CommitteeMember.household.building.number.as_alias("building_number"),
)
POST_ORDER = {"chair": 0, "vice_chair": 1, "member": 2}


def _members_for(actor: Principal, rows: list[dict]) -> list[dict]:
    whole = access.sees_phones(actor)
    for row in rows:
        row["phone"] = row["phone"] if whole else mask_phone(row["phone"])
    return sorted(rows, key=lambda row: (POST_ORDER.get(row["post"], 9), row["id"]))


async def committee_page(actor: Principal, community_id: int) -> dict:
    """A community's committee in office with members, changes and warnings; its history; an open
    preparatory group; the cross-appointments at the community."""
    community = await _visible_community(actor, community_id)
    day = today()
    history = await Committee.select(*LIST_COLUMNS).where(Committee.community == community_id).order_by(
        Committee.term_start, ascending=False)
    current = next((row for row in history if row["ended_on"] is None), None)
    members, former, changes, found = [], [], [], []
    if current is not None:
        everyone = _members_for(actor, await CommitteeMember.select(*MEMBER_COLUMNS).where(
            CommitteeMember.committee == current["id"]))
        members = [m for m in everyone if m["left_on"] is None]
        former = [m for m in everyone if m["left_on"] is not None]
        changes = await CommitteeChange.select().where(CommitteeChange.committee == current["id"]).order_by(
            CommitteeChange.changed_on)
        found = warnings(current, len(members), changes, day)
    group = await PreparatoryGroup.select().where(
        (PreparatoryGroup.community == community_id) & PreparatoryGroup.closed_on.is_null()).first()
    cross = await CrossAppointment.select(
        CrossAppointment.all_columns(), CrossAppointment.company.name.as_alias("company_name"),
    ).where(CrossAppointment.community == community_id).order_by(CrossAppointment.start_date, ascending=False)
    return {
        "community": community, "committee": current, "members": members, "former_members": former,
        "changes": changes,
        "warnings": found, "history": [row for row in history if row is not current], "group": group,
        "cross": cross, "today": day, "may_committee": access.may(actor, community),
    }


# The committee in office, the open preparatory group and the current cross-appointments of one
# community, in one query: a row per cross-appointment (at least one row).
_BRIEF_SQL = """
SELECT c.id, c.elected_on, c.term_start, c.term_end, c.first_meeting_on, c.filed_bureau_on, c.filed_street_on,
       c.ended_on, c.member_count, c.unfiled_change_since, c.late_change_filed, g.formed_on AS group_formed_on, g.guide_name AS group_guide,
       x.id AS x_id, x.person_name AS x_person, x.role_title AS x_title, x.kind AS x_kind, co.name AS x_company
FROM community m
LEFT JOIN committee c ON c.community = m.id AND c.ended_on IS NULL
LEFT JOIN preparatory_group g ON g.community = m.id AND g.closed_on IS NULL
LEFT JOIN cross_appointment x ON x.community = m.id AND x.end_date IS NULL AND {}
LEFT JOIN company co ON co.id = x.company
WHERE m.id = {}
ORDER BY x.start_date, x.id
"""


async def community_section(actor: Principal, community: dict) -> dict:
    """The community page's brief: the committee in office with the warnings its lists show (an
    unfiled change stands for its changes), or the preparatory group; and the cross-appointments (a
    company sees its own). One query."""
    visible = access.may_see(actor, community)
    if not visible and actor.role != "company":
        return {"committee_brief": None, "committee_group": None, "committee_cross": [], "committee_visible": False}
    # A company's own cross-appointments only (its id, or -1: none); everyone else who sees the page, all.
    company_id = (actor.company_id or -1) if actor.role == "company" else None
    condition = QueryString("x.company = {}", company_id) if company_id is not None else QueryString("1 = 1")
    rows = await Committee.raw(_BRIEF_SQL, condition, community["id"])
    row = rows[0] if rows else {}
    brief = row if row.get("id") is not None else None
    if brief is not None:
        brief["warnings"] = list_warnings(brief, today())
    group = {"formed_on": row["group_formed_on"], "guide_name": row["group_guide"]} if row.get("group_formed_on") else None
    cross = [{"person_name": r["x_person"], "role_title": r["x_title"], "kind": r["x_kind"], "company_name": r["x_company"]}
             for r in rows if r["x_id"] is not None]
    return {"committee_brief": brief if visible else None, "committee_group": group if visible else None,
            "committee_cross": cross, "committee_visible": visible}


PICK_LIMIT = 20  # a picker shows this many matches at most, never the whole register
_PICK_COLUMNS = (Household.id, Household.unit_number, Household.building.number.as_alias("building_number"),
                 Household.owner, Household.owner.name.as_alias("owner_name"))


async def household_search(community_id: int, q: str) -> tuple[list[dict], bool]:
    """The community's owned households matching every word of ``q`` in the building, the unit or the
    owner's name: at most ``PICK_LIMIT``, and whether there were more (the clerk types more)."""
    query = Household.select(*_PICK_COLUMNS).where(
        (Household.community == community_id) & Household.owner.is_not_null())
    for term in q.split()[:4]:
        query = query.where(contains_text(Household.unit_number, term) | contains_text(Household.building.number, term)
                            | contains_text(Household.owner.name, term))
    rows = await query.order_by(Household.building).order_by(Household.unit_number).order_by(Household.id).limit(
        PICK_LIMIT + 1)
    return rows[:PICK_LIMIT], len(rows) > PICK_LIMIT


async def households_chosen(community_id: int, ids: list[int]) -> dict[int, dict]:
    """The households a form names already (to show them chosen when it comes back), by id."""
    if not ids:
        return {}
    rows = await Household.select(*_PICK_COLUMNS).where(
        (Household.community == community_id) & Household.id.is_in(sorted(set(ids))))
    return {row["id"]: row for row in rows}


async def picker_context(community_id: int, values: dict, names) -> dict:
    """What a form with household pickers needs: the households its fields ``names`` name already
    (shown chosen), and whether the community has any owned household at all. Two queries."""
    ids = [household for household in (parse_id(values.get(name)) for name in names) if household is not None]
    has_owners = await Household.exists().where((Household.community == community_id) & Household.owner.is_not_null())
    return {"chosen": await households_chosen(community_id, ids), "has_owners": has_owners,
            "community_id": community_id}


async def cross_appointments(actor: Principal, page: int) -> Page:
    """Cross-appointments the actor may see: a company its own, staff those of their area."""
    scope = access.cross_scope(actor)
    total = await (CrossAppointment.count().where(scope) if scope is not None else CrossAppointment.count())
    page = clamp_page(page, total, PER_PAGE)
    query = CrossAppointment.select(
        CrossAppointment.all_columns(), CrossAppointment.company.name.as_alias("company_name"),
        CrossAppointment.community.name.as_alias("community_name"),
    )
    if scope is not None:
        query = query.where(scope)
    rows = await query.order_by(CrossAppointment.start_date, ascending=False).order_by(CrossAppointment.id).limit(
        PER_PAGE).offset((page - 1) * PER_PAGE)
    return Page(rows, total, page, PER_PAGE)


COMPANY_SECTION_ROWS = 50


async def company_section(actor: Principal, company: dict) -> dict:
    """The company page's cross-appointments (current ones): all of them for the company itself,
    those of the actor's area for staff. One query."""
    query = CrossAppointment.select(
        CrossAppointment.person_name, CrossAppointment.role_title, CrossAppointment.kind, CrossAppointment.start_date,
        CrossAppointment.community, CrossAppointment.community.name.as_alias("community_name"),
    ).where((CrossAppointment.company == company["id"]) & CrossAppointment.end_date.is_null())
    scope = access.cross_scope(actor)
    rows = await (query.where(scope) if scope is not None else query).order_by(
        CrossAppointment.start_date, ascending=False).limit(COMPANY_SECTION_ROWS)
    return {"company_cross": rows, "company_cross_links": access.may_list_cross(actor)}
