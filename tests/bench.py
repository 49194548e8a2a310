"""`make bench`: page latencies and the recount at province scale (5,000 communities).

Runs in-process against a database of its own (SQLite under a temp dir, or BENCH_DATABASE_URL),
prints p50/p95 per page and the recount's duration, and exits non-zero when a target is missed.
Targets are for this 2-core machine; they live here, never in timed tests.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal

_VAR = tempfile.mkdtemp(prefix="changxiao-bench-")
os.environ.update(CHANGXIAO_VAR_DIR=_VAR, SECRET_KEY="bench-secret-key-0123456789-0123456789", PICCOLO_CONF="app.piccolo_conf")
os.environ.pop("BROKER_URL", None)
os.environ.pop("DATABASE_URL", None)
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

from app.accounts.logic import hash_password  # noqa: E402
from app.accounts.tables import Account  # noqa: E402
from app.asgi import create_app  # noqa: E402
from app.communities.tables import Community  # noqa: E402
from app.companies.tables import Company  # noqa: E402
from app.management.tables import Arrangement  # noqa: E402
from app.db import is_postgres, transaction  # noqa: E402
from app.accounts.logic import SYSTEM  # noqa: E402
from app.regions import divisions  # noqa: E402
from app.migrate import migrate_forwards  # noqa: E402
from app.piccolo_conf import DB  # noqa: E402
from app.regions import services as regions  # noqa: E402
from tests.conftest import serve  # noqa: E402
from tests.factories import csrf_from  # noqa: E402

COMMUNITIES = int(os.environ.get("BENCH_COMMUNITIES", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
TARGETS_MS = {
    "p95 community list": 60, "p95 community search": 80, "p95 region page": 40, "p95 home": 60,
    "p95 overview": 80, "p95 unmanaged list": 80,
}
RECOUNT_TARGET_S = 5.0


async def seed() -> None:
    if is_postgres():
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")
    await migrate_forwards()
    rng = random.Random(5000)
    tree = divisions.read_vendored()  # Qinghai's real tree: 536 residents' committees
    await regions.import_divisions(SYSTEM, tree, "63")
    residents = [node.code for node in tree if len(node.code) == 12]
    rows = []
    for n in range(COMMUNITIES):
        region = residents[n % len(residents)]
        households = rng.randint(40, 600)
        rows.append(
            Community(
                code=f"{region}{n // len(residents) + 1:03d}", name=f"{rng.choice('建国共和和平团结幸福')}小区{n}",
                region_code=region, year_built=rng.randint(1980, 2010), household_count=households,
                building_count=households // 40 + 1, total_area=Decimal(households * 75),
            )
        )
    async with transaction():
        for start in range(0, len(rows), 500):
            await Community.insert(*rows[start : start + 500])
    company_rows = await Company.insert(
        *[Company(name=f"物业{n}", uscc=f"BENCH{n:013d}", region_code="630102") for n in range(50)]
    ).returning(Company.id)
    ids = await Community.select(Community.id, Community.region_code)
    arrangements = [
        Arrangement(community=row["id"], region_code=row["region_code"], mode="professional",
                    start_date=date(2024, 1, 1), end_date=date(2030, 12, 31),
                    company=company_rows[index % 50]["id"], contract_number=f"B{index}", service_level="star1",
                    fee_fen_per_m2_month=60)
        for index, row in enumerate(ids) if index % 10 < 6
    ]
    async with transaction():
        for start in range(0, len(arrangements), 500):
            await Arrangement.insert(*arrangements[start : start + 500])
    password = hash_password("bench-password")
    await Account.insert(
        Account(username="province", password_hash=password, role="bureau", region_code="63"),
        Account(username="street", password_hash=password, role="street", region_code="630102001"),
    )


async def timed(client, path: str, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return samples


def report(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{name:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {1000 / statistics.mean(ordered):7.0f} req/s (1 client)")
    return {f"p95 {name}": p95}


async def main() -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the figures
    print(f"database: {'PostgreSQL' if is_postgres() else 'SQLite'}, {COMMUNITIES} communities, {REQUESTS} requests a page")
    await seed()
    started = time.perf_counter()
    summary = await regions.recount()
    recount_s = time.perf_counter() - started
    print(f"recount of {summary['nodes']} nodes              {recount_s:7.2f} s")
    results: dict[str, float] = {}
    async with serve(create_app(scheduler=False)) as client:
        page = await client.get("/login")
        await client.post("/login", data={"username": "province", "password": "bench-password", "_csrf_token": csrf_from(page.text)})
        await timed(client, "/communities", 20)  # warm up
        results |= report("community list", await timed(client, "/communities", REQUESTS))
        results |= report("community search", await timed(client, "/communities?q=%E5%B9%B8%E7%A6%8F&page=3", REQUESTS))
        results |= report("region page", await timed(client, "/regions/630100", REQUESTS))
        results |= report("home", await timed(client, "/", REQUESTS))
        results |= report("overview", await timed(client, "/overview", REQUESTS))
        results |= report("unmanaged list", await timed(client, "/communities?mode=none&old=1", REQUESTS))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory                  {peak_mb:7.0f} MB")
    missed = [f"{key}: {value:.1f} ms > {TARGETS_MS[key]} ms" for key, value in results.items() if value > TARGETS_MS[key]]
    if recount_s > RECOUNT_TARGET_S:
        missed.append(f"recount: {recount_s:.2f} s > {RECOUNT_TARGET_S} s")
    print("targets met" if not missed else "MISSED: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
