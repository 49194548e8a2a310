from piccolo.columns import Integer, Numeric, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Community(Table):
    """A residential community (小区)."""

    # Natural key: the residents' community code plus a 3-digit sequence.
    code = Varchar(length=15, unique=True, index=True)
    name = Varchar(length=128, index=True)
    address = Varchar(length=255, default="")
    region_code = Varchar(length=12, index=True)  # the residents' community (社区) it belongs to
    year_built = Integer()
    building_count = Integer(default=0)
    household_count = Integer(default=0)
    total_area = Numeric(digits=(14, 2))  # m², exact
    renovation_year = Integer(null=True, default=None)
    renovation_status = Varchar(length=16, default="none")  # none · planned · in_progress · completed
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
