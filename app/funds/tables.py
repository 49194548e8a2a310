from piccolo.columns import JSON, BigInt, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community, Household

# Unique indexes on (region_code, effective_from) and on the one correction of an entry are made by
# raw SQL in the migration, as the register's natural keys are.


class FundRate(Table):
    """The first-deposit rate of a county (区/县): fen per m² of floor area, from a day on. Order No. 165
    lets the locality set it (5%–8% of local construction cost per m²); the bureau records it here."""

    region_code = Varchar(length=6, index=True)  # the county's division code
    rate_fen_per_m2 = Integer()
    effective_from = Date()
    set_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class FundAccount(Table):
    """A community's maintenance-fund account (专项维修资金账户). ``balance_fen``, ``entry_count`` and
    ``head_hash`` follow its ledger (the last entry's hash): kept so pages read one row, and checked
    against the entries by ``changxiao funds verify`` (a deleted last entry leaves the head behind)."""

    community = ForeignKey(references=Community, unique=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's, for scoped queries
    balance_fen = BigInt(default=0)
    entry_count = Integer(default=0)
    head_hash = Varchar(length=64, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class FundHousehold(Table):
    """A household's sub-account (分户账). The first deposit due is fixed when the sub-account opens
    (area × the county's rate then); ``paid_fen`` counts deposits and top-ups, ``balance_fen`` every
    movement. The balance stays with the unit on sale: the row belongs to the household, not the owner."""

    household = ForeignKey(references=Household, unique=True, on_delete=OnDelete.restrict)
    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    first_deposit_fen = BigInt(default=0)
    paid_fen = BigInt(default=0)
    balance_fen = BigInt(default=0)


class FundEntry(Table):
    """One movement of a community's fund, never changed nor deleted: a correction is a new entry
    reversing one (``corrects``) with a reason. ``seq`` numbers a community's entries from 1;
    ``hash`` is sha256 over the entry's canonical content and ``prev_hash``, the hash of the entry
    before it (app.funds.logic.entry_hash)."""

    community = ForeignKey(references=Community, on_delete=OnDelete.restrict)
    seq = Integer()
    household = ForeignKey(references=Household, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=16)  # deposit · interest · income · use · top_up · transfer · refund · correction
    amount_fen = BigInt()  # signed: money in is positive, money out negative
    posted_at = Timestamptz()
    posted_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    who = Varchar(length=64)  # the poster's username, as hashed (the account may be renamed or go)
    memo = Varchar(length=255, default="")
    idempotency_key = Varchar(length=64, unique=True)
    # The entry this one reverses (an id of this table: a plain integer, since Piccolo's migrations
    # cannot diff a foreign key to its own table); one correction per entry (a unique index).
    corrects = Integer(null=True, default=None)
    reason = Varchar(length=255, default="")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)


class FundProposal(Table):
    """A use of the fund (Order No. 165 art. 22–24): a project, its budget and contractor, and the
    households that bear it (the whole community, some buildings, or units). It goes to the owners
    concerned as an owners' decision (art. 278 item 5, ``decision_id``) or, in an emergency, is
    authorised without a vote and published afterwards; its shares are frozen in
    ``FundProposalShare`` then, and disbursing posts them (app.funds.services.proposals)."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's, for scoped queries
    title = Varchar(length=200)
    description = Text(default="")
    budget_fen = BigInt()
    contractor = Varchar(length=200, default="")
    scope = Varchar(length=12, default="whole")  # whole · buildings · units
    building_ids = JSON(default="[]")
    household_ids = JSON(default="[]")
    # draft → voting → approved / rejected → disbursed; draft → emergency → disbursed; cancelled
    state = Varchar(length=12, default="draft")
    decision_id = Integer(null=True, default=None, index=True)  # the owners' decision (app.decisions), a plain id
    emergency_reason = Varchar(length=16, default="")  # app.funds.logic.EMERGENCY_REASONS
    authorised_by = Varchar(length=100, default="")  # who authorised the emergency: a name and post, as written
    authorised_on = Date(null=True, default=None)
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    disbursed_at = Timestamptz(null=True, default=None)


class FundProposalShare(Table):
    """A household's share of a proposal's budget, by floor area (largest remainder), frozen when the
    proposal goes to the vote or its emergency is authorised: the owners vote on these figures."""

    proposal = ForeignKey(references=FundProposal, index=True, on_delete=OnDelete.cascade)
    household = ForeignKey(references=Household, on_delete=OnDelete.restrict)
    area = BigInt()  # hundredths of m²
    share_fen = BigInt()
