"""A company's page shows each reader only the subsidies of their own branch of the tree.

Company A (registered in 城东区 630102) has four subsidies: one for a community of bob's street, one
to the company as a whole (城东区's own), one for a community of mallory's street and one for a
community in 城中区 (630103), where it also manages a community, so oscar's bureau and that
district's street office may read the company. Each reader sees the subsidies inside their area or,
for a subsidy to the whole company, those of an area that contains theirs; never another district's.
"""

from datetime import date

import pytest

from app.companies.tables import Subsidy
from app.management.tables import Arrangement
from tests.factories import login, make_account, make_world

pytestmark = pytest.mark.usefixtures("clock")

SOURCES = {
    "bob_street": ("东关大街街道补贴", 1_00),
    "company": ("城东区财政局补贴", 20_00),
    "mallory_street": ("清真巷街道补贴", 300_00),
    "other_county": ("城中区财政局补贴", 4000_00),
}
SEES = {
    "alice": {"bob_street", "company", "mallory_street"},
    "bob": {"bob_street", "company"},
    "mallory": {"company", "mallory_street"},
    "oscar": {"other_county"},
    "trent": {"other_county"},  # a street office of 城中区: reads every company, not 城东区's subsidies
    "carol": set(SOURCES),  # the company itself
}


async def _world():
    world = await make_world()
    await make_account("trent", "street", region_code="630103001")
    communities = {"bob_street": world.community_a, "company": None,
                   "mallory_street": world.community_other_street, "other_county": world.community_other_county}
    for key, (source, fen) in SOURCES.items():
        await Subsidy.insert(Subsidy(company=world.company_a, amount_fen=fen, year=2024, source=source,
                                     community=communities[key]))
    await Arrangement.insert(Arrangement(
        community=world.community_other_county, region_code="630103001003", mode="professional",
        start_date=date(2024, 1, 1), end_date=date(2099, 12, 31), company=world.company_a, contract_number="HT-9",
        service_level="star1", fee_fen_per_m2_month=80,
    ))
    return world


@pytest.mark.parametrize("username", sorted(SEES))
async def test_each_reader_sees_the_subsidies_of_their_own_branch_and_their_total(client, username):
    world = await _world()
    client.cookies.set("cx_lang", "en")
    await login(client, username)
    page = await client.get(f"/companies/{world.company_a}")
    assert page.status_code == 200
    shown = {key for key, (source, _) in SOURCES.items() if source in page.text}
    assert shown == SEES[username]
    total = sum(SOURCES[key][1] for key in SEES[username])
    if total:
        assert f"¥{total / 100:,.2f}" in page.text
    else:
        assert "No subsidy has been recorded for this company." in page.text


async def test_the_keeping_bureau_cannot_remove_a_subsidy_it_cannot_see(client):
    world = await _world()
    await login(client, "alice")
    rows = {row["source"]: row["id"] for row in await Subsidy.select(Subsidy.id, Subsidy.source)}
    hidden = f"/companies/{world.company_a}/subsidies/{rows[SOURCES['other_county'][0]]}/remove"
    shown = f"/companies/{world.company_a}/subsidies/{rows[SOURCES['company'][0]]}/remove"
    assert (await client.get(hidden)).status_code == 404
    assert (await client.get(shown)).status_code == 200
