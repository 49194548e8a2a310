"""The complaint sections on the community page and the homes keep to the sections' budget of two
queries, whatever the number of complaints."""

from __future__ import annotations

from app.communities.tables import Community
from app.domains import SECTION_QUERY_BUDGET, all_domains, resolve
from app.querycount import count_queries
from tests.operations.complaints.helpers import act_as, china, file_as, make_complaints_world, principal


async def test_each_complaint_section_runs_at_most_two_queries(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 20, 9, 0))
    for n in range(12):
        complaint_id = await file_as("erin", world.community_a, subject=f"诉求{n}")
        if n % 3 == 0:
            await act_as("fred", complaint_id, "respond")
    clock.set(china(2026, 11, 20, 9, 0))
    operations = next(domain for domain in all_domains() if domain.name == "operations")
    community = await Community.select().where(Community.id == world.community_a).first()
    for username in ("alice", "bob", "fred", "dave", "erin"):
        actor = await principal(username)
        with count_queries() as counted:
            context = await resolve("app.operations.grievances.services.views:community_section")(actor, community)
        assert counted[0] <= SECTION_QUERY_BUDGET and context["complaint_counts"]["open"] == 8
        assert context["complaint_counts"]["overdue"] == 8 and context["complaint_counts"]["responded"] == 4
        for section in operations.home_sections:
            if actor.role in section.roles:
                with count_queries() as counted:
                    context = await resolve(section.load)(actor)
                assert counted[0] <= SECTION_QUERY_BUDGET, (username, section.load, counted[0])
    assert (await resolve("app.operations.grievances.services.views:company_home")(await principal("fred")))[
        "home_complaints_total"] == 8
    street = await resolve("app.operations.grievances.services.views:street_home")(await principal("bob"))
    assert street["home_overdue_total"] == 8 and len(street["home_overdue"]) == 8
    owner = await resolve("app.operations.grievances.services.views:owner_home")(await principal("erin"))
    assert [row["new_response"] for row in owner["my_complaints"]][:4] == [True] * 4
