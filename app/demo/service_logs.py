"""Service logs for the generated communities: 400 a community on average (2,000,000 at province
scale), shared among the communities a company served, over the last year, each on a day a company managed or served the community by management's
one rule (``manager_on``: a handover day belongs to the incoming company), so every generated log is
one the service would have accepted. One log in ``WITH_PHOTO`` has a photo: a few sample pictures made
once and hard-linked under each photo's key (files are named by key; the data is stored once).
"""

from __future__ import annotations

import io
import os
import random
import secrets
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageDraw

from app.clock import CHINA
from app.demo.world import Ids
from app.management.logic import manager_on
from app.photos.logic import process_upload

PER_COMMUNITY = 400  # logs a community on average over the year: 2,000,000 for 5,000 communities
DAYS = 365
WITH_PHOTO = 50  # one log in this many has a photo
SAMPLES = 4  # distinct sample pictures
CATEGORIES = (("cleaning", 40), ("patrol", 20), ("greening", 15), ("repair", 10), ("upkeep", 10), ("other", 5))
NOTES = {
    "cleaning": ("清扫楼道及公共区域", "清运生活垃圾", "清理小区积雪"),
    "greening": ("修剪绿篱", "浇灌草坪", "补种树苗"),
    "patrol": ("夜间巡逻一次", "检查消防通道", "劝离违停车辆"),
    "repair": ("更换楼道灯泡", "维修单元门禁", "疏通下水管道"),
    "upkeep": ("检查水泵房", "保养电梯", "检查消防设施"),
    "other": ("配合社区入户宣传", "张贴停水通知", ""),
}


def sample_pictures() -> list[bytes]:
    """A few pictures as the photo service would keep them (a coloured scene with a label)."""
    made = []
    for n, colour in enumerate(((70, 130, 80), (90, 110, 160), (160, 120, 70), (120, 120, 120))[:SAMPLES]):
        image = Image.new("RGB", (640, 480), colour)
        draw = ImageDraw.Draw(image)
        draw.rectangle((80, 300, 560, 420), fill=(230, 230, 220))
        draw.text((100, 340), f"service log sample {n + 1}", fill=(30, 30, 30))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        made.append(out.getvalue())
    return made


class SamplePhotos:
    """Sample files under PHOTO_DIR, linked under each new photo's key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.samples = []
        for n, data in enumerate(sample_pictures()):
            processed = process_upload(data)
            paths = []
            for suffix, content in (("", processed.data), ("-thumb", processed.thumbnail)):
                path = directory / "samples" / f"service-log-{n}{suffix}.jpg"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                paths.append(path)
            self.samples.append((processed, paths))

    def photo(self, log: dict, rng: random.Random, ids: Ids) -> dict:
        processed, (full, thumb) = self.samples[rng.randrange(len(self.samples))]
        key = secrets.token_urlsafe(24)
        folder = self.directory / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        for source, target in ((full, folder / f"{key}.jpg"), (thumb, folder / f"{key}-thumb.jpg")):
            try:
                os.link(source, target)
            except OSError:  # a file system without hard links: a copy
                target.write_bytes(source.read_bytes())
        return {"id": ids.take("photo"), "key": key, "content_type": "image/jpeg", "byte_size": len(processed.data),
                "width": processed.width, "height": processed.height, "thumbnail_size": len(processed.thumbnail),
                "domain": "operations", "kind": "service_log", "object_id": log["id"], "uploaded_by": None,
                "uploaded_at": log["logged_at"]}


def _served_days(arrangements: list[dict], shared: list[dict], first: date, last: date) -> dict[date, dict]:
    """The days from ``first`` to ``last`` on which a company managed or served the community, with
    that day's manager."""
    days = {}
    day = first
    while day <= last:
        manager = manager_on(arrangements, shared, day)
        if manager is not None and manager.get("company"):
            days[day] = manager
        day += timedelta(days=1)
    return days


def logs_of(communities: list[dict], arrangements: list[dict], shared: list[dict], ids: Ids, rng: random.Random,
            now: datetime, photos: SamplePhotos | None) -> Iterator[tuple[list[dict], list[dict]]]:
    """(logs, photos) community by community, for the communities a company served in the last year."""
    arrangements_of: dict[int, list[dict]] = {}
    for row in arrangements:
        arrangements_of.setdefault(row["community"], []).append(row)
    shared_of: dict[int, list[dict]] = {}
    for row in shared:
        shared_of.setdefault(row["community"], []).append(row)
    today = now.astimezone(CHINA).date()
    first = today - timedelta(days=DAYS - 1)
    categories = [key for key, weight in CATEGORIES for _ in range(weight)]
    with_company = sum(1 for community in communities if any(
        row.get("company") for row in arrangements_of.get(community["id"], []) + shared_of.get(community["id"], [])))
    average = PER_COMMUNITY * len(communities) // max(with_company, 1)
    for community in communities:
        own, lent = arrangements_of.get(community["id"], []), shared_of.get(community["id"], [])
        if not any(row.get("company") for row in own + lent):
            continue
        managers = _served_days(own, lent, first, today)
        if not managers:
            continue
        days = sorted(managers)
        logs, pictures = [], []
        for _ in range(rng.randint(average // 2, average * 3 // 2)):
            day = days[rng.randrange(len(days))]
            manager = managers[day]
            category = categories[rng.randrange(len(categories))]
            local = datetime.combine(day, time(7, 0), CHINA) + timedelta(minutes=rng.randrange(0, 10 * 60))
            if local > now:  # today's logs are of what is already done
                local = datetime.combine(day, time(0, 0), CHINA)
            started = local.astimezone(timezone.utc)
            hundredths = rng.choice((50, 100, 100, 150, 200, 300, 400))
            log = {"id": ids.take("service_log"), "community": community["id"], "company": manager["company"],
                   "region_code": community["region_code"], "category": category, "service_date": day,
                   "started_at": started, "staff_count": rng.randint(1, 6), "hours_hundredths": hundredths,
                   "notes": rng.choice(NOTES[category]), "served_as": manager["mode"], "photo_count": 0,
                   "first_photo": "", "logged_by": None, "logged_at": started + timedelta(hours=hundredths / 100)}
            if photos is not None and rng.randrange(WITH_PHOTO) == 0:
                picture = photos.photo(log, rng, ids)
                log.update(photo_count=1, first_photo=picture["key"])
                pictures.append(picture)
            logs.append(log)
        yield logs, pictures
