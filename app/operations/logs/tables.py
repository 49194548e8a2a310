from piccolo.columns import Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community
from app.companies.tables import Company

# The two lists read a community's or a company's logs newest first: indexes on (community,
# service_date, id) and (company, service_date, id), made by raw SQL in the migration (Piccolo
# declares single-column indexes only).


class ServiceLog(Table):
    """A service a property company delivered (服务记录): what, where, when, by how many, for how long.

    Written only by staff of the company that manages the community (or serves it by bundle or shared
    service) on ``service_date`` (management's one rule, ``manager_of``). Its photos are ``Photo``
    rows of domain "operations", kind "service_log"; ``photo_count`` and ``first_photo`` are kept here
    so a list shows a thumbnail without a query per row.
    """

    community = ForeignKey(references=Community, on_delete=OnDelete.restrict)
    company = ForeignKey(references=Company, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's, for scoped queries
    category = Varchar(length=16)  # app.operations.complaints.SERVICE_CATEGORIES
    service_date = Date()  # the day in China the service was done (the day the manager rule is asked)
    started_at = Timestamptz()  # when it began (its day is service_date, China time)
    staff_count = Integer()
    hours_hundredths = Integer()  # how long it took, in hundredths of an hour: exact (1.25 h → 125)
    notes = Text(default="")
    served_as = Varchar(length=16)  # professional · shared_service: how the company served it that day
    photo_count = Integer(default=0)
    first_photo = Varchar(length=32, default="")  # the key of its first photo (app.photos), "" without
    logged_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    logged_at = Timestamptz(default=TimestamptzNow())
