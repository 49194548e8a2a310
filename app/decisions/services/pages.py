"""What the community page, the notice and the published result read."""

from __future__ import annotations

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
