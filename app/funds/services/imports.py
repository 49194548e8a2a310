"""Importing a bank statement of deposits into a community's fund: the dry run, then the posting.

The dry run reads the file (``app.funds.statements``, in a thread, as the register's import reads
its files), matches its rows to the community's households and marks the rows the ledger already
holds; nothing is posted. A file with rows to post is kept in the Upload table, and the confirm
button names only that stored upload and a digest of what the dry run showed. Confirming reads the
stored file again and matches it again against the register as it is then: when the result is not
what the user saw (the register changed, or the form was tampered with), nothing is posted and the
new dry run is shown. Each row posts under its own idempotency key, so a file imported twice, or a
confirm sent twice, posts each deposit once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import anyio

from app import clock
from app.accounts.logic import Principal
from app.communities.services.imports import drop_upload, store_upload, stored_upload
from app.communities.tables import Household
from app.errors import FieldError
from app.funds.services.ledger import MEMO_LENGTH, Draft, post_entries
from app.funds.statements import HouseholdRecord, RowProblem, StatementCheck, check_statement, statement_message
from app.funds.tables import FundEntry
from app.i18n import gettext as _

SUFFIXES = ("xlsx", "csv")
# Statements read at once by one process (each holds its file in memory while it waits).
_reading = anyio.CapacityLimiter(2)


@dataclass
class StatementRun:
    """A dry run as the page shows it."""

    check: StatementCheck
    filename: str = ""
    posted_keys: set[str] = field(default_factory=set)  # rows the ledger already holds
    labels: dict[int, str] = field(default_factory=dict)  # household id → "1号楼 1-101"
    upload: str | None = None  # the stored file, when there is something to post
    digest: str = ""

    @property
    def to_post(self) -> list:
        return [deposit for deposit in self.check.matched if deposit.key not in self.posted_keys]

    @property
    def already(self) -> int:
        return len(self.check.matched) - len(self.to_post)

    @property
    def to_post_fen(self) -> int:
        return sum(deposit.amount_fen for deposit in self.to_post)


def failed(message: str, filename: str = "") -> StatementRun:
    """A dry run that stops at the file: ``message`` says why."""
    return StatementRun(StatementCheck(problems=[RowProblem(0, "", message)]), filename)


def suffix_of(filename: str) -> str:
    return filename.lower().rsplit(".", 1)[-1] if "." in filename else ""


def digest_of(check: StatementCheck) -> str:
    """What the user confirms: each matched row's key, household and amount."""
    text = "\n".join(f"{d.key} {d.household_id} {d.amount_fen}" for d in sorted(check.matched, key=lambda d: d.key))
    return hashlib.sha256(text.encode()).hexdigest()


async def _register(community_id: int) -> tuple[list[HouseholdRecord], dict[int, str]]:
    rows = await Household.select(
        Household.id, Household.unit_number, Household.building.number.as_alias("building"),
        Household.owner.name.as_alias("owner_name"), Household.owner.phone.as_alias("owner_phone"),
    ).where(Household.community == community_id)
    records = [HouseholdRecord(row["id"], row["building"] or "", row["unit_number"], row["owner_name"] or "",
                               row["owner_phone"] or "") for row in rows]
    return records, {record.id: f"{record.building} {record.unit_number}" for record in records}


async def _posted(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        rows = await FundEntry.select(FundEntry.idempotency_key).where(FundEntry.idempotency_key.is_in(keys[start:start + 500]))
        found.update(row["idempotency_key"] for row in rows)
    return found


async def _check(community_id: int, data: bytes, filename: str) -> StatementRun:
    if suffix_of(filename) not in SUFFIXES:
        return failed(statement_message("type"), filename)
    if _reading.available_tokens == 0 and _reading.statistics().tasks_waiting >= 4:
        return failed(statement_message("busy"), filename)
    records, labels = await _register(community_id)
    check = await anyio.to_thread.run_sync(
        lambda: check_statement(data, filename, records, scope=str(community_id), today=clock.today()), limiter=_reading)
    posted = await _posted([deposit.key for deposit in check.matched])
    return StatementRun(check, filename, posted, labels, digest=digest_of(check))


async def dry_run(actor: Principal, community_id: int, data: bytes, filename: str) -> StatementRun:
    """Read and match the statement; keep the file when it has deposits not yet posted."""
    run = await _check(community_id, data, filename)
    if run.to_post:
        run.upload = await store_upload(actor, data, filename)
    return run


@dataclass
class Imported:
    posted: int = 0  # deposits posted now
    already: int = 0  # matched rows the ledger already held
    posted_fen: int = 0
    run: StatementRun | None = None  # when nothing was posted: the dry run to show again, and why
    message: str = ""


async def confirm(actor: Principal, community_id: int, upload: str, filename: str, digest: str) -> Imported:
    """Post the matched deposits of the stored upload, when matching it again gives what was shown."""
    data = await stored_upload(actor, upload)
    if data is None:
        return Imported(run=failed(_gone()), message=_gone())
    run = await _check(community_id, data, upload)  # read as the stored name's type, whatever the form says
    run.filename = filename
    if run.digest != digest:
        run.upload = upload if run.to_post else None
        return Imported(run=run, message=_changed())
    fresh = run.to_post
    if fresh:
        drafts = [Draft("deposit", d.amount_fen, d.key, d.household_id, memo=_memo(d)) for d in run.check.matched]
        try:
            await post_entries(actor, community_id, drafts)
        except FieldError as error:
            return Imported(run=run, message=error.message)
    await drop_upload(upload)
    return Imported(len(fresh), run.already, sum(d.amount_fen for d in fresh))


def _memo(deposit) -> str:
    return " · ".join(part for part in (deposit.payer, deposit.memo, deposit.serial) if part)[:MEMO_LENGTH]


def _gone() -> str:
    return _("That upload is no longer here: upload the file again.")


def _changed() -> str:
    return _("The statement no longer matches what was checked (the register may have changed): nothing was posted. Look at the new check below and confirm again.")
