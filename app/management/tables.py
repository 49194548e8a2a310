from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.communities.tables import Community
from app.companies.tables import Company


class Bundle(Table):
    """Bundled management (捆绑管理, item 15): small adjacent communities plus public projects under one company."""

    name = Varchar(length=128)
    company = ForeignKey(references=Company, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the street office that set it up
    reason_small = Boolean(default=False)
    reason_adjacent = Boolean(default=False)
    reason_costly = Boolean(default=False)
    reason_note = Text(default="")
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class BundleProject(Table):
    """A public project in a bundle: a government office building, a school, …"""

    bundle = ForeignKey(references=Bundle, index=True)
    kind = Varchar(length=24)  # government_office · school · other
    name = Varchar(length=128)
    floor_area = Numeric(digits=(12, 2))


class Arrangement(Table):
    """Who manages a community over a period (item 16). Dates are inclusive; end_date null: open."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)  # the community's, for scoped queries
    mode = Varchar(length=16)  # professional · self_managed · street_proxy · unit_managed
    start_date = Date()
    end_date = Date(null=True, default=None)
    # The last day agreed when it was assigned: kept when it ends early, so history shows both.
    contract_end_date = Date(null=True, default=None)
    # professional
    company = ForeignKey(references=Company, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    contract_number = Varchar(length=64, default="")
    service_level = Varchar(length=32, default="")
    fee_fen_per_m2_month = Integer(null=True, default=None)
    bundle = ForeignKey(references=Bundle, null=True, default=None, on_delete=OnDelete.restrict)
    # self_managed: the supervising residents' community (社区督管) and the owners' contact person
    supervising_region_code = Varchar(length=12, null=True, default=None)
    # street_proxy: the responsible grid member or staff user
    responsible = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    # unit_managed: the owning work unit
    unit_name = Varchar(length=128, default="")
    # self_managed: owners' contact; unit_managed: the unit's logistics contact
    contact_name = Varchar(length=64, default="")
    contact_phone = Varchar(length=32, default="")
    # how it ended
    end_reason = Varchar(length=24, default="")  # expiry · dismissal · non_renewal · handover · other
    end_note = Text(default="")
    notice_given_on = Date(null=True, default=None)
    short_notice_acknowledged = Boolean(default=False)
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    ended_at = Timestamptz(null=True, default=None)


class SharedService(Table):
    """Shared service (套管): an unmanaged community served by a managed neighbour's company."""

    community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)  # the one served
    provider_community = ForeignKey(references=Community, index=True, on_delete=OnDelete.restrict)  # the managed neighbour
    company = ForeignKey(references=Company, index=True, on_delete=OnDelete.restrict)
    region_code = Varchar(length=12, index=True)
    start_date = Date()
    end_date = Date(null=True, default=None)
    note = Text(default="")
    created_by = ForeignKey(references=Account, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
