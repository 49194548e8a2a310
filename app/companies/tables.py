from piccolo.columns import Boolean, Date, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


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
    created_at = Timestamptz(default=TimestamptzNow())
