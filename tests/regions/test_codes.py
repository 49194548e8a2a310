"""Division codes: levels, prefixes, parents (GB/T 2260 and its 12-digit extension)."""

import pytest

from app.regions.logic import (
    InvalidRegionCode,
    contains,
    level_of,
    parent_of,
    prefix_of,
)


@pytest.mark.parametrize(
    ("code", "level", "prefix", "parent"),
    [
        ("63", "province", "63", None),
        ("630100", "prefecture", "6301", "63"),
        ("632800", "prefecture", "6328", "63"),
        ("630102", "county", "630102", "630100"),
        ("630121", "county", "630121", "630100"),
        ("630102001", "street", "630102001", "630102"),
        ("630102001001", "community", "630102001001", "630102001"),
    ],
)
def test_a_code_knows_its_level_prefix_and_parent(code, level, prefix, parent):
    assert level_of(code) == level
    assert prefix_of(code) == prefix
    assert parent_of(code) == parent


@pytest.mark.parametrize("code", ["", "6", "630", "6301", "630000", "630102000", "630102001000", "63010200100a", "6301020010011",
     "６３", "６３０１０２", "630102\n", "63\n", "630102 ", "٦٣", "630102001001\r\n"])
def test_malformed_codes_are_refused(code):
    with pytest.raises(InvalidRegionCode):
        level_of(code)


def test_a_prefecture_contains_its_counties_but_not_its_neighbours():
    assert contains(prefix_of("630100"), "630102001001")
    assert not contains(prefix_of("630100"), "630200001001")
    assert not contains(prefix_of("630102001"), "630102002008")
    assert not contains("630102", None)
