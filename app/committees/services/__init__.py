"""The committees' services: recording (``records``) and reading (``views``)."""

from app.committees.services.corrections import (
    CommitteeCorrection,
    MemberCorrection,
    correct_committee,
    correct_member,
    get_member,
)
from app.committees.services.cross import (
    CrossInput,
    get_cross_appointment,
    record_cross_appointment,
    update_cross_appointment,
)
from app.committees.services.records import (
    CommitteeInput,
    MemberInput,
    change_community,
    file_change,
    form_preparatory_group,
    get_committee,
    install_committee,
    record_change,
    record_dates,
    recordable_community,
)
from app.committees.services.slates import SlateInput
from app.committees.services.views import (
    LISTS,
    committee_list,
    committee_page,
    communities_without,
    community_section,
    cross_appointments,
    household_search,
    households_chosen,
    overview,
    picker_context,
)

__all__ = [
    "CommitteeCorrection", "CrossInput", "MemberCorrection", "correct_committee", "correct_member", "get_member",
    "get_cross_appointment", "update_cross_appointment", "household_search", "households_chosen",
    "LISTS", "CommitteeInput", "SlateInput", "MemberInput", "committee_list", "committee_page", "communities_without",
    "community_section", "cross_appointments", "file_change", "form_preparatory_group", "get_committee",
    "picker_context", "install_committee", "overview", "record_change", "record_cross_appointment",
    "record_dates", "recordable_community", "change_community",
]
