"""The committees' services: recording (``records``) and reading (``views``)."""

from app.committees.services.records import (
    CommitteeInput,
    MemberInput,
    change_community,
    file_change,
    form_preparatory_group,
    get_committee,
    install_committee,
    record_change,
    record_cross_appointment,
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
    household_options,
    overview,
)

__all__ = [
    "LISTS", "CommitteeInput", "SlateInput", "MemberInput", "committee_list", "committee_page", "communities_without",
    "community_section", "cross_appointments", "file_change", "form_preparatory_group", "get_committee",
    "household_options", "install_committee", "overview", "record_change", "record_cross_appointment",
    "record_dates", "recordable_community", "change_community",
]
