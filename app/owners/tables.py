from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community, Household, Owner


class OwnerLink(Table):
    """An owner-role account speaks for this owner record (one vote head of one community).

    One person who owns units in several communities, or is registered twice, has several links;
    a record is linked to at most one account (a unique index made in the migration).
    """

    account = ForeignKey(references=Account, index=True, on_delete=OnDelete.cascade)
    owner = ForeignKey(references=Owner, index=True, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())


class ActivationCode(Table):
    """A one-time code printed on a household's activation slip (激活码). Only its HMAC is kept, as for a
    password-reset token; the code itself exists on paper. One live code (neither used nor revoked) per
    household at a time: a unique index over the live rows, made in the migration."""

    household = ForeignKey(references=Household, index=True, on_delete=OnDelete.cascade)
    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.cascade)
    code_hash = Varchar(length=64, unique=True)
    issued_at = Timestamptz(default=TimestamptzNow())
    issued_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    used_at = Timestamptz(null=True, default=None)
    used_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
