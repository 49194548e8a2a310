from piccolo.columns import Integer, Timestamptz, Varchar
from piccolo.table import Table


class Region(Table):
    """A node of the administrative tree (GB/T 2260 plus the statistics bureau's 12-digit extension)."""

    code = Varchar(length=12, unique=True, index=True)
    name = Varchar(length=64)
    name_en = Varchar(length=128, default="")
    level = Varchar(length=12)  # province · prefecture · county · street · community
    parent_code = Varchar(length=12, null=True, default=None, index=True)
    # The significant digits of the code: every code below this node starts with them.
    prefix = Varchar(length=12, index=True)
    # Figures kept by the recount_regions job, so the tree never counts on a page view.
    community_count = Integer(default=0)
    household_count = Integer(default=0)
    old_community_count = Integer(default=0)
    counted_at = Timestamptz(null=True, default=None)
