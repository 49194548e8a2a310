from piccolo.columns import ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.accounts.tables import Account


class Flag(Table):
    """A flag (预警) the daily scan raised on a subject (a community, a committee, a company, a
    complaint) and clears once its cause is gone (app/flags/rules.py). Open while ``cleared_at`` is
    null; one open flag per (kind, subject) is a unique partial index (the migration). Never deleted:
    raised_at and cleared_at are the history the bureau's trend is drawn from."""

    kind = Varchar(length=32)  # app.flags.rules.FLAG_KINDS
    subject_type = Varchar(length=16)  # community · committee · company · complaint
    subject_id = Integer()
    region_code = Varchar(length=12)  # the subject's, for scoped lists and counts
    community_id = Integer(null=True, default=None, index=True)  # the subject's community, when it has one (links)
    raised_at = Timestamptz()
    cleared_at = Timestamptz(null=True, default=None)
    acknowledged_at = Timestamptz(null=True, default=None)
    acknowledged_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    note = Varchar(length=500, default="")
