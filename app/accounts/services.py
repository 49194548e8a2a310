"""Accounts: creating them, checking passwords, loading the principal for a session."""

from __future__ import annotations

from app import clock
from app.accounts.logic import (
    DUMMY_HASH,
    MIN_PASSWORD_LENGTH,
    SYSTEM,
    Principal,
    hash_password,
    needs_rehash,
    scope_problem,
    verify_password,
)
from app.accounts.tables import Account
from app.audit import services as audit
from app.communities.tables import Community
from app.companies.tables import Company
from app.db import transaction
from app.regions.tables import Region


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
    )


async def load_principal(account_id: int, client_addr: str = "") -> Principal | None:
    row = await Account.select(*_PRINCIPAL_COLUMNS).where(
        (Account.id == account_id) & (Account.is_active == True)  # noqa: E712
    ).first()
    return _principal(row, client_addr) if row else None


async def authenticate(username: str, password: str, client_addr: str = "") -> Principal | None:
    """The principal when the password is right and the account active; None otherwise.

    Takes the same time whether or not the username exists.
    """
    row = await Account.select(*_PRINCIPAL_COLUMNS, Account.password_hash, Account.is_active).where(
        Account.username == username.strip()
    ).first()
    if row is None:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(row["password_hash"], password) or not row["is_active"]:
        return None
    principal = _principal(row, client_addr)
    async with transaction():
        values = {Account.last_login_at: clock.utcnow()}
        if needs_rehash(row["password_hash"]):
            values[Account.password_hash] = hash_password(password)
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
) -> int:
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("the username must have 1 to 64 characters")
    problem = scope_problem(role, region_code, company_id, community_id) or check_password_strength(password)
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
    async with transaction():
        if await Account.exists().where(Account.username == username):
            raise AccountError(f"the username {username!r} is taken")
        rows = await Account.insert(
            Account(
                username=username,
                display_name=display_name or username,
                password_hash=hash_password(password),
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


async def change_own_password(actor: Principal, current: str, new: str) -> bool:
    """False (and nothing changed) when ``current`` is not the actor's password."""
    row = await Account.select(Account.password_hash).where(Account.id == actor.id).first()
    if row is None or not verify_password(row["password_hash"], current):
        return False
    async with transaction():
        await Account.update({Account.password_hash: hash_password(new)}).where(Account.id == actor.id)
        await audit.record(actor, "account.set_password", "account", actor.id, {"username": actor.username}, actor.area_code,
                           object_name=actor.username)
    return True


async def set_password(actor: Principal, username: str, password: str) -> None:
    problem = check_password_strength(password)
    if problem:
        raise AccountError(problem)
    async with transaction():
        row = await Account.select(Account.id, Account.region_code).where(Account.username == username).first()
        if row is None:
            raise AccountError(f"no account named {username!r}")
        await Account.update({Account.password_hash: hash_password(password)}).where(Account.id == row["id"])
        await audit.record(actor, "account.set_password", "account", row["id"], {"username": username}, row["region_code"],
                           object_name=username)
