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
        assert check_uscc(mutated).problem is not None


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.mark.parametrize("code", [
    "91110000600037341L",  # domain.md's example
    _with_check("91630102MA7ABCDE1"),  # a property company registered in Xining (63…)
    _with_check("91630100710400000"),
    _with_check("92630104MA7XYW001"),  # 个体工商户
    _with_check("93632200MA7XYW001"),  # 农民专业合作社
    _with_check("12630000000000000"),  # 事业单位
    _with_check("51630100MJ0000000"),  # 社会团体
    _with_check("53100000500000000"),  # 基金会, national
    _with_check("N2630102MF0000000"),  # 村级集体经济组织
    _with_check("Y1630102000000000"),
    _with_check("A1100000000000000"),
    _with_check("31630100000000000"),
])
def test_codes_of_each_authority_and_type_pass(code):
    assert check_uscc(code).problem is None


@pytest.mark.parametrize(("first17", "problem", "position"), [
    ("B1630102MA7ABCDE1", "authority", 1),  # B is in the charset but no authority
    ("01630102MA7ABCDE1", "authority", 1),
    ("94630102MA7ABCDE1", "type", 2),  # market regulation registers types 1–3 only
    ("99630102MA7ABCDE1", "type", 2),
    ("15630102MA7ABCDE1", "type", 2),  # 机构编制: 1 2 3 9
    ("54630102MA7ABCDE1", "type", 2),  # 民政: 1 2 3 9
    ("Y2630102MA7ABCDE1", "type", 2),  # 其他: only 1
    ("9AM30102MA7ABCDE1", "type", 2),
    ("91M30102MA7ABCDE1", "division", 3),
    ("9163010AMA7ABCDE1", "division", 8),
])
def test_each_structural_mistake_names_its_part(first17, problem, position):
    # A correct check character, so only the structure is wrong.
    result = check_uscc(_with_check(first17))
    assert (result.problem, result.position) == (problem, position)


def test_the_check_failure_does_not_reveal_the_expected_character():
    from app.companies.forms import uscc_message
    from app.i18n import set_locale

    set_locale("en")
    code, message = uscc_message("91110000600037341M")
    assert code == "91110000600037341M"
    assert "“L”" not in message and "does not add up" in message


def test_circled_and_superscript_digits_are_wrong_characters_not_digits():
    assert check_uscc("①1110000600037341L").problem == "character"
    assert check_uscc("9¹110000600037341L").problem == "character"
