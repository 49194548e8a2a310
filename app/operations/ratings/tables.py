from piccolo.columns import Date, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community

# The unique key of a rating (community, period, rater_kind, rater_id: satisfaction.rating_key), the
# tally's (community, period_start, company) and the composite indexes are made by raw SQL in the
# migration, as the register's natural keys are.


class Rating(Table):
    """One rating (服务评价) of a community's property service in one period: 1–5 and a comment, by a
    household (or an owner, a setting) or by the owners' committee. Changed in place until the period
    ends. ``company`` is the manager on ``rated_on`` (the management domain's rule, fixed when rated), so
    a company is judged by the ratings of the days it managed; ``region_code`` is the community's."""

    community = ForeignKey(references=Community, on_delete=OnDelete.cascade)
    region_code = Varchar(length=12)
    period = Varchar(length=8)  # satisfaction.RatingPeriod.key: "2026-11", "2026-Q4"
    period_start = Date()  # the period's first day, so a quarter or a year is a range
    rater_kind = Varchar(length=16)  # household · owner · committee
    rater_id = Integer()  # the household's, owner's or committee's id
    account = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    score = Integer()
    comment = Varchar(length=500, default="")
    company = Integer(null=True, default=None)  # the managing company on rated_on (None: no company)
    rated_on = Date()  # the day of the last change (China time)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class RatingTally(Table):
    """How many ratings of each score a community got in a rating period (``span`` "period") or in a
    calendar year ("year", ``period_start`` its 1 January: the periods' rows summed, so a year page
    reads one row per community rather than twelve), per managing company (0: none). A rollup of
    ``Rating`` for the area and company pages (millions of ratings a year at province scale), rebuilt
    for the open periods by the ``refresh_rating_tallies`` job; ``refreshed_at`` is shown as the
    figures' freshness. Counts by score, so a changed good score needs no rebuild."""

    community = ForeignKey(references=Community, on_delete=OnDelete.cascade)
    region_code = Varchar(length=12)
    span = Varchar(length=8, default="period")  # period · year
    period_start = Date()
    company = Integer(default=0)
    s1 = Integer(default=0)
    s2 = Integer(default=0)
    s3 = Integer(default=0)
    s4 = Integer(default=0)
    s5 = Integer(default=0)
    refreshed_at = Timestamptz(default=TimestamptzNow())
