"""What the community page, the notice and the published result read."""

from __future__ import annotations

from app import clock
from app.accounts.logic import Principal
from app.decisions import access
from app.decisions.tables import Decision

SECTION_LIMIT = 5


async def community_section(actor: Principal, community: dict) -> dict:
    """The community's open decisions and latest results (one query); nothing for those who see none."""
    if actor.role not in ("bureau", "street", "committee", "owner") and not actor.is_system:
        return {"decisions": [], "may_see_decisions": False, "may_draft_decision": False}
    query = Decision.select(
        Decision.id, Decision.matter, Decision.title, Decision.state, Decision.closes_on, Decision.outcome,
    ).where(Decision.community == community["id"], Decision.state != "draft")
    condition = access.scope(actor)
    if condition is not None:
        query = query.where(condition)
    rows = await query.order_by(Decision.state, ascending=False).order_by(
        Decision.closes_on, ascending=False).limit(SECTION_LIMIT)
    return {"decisions": rows, "may_see_decisions": True, "may_draft_decision": access.may_draft(actor, community)}


_MY_OPEN_VOTES = (
    "SELECT d.id, d.title, d.matter, d.opens_on, d.closes_on, c.name AS community_name, h.label, b.choice "
    "FROM owner_link l JOIN decision_head h ON h.owner = l.owner JOIN decision d ON d.id = h.decision "
    "JOIN community c ON c.id = d.community LEFT JOIN ballot b ON b.head = h.id "
    "WHERE l.account = {} AND d.state = 'open' ORDER BY d.closes_on, d.id, h.id LIMIT 50"
)


async def my_open_votes(actor: Principal) -> dict:
    """An owner's home leads with the open decisions he may vote on, each with his ballot so far (one
    query: his links to owner records, their heads on open decisions, and their ballots)."""
    if actor.role != "owner" or actor.id is None:
        return {"open_votes": []}
    rows = await Decision.raw(_MY_OPEN_VOTES, actor.id)
    today = clock.today()
    return {"open_votes": [{**row, "not_yet": row["opens_on"] > today} for row in rows]}
