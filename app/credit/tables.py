"""Credit scores (信用分): the bureau's records, each cycle's stored scores with their lines, and
companies' objections (异议). Blacklistings are records of kind ``blacklist`` (a validity window like
any other record), so a blacklist entry is entered, objected to and shown like a penalty."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.companies.tables import Company


class CreditRecord(Table):
    """A commendation, penalty or blacklisting the bureau enters, with its evidence (a document's text,
    a photo through app.photos). Valid ``valid_from`` … ``valid_until`` (both inclusive)."""

    company = ForeignKey(references=Company, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=24)  # scoring.BUREAU_KINDS
    evidence = Text()  # what shows it: the document's number and what it says
    valid_from = Date()
    valid_until = Date()
    region_code = Varchar(length=12, default="")  # the entering bureau's area: who may see and answer
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class CreditScore(Table):
    """One company's score for one cycle (named by its start year), replaced whole by each recompute."""

    company = ForeignKey(references=Company, on_delete=OnDelete.cascade, index=True)
    cycle = Integer(index=True)  # the cycle's start year
    base = Integer()  # tenths of a point, as every figure here
    total = Integer()
    band = Varchar(length=8)  # the grade the points give
    grade = Varchar(length=16)  # band, or "blacklisted"
    computed_at = Timestamptz(default=TimestamptzNow())


class CreditScoreLine(Table):
    """One line of a stored score: what one record contributed. ``evidence_type`` / ``evidence_ref``
    link it to what shows it (a community, a complaint, a period, a bureau record)."""

    score = ForeignKey(references=CreditScore, on_delete=OnDelete.cascade, index=True)
    position = Integer()  # the core's order (scoring.lines_of)
    kind = Varchar(length=24)
    points = Integer()
    full_points = Integer()
    units = Integer(default=1)
    evidence_type = Varchar(length=16)
    evidence_ref = Varchar(length=32, default="")
    valid_from = Date()
    valid_until = Date(null=True, default=None)
    objection = Varchar(length=16, null=True, default=None)
    dropped = Boolean(default=False)  # an upheld objection took it out: shown, counting nothing


class CreditObjection(Table):
    """A company's objection (异议) to a line: the record it names (``kind`` + evidence) and the bureau's
    answer, due by ``answer_due``. The next recompute drops a line whose objection was upheld."""

    company = ForeignKey(references=Company, on_delete=OnDelete.cascade, index=True)
    cycle = Integer()
    kind = Varchar(length=24)
    evidence_type = Varchar(length=16)
    evidence_ref = Varchar(length=32, default="")
    valid_from = Date()  # with kind and evidence, names the record (one community's rating periods differ by it)
    reason = Text()
    state = Varchar(length=16, default="pending", index=True)  # scoring.OBJECTION_STATES
    answer = Text(default="")
    filed_on = Date()
    answer_due = Date()
    filed_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    answered_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    answered_at = Timestamptz(null=True, default=None)
