"""Accounts: creating them, checking passwords, loading the principal for a session."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar

from app import clock
from app.accounts import access
from app.accounts.logic import (
    MIN_PASSWORD_LENGTH,
    SYSTEM,
    Principal,
    dummy_hash,
    hash_password,
    needs_rehash,
    scope_problem,
    verify_password,
)
from app.accounts.tables import Account
from app.audit import services as audit
from app.communities.tables import Community
from app.companies.tables import Company
from app.db import Prepared, contains_text, transaction
from app.errors import NotFound
from app.pagination import Page, clamp_page
from app.regions.tables import Region
from app.settings import get_settings

T = TypeVar("T")


@cache
def _hash_threads() -> ThreadPoolExecutor:
    """The threads that hash passwords. argon2 releases the GIL, so the event loop keeps serving
    while a login is checked; the pool's size bounds how many hashes (each ARGON2_MEMORY_KIB of
    memory and a core's worth of work) run at once, and the rest queue here, not on the loop."""
    return ThreadPoolExecutor(max_workers=get_settings().auth.password_hash.threads, thread_name_prefix="password-hash")


async def _off_loop(work: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_hash_threads(), work, *args)


async def hash_new_password(password: str) -> str:
    """The password's hash, computed beside the event loop (for a caller that creates an account inside
    its own transaction, which should not hold the database while argon2 works)."""
    return await _off_loop(hash_password, password)


