"""The complaint's states and who may move them, its channels, routing to whoever is responsible on the
filing day, and when it is overdue."""

from datetime import date, datetime, time, timezone

import pytest

from app.clock import CHINA
from app.i18n import gettext, set_locale
from app.management.logic import manager_on
from app.operations.complaints import (
    CHANNELS,
    FILED_BY,
    PARTS,
    SERVICE_CATEGORIES,
    STATES,
    TRANSITIONS,
    ComplaintError,
    Responsible,
    allowed,
    allowed_actions,
    check_channel,
    next_state,
    overdue,
    responsible_party,
)
from app.operations.deadlines import response_deadline


@pytest.fixture(autouse=True)
def english():
    set_locale("en")


# Every (state, action, part) with its outcome: the target state, or the refusal's problem.
EXPECTED = {
    ("open", "respond", "responsible"): "responded",
    ("open", "respond", "complainant"): "not_yours",
    ("open", "respond", "staff"): "not_yours",
    ("open", "close", "responsible"): "not_now",
    ("open", "close", "complainant"): "not_now",
    ("open", "close", "staff"): "not_now",
    ("open", "reopen", "responsible"): "not_now",
    ("open", "reopen", "complainant"): "not_now",
    ("open", "reopen", "staff"): "not_now",
    ("responded", "respond", "responsible"): "responded",  # a further response
    ("responded", "respond", "complainant"): "not_yours",
    ("responded", "respond", "staff"): "not_yours",
    ("responded", "close", "responsible"): "not_yours",  # a company cannot close its own complaint
    ("responded", "close", "complainant"): "closed",
    ("responded", "close", "staff"): "closed",
    ("responded", "reopen", "responsible"): "not_yours",
    ("responded", "reopen", "complainant"): "open",
    ("responded", "reopen", "staff"): "open",
    ("closed", "respond", "responsible"): "not_now",
    ("closed", "respond", "complainant"): "not_now",
    ("closed", "respond", "staff"): "not_now",
    ("closed", "close", "responsible"): "not_now",
    ("closed", "close", "complainant"): "not_now",
    ("closed", "close", "staff"): "not_now",
    ("closed", "reopen", "responsible"): "not_now",
    ("closed", "reopen", "complainant"): "not_now",
    ("closed", "reopen", "staff"): "not_now",
}


def test_the_table_covers_every_state_action_and_part():
    assert set(EXPECTED) == {(s, a, p) for s in STATES for a in TRANSITIONS for p in PARTS}


@pytest.mark.parametrize(("state", "action", "part"), sorted(EXPECTED))
def test_every_transition_is_allowed_or_refused_as_the_table_says(state, action, part):
    expected = EXPECTED[(state, action, part)]
    if expected in STATES:
        assert next_state(state, action, {part}, satisfied=True) == expected
        assert allowed(action, state, {part})
        assert action in allowed_actions(state, {part})
    else:
        with pytest.raises(ComplaintError) as refused:
            next_state(state, action, {part}, satisfied=True)
        assert refused.value.problem == expected
        assert not allowed(action, state, {part})
        assert action not in allowed_actions(state, {part})


def test_a_refusal_says_why_in_the_users_language():
    with pytest.raises(ComplaintError) as refused:
        next_state("responded", "close", {"responsible"}, satisfied=True)
    assert refused.value.message == "Only the complainant, or street staff on the complainant's behalf, may close a complaint."
    english = refused.value.message
    set_locale("zh_CN")
    assert refused.value.message != english
    with pytest.raises(ComplaintError) as refused:
        next_state("closed", "respond", {"responsible"})
    assert _english_of(refused.value) == "This cannot be done while the complaint is closed."
    assert refused.value.message != _english_of(refused.value)


def _english_of(error: ComplaintError) -> str:
    set_locale("en")
    try:
        return error.message
    finally:
        set_locale("zh_CN")


def test_a_complainant_who_is_not_satisfied_reopens_rather_than_closes():
    with pytest.raises(ComplaintError) as refused:
        next_state("responded", "close", {"complainant"}, satisfied=False)
    assert refused.value.problem == "closed_unsatisfied"
    assert next_state("responded", "reopen", {"complainant"}) == "open"


def test_staff_mediating_may_close_with_the_complainant_not_satisfied():
    assert next_state("responded", "close", {"staff"}, satisfied=False) == "closed"
    assert next_state("responded", "close", {"staff", "complainant"}, satisfied=False) == "closed"


def test_closing_must_note_the_complainants_satisfaction():
    with pytest.raises(ValueError):
        next_state("responded", "close", {"complainant"})


def test_unknown_states_and_actions_are_refused():
    with pytest.raises(ValueError):
        next_state("pending", "respond", {"responsible"})
    with pytest.raises(ComplaintError) as refused:
        next_state("open", "escalate", {"staff"})
    assert refused.value.problem == "unknown_action"
    assert not allowed("escalate", "open", {"staff"})
    assert allowed_actions("open", set()) == []


def test_only_reopening_starts_a_new_deadline():
    assert [action for action, t in TRANSITIONS.items() if t.new_deadline] == ["reopen"]


