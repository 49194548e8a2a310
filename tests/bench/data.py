"""The benchmark's database: created when missing, migrated, filled by ``demo generate`` once per scale,
seed and generator version (the audit entry it writes is the marker), with two logins of its own.

Imported only after ``__main__`` has pointed the environment at that database.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.communities.tables import Community
from app.decisions.tables import Decision
from app.demo.generate import GENERATOR_VERSION, generate, marker
from app.demo.load import database_is_empty
from app.funds.tables import FundEntry
from app.migrate import migrate_forwards
from app.operations.logs.tables import ServiceLog
from app.piccolo_conf import DB
from tests.bench.complaints import company_login
from tests.bench.pages import STREET

PASSWORD = "bench-password-0123456789"
USERS = {"province": ("bench-province", "bureau", "63"), "street": ("bench-street", "street", STREET),
         "company": ("bench-company", "company", "")}  # its company: tests/bench/complaints.py


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, user + host + port, parts.path, "", ""))


async def ensure_database(url: str) -> bool:
    """Create the database when it does not exist; True when it was created."""
    name = database_name(url)
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        connection = await asyncpg.connect(maintenance, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {without_password(maintenance)} ({exc}): start it, or "
                         f"set BENCH_DATABASE_URL") from None
    try:
        if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        await connection.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await connection.close()


async def prepare(scale: str, seed: int) -> dict:
    """Migrate, generate unless the marker says this data is already there, make the logins; answers
    what the run needs to know (the community page's id, whether and how long it generated)."""
    await migrate_forwards()
    await DB.start_connection_pool(min_size=1, max_size=4)
    try:
        made = await marker()
        wanted = {"scale": scale, "seed": seed, "version": GENERATOR_VERSION}
        reused = made is not None and {key: made.get(key) for key in wanted} == wanted
        if not reused:
            empty = await database_is_empty()
            print(f"generating {scale}-scale data (seed {seed})" + ("" if empty else ", replacing what the database held"))
            started = time.perf_counter()
            made = await generate(scale, seed, force=not empty, progress=lambda line: print("  " + line, flush=True))
            made["generated_in_s"] = round(time.perf_counter() - started, 1)
        for username, role, region in USERS.values():
            if role == "company":
                await company_login(username, PASSWORD)
            elif not await Account.exists().where(Account.username == username):
                await accounts.create_account(SYSTEM, username=username, password=PASSWORD, role=role, region_code=region,
                                              display_name=username)
        biggest = await Community.select(Community.id, Community.household_count).where(
            Community.region_code.like(STREET + "%")
        ).order_by(Community.household_count, ascending=False).order_by(Community.id).first()
        decisions = await Decision.select(Decision.id, Decision.building_ids).where(
            Decision.community == biggest["id"], Decision.state != "draft"
        ).order_by(Decision.id).output(load_json=True)
        decision = next((row for row in decisions if not row["building_ids"]), None)
        household = await FundEntry.select(FundEntry.household).where(
            (FundEntry.community == biggest["id"]) & FundEntry.household.is_not_null()).order_by(FundEntry.id).first()
        # The company whose logs are measured: the one that last logged a service in the street.
        logger = await ServiceLog.select(ServiceLog.company).where(ServiceLog.region_code.like(STREET + "%")).order_by(
            ServiceLog.service_date, ascending=False).first()
        # The race posts to another community of the street, so the pages measured keep their ledger.
        racer = await FundEntry.select(FundEntry.community, FundEntry.household).where(
            FundEntry.community.is_in(Community.select(Community.id).where(Community.region_code.like(STREET + "%")))
            & (FundEntry.community != biggest["id"]) & FundEntry.household.is_not_null()).order_by(FundEntry.id).first()
    finally:
        await DB.close_connection_pool()
    return {"reused": reused, "data": made, "community": biggest["id"], "community_households": biggest["household_count"],
            "decision": decision["id"] if decision else 0, "household": household["household"] if household else 0,
            "race": racer, "company": logger["company"] if logger else 0}
