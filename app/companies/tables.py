from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.communities.tables import Community


class Company(Table):
    """A property service company (物业服务企业)."""

    name = Varchar(length=128, index=True)
    uscc = Varchar(length=18, unique=True)  # Unified Social Credit Code, normalised and checked
    legal_representative = Varchar(length=64, default="")
    contact_name = Varchar(length=64, default="")
    contact_phone = Varchar(length=32, default="")
    address = Varchar(length=255, default="")
    region_code = Varchar(length=12, index=True)  # where it is registered
    is_red_property = Boolean(default=False)  # 红色物业
    red_property_since = Date(null=True, default=None)
    red_property_by = Varchar(length=128, default="")  # who designated it
    created_at = Timestamptz(default=TimestamptzNow())


class Subsidy(Table):
    """A subsidy a company received (policy item 15: for taking over old communities)."""

    company = ForeignKey(references=Company, index=True, on_delete=OnDelete.restrict)
    amount_fen = BigInt()
    year = Integer()
    source = Varchar(length=128)  # who paid it, e.g. 城东区财政局
    community = ForeignKey(references=Community, null=True, default=None, on_delete=OnDelete.set_null)
    note = Varchar(length=255, default="")
    created_at = Timestamptz(default=TimestamptzNow())
