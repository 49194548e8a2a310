"""``changxiao demo generate``: street-, county- or province-scale demo data, written in bulk.

Goes only into an empty database (``force`` empties it first). The region tree is imported, then
companies, street staff, communities with their registers (in chunks, with progress), then who
manages what, all in one transaction; then the region figures are recounted by the recount service
and one audit entry records what was made. That entry is the marker ``make bench`` reads to reuse
data made at the same scale and seed by the same generator version.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from piccolo.table import sort_table_classes

from app import clock
from app.accounts.logic import SYSTEM, hash_password
from app.accounts.tables import Account
from app.audit import services as audit
from app.audit.tables import AuditEntry
from app.committees.tables import Committee, CommitteeMember
from app.communities.tables import Building, Community, Household, Owner
from app.companies.tables import Company, Subsidy
from app.db import is_postgres, transaction
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.demo import bulk, world
from app.demo.committees import committees_of
from app.demo.complaints import Deadlines, complaints_of
from app.demo.decisions import decisions_of
from app.demo.funds import funds_of, rates_of
from app.demo.load import DEMO_PASSWORD, database_is_empty
from app.demo.management import Context, Management, street_management, subsidies
from app.demo.ratings import periods_for, ratings_of, tally_rows
from app.demo.register import register_of
from app.demo.service_logs import SamplePhotos, logs_of
from app.demo.world import SCALES, Ids, Place, Scale, rng_for
from app.funds.tables import FundAccount, FundEntry, FundHousehold, FundRate
from app.management.tables import Arrangement, Bundle, BundleProject, SharedService
from app.operations.grievances.tables import Complaint, ComplaintEvent
from app.operations.logs.tables import ServiceLog
from app.operations.ratings.tables import Rating, RatingTally
from app.photos.tables import Photo
from app.piccolo_app import APP_CONFIG
from app.piccolo_conf import DB
from app.regions import divisions
from app.regions import services as regions
from app.settings import get_settings

# Bump when the generator makes different data for the same scale and seed (the benchmark then regenerates).
GENERATOR_VERSION = 7  # 2: owner committees; 3: owners' decisions with their heads and ballots; 4: maintenance funds
# 5: complaints; 6: owners' ratings; 7: service logs
DEFAULT_SEED = 268  # the policy's document number
CHUNK = 250  # communities whose registers are written at a time
TABLES = [Company, Account, Community, Building, Owner, Household, Bundle, BundleProject, Arrangement, SharedService, Subsidy,
          Committee, CommitteeMember, Decision, DecisionHead, Ballot, FundRate, FundAccount, FundHousehold, FundEntry,
          Complaint, ComplaintEvent, Rating, RatingTally, ServiceLog, Photo]
PROVINCE_LOGIN = "province"  # a bureau login over the whole province, password DEMO_PASSWORD

Progress = Callable[[str], None]


class NotEmpty(RuntimeError):
    pass


async def empty_database() -> None:
    """Every table of the app emptied (the migrations' own bookkeeping kept)."""
    tables = [table._meta.tablename for table in sort_table_classes(APP_CONFIG.table_classes)]
    if is_postgres():
        await DB.run_ddl(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        return
    async with transaction():
        for table in reversed(tables):
            await DB.run_ddl(f"DELETE FROM {table}")


async def marker() -> dict | None:
    """What the last generation made (scale, seed, version, counts), or None."""
    row = await AuditEntry.select(AuditEntry.summary).where(AuditEntry.action == "demo.generate").order_by(
        AuditEntry.id, ascending=False
    ).first()
    if row is None:
        return None
    summary = row["summary"]
    return json.loads(summary) if isinstance(summary, str) else summary


async def generate(scale: Scale | str, seed: int = DEFAULT_SEED, *, force: bool = False,
                   progress: Progress | None = None) -> dict:
    """Make the data; returns its counts and how long it took. Raises ``NotEmpty`` on a database
    that holds data, unless ``force``."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    say = progress or (lambda line: None)
    started = time.perf_counter()
    own_pool = is_postgres() and DB.pool is None  # the CLI has none; a recount without one opens a connection a query
    if own_pool:
        await DB.start_connection_pool(min_size=1, max_size=4)
    try:
        if not await database_is_empty():
            if not force:
                raise NotEmpty("the database already holds data; demo data goes only into an empty one (--force empties it first)")
            say("emptying the database")
            await empty_database()
        tree = divisions.read_vendored()
        await regions.import_divisions(SYSTEM, tree, "63")
        counts = await _write(scale, seed, Place(tree, scale.area), say, started)
        say(f"recounting the region tree ({time.perf_counter() - started:.0f} s)")
        await regions.recount()
        counts.update(scale=scale.name, seed=seed, version=GENERATOR_VERSION, seconds=round(time.perf_counter() - started, 1))
        await audit.record(SYSTEM, "demo.generate", "demo", scale.name, counts)
    finally:
        if own_pool:
            await DB.close_connection_pool()
    return counts


async def _write(scale: Scale, seed: int, place: Place, say: Progress, started: float) -> dict:
    today, now = clock.today(), clock.utcnow()
    password_hash = hash_password(DEMO_PASSWORD)
    async with bulk.writer() as out:
        ids = Ids(await out.next_ids(TABLES))
        communities = world.communities(place, scale, ids, seed, now)
        companies = world.companies(place, scale, ids, seed, today, communities)
        staff = world.street_staff(place, ids, seed, password_hash, communities)
        province = {"id": ids.take("account"), "username": PROVINCE_LOGIN, "role": "bureau", "region_code": "63",
                    "display_name": "青海省住房和城乡建设厅", "password_hash": password_hash}
        await out.write(Company, companies)
        await out.write(Account, [province, *staff])
        rng = rng_for(seed, "register")
        committee_rng = rng_for(seed, "committees")
        households = committees = decisions = ballots = entries = 0
        units_of: dict[int, list[int]] = {}  # community -> household ids, for the ratings made after management
        decision_rng = rng_for(seed, "decisions")
        fund_rng = rng_for(seed, "funds")
        rates = rates_of([community["region_code"][:6] for community in communities], fund_rng, ids)
        await out.write(FundRate, rates)
        rate_of = {row["region_code"]: row["rate_fen_per_m2"] for row in rates}
        for start in range(0, len(communities), CHUNK):
            chunk = communities[start : start + CHUNK]
            made: tuple[list, list, list] = ([], [], [])
            for community in chunk:
                for rows, more in zip(made, register_of(community, ids, rng, now)):
                    rows.extend(more)
            await out.write(Community, chunk)
            await out.write(Building, made[0])
            await out.write(Owner, made[1])
            await out.write(Household, made[2])
            elected, members = committees_of(chunk, made[2], ids, committee_rng, today, now)
            await out.write(Committee, elected)
            await out.write(CommitteeMember, members)
            households += len(made[2])
            for row in made[2]:
                units_of.setdefault(row["community"], []).append(row["id"])
            committees += len(elected)
            voted: tuple[list, list, list] = ([], [], [])
            names = {owner["id"]: owner["name"] for owner in made[1]}
            by_community: dict[int, tuple[list, list]] = {community["id"]: ([], []) for community in chunk}
            for building in made[0]:
                by_community[building["community"]][0].append(building)
            for household in made[2]:
                by_community[household["community"]][1].append(household)
            for community in chunk:
                buildings, units = by_community[community["id"]]
                for rows, more in zip(voted, decisions_of(community, buildings, units, names, ids, decision_rng, today, now)):
                    rows.extend(more)
            await out.write(Decision, voted[0])
            await out.write(DecisionHead, voted[1])
            await out.write(Ballot, voted[2])
            decisions += len(voted[0])
            ballots += len(voted[2])
            funded: tuple[list, list, list] = ([], [], [])
            for community in chunk:
                account, subs, ledger = funds_of(community, by_community[community["id"]][1], rate_of, ids, fund_rng, today)
                funded[0].append(account)
                funded[1].extend(subs)
                funded[2].extend(ledger)
            for table, rows in zip((FundAccount, FundHousehold, FundEntry), funded):
                await out.write(table, rows)
            entries += len(funded[2])
            say(f"communities {start + len(chunk):,} / {len(communities):,} · households {households:,} "
                f"· fund entries {entries:,} ({time.perf_counter() - started:.0f} s)")
        policy = get_settings().policy
        ctx = Context(
            rng=rng_for(seed, "management"), ids=ids, today=today, now=now, service_levels=policy.service_levels,
            notice_days={"dismissal": policy.dismissal_notice_days, "non_renewal": policy.non_renewal_notice_days},
            companies=companies, street_names=place.names,
        )
        managed = _manage(ctx, communities, {row["region_code"]: row["id"] for row in staff})
        for table, rows in ((Bundle, managed.bundles), (BundleProject, managed.projects),
                            (Arrangement, managed.arrangements), (SharedService, managed.shared)):
            await out.write(table, rows)
        await out.write(Subsidy, subsidies(ctx, _by_company(managed, communities, today), place.names))
        complaints = await _complaints(out, communities, managed, staff, companies, ids, rng_for(seed, "complaints"), now)
        service_logs = await _service_logs(out, communities, managed, ids, seed, say, started)
        say(f"arrangements {len(managed.arrangements):,} · bundles {len(managed.bundles):,} · shared service "
            f"{len(managed.shared):,} · complaints {complaints:,} ({time.perf_counter() - started:.0f} s)")
        ratings = await _rate(out, ctx, communities, units_of, managed, policy.rating_period, seed, say, started)
        say(f"committing ({time.perf_counter() - started:.0f} s)")
    return {"communities": len(communities), "households": households, "companies": len(companies),
            "decisions": decisions, "ballots": ballots, "fund_entries": entries,
            "arrangements": len(managed.arrangements), "bundles": len(managed.bundles),
            "shared_services": len(managed.shared), "subsidies": out.written.get("subsidy", 0), "committees": committees,
            "complaints": complaints, "ratings": ratings, "service_logs": service_logs}


async def _complaints(out, communities: list[dict], managed: Management, staff: list[dict], companies: list[dict],
                      ids: Ids, rng, now) -> int:
    """Each community's complaints, routed by its generated arrangements; written a chunk at a time."""
    policy = get_settings().policy
    deadlines = Deadlines(policy.complaint_response_working_days, policy.working_day_ends_at)
    arrangements, shared = _by_community(managed)
    staff_of = {row["region_code"]: row["id"] for row in staff}
    names = {row["id"]: row["name"] for row in companies}
    written = 0
    for start in range(0, len(communities), CHUNK):
        rows: list[dict] = []
        events: list[dict] = []
        for community in communities[start : start + CHUNK]:
            made, timeline = complaints_of(community, arrangements.get(community["id"], []),
                                           shared.get(community["id"], []), staff_of[community["region_code"][:9]],
                                           names, deadlines, ids, rng, now)
            rows += made
            events += timeline
        await out.write(Complaint, rows)
        await out.write(ComplaintEvent, events)
        written += len(rows)
    return written


def _by_community(managed: Management) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """The generated arrangements and shared services, by community."""
    arrangements: dict[int, list[dict]] = {}
    shared: dict[int, list[dict]] = {}
    for row in managed.arrangements:
        arrangements.setdefault(row["community"], []).append(row)
    for row in managed.shared:
        shared.setdefault(row["community"], []).append(row)
    return arrangements, shared


async def _rate(out, ctx: Context, communities: list[dict], units_of: dict[int, list[int]], managed: Management,
                rating_period: str, seed: int, say: Progress, started: float) -> int:
    """Owners' ratings (app/demo/ratings.py), written a chunk of communities at a time, then their tallies."""
    rng = rng_for(seed, "ratings")
    periods = periods_for(ctx.today, rating_period)
    arrangements, shared = _by_community(managed)
    tallies: dict[tuple, list[int]] = {}
    count = 0
    for start in range(0, len(communities), CHUNK):
        rows: list[dict] = []
        for community in communities[start : start + CHUNK]:
            cid = community["id"]
            rows.extend(ratings_of(community, units_of.get(cid, []), arrangements.get(cid, []), shared.get(cid, []),
                                   periods, ctx.ids, rng, ctx.today, ctx.now, tallies))
        await out.write(Rating, rows)
        count += len(rows)
        say(f"ratings {count:,} ({time.perf_counter() - started:.0f} s)")
    await out.write(RatingTally, tally_rows(tallies, ctx.ids, ctx.now))
    return count


async def _service_logs(out, communities: list[dict], managed: Management, ids: Ids, seed: int, say: Progress,
                        started: float) -> int:
    """Every community's service logs (app.demo.service_logs), written 50,000 at a time."""
    photos = SamplePhotos(get_settings().photos.directory)
    batch: tuple[list, list] = ([], [])
    written = 0
    for logs, pictures in logs_of(communities, managed.arrangements, managed.shared, ids, rng_for(seed, "service_logs"),
                                  clock.now(), photos):
        batch[0].extend(logs)
        batch[1].extend(pictures)
        if len(batch[0]) >= 50_000:
            written += await _write_logs(out, batch)
            say(f"service logs {written:,} ({time.perf_counter() - started:.0f} s)")
    return written + await _write_logs(out, batch)


async def _write_logs(out, batch: tuple[list, list]) -> int:
    count = len(batch[0])
    await out.write(ServiceLog, batch[0])
    await out.write(Photo, batch[1])
    batch[0].clear()
    batch[1].clear()
    return count


def _manage(ctx: Context, communities: list[dict], staff: dict[str, int]) -> Management:
    every = Management()
    by_street: dict[str, list[dict]] = {}
    for community in communities:
        by_street.setdefault(community["region_code"][:9], []).append(community)
    for street, members in by_street.items():
        made = street_management(ctx, street, members, staff[street])
        every.arrangements += made.arrangements
        every.bundles += made.bundles
        every.projects += made.projects
        every.shared += made.shared
    return every


def _by_company(made: Management, communities: list[dict], today) -> dict[int, list[dict]]:
    """The communities each company manages today, by contract (for the subsidies that name one)."""
    by_id = {community["id"]: community for community in communities}
    result: dict[int, list[dict]] = {}
    for row in made.arrangements:
        current = row["start_date"] <= today and (row["end_date"] is None or row["end_date"] >= today)
        if row["mode"] == "professional" and current:
            result.setdefault(row["company"], []).append(by_id[row["community"]])
    return result
