"""An owner activates his account with the code from his household's slip and his phone number.

The code is the proof that he holds the slip delivered to the household; the phone, compared with the
one the register holds for the household's owner, that he is that owner rather than whoever found the
paper. Both must match, and nothing changes otherwise.

The user name of an owner account is its phone number (digits only): what an owner remembers. So "the
same person already has an account" means an owner account under that number. Such a person is not
linked to the new unit by code and phone alone: he signs in and adds the unit on his "my units" page
(``add_unit``). Two people can share a registered number (a couple, a clerk who typed an agent's
phone for several owners); linking by number alone would show one of them the other's units and let
him vote for them. Signing in proves he is the account's holder, and the code proves he holds this
unit's slip.
"""

from __future__ import annotations

from dataclasses import dataclass

from app import clock
from app.accounts import services as accounts
from app.accounts.logic import Principal
from app.accounts.tables import Account
from app.audit import services as audit
from app.communities.services.register import UNIQUE_ERRORS
from app.communities.tables import Household
from app.db import transaction
from app.errors import FieldError
from app.i18n import gettext as _
from app.owners.logic import code_hash, phone_digits, same_phone
from app.owners.tables import ActivationCode, OwnerLink
from app.settings import get_settings

_LIVE_CODE = (
    "SELECT c.id, c.household, h.owner, h.is_developer_stock, h.unit_number, b.number AS building_number, "
    "o.name AS owner_name, o.phone AS owner_phone, m.id AS community_id, m.name AS community_name, "
    "m.region_code, l.account AS linked_account "
    "FROM activation_code c JOIN household h ON h.id = c.household JOIN building b ON b.id = h.building "
    "JOIN community m ON m.id = h.community LEFT JOIN owner o ON o.id = h.owner "
    "LEFT JOIN owner_link l ON l.owner = h.owner "
    "WHERE c.code_hash = {} AND c.used_at IS NULL AND c.revoked_at IS NULL"
)


def _bad_code() -> FieldError:
    return FieldError("code", _("This code is not valid: it may have been mistyped, used already or revoked. "
                                "Check it against your slip, or ask your community office for a new one."))


async def _live_code(code: str, phone: str) -> dict:
    """The live code's household and owner, checked against the phone typed; FieldError otherwise."""
    rows = await Household.raw(_LIVE_CODE, code_hash(code, get_settings().app.secret_key))
    if not rows or rows[0]["owner"] is None or rows[0]["is_developer_stock"]:
        raise _bad_code()
    row = rows[0]
    if not same_phone(phone, row["owner_phone"]):
        raise FieldError("phone", _("This is not the phone number the register holds for this unit's owner. "
                                    "Enter the number you gave the community office, or ask it to correct the register."))
    return row


def _unit(row: dict) -> str:
    return f"{row['community_name']} {row['building_number']} {row['unit_number']}"


async def _link(account_id: int, row: dict, actor: Principal, now) -> None:
    """Link the account to the code's owner record; the code and every other live code of that owner's
    households are used up (his other slips are no longer needed: all his units show already)."""
    await OwnerLink.insert(OwnerLink(account=account_id, owner=row["owner"]))
    await ActivationCode.update({ActivationCode.used_at: now, ActivationCode.used_by: account_id}).where(
        ActivationCode.household.is_in(Household.select(Household.id).where(Household.owner == row["owner"]))
        & ActivationCode.used_at.is_null() & ActivationCode.revoked_at.is_null()
    )
    await audit.record(actor, "owner.activate", "household", row["household"], {
        "username": actor.username, "unit": _unit(row),
    }, row["region_code"], object_name=_unit(row))


@dataclass(frozen=True)
class Activated:
    account_id: int
    username: str


async def activate(code: str, phone: str, password: str, client_addr: str = "") -> Activated:
    """A new owner account for the code's household owner, named by his phone number, with his password.
    FieldError (and nothing changed) for a wrong code or phone, a unit whose owner has an account
    already, or a phone number that already names an account (he signs in and adds the unit)."""
    row = await _live_code(code, phone)
    username = phone_digits(phone)
    if row["linked_account"] is not None:
        raise FieldError("code", _("This unit's owner already has an account: sign in with it to see the unit."))
    if await Account.exists().where(Account.username == username):
        raise FieldError("phone", _("An account with this phone number exists already. Sign in with it and add "
                                    "this unit under “My units” with the same code."))
    password_hash = await accounts.hash_new_password(password)
    try:
        async with transaction():
            row = await _live_code(code, phone)  # again, inside the transaction: a parallel activation wins once
            if row["linked_account"] is not None or await Account.exists().where(Account.username == username):
                raise _bad_code()
            account_id = await accounts.create_account(
                Principal(id=None, username=username, display_name=row["owner_name"], role="owner",
                          client_addr=client_addr),
                username=username, password="", password_hash=password_hash, role="owner",
                display_name=row["owner_name"][:64], community_id=row["community_id"],
            )
            actor = Principal(id=account_id, username=username, display_name=row["owner_name"], role="owner",
                              community_id=row["community_id"], client_addr=client_addr, area_code=row["region_code"])
            await _link(account_id, row, actor, clock.utcnow())
    except (*UNIQUE_ERRORS, accounts.AccountError):
        # A form sent twice at once: on PostgreSQL both saw no account; the unique indexes (or the
        # account service's own check, once the other transaction has committed) let one through.
        raise _bad_code() from None
    return Activated(account_id=account_id, username=username)


async def add_unit(actor: Principal, code: str, phone: str) -> str:
    """A signed-in owner adds the unit of another slip to his account (see the module's note); the unit's
    name. FieldError for a wrong code or phone, or a unit whose owner has an account (his or another's)."""
    try:
        async with transaction():
            row = await _live_code(code, phone)
            if row["linked_account"] == actor.id:
                raise FieldError("code", _("This unit is on your account already."))
            if row["linked_account"] is not None:
                raise FieldError("code", _("This unit's owner already has another account. Ask your community office."))
            await _link(actor.id, row, actor, clock.utcnow())
    except UNIQUE_ERRORS:
        raise _bad_code() from None  # the same code sent twice at once: the first one linked it
    return _unit(row)
