from piccolo.columns import ForeignKey, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Owner


class OwnerLink(Table):
    """An owner-role account speaks for this owner record (one vote head of one community).

    One person who owns units in several communities, or is registered twice, has several links;
    a record is linked to at most one account (a unique index made in the migration).
    """

    account = ForeignKey(references=Account, index=True, on_delete=OnDelete.cascade)
    owner = ForeignKey(references=Owner, index=True, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
