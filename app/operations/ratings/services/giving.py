"""An owner or a committee rates the community's service for the current period; a rating is changed
in place until the period ends (satisfaction.open_for_rating)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.committees.tables import Committee
from app.communities.tables import Community
from app.db import transaction
from app.errors import FieldError, NotFound
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.management.services.managers import manager_of
from app.operations.ratings import access
from app.operations.ratings.tables import Rating
from app.operations.satisfaction import (
    RatingKey,
    RatingPeriod,
    check_score,
    committee_rating_key,
    open_for_rating,
    parse_period,
    period_of,
    rating_key,
)
from app.settings import get_settings

COMMENT_LENGTH = 500

# The actor's own units in the community: those of the owner records his account is linked to (the
# developer's unsold stock is no owner's to rate).
_MY_HOUSEHOLDS = (
    "SELECT h.id, h.owner, h.unit_number, b.number AS building_number FROM owner_link l "
    "JOIN household h ON h.owner = l.owner JOIN building b ON b.id = h.building "
    "WHERE l.account = {} AND h.community = {} AND NOT h.is_developer_stock ORDER BY b.number, h.unit_number LIMIT 100"
)
_UPSERT = (
    "INSERT INTO rating (community, region_code, period, period_start, rater_kind, rater_id, account, score, "
    "comment, company, rated_on, created_at, updated_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}) "
    "ON CONFLICT (community, period, rater_kind, rater_id) DO UPDATE SET account = excluded.account, "
    "score = excluded.score, comment = excluded.comment, company = excluded.company, "
    "rated_on = excluded.rated_on, updated_at = excluded.updated_at"
)


@dataclass(frozen=True)
class Rater:
    """Whom the actor rates for in a community this period: the keys of his rating, and his units."""

    kind: str  # owner · committee · none
    keys: tuple[RatingKey, ...]
    households: tuple[dict, ...] = ()


def current_period(day: date | None = None) -> RatingPeriod:
    return period_of(day or clock.today(), get_settings().policy.rating_period)


async def rater_of(actor: Principal, community: dict, period: RatingPeriod) -> Rater:
    """One query for an owner (his units here), one for a committee account (its committee in office)."""
    if actor.role == "committee" and access.may_rate_as_committee(actor, community):
        row = await Committee.select(Committee.id).where(
            (Committee.community == community["id"]) & Committee.ended_on.is_null()
        ).first()
        if row is None:
            return Rater("none", ())
        return Rater("committee", (committee_rating_key(community["id"], period, row["id"]),))
    if actor.role == "owner" and actor.id is not None:
        households = await Community.raw(_MY_HOUSEHOLDS, actor.id, community["id"])
        if not access.may_rate_as_owner(actor, [row["id"] for row in households]):
            return Rater("none", ())
        per = get_settings().policy.rating_per
        keys = {rating_key(community["id"], period, per=per, household_id=row["id"], owner_id=row["owner"])
                for row in households}
        return Rater("owner", tuple(sorted(keys, key=lambda key: key.rater_id)), tuple(households))
    return Rater("none", ())


async def my_rating(rater: Rater) -> dict | None:
    """The rating the rater gave this period (the latest of his keys'), or None."""
    if not rater.keys:
        return None
    first = rater.keys[0]
    return await Rating.select(Rating.score, Rating.comment, Rating.updated_at).where(
        (Rating.community == first.community_id) & (Rating.period == first.period)
        & (Rating.rater_kind == first.rater_kind) & Rating.rater_id.is_in([key.rater_id for key in rater.keys])
    ).order_by(Rating.updated_at, ascending=False).first()


def check_rating(score: object, comment: str, period_key: str, today: date) -> RatingPeriod:
    """The rules a rating must meet, with the message for its field; returns the period it is for."""
    try:
        check_score(score)
    except (TypeError, ValueError):
        raise FieldError("score", _("Choose a rating from 1 to 5.")) from None
    if len(comment) > COMMENT_LENGTH:
        raise FieldError("comment", _("The comment is %(count)s characters long; at most %(limit)s fit.",
                                      count=len(comment), limit=COMMENT_LENGTH))
    try:
        period = parse_period(period_key)
    except ValueError:
        period = None
    current = current_period(today)
    if period != current or not open_for_rating(period, today):
        raise FieldError("score", _(
            "That rating period has ended, so its ratings can no longer be given or changed. "
            "This form is for the period %(period)s, open until %(end)s.",
            period=current.label(), end=fmt_date(current.end)))
    return period


async def give_rating(actor: Principal, community: dict, score: object, comment: str, period_key: str) -> int:
    """Record or change the actor's rating of ``community`` for the current period: one row per key
    (each of an owner's units here, or the committee). NotFound when the actor does not rate here.
    Returns how many ratings it stands as."""
    today = clock.today()
    period = check_rating(score, comment, period_key, today)
    rater = await rater_of(actor, community, period)
    if not rater.keys:
        raise NotFound(community["id"])
    manager = await manager_of(community["id"], today)
    company = manager.get("company") if manager else None
    now = clock.utcnow()
    async with transaction():
        for key in rater.keys:
            await Rating.raw(
                _UPSERT, community["id"], community["region_code"], period.key, period.start, key.rater_kind,
                key.rater_id, actor.id, score, comment, company, today, now, now,
            )
        await audit.record(actor, "rating.give", "community", community["id"],
                           {"score": score, "period": period.key, "rater_kind": rater.kind}, community["region_code"],
                           community.get("name", ""))
    return len(rater.keys)
