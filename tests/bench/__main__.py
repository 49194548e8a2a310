"""`make bench`: each key page under load at province scale on PostgreSQL, beside a bare route.

1. The database (BENCH_DATABASE_URL, created when missing) is migrated and filled by `demo generate`
   at BENCH_SCALE (province) and BENCH_SEED, unless the last generation's audit entry says it holds
   exactly that data already; two logins of the benchmark's own are made.
2. The app runs under uvicorn, one process, as in production (CHANGXIAO_ENV=production, no debug,
   sessions in Redis at BENCH_REDIS_URL, no worker or scheduler inside), with X-Query-Count on; a
   bare Litestar route runs beside it under the same uvicorn options.
3. Each key page (tests/bench/pages.py) is checked to answer 200, then driven by wrk at 1 and 32
   connections for BENCH_SECONDS each; the bare route at the start and at the end of the run. Before
   that, `changxiao funds verify` reads every ledger entry (its time and peak RSS) and 200 postings
   race at one household of another community (postings per second; none lost, none duplicated,
   no balance below zero: tests/bench/funds.py); and `changxiao credit recompute` scores every
   company (its time and peak RSS: tests/bench/credit.py).
4. The table and the targets are printed, the figures written to var/bench/<time>.json. A missed
   target fails the run only with BENCH_STRICT=1.
5. With BENCH_PROFILE=N, py-spy samples the web process while the N pages furthest from the bare
   route are driven again, and says where their time goes (tests/bench/profile.py).
"""

from __future__ import annotations

