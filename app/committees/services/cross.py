"""Cross-appointments (双向进入、交叉任职, item 17): recording one at a community, then ending it or
putting it right. The street and bureau of the community's area record; every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.committees.services.records import recordable_community
from app.committees.tables import CrossAppointment
from app.companies.tables import Company
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import gettext as _


@dataclass
class CrossInput:
    kind: str
    company_id: int | None
    person_name: str
    role_title: str
    start_date: date
    end_date: date | None = None  # None: still serving


async def _check(data: CrossInput) -> None:
    if not data.company_id or not await Company.exists().where(Company.id == data.company_id):
        raise FieldError("company_id", _("Choose the property company."))
    today = clock.today()
    if data.start_date > today:
        raise FieldError("start_date", _("This cannot be in the future."))
    if data.end_date is not None and data.end_date < data.start_date:
        raise FieldError("end_date", _("An appointment cannot end before it starts."))
    if data.end_date is not None and data.end_date > today:
        raise FieldError("end_date", _("This cannot be in the future."))


async def record_cross_appointment(actor: Principal, community_id: int, *, kind: str, company_id: int | None,
                                   person_name: str, role_title: str, start_date: date) -> int:
    """双向进入、交叉任职 at a community: who, which company, in which capacity, from when."""
    community = await recordable_community(actor, community_id)
    data = CrossInput(kind, company_id, person_name, role_title, start_date)
    await _check(data)
    async with transaction():
        inserted = await CrossAppointment.insert(CrossAppointment(
            community=community_id, company=company_id, region_code=community["region_code"], kind=kind,
            person_name=person_name, role_title=role_title, start_date=start_date,
        )).returning(CrossAppointment.id)
        await audit.record(actor, "committee.cross_appointment", "community", community_id,
                           {"cross_kind": kind, "person_name": person_name, "company_id": company_id, "start": start_date},
                           community["region_code"], object_name=community["name"])
    return inserted[0]["id"]


async def get_cross_appointment(actor: Principal, cross_id: int) -> dict:
    """A cross-appointment the actor may change (the street or bureau of its community), with the
    names of its community and company; NotFound otherwise."""
    row = await CrossAppointment.select(
        CrossAppointment.all_columns(), CrossAppointment.company.name.as_alias("company_name"),
    ).where(CrossAppointment.id == cross_id).first()
    if row is None:
        raise NotFound(cross_id)
    community = await recordable_community(actor, row["community"])
    return {**row, "community_name": community["name"]}


# The form's field -> the table's column; the audit names the kind "cross_kind" (jobs label "kind").
FIELDS = {"kind": "kind", "company_id": "company", "person_name": "person_name", "role_title": "role_title",
          "start_date": "start_date", "end_date": "end_date"}
AUDIT_NAMES = {"kind": "cross_kind"}


async def update_cross_appointment(actor: Principal, cross_id: int, data: CrossInput) -> int:
    """End a cross-appointment (its last day) or put it right; answers its community's id."""
    row = await get_cross_appointment(actor, cross_id)
    await _check(data)
    changes = {name: [row[column], getattr(data, name)] for name, column in FIELDS.items()
               if row[column] != getattr(data, name)}
    if not changes:
        raise FieldError("end_date", _("Nothing differs from the record: there is nothing to change."))
    async with transaction():
        await CrossAppointment.update({
            CrossAppointment.kind: data.kind, CrossAppointment.company: data.company_id,
            CrossAppointment.person_name: data.person_name, CrossAppointment.role_title: data.role_title,
            CrossAppointment.start_date: data.start_date, CrossAppointment.end_date: data.end_date,
        }).where(CrossAppointment.id == cross_id)
        await audit.record(actor, "committee.cross_update", "community", row["community"],
                           {AUDIT_NAMES.get(name, name): pair for name, pair in changes.items()}
                           | {"person_name": data.person_name}, row["region_code"],
                           object_name=row["community_name"])
    return row["community"]
