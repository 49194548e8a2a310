"""``X-Query-Count``: how many SQL queries a response took, when ``QUERY_COUNT_HEADER`` is on (the benchmark)."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.querycount import count_queries

QUERY_COUNT_HEADER = b"x-query-count"


def query_count_middleware(app: ASGIApp) -> ASGIApp:
    """Outermost, so the session and principal look-ups of the auth middleware count too."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        with count_queries() as counted:

            async def send_counted(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers") or [])
                    headers.append((QUERY_COUNT_HEADER, str(counted[0]).encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_counted)

    return middleware
