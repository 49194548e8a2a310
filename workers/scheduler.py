"""The one cron table. Embedded mode runs it inside the web process; production runs exactly one
``changxiao scheduler`` process. A tick missed while the scheduler is down is not made up.

``resend_abandoned_jobs`` runs every ``JOB_RESEND_SECONDS`` (a minute): a job whose worker died
runs again within the lease and a tick of its last heartbeat, and one interrupted too often fails."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from app.accounts.logic import SYSTEM
from app.credit.services.recompute import start_nightly
from app.flags.services import scan as flag_scan
from app.jobs import services as jobs
from app.settings import get_settings

log = logging.getLogger("changxiao.scheduler")


async def recount_regions() -> None:
    await jobs.start_job(SYSTEM, "recount_regions")


async def refresh_rating_tallies() -> None:
    await jobs.start_job(SYSTEM, "refresh_rating_tallies", audited=False)


async def scan_flags() -> None:
    """The daily flag scan (预警), in the early morning: the street's to-do list is fresh when it opens."""
    await flag_scan.start_scan(SYSTEM)


async def recompute_credit() -> None:
    """The credit scores every night (app.credit.services.recompute.start_nightly): a record entered
    or an objection answered shows the next morning (the bureau may also start one from the rankings page)."""
    await start_nightly(SYSTEM)


async def resend_abandoned_jobs() -> None:
    count = await jobs.resend_unfinished()
    if count:
        log.info("sent %d unfinished jobs again", count)


def cron_table() -> list:
    return [
        (recount_regions, CronTrigger(hour=2, minute=15, timezone="Asia/Shanghai")),
        (refresh_rating_tallies, CronTrigger(minute=5, timezone="Asia/Shanghai")),  # hourly: satisfaction pages
        (scan_flags, CronTrigger(hour=1, minute=30, timezone="Asia/Shanghai")),
        (recompute_credit, CronTrigger(hour=3, minute=5, timezone="Asia/Shanghai")),
        (resend_abandoned_jobs, IntervalTrigger(seconds=get_settings().broker.job_resend_seconds)),
    ]


def make_scheduler() -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="Asia/Shanghai")
    for func, trigger in cron_table():
        scheduler.add_job(func, trigger, id=func.__name__, coalesce=True, max_instances=1, misfire_grace_time=300)
    return scheduler
