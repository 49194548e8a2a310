"""Activation codes and phone numbers: the rules at their edges."""

import math

from app.owners.logic import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_hash,
    grouped,
    new_code,
    normalise_code,
    phone_digits,
    same_phone,
)


def test_codes_avoid_look_alike_characters_and_carry_enough_entropy():
    assert not set("01ILO") & set(CODE_ALPHABET)
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) > 48
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_a_code_is_printed_in_two_groups_and_read_back_however_it_is_typed():
    assert grouped("K7M2P9XQ4R") == "K7M2P-9XQ4R"
    for typed in ("K7M2P-9XQ4R", "k7m2p 9xq4r", " K7M2P9XQ4R ", "Ｋ７Ｍ２Ｐ－９ＸＱ４Ｒ", "k7m2p—9xq4r"):
        assert normalise_code(typed) == "K7M2P9XQ4R", typed


def test_a_code_of_the_wrong_length_or_with_a_look_alike_is_not_a_code():
    for typed in ("", "K7M2P9XQ4", "K7M2P9XQ4RR", "K7M2P9XQ40", "K7M2P9XQ4I", "K7M2P9XQ4\x00", "测试" * 5, "x" * 10_000):
        assert normalise_code(typed) is None, typed


def test_only_a_keyed_hash_of_a_code_is_kept():
    h = code_hash("K7M2P9XQ4R", "secret-a" * 4)
    assert len(h) == 64 and "K7M2P" not in h
    assert h != code_hash("K7M2P9XQ4R", "secret-b" * 4) and h != code_hash("K7M2P9XQ4S", "secret-a" * 4)


def test_phones_compare_by_their_digits_with_chinas_country_code_tolerated():
    assert phone_digits("+86 138-1234-5678") == "13812345678"
    assert phone_digits("0086 13812345678") == "13812345678"
    assert phone_digits("8613812345678") == "13812345678"
    assert phone_digits("１３８１２３４５６７８") == "13812345678"
    assert phone_digits("0971-8123456") == "09718123456"
    assert phone_digits("86123") == "86123"  # not a mobile behind 86: kept as it is
    assert same_phone("+86 138 1234 5678", "13812345678")
    assert same_phone("(0971) 812 3456", "0971-8123456")


def test_a_different_or_empty_phone_never_matches():
    assert not same_phone("13812345679", "13812345678")
    assert not same_phone("", "")
    assert not same_phone("123", "123")  # too short to be anyone's phone
    assert not same_phone("13812345678", "")
