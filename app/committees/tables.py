from piccolo.columns import Boolean, Date, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community, Household, Owner
from app.companies.tables import Company


class Committee(Table):
    """An owners' committee (业主委员会) of one community for one term (items 14, 17). One is current
    per community: ``ended_on`` null; installing the next one ends it."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's, for scoped queries
    elected_on = Date()
    term_start = Date()
    term_end = Date(index=True)  # the last day of the term, inclusive
    first_meeting_on = Date(null=True, default=None)
    filed_bureau_on = Date(null=True, default=None)  # 备案: the district housing bureau
    filed_street_on = Date(null=True, default=None)  # 备案: the street office
    filed_bureau_number = Varchar(length=32, default="")  # the filing's number (备案编号), as the bureau gave it
    filed_street_number = Varchar(length=32, default="")
    # The owners' joint decision that elected it (app.decisions), once that domain records elections.
    decision_id = Integer(null=True, default=None)
    # Kept with the row so lists and counts need no query per committee: the members' number, and
    # the day of the oldest change not yet filed (null: none), maintained by the services.
    member_count = Integer(default=0)
    unfiled_change_since = Date(null=True, default=None)
    late_change_filed = Boolean(default=False)  # a change was filed after its 30 days
    # The deadlines ``logic`` sets, kept with the row (set on install) so SQL can list broken rules.
    meeting_due = Date(null=True, default=None)
    filing_due = Date(null=True, default=None)
    term_limit = Date(null=True, default=None)
    ended_on = Date(null=True, default=None, index=True)
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class CommitteeMember(Table):
    """A member: an owner of the community, with the household he owns there, his post and phone."""

    committee = ForeignKey(references=Committee, index=True, on_delete=OnDelete.cascade)
    owner = ForeignKey(references=Owner, index=True, on_delete=OnDelete.restrict)
    household = ForeignKey(references=Household, on_delete=OnDelete.restrict)
    post = Varchar(length=16, default="member")  # chair · vice_chair · member
    party_member = Boolean(default=False)
    phone = Varchar(length=32, default="")
    joined_on = Date(null=True, default=None)  # null: from the election
    left_on = Date(null=True, default=None)  # null: still serving


class CommitteeChange(Table):
    """A change of members or posts, to be filed (变更备案) within 30 days."""

    committee = ForeignKey(references=Committee, index=True, on_delete=OnDelete.cascade)
    changed_on = Date()
    description = Varchar(length=255, default="")
    filed_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class PreparatoryGroup(Table):
    """A preparatory group (筹备组) guided by the street office, for a community with no committee."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)
    formed_on = Date()
    guide_name = Varchar(length=64, default="")  # the street officer who guides it
    member_names = Varchar(length=255, default="")
    closed_on = Date(null=True, default=None)  # the day a committee was installed
    created_at = Timestamptz(default=TimestamptzNow())


class CrossAppointment(Table):
    """Two-way entry, cross appointment (双向进入、交叉任职, item 17) at one community:
    ``company_head`` — a company head serving part-time on the residents' community committee;
    ``quality_supervisor`` — a residents' community member serving as the company's quality supervisor."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    company = ForeignKey(references=Company, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's residents' community (社区)
    kind = Varchar(length=24)
    person_name = Varchar(length=64)
    role_title = Varchar(length=64, default="")
    start_date = Date()
    end_date = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Slate(Table):
    """The members and term an owners' decision electing a committee (art. 278 item 3) puts to the
    vote (候选名单). Staff edit it while the decision is a draft; the services refuse any change once
    voting has opened, so the owners vote on exactly what is installed when they approve it."""

    decision_id = Integer(unique=True)  # the decision (app.decisions), a plain id as Committee.decision_id
    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    term_start = Date()
    term_end = Date()  # the last day of the term, inclusive
    updated_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class SlateMember(Table):
    """A member proposed on a slate: the owner as registered when the slate was entered, the household he
    owns, his post, party membership and phone. The owner is kept: if he no longer owns the household
    when the election is approved, installing refuses rather than seat the new owner."""

    slate = ForeignKey(references=Slate, index=True, on_delete=OnDelete.cascade)
    owner = ForeignKey(references=Owner, on_delete=OnDelete.restrict)
    household = ForeignKey(references=Household, on_delete=OnDelete.restrict)
    post = Varchar(length=16, default="member")  # chair · vice_chair · member
    party_member = Boolean(default=False)
    phone = Varchar(length=32, default="")
