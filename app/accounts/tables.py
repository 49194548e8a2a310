from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.communities.tables import Community
from app.companies.tables import Company


class Account(Table):
    """A person who logs in. One role each; the scope column used depends on the role."""

    username = Varchar(length=64, unique=True, index=True)
    display_name = Varchar(length=64, default="")
    password_hash = Text()
    role = Varchar(length=16)  # bureau · street · company · committee · owner
    region_code = Varchar(length=12, null=True, default=None)  # bureau, street
    company = ForeignKey(references=Company, null=True, default=None, on_delete=OnDelete.restrict)  # company
    community = ForeignKey(references=Community, null=True, default=None, on_delete=OnDelete.restrict)  # committee, owner
    locale = Varchar(length=8, null=True, default=None)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)
    # A session remembers the epoch it was made in and loads only while the account is still in it:
    # a new password or an administrator's "end all sessions" moves the epoch on.
    session_epoch = Integer(default=0)


class LoginCounter(Table):
    """Login throttling's counters in the embedded mode (Redis keeps them in production): one row
    per key, counted by one atomic upsert so that parallel attempts cannot all read the same count."""

    name = Varchar(length=200, unique=True)  # what is counted: "pair:<address>|<username>", "gate:<username>" …
    hits = Integer(default=0)
    expires_ms = BigInt(default=0, index=True)  # Unix time in milliseconds; an expired row counts from zero
