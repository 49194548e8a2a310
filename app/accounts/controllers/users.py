"""Accounts, for the bureau that manages them: find an account and end all of its sessions (a lost
phone, a colleague who left, a password that may have been seen)."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app.accounts import services as accounts
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, query_str, render

messages({"account.sessions_ended": lazy("All sessions of the account have ended: it has to log in again.")})


@get("/accounts", name="list_accounts", guards=[allow("bureau")])
async def list_accounts(request: Request) -> Template:
    q = query_str(request, "q", 64)
    page = await accounts.list_accounts(principal_of(request), q=q, page=query_int(request, "page"))
    return render(request, "accounts/list.html", {"page": page, "q": q}, fragment="accounts/_rows.html", target="account-rows")


@post("/accounts/{account_id:int}/end-sessions", name="end_account_sessions", guards=[allow("bureau")])
async def end_account_sessions(request: Request, account_id: FromPath[int]) -> Response:
    username = await accounts.end_sessions(principal_of(request), account_id)
    return flash(request, request.app.route_reverse("list_accounts") + "?" + urlencode({"q": username}), "account.sessions_ended")


ROUTES = [list_accounts, end_account_sessions]