import asyncio
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/changxiao_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SCALE = os.environ.get("BENCH_SCALE", "province")
SEED = int(os.environ.get("BENCH_SEED", "268"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
STRICT = os.environ.get("BENCH_STRICT", "") == "1"
PROFILE = int(os.environ.get("BENCH_PROFILE", "0") or 0)
# BENCH_PAGES="fund,ballot": only the key pages whose name holds one of these words (a quick look at a
# page being worked on; the full run is the one to compare with the README's figures).
ONLY = [word.strip() for word in os.environ.get("BENCH_PAGES", "").split(",") if word.strip()]
CONNECTIONS = (1, 32)

# The app's configuration, in this process (for the data) and in the server's.
SERVER_ENV = {
    "CHANGXIAO_ENV": "production",
    "DEBUG": "false",
    "CHANGXIAO_VAR_DIR": tempfile.mkdtemp(prefix="changxiao-bench-"),
    "SECRET_KEY": "bench-secret-key-0123456789-0123456789-0123456789",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "BROKER_URL": REDIS_URL,  # jobs go to Redis and wait there: no worker threads inside the web process
    "BROKER_NAMESPACE": "changxiao-bench",
    "QUERY_COUNT_HEADER": "true",
    "PICCOLO_CONF": "app.piccolo_conf",
}
os.environ.update(SERVER_ENV)

from tests.bench import credit, flags, funds, profile, report, wrk  # noqa: E402
from tests.bench.pages import KEY_PAGES  # noqa: E402
from tests.bench.server import Server, log_in  # noqa: E402


def fail(message: str) -> None:
    print(f"make bench: {message}", file=sys.stderr)
    sys.exit(2)


def check_tools() -> None:
    if not DATABASE_URL.startswith(("postgresql://", "postgres://")):
        fail("BENCH_DATABASE_URL must be a postgresql:// URL: the targets are for PostgreSQL")
    if SCALE not in ("street", "county", "province"):
        fail("BENCH_SCALE (make bench SCALE=…) must be street, county or province")
    if not wrk.available():
        fail("wrk is missing: run 'make bench-deps' as root, or 'sudo apt-get install wrk'")
    if PROFILE and profile.executable() is None:
        fail("BENCH_PROFILE needs py-spy: .venv/bin/pip install py-spy")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        fail(f"Redis is not reachable at {REDIS_URL} ({exc}): start it, or set BENCH_REDIS_URL")


def measure_page(base: str, page, cookie: str, community: int, decision: int = 0, household: int = 0,
                 company: int = 0) -> dict:
    import httpx

    url = base + page.url(community, decision, household, company)
    headers = {"Cookie": f"cx_session={cookie}", **page.headers}
    for _ in range(3):  # warm, and the steady-state query count
        answer = httpx.get(url, headers=headers, follow_redirects=False, timeout=60)
        if answer.status_code != 200:
            fail(f"{page.name}: {page.url(community, decision, household, company)} answered {answer.status_code}, not 200")
    result = {"name": page.name, "user": page.user, "path": page.url(community, decision, household, company),
              "fragment": page.fragment,
              "queries": int(answer.headers.get("x-query-count", -1)), "bytes": len(answer.content)}
    for connections in CONNECTIONS:
        result[f"c{connections}"] = wrk.run(url, connections, SECONDS, headers)
    print(f"  {page.name:<28} {result['c1']['rps']:>8,.0f} req/s at 1, {result['c32']['rps']:>8,.0f} at 32", flush=True)
    return result


def measure_bare(base: str) -> dict:
    return {f"c{connections}": wrk.run(base + "/", connections, SECONDS) for connections in CONNECTIONS}


def profile_worst(app: Server, pages: list[dict], cookies: dict[str, str], community: int, decision: int = 0,
                  household: int = 0, company: int = 0) -> dict:
    """py-spy on the web process while the PROFILE pages with the smallest share of the bare route run again."""
    by_name = {page.name: page for page in KEY_PAGES}
    worst = sorted(pages, key=lambda page: page["c32"]["rps"])[:PROFILE]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    found = {}
    for measured in worst:
        page = by_name[measured["name"]]
        print(f"  profiling {page.name}", flush=True)
        out = ROOT / "var" / "bench" / f"{stamp}-profile-{KEY_PAGES.index(page):02d}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        found[page.name] = profile.record(app.process.pid, app.base + page.url(community, decision, household, company),
                                          {"Cookie": f"cx_session={cookies[page.user]}", **page.headers}, SECONDS, out)
    return found


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def main() -> int:
    check_tools()
    from tests.bench import data

    started = time.perf_counter()
    load_start = os.getloadavg()
    created = asyncio.run(data.ensure_database(DATABASE_URL))
    print(f"database {data.without_password(DATABASE_URL)}" + (" (created)" if created else ""))
    prepared = asyncio.run(data.prepare(SCALE, SEED))
    made = prepared["data"]
    print(("reusing" if prepared["reused"] else "generated") + f" {SCALE}-scale data (seed {SEED}): {made['communities']:,} "
          f"communities, {made['households']:,} households, {made['companies']:,} companies"
          + (f" in {made['generated_in_s']} s" if "generated_in_s" in made else ""))
    env = {**os.environ}
    print("funds verify over every entry, then 200 postings at once at one household", flush=True)
    fund_figures = {"verify": funds.verify(ROOT, env)}
    if prepared["race"]:
        fund_figures["race"] = asyncio.run(funds.race(prepared["race"]["community"], prepared["race"]["household"]))
    for line in funds.lines(fund_figures):
        print("  " + line, flush=True)
    print("flag scan over the whole installation, twice", flush=True)
    flag_figures = {"scan": flags.scan(ROOT, env)}
    for line in flags.lines(flag_figures):
        print("  " + line, flush=True)
    print("credit recompute of every company", flush=True)
    credit_figures = credit.recompute(ROOT, env)
    for line in credit.lines(credit_figures):
        print("  " + line, flush=True)
    log_dir = Path(SERVER_ENV["CHANGXIAO_VAR_DIR"])
    app = Server("app", "app.asgi:create_app", env, log_dir, factory=True)
    bare = Server("bare", "tests.bench.bare:app", env, log_dir)
    try:
        app.wait_ready("/health")
        bare.wait_ready("/")
        cookies = {user: log_in(app.base, username, data.PASSWORD) for user, (username, _, _) in data.USERS.items()}
        wrk.run(app.base + "/", 32, 2, {"Cookie": f"cx_session={cookies['province']}"})  # fill the pool, warm up
        key_pages = [page for page in KEY_PAGES if not ONLY or any(word in page.name for word in ONLY)]
        print(f"driving {len(key_pages)} pages at 1 and 32 connections, {SECONDS:g} s each (bare route at start and end)")
        bare_start = measure_bare(bare.base)
        pages = [measure_page(app.base, page, cookies[page.user], prepared["community"], prepared["decision"],
                              prepared["household"], prepared.get("company", 0)) for page in key_pages]
        bare_end = measure_bare(bare.base)
        log_in(app.base, data.USERS["street"][0], data.PASSWORD)  # the app still serves a login after the load
        memory = app.memory_mb()
        load_end = os.getloadavg()
        profiles = (profile_worst(app, pages, cookies, prepared["community"], prepared["decision"], prepared["household"],
                                  prepared.get("company", 0)) if PROFILE else {})
    finally:
        app.stop()
        bare.stop()
    bare_figures = {"start": bare_start, "end": bare_end}
    for connections in CONNECTIONS:
        key = f"c{connections}"
        bare_figures[key] = {"rps": round((bare_start[key]["rps"] + bare_end[key]["rps"]) / 2, 1)}
    for page in pages:
        page["share_32_pct"] = round(100 * page["c32"]["rps"] / bare_figures["c32"]["rps"], 2)
        page["share_1_pct"] = round(100 * page["c1"]["rps"] / bare_figures["c1"]["rps"], 2)
        page["misses"] = report.misses(page)
    memory["missed"] = memory["peak_rss_mb"] >= report.MAX_PEAK_RSS_MB
    result = {
        "started": datetime.now().isoformat(timespec="seconds"), "commit": commit(), "scale": SCALE, "seed": SEED,
        "database": data.without_password(DATABASE_URL), "data": made, "reused_data": prepared["reused"],
        "community_page": {"id": prepared["community"], "households": prepared["community_households"]},
        "seconds_per_run": SECONDS, "machine": {"cpus": os.cpu_count(), "load_average_start": load_start,
                                                "load_average_end": load_end, "python": platform.python_version()},
        "targets": report.TARGETS, "bare": bare_figures, "pages": pages, "web_process": memory,
        "profiles": profiles, "funds": fund_figures, "flags": flag_figures, "credit": credit_figures,
        "total_s": round(time.perf_counter() - started, 1),
    }
    print()
    print(f"Changxiao benchmark · {SCALE} scale, seed {SEED} · {result['started']} · commit {result['commit']} · "
          f"{os.cpu_count()} cores, load average {load_start[0]:.1f} before, {load_end[0]:.1f} after")
    if max(load_start[0], load_end[0]) > (os.cpu_count() or 1):
        print("The machine was busy with other work: every figure is lower than on a quiet machine; the shares of "
              "the bare route, measured in the same run, are the fairer comparison.")
    drift = abs(bare_start["c32"]["rps"] - bare_end["c32"]["rps"]) / max(bare_start["c32"]["rps"], bare_end["c32"]["rps"])
    if drift > 0.2:
        print(f"The bare route's figure moved {100 * drift:.0f}% between the start and the end of the run: each "
              "page's share of it is approximate.")
    print(report.table(result))
    for line in funds.lines(fund_figures):
        print(line)
    for line in flags.lines(flag_figures):
        print(line)
    for line in credit.lines(credit_figures):
        print(line)
    for name, found in profiles.items():
        print()
        print(profile.text(name, found))
    path = report.write_json(result, ROOT / "var" / "bench")
    print(f"figures: {path.relative_to(ROOT)} · {result['total_s']:.0f} s in all")
    if any(page["c1"]["errors"] or page["c32"]["errors"] for page in pages):
        print(f"some requests failed: the servers' logs are in {log_dir}")
    else:
        shutil.rmtree(log_dir, ignore_errors=True)
    missed = memory["missed"] or any(page["misses"] for page in pages) or not fund_figures["verify"]["all_as_posted"] \
        or not fund_figures.get("race", {"ok": True})["ok"] or not flag_figures["scan"]["ok"] \
        or (flag_figures["scan"]["first"]["scan_s"] or 0) >= flags.TARGET_SECONDS
    return 1 if STRICT and missed else 0


if __name__ == "__main__":
    sys.exit(main())
