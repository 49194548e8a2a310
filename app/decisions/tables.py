from piccolo.columns import JSON, BigInt, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community, Household, Owner
from app.companies.tables import Company


class Decision(Table):
    """An owners' joint decision (业主共同决定, Civil Code art. 278) of one community.

    Opening it takes a snapshot of who may vote (``DecisionHead``) and of their total heads and area,
    so a register edit while the vote is open changes nothing silently; closing it freezes the tally.
    """

    community = ForeignKey(references=Community, index=True)
    region_code = Varchar(length=12, index=True)  # the community's, for scoping by area
    matter = Varchar(length=24)  # app.decisions.logic.MATTERS
    title = Varchar(length=200)
    body = Text(default="")
    attachments = Text(default="")  # one reference (document number, file name, link) per line
    opens_on = Date()
    closes_on = Date()  # the last day of the window, inclusive
    building_ids = JSON(default="[]")  # [] the whole community, else the buildings concerned
    # The units concerned, ticked building by building; when any, only they vote (and building_ids is []).
    household_ids = JSON(default="[]")
    state = Varchar(length=12, default="draft")  # draft · open · closed
    rule = Varchar(length=24, default="")  # the approval rule, fixed when opened
    # Hire / dismissal (item 4): the company, and for a hire the period of the arrangement it creates.
    company = ForeignKey(references=Company, null=True, default=None, on_delete=OnDelete.restrict)
    service_start = Date(null=True, default=None)
    service_end = Date(null=True, default=None)
    # The snapshot at opening (area in hundredths of m²).
    entitled_heads = Integer(default=0)
    entitled_area = BigInt(default=0)
    # The tally frozen at close.
    voted_heads = Integer(null=True, default=None)
    voted_area = BigInt(null=True, default=None)
    yes_heads = Integer(null=True, default=None)
    yes_area = BigInt(null=True, default=None)
    no_heads = Integer(null=True, default=None)
    no_area = BigInt(null=True, default=None)
    outcome = Varchar(length=12, default="")  # approved · rejected · no_quorum
    # What the outcome did through its owning domain, or why it could not.
    acted_at = Timestamptz(null=True, default=None)
    act_note = Varchar(length=500, default="")
    act_failed = Boolean(default=False)
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class DecisionHead(Table):
    """One vote head entitled to vote on a decision, as the register stood when it opened: an owner
    (all his units among those concerned), the developer's unsold stock, or a unit with no owner on record."""

    decision = ForeignKey(references=Decision, index=True, on_delete=OnDelete.cascade)
    owner = ForeignKey(references=Owner, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    household = ForeignKey(references=Household, null=True, default=None, on_delete=OnDelete.set_null)
    developer = Boolean(default=False)
    label = Varchar(length=96)  # the owner's name or the unit, as registered at opening
    unit_list = Varchar(length=200, default="")  # his units concerned ("4号楼 4-101、4号楼 4-102"), to find him by
    units = Integer(default=1)
    area = BigInt()  # hundredths of m²


class Ballot(Table):
    """The one ballot of a head (a later one replaces it while the window is open)."""

    decision = ForeignKey(references=Decision, index=True, on_delete=OnDelete.cascade)
    head = ForeignKey(references=DecisionHead, unique=True, on_delete=OnDelete.cascade)
    choice = Varchar(length=8)  # yes · no · abstain
    channel = Varchar(length=8)  # online · paper · door
    proxy_name = Varchar(length=64, default="")  # who signed for the owner, if not the owner
    reference = Varchar(length=200, default="")  # the signed paper's number or photo reference
    photo = Varchar(length=32, default="")  # the key of a photo of the signed paper (app.photos)
    # A proxy's authorisation (委托书): its number or reference, and/or a photo of it.
    proxy_reference = Varchar(length=200, default="")
    proxy_photo = Varchar(length=32, default="")
    entered_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    entered_at = Timestamptz(default=TimestamptzNow())
    replaced = Integer(default=0)  # how many earlier ballots of this head it replaced
