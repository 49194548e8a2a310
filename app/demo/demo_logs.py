"""The demo company's service logs: the last two weeks at the communities it manages today, some with
a photo, written through the service-log service as the ``company`` login would."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from app import clock
from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.tables import Community
from app.demo.service_logs import CATEGORIES, NOTES, sample_pictures
from app.management.queries import managers
from app.operations.logs.services import LogInput, log_service

DAYS = 14


async def demo_logs(rng: random.Random) -> int:
    account = await Account.select(Account.id).where(Account.username == "company").first()
    actor = await accounts.load_principal(account["id"])
    now = clock.now()
    served = await Community.raw("SELECT m.community AS community FROM ({}) m WHERE m.company = {} ORDER BY m.community",
                                 managers(now.date()), actor.company_id)
    pictures = sample_pictures()
    categories = [key for key, weight in CATEGORIES for _ in range(weight)]
    made = 0
    for row in served[:6]:
        for back in range(DAYS, 0, -1):
            if rng.random() < 0.4:
                continue
            day = now.date() - timedelta(days=back)
            category = categories[rng.randrange(len(categories))]
            started = datetime.combine(day, time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))), tzinfo=clock.CHINA)
            photos = [pictures[rng.randrange(len(pictures))]] if rng.random() < 0.4 else []
            await log_service(actor, LogInput(
                community_id=row["community"], category=category, started_at=started, staff_count=rng.randint(1, 5),
                hours=Decimal(rng.choice(("0.5", "1", "1.5", "2", "3"))), notes=rng.choice(NOTES[category]), photos=photos))
            made += 1
    return made