def _verify_unknown(password: str) -> bool:
    return verify_password(dummy_hash(), password)


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why (English, for the CLI)."""


_PRINCIPAL_COLUMNS = (
    Account.id,
    Account.username,
    Account.display_name,
    Account.role,
    Account.region_code,
    Account.company,
    Account.community,
    Account.locale,
    Account.session_epoch,
    Account.company.region_code.as_alias("company_region"),
    Account.community.region_code.as_alias("community_region"),
)


def _principal(row: dict, client_addr: str = "") -> Principal:
    return Principal(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        role=row["role"],
        region_code=row["region_code"],
        company_id=row["company"],
        community_id=row["community"],
        locale=row["locale"],
        client_addr=client_addr,
        area_code=row["region_code"] or row["company_region"] or row["community_region"],
        session_epoch=row["session_epoch"],
    )


async def load_principal(account_id: int, client_addr: str = "", *, epoch: int | None = None) -> Principal | None:
    """The active account's principal. With ``epoch`` (a session's), only while the account is still
    at that session epoch: changing the password or an administrator ending the sessions moves it on."""
    rows = await (_PRINCIPAL.run(account_id) if epoch is None else _SESSION_PRINCIPAL.run(account_id, epoch))
    return _principal(rows[0], client_addr) if rows else None


# Every request of a logged-in user runs the second: its SQL is made once (app.db.Prepared).
_PRINCIPAL = Prepared(Account, lambda account: Account.select(*_PRINCIPAL_COLUMNS).where(
    (Account.id == account) & (Account.is_active == True)))  # noqa: E712
_SESSION_PRINCIPAL = Prepared(Account, lambda account, epoch: Account.select(*_PRINCIPAL_COLUMNS).where(
    (Account.id == account) & (Account.is_active == True) & (Account.session_epoch == epoch)))  # noqa: E712


async def authenticate(username: str, password: str, client_addr: str = "") -> Principal | None:
    """The principal when the password is right and the account active; None otherwise.

    Takes the same time whether or not the username exists.
    """
    row = await Account.select(*_PRINCIPAL_COLUMNS, Account.password_hash, Account.is_active).where(
        Account.username == username.strip()
    ).first()
    if row is None:
        await _off_loop(_verify_unknown, password)  # the same work as for a real account: timing tells nothing
        return None
    if not await _off_loop(verify_password, row["password_hash"], password) or not row["is_active"]:
        return None
    principal = _principal(row, client_addr)
    new_hash = await _off_loop(hash_password, password) if needs_rehash(row["password_hash"]) else None
    async with transaction():
        values = {Account.last_login_at: clock.utcnow()}
        if new_hash:
            values[Account.password_hash] = new_hash
        await Account.update(values).where(Account.id == principal.id)
        await audit.record(principal, "account.login", "account", principal.id, {}, principal.area_code,
                           object_name=principal.username)
    return principal


async def record_failed_login(username: str, client_addr: str) -> None:
    async with transaction():
        await audit.record(
            SYSTEM.with_client(client_addr), "account.login_failed", "account", username[:64], {"username": username[:64]},
            object_name=username[:64],
        )


async def record_logout(principal: Principal) -> None:
    async with transaction():
        await audit.record(principal, "account.logout", "account", principal.id, {}, principal.area_code,
                           object_name=principal.username)


async def set_locale(principal: Principal, locale: str) -> None:
    async with transaction():
        await Account.update({Account.locale: locale}).where(Account.id == principal.id)
        await audit.record(principal, "account.set_locale", "account", principal.id, {"locale": locale}, principal.area_code,
                           object_name=principal.username)


def check_password_strength(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    return None


async def create_account(
    actor: Principal,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    region_code: str | None = None,
    company_id: int | None = None,
    community_id: int | None = None,
    password_hash: str | None = None,
) -> int:
    """A new account; with ``password_hash`` (from ``hash_new_password``, the caller having checked the
    password's strength) the password is not hashed again."""
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("the username must have 1 to 64 characters")
    problem = scope_problem(role, region_code, company_id, community_id) or (
        None if password_hash else check_password_strength(password))
    if problem:
        raise AccountError(problem)
    scope_region = region_code
    if region_code and not await Region.exists().where(Region.code == region_code):
        raise AccountError(f"no region with code {region_code}")
    if company_id:
        company = await Company.select(Company.region_code).where(Company.id == company_id).first()
        if company is None:
            raise AccountError(f"no company with id {company_id}")
        scope_region = company["region_code"]
    if community_id:
        community = await Community.select(Community.region_code).where(Community.id == community_id).first()
        if community is None:
            raise AccountError(f"no community with id {community_id}")
        scope_region = community["region_code"]
    password_hash = password_hash or await _off_loop(hash_password, password)
    async with transaction():
        if await Account.exists().where(Account.username == username):
            raise AccountError(f"the username {username!r} is taken")
        rows = await Account.insert(
            Account(
                username=username,
                display_name=display_name or username,
                password_hash=password_hash,
                role=role,
                region_code=region_code if role in ("bureau", "street") else None,
                company=company_id if role == "company" else None,
                community=community_id if role in ("committee", "owner") else None,
            )
        ).returning(Account.id)
        account_id = rows[0]["id"]
        await audit.record(actor, "account.create", "account", account_id, {"username": username, "role": role}, scope_region,
                           object_name=username)
    return account_id


async def change_own_password(actor: Principal, current: str, new: str) -> int | None:
    """The account's new session epoch, which ends its other sessions (the caller renews its own);
    None, and nothing changed, when ``current`` is not the actor's password."""
    row = await Account.select(Account.password_hash).where(Account.id == actor.id).first()
    if row is None or not await _off_loop(verify_password, row["password_hash"], current):
        return None
    password_hash = await _off_loop(hash_password, new)
    async with transaction():
        epoch = await _new_epoch(actor.id, {Account.password_hash: password_hash})
        await audit.record(actor, "account.set_password", "account", actor.id, {"username": actor.username}, actor.area_code,
                           object_name=actor.username)
    return epoch


async def set_password(actor: Principal, username: str, password: str) -> None:
    """An administrator's reset: every session of the account ends."""
    problem = check_password_strength(password)
    if problem:
        raise AccountError(problem)
    password_hash = await _off_loop(hash_password, password)
    async with transaction():
        row = await Account.select(Account.id, Account.region_code).where(Account.username == username).first()
        if row is None:
            raise AccountError(f"no account named {username!r}")
        await _new_epoch(row["id"], {Account.password_hash: password_hash})
        await audit.record(actor, "account.set_password", "account", row["id"], {"username": username}, row["region_code"],
                           object_name=username)


async def _new_epoch(account_id: int, values: dict | None = None) -> int:
    """Move the account to its next session epoch: every session made before no longer loads."""
    rows = await Account.update(
        {Account.session_epoch: Account.session_epoch + 1, **(values or {})}
    ).where(Account.id == account_id).returning(Account.session_epoch)
    return rows[0]["session_epoch"]


_LISTED_COLUMNS = (Account.id, Account.username, Account.display_name, Account.role, Account.is_active, Account.last_login_at)


async def list_accounts(actor: Principal, *, q: str = "", page: int = 1, per_page: int = 50) -> Page:
    """The accounts an administrator manages, by user name; ``q`` matches the user or display name."""
    conditions = [access.scope(actor)]
    if q:
        conditions.append(contains_text(Account.username, q) | contains_text(Account.display_name, q))
    query, count = Account.select(*_LISTED_COLUMNS), Account.count()
    for condition in conditions:
        query, count = query.where(condition), count.where(condition)
    total = await count
    page = clamp_page(page, total, per_page)
    rows = await query.order_by(Account.username).limit(per_page).offset((page - 1) * per_page)
    return Page(rows=rows, total=total, page=page, per_page=per_page)


async def end_sessions(actor: Principal, account_id: int) -> str:
    """End every session of an account in the actor's care (it must log in again); its user name.
    NotFound outside the actor's area."""
    if not access.may_manage_accounts(actor):
        raise NotFound()
    async with transaction():
        row = await Account.select(*_PRINCIPAL_COLUMNS).where((Account.id == account_id) & access.scope(actor)).first()
        if row is None:
            raise NotFound()
        account = _principal(row)
        await _new_epoch(account.id)
        await audit.record(actor, "account.end_sessions", "account", account.id, {"username": account.username},
                           account.area_code, object_name=account.username)
    return account.username
