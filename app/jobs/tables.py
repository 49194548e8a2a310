from piccolo.columns import JSON, Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account


class Job(Table):
    """Background work a user can see: state, progress, result. The row outlives the broker message."""

    kind = Varchar(length=64)
    state = Varchar(length=16, default="queued", index=True)  # queued · running · done · failed
    progress = Integer(default=0)  # percent
    progress_note = Varchar(length=255, default="")
    params = JSON(default="{}")
    result = JSON(default="{}")
    error = Text(default="")
    attempts = Integer(default=0)  # claims so far; the current claim's fencing token (jobs.services)
    checkpoint = JSON(default="{}")  # how far the work got, for an attempt after a crash to carry on from
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    region_code = Varchar(length=12, null=True, default=None)  # whose scope may see it
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    heartbeat_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)  # when its message was last sent
    finished_at = Timestamptz(null=True, default=None)


class Upload(Table):
    """A file a user handed to a background job (an import). Kept in the database, not on a disk,
    so a worker on another host than the web process that received it can read it."""

    name = Varchar(length=64, unique=True)  # <account id>-<random hex>.<suffix>
    owner = ForeignKey(references=Account, on_delete=OnDelete.cascade)
    filename = Varchar(length=255, default="")
    content = Bytea()
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
