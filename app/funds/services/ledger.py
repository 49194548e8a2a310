"""Posting to a community's fund ledger: the one way money moves, in one transaction.

Every posting locks the community's account (and the households' sub-accounts) before it reads a
balance, so racing postings queue up instead of losing an update: ``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite ``app.db.transaction`` takes the write lock at BEGIN (IMMEDIATE), which
serialises every writer. Under the lock an idempotency key already posted returns the first
result, and no household's balance (nor the account's) may go below zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit.services import record
from app.communities.tables import Community, Household
from app.db import is_postgres, transaction
from app.errors import FieldError, NotFound
from app.funds.logic import HOUSEHOLD_KINDS, KINDS, entry_hash, paid_part, sign_ok
from app.funds.shares import area_hundredths, first_deposit_fen
from app.funds.tables import FundAccount, FundEntry, FundHousehold, FundRate
from app.i18n import fmt_money
from app.i18n import gettext as _

KEY_LENGTH = 64
MEMO_LENGTH = 255


@dataclass(frozen=True)
class Draft:
    """An entry to post. ``idempotency_key`` names the submission (a form's hidden key, an import
    row's key): posting it again posts nothing and returns the entry first posted."""

    kind: str
    amount_fen: int
    idempotency_key: str
    household: int | None = None
    memo: str = ""
    corrects: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Posted:
    entries: list[dict]  # in the drafts' order: new ones, or those a key had already posted
    duplicate: bool  # every draft had been posted before: nothing new


async def rate_on(county_code: str, day: date) -> int | None:
    """The county's first-deposit rate (fen per m²) in effect on ``day``, or None if none is set."""
    row = await FundRate.select(FundRate.rate_fen_per_m2).where(
        (FundRate.region_code == county_code) & (FundRate.effective_from <= day)
    ).order_by(FundRate.effective_from, ascending=False).first()
    return row["rate_fen_per_m2"] if row else None


def _check_draft(draft: Draft) -> None:
    if draft.kind not in KINDS:
        raise FieldError("kind", _("Choose a kind of entry from the list."))
    if not sign_ok(draft.kind, draft.amount_fen):
        raise FieldError("amount", _("The amount must be more than zero.") if draft.amount_fen == 0
                         else _("This amount has the wrong sign for its kind of entry."))
    if draft.kind in HOUSEHOLD_KINDS and draft.household is None:
        raise FieldError("household", _("Choose the household."))
    if not draft.idempotency_key or len(draft.idempotency_key) > KEY_LENGTH:
        raise FieldError("idempotency_key", _("The form has expired: load it again and resubmit."))
    if len(draft.memo) > MEMO_LENGTH or len(draft.reason) > MEMO_LENGTH:
        raise FieldError("memo", _("At most %(n)s characters.", n=MEMO_LENGTH))


async def _lock_account(community: dict) -> dict:
    """The community's account, created on its first posting, locked until the transaction ends."""
    await FundAccount.raw(
        "INSERT INTO fund_account (community, region_code, balance_fen, entry_count, head_hash, updated_at) "
        "VALUES ({}, {}, 0, 0, '', {}) ON CONFLICT (community) DO NOTHING",
        community["id"], community["region_code"], clock.utcnow(),
    )
    lock = " FOR UPDATE" if is_postgres() else ""
    rows = await FundAccount.raw(
        "SELECT id, balance_fen, entry_count, head_hash FROM fund_account WHERE community = {}" + lock, community["id"]
    )
    return rows[0]


async def _lock_households(community: dict, household_ids: list[int]) -> dict[int, dict]:
    """The households' sub-accounts, opened on their first posting with the first deposit their area
    and the county's rate give (left at 0 while no rate is set, and fixed once one is), then locked."""
    if not household_ids:
        return {}
    units = await Household.select(Household.id, Household.floor_area, Household.unit_number).where(
        Household.id.is_in(household_ids) & (Household.community == community["id"]))
    if len(units) != len(household_ids):
        raise FieldError("household", _("Choose a household of this community."))
    rate = await rate_on(community["region_code"][:6], clock.today())
    for unit in units:
        due = first_deposit_fen(area_hundredths(unit["floor_area"]), rate) if rate is not None else 0
        await FundHousehold.raw(
            "INSERT INTO fund_household (household, community, first_deposit_fen, paid_fen, balance_fen) "
            "VALUES ({}, {}, {}, 0, 0) ON CONFLICT (household) DO UPDATE SET first_deposit_fen = excluded.first_deposit_fen "
            "WHERE fund_household.first_deposit_fen = 0",
            unit["id"], community["id"], due,
        )
    ordered = sorted(household_ids)
    if is_postgres():
        rows = await FundHousehold.raw(
            "SELECT id, household, balance_fen, paid_fen FROM fund_household WHERE household = ANY({}) "
            "ORDER BY household FOR UPDATE", ordered)
    else:
        rows = await FundHousehold.select(FundHousehold.id, FundHousehold.household, FundHousehold.balance_fen,
                                          FundHousehold.paid_fen).where(FundHousehold.household.is_in(ordered))
    names = {unit["id"]: unit["unit_number"] for unit in units}
    return {row["household"]: {**row, "unit_number": names[row["household"]]} for row in rows}


async def _already_posted(community_id: int, keys: list[str]) -> dict[str, dict]:
    rows = await FundEntry.select().where(FundEntry.idempotency_key.is_in(keys))
    for row in rows:
        if row["community"] != community_id:
            raise FieldError("idempotency_key", _("The form has expired: load it again and resubmit."))
    return {row["idempotency_key"]: row for row in rows}


async def _corrected_kinds(community_id: int, drafts: list[Draft]) -> dict[int, str]:
    ids = [draft.corrects for draft in drafts if draft.corrects is not None]
    if not ids:
        return {}
    # Under the account's lock: a second correction of the same entry waits, then is refused here.
    if await FundEntry.exists().where(FundEntry.corrects.is_in(ids)):
        raise FieldError("reason", _("This entry has already been corrected."))
    rows = await FundEntry.select(FundEntry.id, FundEntry.kind).where(
        FundEntry.id.is_in(ids) & (FundEntry.community == community_id))
    return {row["id"]: row["kind"] for row in rows}


async def post_entries(actor: Principal, community_id: int, drafts: list[Draft]) -> Posted:
    """Post ``drafts`` to the community's ledger, all or none.

    Each entry gets the next sequence number and its hash over its content and the previous hash;
    the account's and households' stored balances move with it. Raises ``FieldError`` (nothing
    posted) for a bad draft or when an entry would take a household's or the account's balance
    below zero; ``NotFound`` for a community that does not exist. Drafts whose key was posted
    before are not posted again: their first entries come back instead.
    """
    if not drafts:
        raise FieldError("amount", _("There is nothing to post."))
    for draft in drafts:
        _check_draft(draft)
    if len({draft.idempotency_key for draft in drafts}) != len(drafts):
        raise ValueError("two drafts share an idempotency key")
    community = await Community.select(Community.id, Community.region_code, Community.name).where(
        Community.id == community_id).first()
    if community is None:
        raise NotFound(community_id)
    async with transaction():
        account = await _lock_account(community)
        seen = await _already_posted(community_id, [draft.idempotency_key for draft in drafts])
        fresh = [draft for draft in drafts if draft.idempotency_key not in seen]
        if not fresh:
            return Posted([seen[draft.idempotency_key] for draft in drafts], duplicate=True)
        households = await _lock_households(community, sorted({d.household for d in fresh if d.household is not None}))
        corrected = await _corrected_kinds(community_id, fresh)
        balance = account["balance_fen"]
        for draft in fresh:
            balance += draft.amount_fen
            if draft.household is not None:
                sub = households[draft.household]
                sub["balance_fen"] += draft.amount_fen
                sub["paid_fen"] += paid_part(draft.kind, draft.amount_fen, corrected.get(draft.corrects))
                if sub["balance_fen"] < 0:
                    raise FieldError("amount", _(
                        "Household %(unit)s has %(balance)s in its sub-account: this would take it to %(after)s. Nothing was posted.",
                        unit=sub["unit_number"], balance=fmt_money(sub["balance_fen"] - draft.amount_fen),
                        after=fmt_money(sub["balance_fen"])))
            if balance < 0:
                raise FieldError("amount", _("The fund's balance cannot go below zero. Nothing was posted."))
        posted = await _insert(actor, community_id, account, fresh)
        for sub in households.values():
            await FundHousehold.update({FundHousehold.balance_fen: sub["balance_fen"], FundHousehold.paid_fen: sub["paid_fen"]}).where(
                FundHousehold.id == sub["id"])
        await FundAccount.update({
            FundAccount.balance_fen: balance, FundAccount.entry_count: account["entry_count"] + len(fresh),
            FundAccount.head_hash: posted[-1]["hash"], FundAccount.updated_at: clock.utcnow(),
        }).where(FundAccount.id == account["id"])
        for entry in posted:
            await record(actor, "fund.correct" if entry["corrects"] else "fund.post", "fund_entry", entry["id"], {
                "entry_kind": entry["kind"], "amount_fen": entry["amount_fen"], "household": entry["household"],
                "corrects": entry["corrects"], "correction_reason": entry["reason"] or None,
            }, community["region_code"], community["name"])
    by_key = {**seen, **{entry["idempotency_key"]: entry for entry in posted}}
    return Posted([by_key[draft.idempotency_key] for draft in drafts], duplicate=False)


async def _insert(actor: Principal, community_id: int, account: dict, drafts: list[Draft]) -> list[dict]:
    head, seq = account["head_hash"], account["entry_count"]
    posted_at = clock.utcnow()
    posted = []
    for draft in drafts:
        seq += 1
        entry = {
            "community": community_id, "seq": seq, "household": draft.household, "kind": draft.kind,
            "amount_fen": draft.amount_fen, "posted_at": posted_at, "who": actor.username[:64], "memo": draft.memo,
            "idempotency_key": draft.idempotency_key, "corrects": draft.corrects, "reason": draft.reason,
            "prev_hash": head,
        }
        entry["hash"] = head = entry_hash(entry)
        rows = await FundEntry.insert(FundEntry(**entry, posted_by=actor.id)).returning(FundEntry.id)
        posted.append({**entry, "id": rows[0]["id"], "posted_by": actor.id})
    return posted


async def correct_entry(actor: Principal, entry_id: int, reason: str, key: str) -> Posted:
    """Reverse an entry with a reason: a new entry of the opposite amount (an entry never changes).
    An entry is corrected once; a correction is not itself corrected (post the right entry instead).
    The caller has checked the actor may post to the entry's community."""
    reason = reason.strip()
    if not reason:
        raise FieldError("reason", _("Say why the entry is corrected."))
    original = await FundEntry.select().where(FundEntry.id == entry_id).first()
    if original is None:
        raise NotFound(entry_id)
    if original["kind"] == "correction":
        raise FieldError("reason", _("A correction cannot be corrected: post the right entry instead."))
    draft = Draft("correction", -original["amount_fen"], key, original["household"], memo=original["memo"],
                  corrects=entry_id, reason=reason)
    return await post_entries(actor, original["community"], [draft])
