"""The application: plugins, templates, routes, and the lifespan that owns the database pool."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.datastructures import State
from litestar.logging import LoggingConfig
from litestar.static_files import create_static_files_router
from litestar_htmx import HTMXPlugin

from app import domains
from app.cli import CLIPlugin
from app.db import start_pool
from app.jobs import services as job_services
from app.piccolo_conf import DB
from app.settings import BASE_DIR, get_settings
from app.stores import redis_client
from app.web import health
from app.web.auth import PUBLIC, AuthMiddleware
from app.web.csrf import CSRFMiddleware
from app.web.diagnostics import query_count_middleware
from app.web.errors import EXCEPTION_HANDLERS
from app.web.headers import add_security_headers
from app.web.paths import sane_path
from app.web.rendering import template_config
from app.web.sessions import SessionStore, make_store
from app.web.throttle import make_throttle
from workers import actors as _actors  # noqa: F401  (declares the actors and the job dispatcher)
from workers.broker import is_embedded, start_embedded_worker
from workers.scheduler import make_scheduler

log = logging.getLogger("changxiao")

ROUTES = [*domains.routes(), *health.ROUTES]


def create_app(*, embedded_worker: bool = True, scheduler: bool = True) -> Litestar:
    settings = get_settings()
    redis = redis_client(settings.auth.redis_url) if settings.auth.redis_url else None
    sessions = SessionStore(make_store(settings, redis), settings.auth.session_max_age)
    throttle = make_throttle(settings, redis)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if settings.db.is_postgres:
            await start_pool(settings.db.pool_min, settings.db.pool_max)
        worker = None
        cron = None
        if is_embedded() and embedded_worker:
            worker = start_embedded_worker(asyncio.get_running_loop(), settings.broker.embedded_threads)
            if scheduler:
                cron = make_scheduler()
                cron.start()
        try:
            resent = await job_services.resend_unfinished(at_start_up=True)
            if resent:
                log.info("sent %d unfinished jobs again", resent)
            # Objects made at start-up live forever: keep the collector from scanning them (p99).
            gc.freeze()
            yield
        finally:
            if cron is not None:
                cron.shutdown(wait=False)
            if worker is not None:
                # Stop from a thread: the worker's threads may be waiting on coroutines of this loop.
                await asyncio.to_thread(worker.stop)
            if redis is not None:
                await redis.aclose()
            if settings.db.is_postgres:
                await DB.close_connection_pool()

    handlers = dict(EXCEPTION_HANDLERS)
    if settings.app.debug:
        handlers = {key: value for key, value in handlers.items() if key is not Exception}  # Litestar's debug page

    return Litestar(
        route_handlers=[
            *ROUTES,
            create_static_files_router(path="/static", directories=[Path(BASE_DIR / "static")], opt=PUBLIC, name="static"),
        ],
        state=State({"sessions": sessions, "throttle": throttle}),
        # The session first; then the CSRF check, which needs the session's secret.
        middleware=[
            *([query_count_middleware] if settings.app.query_count_header else []),
            AuthMiddleware(sessions),
            CSRFMiddleware(settings.app.cookie_secure),
        ],
        before_send=[add_security_headers],
        plugins=[HTMXPlugin(), CLIPlugin()],
        template_config=template_config(),
        exception_handlers=handlers,
        guards=[sane_path],  # ids beyond int4 and NULs in paths: 404 before any handler
        lifespan=[lifespan],
        debug=settings.app.debug,
        openapi_config=None,  # no API yet; the JSON API will publish its own schema
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]},
            loggers={
                "changxiao": {"level": "INFO", "propagate": True},
                "apscheduler": {"level": "WARNING", "propagate": True},  # one line per tick is noise
            },
            log_exceptions="debug",
        ),
    )
