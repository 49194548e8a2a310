from piccolo.columns import Boolean, ForeignKey, Integer, Numeric, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
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


# Natural keys are unique indexes made by raw SQL in the migration (SQLite cannot add constraints
# to a table): building (community, number), owner (community, name, phone), household (building, unit_number).


class Building(Table):
    """A building (楼栋) of a community."""

    community = ForeignKey(references=Community, index=True)
    number = Varchar(length=32)  # as the register writes it, e.g. 3号楼
    floors = Integer(null=True, default=None)


class Owner(Table):
    """An owner (业主): one vote head however many units they hold (Civil Code art. 278 counting)."""

    community = ForeignKey(references=Community, index=True)
    name = Varchar(length=64)
    phone = Varchar(length=32, default="")


class Household(Table):
    """A unit (户) with its registered floor area; area and heads drive votes, fees and the fund."""

    community = ForeignKey(references=Community, index=True)
    building = ForeignKey(references=Building, index=True)
    unit_number = Varchar(length=32)  # e.g. 2-301
    floor_area = Numeric(digits=(10, 2))  # m², exact, as registered
    owner = ForeignKey(references=Owner, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    # Unsold units of the developer count together as one owner.
    is_developer_stock = Boolean(default=False)
    updated_at = Timestamptz(default=TimestamptzNow())
