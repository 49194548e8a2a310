"""The owners' block of the community page: a link to the activation codes, for those who issue them."""

from __future__ import annotations

from app.accounts.logic import Principal
from app.owners import access


async def community_section(actor: Principal, community: dict) -> dict:
    """No query: whether the actor may issue this community's codes (the page found it in his scope)."""
    return {"may_issue_codes": access.may_issue_codes(actor)}
