"""The shared Form's readers: what every domain's form gets for ids, text, amounts, years and counts."""

import pytest

from app.forms import MAX_ID, Form, clean_text, parse_id
from app.i18n import set_locale


@pytest.fixture(autouse=True)
def english():
    set_locale("en")


def test_an_amount_is_read_to_fen_and_a_negative_one_is_told_to_be_more_than_zero():
    form = Form(data={"fee": "１，２００.５", "bad": "-5", "odd": "1²"})
    assert form.amount("fee", maximum_fen=10**9) == 120050
    assert form.amount("bad", maximum_fen=10**9) is None
    assert form.errors["bad"] == "The amount must be more than zero."
    form.amount("odd", maximum_fen=10**9)
    assert form.errors["odd"].startswith("Enter the amount in yuan as a number")
    assert form.values["odd"] == "1²"  # shown again as typed


def test_a_blank_amount_is_an_error_only_when_required():
    form = Form(data={"fee": " "})
    assert form.amount("fee", maximum_fen=100, required=False) is None and form.ok
    form.amount("fee", maximum_fen=100)
    assert form.errors["fee"] == "Enter the amount in yuan."


@pytest.mark.parametrize(("typed", "value"), [("2024", 2024), ("２０２４", 2024), ("2024年", 2024), ("2000", 2000)])
def test_a_year_inside_the_range(typed, value):
    form = Form(data={"year": typed})
    assert form.year("year", minimum=2000, maximum=2025) == value and form.ok


@pytest.mark.parametrize("typed", ["1999", "2026", "20 24", "2024²", "٢٠٢٤", "24", "year", ""])
def test_a_year_outside_or_not_plain_digits_is_refused(typed):
    form = Form(data={"year": typed})
    assert form.year("year", minimum=2000, maximum=2025) is None
    assert form.errors["year"] == "Enter a year from 2000 to 2025."


@pytest.mark.parametrize(("typed", "value", "ok"), [
    ("", None, True), ("0", None, False), ("1", 1, True), ("200", 200, True), ("201", None, False),
    ("1.5", None, False), ("3²", None, False), ("-2", None, False), ("１２", 12, True),
])
def test_a_whole_number_between_its_bounds(typed, value, ok):
    form = Form(data={"floors": typed})
    assert form.whole("floors", minimum=1, maximum=200, message="floors!") == value
    assert form.ok is ok
    if not ok:
        assert form.errors["floors"] == "floors!"


@pytest.mark.parametrize(("typed", "value"), [
    ("1", 1), (" 42 ", 42), ("0", 0), (str(MAX_ID), 2**31 - 1), ("007", 7),
    (str(2**31), None), (str(2**63), None), (str(10**30), None), ("²", None), ("1²", None), ("١", None),
    ("１", None), ("-1", None), ("+1", None), ("1_000", None), ("1\x00", 1), ("\x00", None), ("", None), ("x", None),
])
def test_an_id_is_ascii_digits_no_larger_than_the_int4_column(typed, value):
    assert parse_id(typed) == value
    form = Form(data={"community": typed})
    assert form.id("community") == value
    assert form.ok is (value is not None or typed == "")


@pytest.mark.parametrize(("typed", "clean"), [
    ("幸福\x00小区", "幸福小区"), ("\x00", ""), ("a\tb\r\nc", "a b c"), ("a\u3000b", "a b"), ("a\u202eb\u200bc", "abc"),
    ("\x1b[31mred", "[31mred"), ("  两端  空格 ", "两端 空格"), ("\x7f", ""), ("\ud800x", "x"),
])
def test_text_loses_nul_and_other_control_characters(typed, clean):
    assert clean_text(typed) == clean
    form = Form(data={"name": typed})
    assert form.text("name", max_length=10) == clean and form.ok


def test_a_phone_padded_past_its_column_is_refused_with_the_length():
    form = Form(data={"tel": "0971-" + "-" * 30 + "8123456", "ok": "+86 (0971) 812-3456-801"})
    assert form.phone("ok") == "+86 (0971) 812-3456-801" and form.ok
    form.phone("tel")
    assert form.errors["tel"] == "At most 32 characters."
