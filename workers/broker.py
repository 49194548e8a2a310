"""The Dramatiq broker, chosen by ``BROKER_URL``; import this before any actor is declared.

Embedded (no ``BROKER_URL``): a StubBroker consumed by worker threads inside the web process.
Its messages live in memory and die with the process; the job table is what survives, and every
unfinished job is sent again at start-up (``jobs.services.resend_unfinished``). Async actors run
on the web server's own event loop, so they share its database pool.

Redis: Dramatiq's RedisBroker, consumed by separate ``changxiao worker`` processes, each opening
its own database pool on its AsyncIO loop, and sending again at start-up the jobs a dead worker
left behind (as the web process does; the scheduler does it every minute).
"""

from __future__ import annotations

import asyncio
import logging
import threading

import dramatiq
from dramatiq.asyncio import (
    EventLoopThread,
    get_event_loop_thread,
    set_event_loop_thread,
)
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    AsyncIO,
    Callbacks,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)
from dramatiq.middleware.middleware import Middleware

from app.piccolo_conf import DB
from app.settings import get_settings

log = logging.getLogger("changxiao.workers")


class _HostLoop(EventLoopThread):
    """Dramatiq's event-loop thread, standing in for a loop that already runs (the web server's)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        threading.Thread.__init__(self, daemon=True)
        self.interrupt_check_ival = 0.1
        self.logger = log
        self.loop = loop

    def start(self, *, timeout: float | None = None) -> None:  # the loop is already running
        return None

    def stop(self) -> None:
        return None


class EmbeddedAsyncIO(AsyncIO):
    """Runs async actors on the host loop when one is given, else on a loop thread of its own."""

    host_loop: asyncio.AbstractEventLoop | None = None

    def before_worker_boot(self, broker, worker):
        if self.host_loop is not None:
            set_event_loop_thread(_HostLoop(self.host_loop))
        else:
            super().before_worker_boot(broker, worker)

    def after_worker_shutdown(self, broker, worker):
        if isinstance(get_event_loop_thread(), _HostLoop):
            set_event_loop_thread(None)
        else:
            super().after_worker_shutdown(broker, worker)


class DatabasePool(Middleware):
    """Each worker process opens its own PostgreSQL pool on its AsyncIO loop (a pool belongs to one loop).

    Opened before the boot ends (after AsyncIO's loop exists): Dramatiq starts consuming before
    ``after_worker_boot``, and a job that began a transaction on a connection of its own and ended
    it after the pool opened failed with "Pool.release() received invalid connection" (a worker
    started with jobs waiting, as after a crash)."""

    def before_worker_boot(self, broker, worker):
        if get_settings().db.is_postgres:
            db = get_settings().db
            get_event_loop_thread().run_coroutine(
                DB.start_connection_pool(min_size=db.pool_min, max_size=db.pool_max)
            )

    def before_worker_shutdown(self, broker, worker):
        if get_settings().db.is_postgres:
            get_event_loop_thread().run_coroutine(DB.close_connection_pool())


class ResendAtBoot(Middleware):
    """A worker process that starts sends again the unfinished jobs: one started after a crashed
    worker's lease ran out takes its job over at once, scheduler or not (one started sooner leaves
    it to the scheduler's next tick). Every process of ``--processes N`` does so; a claim runs each
    job once."""

    def after_worker_boot(self, broker, worker):
        from app.jobs import services as jobs  # the dispatcher is set by workers.actors, imported by now

        try:
            resent = get_event_loop_thread().run_coroutine(jobs.resend_unfinished(at_start_up=True))
        except Exception:  # the scheduler's tick will try again; a worker should start regardless
            log.exception("could not send unfinished jobs again at start-up")
            return
        if resent:
            log.info("sent %d unfinished jobs again", resent)


def _middleware() -> list[Middleware]:
    # Dramatiq's defaults less Prometheus, which would open a port in every process.
    return [AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(), Retries(max_retries=0)]


def _make_broker() -> dramatiq.Broker:
    settings = get_settings().broker
    if settings.is_redis:
        broker = RedisBroker(url=settings.url, namespace=settings.namespace, middleware=_middleware())
        broker.add_middleware(AsyncIO())
        broker.add_middleware(DatabasePool())
        broker.add_middleware(ResendAtBoot())  # after DatabasePool: it needs the pool
        return broker
    broker = StubBroker(middleware=_middleware())
    broker.add_middleware(EmbeddedAsyncIO())
    return broker


broker = _make_broker()
dramatiq.set_broker(broker)


def is_embedded() -> bool:
    return isinstance(broker, StubBroker)


def embedded_asyncio() -> EmbeddedAsyncIO | None:
    for middleware in broker.middleware:
        if isinstance(middleware, EmbeddedAsyncIO):
            return middleware
    return None


def start_embedded_worker(loop: asyncio.AbstractEventLoop | None, threads: int) -> dramatiq.Worker:
    """Consume the in-memory queues inside this process; async actors run on ``loop``."""
    middleware = embedded_asyncio()
    if middleware is not None:
        middleware.host_loop = loop
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


def broker_health() -> dict:
    if is_embedded():
        return {"ok": True, "kind": "embedded"}
    try:
        broker.client.ping()
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the operator
        return {"ok": False, "kind": "redis", "error": type(exc).__name__}
    return {"ok": True, "kind": "redis"}
