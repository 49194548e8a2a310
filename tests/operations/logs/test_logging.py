"""Logging a service through the service: the company that manages the community on the day, at the
arrangement's boundaries and on a handover day, by shared service; never in the future; staff, hours
and photos checked; nothing written on a refusal; audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.audit.tables import AuditEntry
from app.errors import FieldError, NotFound
from app.operations.logs.tables import ServiceLog
from app.photos.tables import Photo
from app.settings import get_settings
from tests.operations.logs.helpers import FIRST_DAY, LAST_DAY, at, log, make_logs_world, share
from tests.photos.images import SCRIPT_NAMED_JPG, bomb, phone_photo


def _files() -> set:
    root = get_settings().photos.directory
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


async def test_a_company_logs_on_the_first_day_of_its_arrangement_and_the_day_before_is_refused(clock):
    world = await make_logs_world()
    await log("carol", world.community_a, at(FIRST_DAY))
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, at(FIRST_DAY - timedelta(days=1), 23, 59))
    assert refused.value.field == "community" and "幸福小区" in refused.value.message
    assert await ServiceLog.count() == 1


async def test_the_last_day_belongs_to_the_incoming_company_on_a_handover(clock):
    """Company A's last day is company B's first: management's one rule names B on that day."""
    world = await make_logs_world()
    clock.set(at(LAST_DAY, 18))
    day_before = LAST_DAY - timedelta(days=1)
    await log("carol", world.community_a, at(day_before, 23, 59))  # the outgoing company's last whole day
    with pytest.raises(FieldError):
        await log("carol", world.community_a, at(LAST_DAY, 0, 0))
    with pytest.raises(FieldError):
        await log("bella", world.community_a, at(day_before))  # B before its first day
    await log("bella", world.community_a, at(LAST_DAY, 8))
    rows = await ServiceLog.select(ServiceLog.company, ServiceLog.service_date).order_by(ServiceLog.id)
    assert [(r["company"], r["service_date"]) for r in rows] == [(world.company_a, day_before), (world.company_b, LAST_DAY)]


async def test_a_company_that_no_longer_manages_a_community_is_refused_after_its_last_day(clock):
    world = await make_logs_world()
    clock.set(at(date(2026, 12, 2), 12))
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, at(date(2026, 12, 1)))
    assert refused.value.field == "community"
    await log("carol", world.community_a, at(date(2026, 11, 29)))  # its own past days stay loggable


async def test_a_company_never_logs_for_a_community_it_does_not_serve(clock):
    world = await make_logs_world()
    for community in (world.community_b, world.community_other_county, 2**31 - 1):
        with pytest.raises(FieldError) as refused:
            await log("carol", community, at(date(2026, 11, 20)))
        assert refused.value.field == "community"
    assert await ServiceLog.count() == 0


async def test_a_neighbour_s_company_logs_while_its_shared_service_runs(clock):
    world = await make_logs_world()
    await share(world.community_b, world.community_a, world.company_a, date(2026, 11, 1), date(2026, 11, 20))
    log_id = await log("carol", world.community_b, at(date(2026, 11, 20)))
    row = await ServiceLog.select().where(ServiceLog.id == log_id).first()
    assert row["served_as"] == "shared_service" and row["region_code"] == "630102001004"
    with pytest.raises(FieldError):
        await log("carol", world.community_b, at(date(2026, 11, 21)))


async def test_a_service_in_the_future_is_refused_and_one_starting_now_is_not(clock):
    world = await make_logs_world()
    now = clock.moment
    await log("carol", world.community_a, now)
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, now + timedelta(minutes=1))
    assert refused.value.field == "service_date"


@pytest.mark.parametrize(("field", "value", "ok"), [
    ("staff_count", 0, False), ("staff_count", 1, True), ("staff_count", 500, True), ("staff_count", 501, False),
    ("hours", Decimal("0"), False), ("hours", Decimal("0.01"), True), ("hours", Decimal("24"), True),
    ("hours", Decimal("24.01"), False), ("category", "gardening", False),
])
async def test_staff_hours_and_category_are_held_to_their_bounds(clock, field, value, ok):
    world = await make_logs_world()
    if ok:
        await log("carol", world.community_a, at(date(2026, 11, 20)), **{field: value})
        assert await ServiceLog.count() == 1
    else:
        with pytest.raises(FieldError) as refused:
            await log("carol", world.community_a, at(date(2026, 11, 20)), **{field: value})
        assert refused.value.field == field and await ServiceLog.count() == 0


async def test_only_company_staff_log_services(clock):
    world = await make_logs_world()
    for username in ("alice", "bob", "dave", "erin"):
        with pytest.raises(NotFound):
            await log(username, world.community_a, at(date(2026, 11, 20)))


async def test_photos_are_kept_cleaned_with_the_log_and_the_log_is_audited(clock):
    world = await make_logs_world()
    log_id = await log("carol", world.community_a, at(date(2026, 11, 20)), photos=[phone_photo(), phone_photo(120, 80)],
                       hours=Decimal("1.25"))
    row = await ServiceLog.select().where(ServiceLog.id == log_id).first()
    photos = await Photo.select().where(Photo.object_id == log_id).order_by(Photo.id)
    assert row["photo_count"] == 2 and row["first_photo"] == photos[0]["key"] and row["hours_hundredths"] == 125
    assert {(p["domain"], p["kind"]) for p in photos} == {("operations", "service_log")}
    assert (photos[0]["width"], photos[0]["height"]) == (100, 200)  # stood upright
    entry = await AuditEntry.select().where(AuditEntry.action == "service_log.create").first()
    assert entry["object_id"] == str(log_id) and entry["object_name"] == "幸福小区"
    assert '"service_hours": "1.25"' in entry["summary"] and '"photo_count": 2' in entry["summary"]


@pytest.mark.parametrize("bad", [SCRIPT_NAMED_JPG, bomb(), b"\xff\xd8\xff\xe0" + b"\0" * 100])
async def test_a_malicious_photo_is_refused_with_a_message_and_nothing_is_kept(clock, bad):
    world = await make_logs_world()
    before = _files()
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, at(date(2026, 11, 20)), photos=[phone_photo(), bad])
    assert refused.value.field == "photos" and "2" in refused.value.message
    assert await ServiceLog.count() == 0 and await Photo.count() == 0 and await AuditEntry.count() == 0
    assert _files() == before


async def test_a_photo_over_the_size_limit_is_refused_before_decoding(clock):
    world = await make_logs_world()
    too_big = b"\xff\xd8\xff" + b"\0" * get_settings().photos.max_bytes
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, at(date(2026, 11, 20)), photos=[too_big])
    assert "10 MB" in refused.value.message
    assert await ServiceLog.count() == 0


async def test_at_most_six_photos_on_one_log(clock):
    world = await make_logs_world()
    with pytest.raises(FieldError) as refused:
        await log("carol", world.community_a, at(date(2026, 11, 20)), photos=[phone_photo()] * 7)
    assert refused.value.field == "photos" and await Photo.count() == 0
