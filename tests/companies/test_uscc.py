"""The Unified Social Credit Code check (GB 32100-2015), at its edges."""

import pytest

from app.companies.logic import CHARSET, WEIGHTS, check_character, check_uscc


def test_the_weights_are_powers_of_three_mod_31():
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_a_known_valid_code_passes():
    assert check_uscc("91110000600037341L").problem is None


def test_input_is_normalised_first():
    result = check_uscc("  ９１１１００００６０００３７３４１ｌ ")
    assert result.problem is None and result.code == "91110000600037341L"
    assert check_uscc("9111 0000 6000 3734 1l").problem is None


@pytest.mark.parametrize(
    ("raw", "problem", "position"),
    [
        ("", "empty", None),
        ("91110000600037341", "length", None),
        ("91110000600037341L0", "length", None),
        ("9111000060003734IL", "character", 17),  # I is not in the set
        ("O1110000600037341L", "character", 1),
        ("91110000600037341M", "check", 18),
    ],
)
def test_each_kind_of_mistake_is_named(raw, problem, position):
    result = check_uscc(raw)
    assert result.problem == problem
    assert result.position == position


def test_the_check_character_can_be_zero_and_never_an_excluded_letter():
    # Every remainder maps into the charset; remainder 0 maps to "0", not to index 31.
    for first17 in ("00000000000000000", "91630100MA7XXXXXX".replace("X", "1")):
        assert check_character(first17) in CHARSET
    assert check_character("00000000000000000") == "0"


def test_a_single_changed_character_is_caught():
    valid = "91110000600037341L"
    for position in range(17):
        original = valid[position]
        replacement = CHARSET[(CHARSET.index(original) + 1) % 31]
        mutated = valid[:position] + replacement + valid[position + 1 :]
        assert check_uscc(mutated).problem == "check"
