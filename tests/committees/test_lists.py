"""The street's lists agree with the rules: the SQL list of committees breaking a rule holds exactly
those whose page shows a warning, on the day asked, for every rule at its boundary."""

from datetime import date, timedelta

from app.committees import services as committees
from app.committees.services.views import committee_list
from app.committees.tables import Committee
from app.communities.tables import Community
from tests.committees.helpers import install, make_households, principal
from tests.factories import make_community, make_world

DAY = date(2026, 11, 25)  # FROZEN_NOW


async def test_the_broken_rules_list_holds_exactly_the_committees_that_warn(clock):
    world = await make_world()
    bob = await principal("bob")
    cases = {  # name -> (members, elected, extra dates)
        "in order": (5, date(2026, 10, 1), {"first_meeting_on": date(2026, 10, 8), "filed_bureau_on": date(2026, 10, 31),
                                            "filed_street_on": date(2026, 10, 31)}),
        "meeting due today": (5, DAY - timedelta(days=7), {}),
        "meeting one day late": (5, DAY - timedelta(days=8), {}),
        "meeting held late": (7, date(2026, 11, 1), {"first_meeting_on": date(2026, 11, 9)}),
        "filings due today": (5, DAY - timedelta(days=30), {"first_meeting_on": DAY - timedelta(days=29)}),
        "filings one day late": (5, DAY - timedelta(days=31), {"first_meeting_on": DAY - timedelta(days=30),
                                                                "filed_street_on": DAY - timedelta(days=2)}),
        "six members": (6, date(2026, 11, 20), {}),
        "term a day too long": (5, date(2026, 11, 20), {"term_end": date(2031, 11, 20)}),
        "term ended": (5, date(2021, 11, 1), {"first_meeting_on": date(2021, 11, 2), "filed_bureau_on": date(2021, 11, 3),
                                              "filed_street_on": date(2021, 11, 3), "term_end": DAY - timedelta(days=1)}),
    }
    ids = {}
    for n, (name, (size, elected, dates)) in enumerate(cases.items()):
        community = world.community_a if n == 0 else await make_community(name=name, code=f"630102001001{500 + n}")
        ids[name] = await install(bob, community, await make_households(community, size, phone_prefix=f"1{n:02d}"),
                                  elected, **dates)
    changed = ids["in order"]
    await committees.record_change(bob, changed, changed_on=date(2026, 10, 20), description="变更", filed_on=date(2026, 11, 20))
    listed = {row["id"] for row in (await committee_list(bob, "broken", 1)).rows}
    pages = {}
    for row in await Committee.select(Committee.id, Committee.community):
        community = await Community.select(Community.id).where(Community.id == row["community"]).first()
        pages[row["id"]] = (await committees.committee_page(bob, community["id"]))["warnings"]
    assert {i for i, found in pages.items() if found} == listed
    assert {name for name, i in ids.items() if i in listed} == {
        "meeting one day late", "meeting held late", "filings one day late", "six members", "term a day too long",
        "term ended", "in order",  # its change was filed on the 31st day
    }
    assert [w.rule for w in pages[changed]] == ["change_filing"]