def test_a_reopened_complaint_is_due_by_a_new_deadline_from_the_reopening():
    filed = response_deadline(datetime(2026, 11, 30, 10, 0, tzinfo=CHINA), 3, day_ends=time(17, 30))
    reopened_at = datetime(2026, 12, 8, 9, 0, tzinfo=CHINA)
    state = next_state("responded", "reopen", {"complainant"})
    again = response_deadline(reopened_at, 3, day_ends=time(17, 30))
    assert state == "open" and again.due_on == date(2026, 12, 11)
    assert overdue(state, filed.due_at, reopened_at)  # judged by the old deadline it would be late…
    assert not overdue(state, again.due_at, reopened_at)  # …by its new one it is not


def test_an_open_complaint_is_overdue_from_the_midnight_after_its_deadline_day():
    deadline = response_deadline(datetime(2026, 11, 30, 10, 0, tzinfo=CHINA), 3, day_ends=time(17, 30))
    assert not overdue("open", deadline.due_at, datetime(2026, 12, 3, 23, 59, tzinfo=CHINA))
    assert overdue("open", deadline.due_at, datetime(2026, 12, 4, 0, 0, tzinfo=CHINA))
    assert overdue("open", deadline.due_at.astimezone(timezone.utc), datetime(2026, 12, 4, 0, 0, tzinfo=CHINA))


def test_a_responded_or_closed_complaint_is_never_overdue():
    deadline = response_deadline(datetime(2026, 11, 30, 10, 0, tzinfo=CHINA), 3, day_ends=time(17, 30))
    late = datetime(2027, 6, 1, tzinfo=CHINA)
    assert not overdue("responded", deadline.due_at, late)
    assert not overdue("closed", deadline.due_at, late)


# Channels and categories


def test_owners_file_online_and_staff_record_the_other_channels():
    assert set(CHANNELS) == {"online", "hotline_12345", "wechat_group", "community_meeting", "other"}
    assert set(FILED_BY) == set(CHANNELS)
    check_channel("online", "complainant")
    for channel in ("hotline_12345", "wechat_group", "community_meeting", "other"):
        check_channel(channel, "staff")
        with pytest.raises(ComplaintError) as refused:
            check_channel(channel, "complainant")
        assert refused.value.problem == "wrong_channel"
    with pytest.raises(ComplaintError):
        check_channel("online", "staff")
    with pytest.raises(ValueError):
        check_channel("fax", "staff")


def test_every_label_is_translated():
    labels = [*CHANNELS.values(), *SERVICE_CATEGORIES.values(), *STATES.values(), *PARTS.values(),
              *(t.label for t in TRANSITIONS.values())]
    set_locale("zh_CN")
    assert all(gettext(label) != label for label in labels)


def test_a_service_log_has_the_policys_categories():
    assert list(SERVICE_CATEGORIES) == ["cleaning", "greening", "patrol", "repair", "upkeep", "other"]


# Routing


COMMUNITY = "630102001001"


def arrangement(mode, start, end=None, company=None, **extra):
    return {"id": extra.pop("id", 1), "mode": mode, "start_date": start, "end_date": end, "company": company, **extra}


def routed(arrangements, shared, day):
    return responsible_party(manager_on(arrangements, shared, day), COMMUNITY)


def test_a_company_answers_for_communities_it_manages_by_contract_bundle_or_shared_service():
    day = date(2026, 12, 1)
    assert routed([arrangement("professional", date(2026, 1, 1), company=11)], [], day) == Responsible("company", 11)
    bundled = arrangement("professional", date(2026, 1, 1), company=12, bundle=4)
    assert routed([bundled], [], day) == Responsible("company", 12)
    shared = {"id": 9, "start_date": date(2026, 6, 1), "end_date": None, "company": 13}
    assert routed([], [shared], day) == Responsible("company", 13)


@pytest.mark.parametrize("mode", ["street_proxy", "self_managed", "unit_managed"])
def test_the_street_office_answers_for_proxy_self_and_unit_managed_communities(mode):
    assert routed([arrangement(mode, date(2026, 1, 1))], [], date(2026, 12, 1)) == Responsible(
        "street", street_code="630102001"
    )


def test_the_street_office_answers_for_an_unmanaged_community():
    assert routed([], [], date(2026, 12, 1)) == Responsible("street", street_code="630102001")
    ended = arrangement("professional", date(2025, 1, 1), date(2026, 6, 30), company=11)
    assert routed([ended], [], date(2026, 12, 1)) == Responsible("street", street_code="630102001")


def test_the_manager_on_the_filing_day_is_responsible_and_a_handover_day_goes_to_the_new_one():
    old = arrangement("professional", date(2025, 1, 1), date(2026, 11, 30), company=11, id=1)
    new = arrangement("professional", date(2026, 11, 30), company=22, id=2)
    assert routed([old, new], [], date(2026, 11, 29)) == Responsible("company", 11)
    assert routed([old, new], [], date(2026, 11, 30)) == Responsible("company", 22)
    # filed on the 29th, it stays with company 11: the party is computed once, on the filing day
    to_street = arrangement("street_proxy", date(2026, 12, 1), id=3)
    old_to_proxy = {**new, "end_date": date(2026, 11, 30)}
    assert routed([old, old_to_proxy, to_street], [], date(2026, 12, 1)).kind == "street"


def test_a_company_mode_without_a_company_or_a_bad_community_code_is_a_bug_not_a_route():
    with pytest.raises(ValueError):
        responsible_party({"mode": "professional", "company": None}, COMMUNITY)
    with pytest.raises(ValueError):
        responsible_party(None, "630102001")
