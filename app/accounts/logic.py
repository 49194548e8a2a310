"""Who is acting, and what their role lets them see. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.regions.logic import InvalidRegionCode, level_of, prefix_of
from app.settings import get_settings

ROLES = ("bureau", "street", "company", "committee", "owner")
STAFF_ROLES = ("bureau", "street")
REGION_ROLES = ("bureau", "street")
COMMUNITY_ROLES = ("committee", "owner")

MIN_PASSWORD_LENGTH = 10


@cache
def _hasher() -> PasswordHasher:
    """argon2id at the cost the settings give (RFC 9106's low-memory profile unless configured)."""
    cost = get_settings().auth.password_hash
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True for a hash made at another cost: the login that verifies it stores a new one."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """A hash of nothing in particular, at the current cost, verified when the username is unknown so
    that a wrong username costs as much time as a wrong password and does not reveal which accounts exist."""
    return _hasher().hash("changxiao-not-a-password")


def __getattr__(name: str) -> str:
    # ``DUMMY_HASH`` is made on first use, not at import, so that it follows the configured cost.
    if name == "DUMMY_HASH":
        return dummy_hash()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Principal:
    """The logged-in user as every service sees it: identity, role and scope."""

    id: int | None
    username: str
    display_name: str
    role: str
    region_code: str | None = None
    company_id: int | None = None
    community_id: int | None = None
    locale: str | None = None
    client_addr: str = ""
    # Where the actor belongs in the tree (their region, their company's or their community's):
    # what they do is audited there, so the bureau over that area can read it.
    area_code: str | None = None
    session_epoch: int = 0  # a session made now remembers it (see services.load_principal)

    @property
    def region_prefix(self) -> str | None:
        return prefix_of(self.region_code) if self.region_code else None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_system(self) -> bool:
        return self.id is None

    def with_client(self, client_addr: str) -> Principal:
        return Principal(**{**self.__dict__, "client_addr": client_addr})


# Workers, the CLI and start-up tasks act as the system: unrestricted, and named so in the audit log.
SYSTEM = Principal(id=None, username="system", display_name="system", role="system")


def scope_problem(role: str, region_code: str | None, company_id: int | None, community_id: int | None) -> str | None:
    """Why this combination of role and scope is not a valid account, or None."""
    if role not in ROLES:
        return "unknown role"
    if role in REGION_ROLES:
        if not region_code:
            return "a bureau or street user needs a region scope"
        try:
            level = level_of(region_code)
        except InvalidRegionCode:
            return "the region code is malformed"
        if role == "bureau" and level not in ("province", "prefecture", "county"):
            return "a bureau user's scope is a province, prefecture or county"
        if role == "street" and level not in ("street", "community"):
            return "a street user's scope is a street office or residents' community"
    if role == "company" and not company_id:
        return "a company user needs a company"
    if role in COMMUNITY_ROLES and not community_id:
        return "a committee member or owner needs a community"
    return None


def sees_phone_numbers(principal: Principal | None) -> bool:
    """Owners' and contacts' phone numbers are shown whole only to street and bureau staff."""
    return principal is not None and (principal.is_staff or principal.is_system)


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits stay, so a number can still be recognised."""
    digits = phone or ""
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str) -> str:
    """The first character stays, so an owner can still find himself: 张三丰 → 张**."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def account_delay_ms(attempt: int, free: int, base_seconds: int, cap_seconds: int) -> int:
    """How long an account's ``attempt``-th password check within the window keeps the next one
    waiting (milliseconds): nothing for the first ``free``, then ``base_seconds`` doubling with each
    further attempt, never more than ``cap_seconds``. Spacing attempts slows a guesser down whatever
    addresses they use, without the hard lock that would let anyone shut a clerk out."""
    if attempt <= free:
        return 0
    doublings = min(attempt - free - 1, 30)  # 2**30 seconds is past any cap: keep the number small
    return min(base_seconds * 2**doublings, cap_seconds) * 1000
