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


class TreeVersion(Table):
    """A token that changes whenever a node of the tree is added or renamed (an import, a node set
    by code): each process keeps the names it has read (``app.regions.tree``) until it finds a
    different token here. One row; a token rather than a counter, so that a database emptied and
    filled again never repeats an old version."""

    token = Varchar(length=32)
    changed_at = Timestamptz(null=True, default=None)
