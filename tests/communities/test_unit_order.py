"""Unit and building numbers in the order people read them: runs of digits compared as numbers."""

import pytest

from app.communities.logic import unit_order


@pytest.mark.parametrize(("earlier", "later"), [
    ("2-101", "10-101"),  # as text "10-101" would come first
    ("2-201", "2-1001"),
    ("1-9", "1-10"),
    ("3号楼", "12号楼"),
    ("２-101", "10-101"),  # full-width digits read as their ASCII twins
    ("2-101", "A-1"),  # numbers before letters
    ("2-101", "2-101A"),
])
def test_digits_are_compared_as_numbers(earlier, later):
    assert unit_order(earlier) < unit_order(later)


def test_equal_numbers_written_alike_sort_together():
    units = ["10-101", "2-101", "2-1001", "2-201", "1-101"]
    assert sorted(units, key=unit_order) == ["1-101", "2-101", "2-201", "2-1001", "10-101"]
