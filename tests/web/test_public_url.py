"""Links printed on paper (the QR codes of a decision's notice and of owners' activation slips) lead to
``PUBLIC_BASE_URL`` when it is set, and to the address the page was printed from when it is not."""

from dataclasses import replace

import pytest

from app.decisions.services.decisions import open_decision
from app.settings import get_settings
from app.web import rendering
from tests.decisions.factories import equal_units, make_decision, make_register, principal
from tests.factories import login
from tests.owners.helpers import make_register as make_slip_register
from tests.owners.helpers import print_slips

PUBLIC = "https://changxiao.example.cn/xining"


@pytest.fixture
def public_base_url(monkeypatch):
    settings = get_settings()
    changed = replace(settings, app=replace(settings.app, public_base_url=PUBLIC))
    monkeypatch.setattr(rendering, "get_settings", lambda: changed)


async def _notice(client) -> tuple[int, str]:
    from tests.factories import make_world

    world = await make_world()
    await make_register(world.community_a, equal_units(2))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    assert (await login(client, "dave")).status_code == 303
    return decision_id, (await client.get(f"/decisions/{decision_id}/notice")).text


async def test_the_notice_links_to_the_public_address(client, clock, public_base_url):
    decision_id, notice = await _notice(client)
    assert f"{PUBLIC}/decisions/{decision_id}/vote" in notice and "testserver.local" not in notice


async def test_without_a_public_address_the_notice_links_to_the_requests_own(client, clock):
    decision_id, notice = await _notice(client)
    assert f"http://testserver.local/decisions/{decision_id}/vote" in notice


async def test_activation_slips_link_to_the_public_address(client, public_base_url):
    register = await make_slip_register()
    assert (await login(client, "bob")).status_code == 303
    slips = await print_slips(client, register.community)
    assert slips.status_code == 200 and f"{PUBLIC}/activate" in slips.text and "testserver.local" not in slips.text
