"""A contract's standing on a day, as the company page shows it, follows the one manager rule."""

from datetime import date

from app.management.logic import manager_on, status_on

OLD = {"id": 1, "community": 7, "mode": "professional", "start_date": date(2024, 1, 1), "end_date": date(2026, 6, 30)}
NEW = {"id": 2, "community": 7, "mode": "professional", "start_date": date(2026, 6, 30), "end_date": None}
SHARED = {"id": 1, "community": 7, "start_date": date(2026, 1, 1), "end_date": None}


def _status(row, day, shared=False, arrangements=(OLD, NEW), services=()):
    return status_on(row, manager_on(list(arrangements), list(services), day), shared, day)


def test_on_the_handover_day_the_outgoing_contract_reads_ended_and_the_new_one_current():
    day = date(2026, 6, 30)
    assert _status(OLD, day) == "ended" and _status(NEW, day) == "current"


def test_the_day_before_the_handover_the_new_contract_starts_later():
    day = date(2026, 6, 29)
    assert _status(OLD, day) == "current" and _status(NEW, day) == "later"


def test_a_shared_service_with_the_same_id_as_an_arrangement_is_not_taken_for_it():
    day = date(2026, 3, 1)
    assert _status(SHARED, day, shared=True, arrangements=(), services=(SHARED,)) == "current"
    assert _status({**OLD, "id": 1}, day, arrangements=(), services=(SHARED,)) == "ended"
