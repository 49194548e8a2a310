"""``/health``: the state of the database and the broker, for load balancers."""

from __future__ import annotations

import time

import anyio
from litestar import get
from litestar.response import Response

from app.regions.tables import Region
from app.web.auth import PUBLIC
from workers.broker import broker_health


async def database_health() -> dict:
    started = time.perf_counter()
    try:
        await Region.raw("SELECT 1")
    except Exception as exc:  # any failure means "not healthy"
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


@get("/health", name="health", opt=PUBLIC, cache=False)
async def health() -> Response:
    database = await database_health()
    broker = await anyio.to_thread.run_sync(broker_health)
    ok = database["ok"] and broker["ok"]
    return Response(
        {"status": "ok" if ok else "unavailable", "database": database, "broker": broker},
        status_code=200 if ok else 503,
    )


ROUTES = [health]
