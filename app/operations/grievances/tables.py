from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community
from app.companies.tables import Company

# The lists' composite indexes (company + state + due_at, street + state + due_at, community + filed_at)
# are made by raw SQL in the migration: Piccolo declares single-column indexes only.


class Complaint(Table):
    """A complaint or opinion (诉求) about a community's management (policy item 3).

    Routed when filed to whoever was responsible for the community that day (``responsible_kind``:
    its company, or the street office over it) and kept with them after a change of manager
    (``app.operations.complaints.responsible_party``). ``due_at`` is the first overdue moment of the
    current deadline (a reopening sets a new one), so "overdue" is ``state = 'open' AND due_at <= now``.
    """

    community = ForeignKey(references=Community, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12)  # the community's residents' community, for scoped queries
    street_code = Varchar(length=9)  # its street office (the first 9 digits): the street's lists
    channel = Varchar(length=24)  # online · hotline_12345 · wechat_group · community_meeting · other
    complainant = ForeignKey(references=Account, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    complainant_name = Varchar(length=100, default="")  # as given to staff (a hotline caller), or the owner's name
    recorded_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    subject = Varchar(length=200)
    text = Text()
    responsible_kind = Varchar(length=8)  # company · street
    responsible_company = ForeignKey(references=Company, null=True, default=None, on_delete=OnDelete.restrict)
    filed_at = Timestamptz()
    due_at = Timestamptz()
    due_assumed = Boolean(default=False)  # the deadline runs into a year whose holidays are not known
    state = Varchar(length=12, default="open")  # open · responded · closed
    responses = Integer(default=0)
    last_response_at = Timestamptz(null=True, default=None)
    seen_at = Timestamptz(null=True, default=None)  # the complainant last opened it (new responses after this)
    closed_at = Timestamptz(null=True, default=None)
    satisfied = Boolean(null=True, default=None)  # noted at close
    reopened = Integer(default=0)


class ComplaintEvent(Table):
    """The timeline of a complaint, never changed: filed, each response, a close (with satisfaction)
    and each reopening, with who did it, in which part, and when."""

    complaint = ForeignKey(references=Complaint, on_delete=OnDelete.cascade)
    kind = Varchar(length=12)  # filed · respond · close · reopen
    part = Varchar(length=12)  # complainant · responsible · staff
    actor = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    actor_name = Varchar(length=100, default="")  # as it was then (an account may be renamed or go)
    company = ForeignKey(references=Company, null=True, default=None, on_delete=OnDelete.set_null)  # a responding company
    text = Text(default="")
    satisfied = Boolean(null=True, default=None)
    late = Boolean(default=False)  # a response at or after the deadline
    at = Timestamptz()
