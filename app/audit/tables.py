from piccolo.columns import JSON, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account


class AuditEntry(Table):
    """One change to the data: who, what, when, from where. Written in the change's own transaction."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)  # null: the system (a worker, the CLI)
    actor_name = Varchar(length=64)
    action = Varchar(length=64, index=True)
    object_type = Varchar(length=32, index=True)
    object_id = Varchar(length=64)
    # What a clerk calls the object when the entry was written (a community's name, a file's name):
    # the entry still reads right after the object is renamed or deleted.
    object_name = Varchar(length=255, default="")
    summary = JSON(default="{}")
    # Where the changed object lies, so bureau users browse only their own area.
    region_code = Varchar(length=12, null=True, default=None, index=True)
    client_addr = Varchar(length=64, default="")
