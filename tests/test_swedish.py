import datetime as dt

import pytest

from generator import swedish


def test_written_date_uses_swedish_month_names():
    assert swedish.written_date(dt.date(2024, 9, 18)) == "18 september 2024"
    assert swedish.written_date(dt.date(2025, 2, 7)) == "7 februari 2025"


@pytest.mark.parametrize(
    "raw, grouped",
    [
        ("08-50825402", "08-508 254 02"),  # as the seeds write it
        ("0850825402", "08-508 254 02"),
        ("08-508 254 02", "08-508 254 02"),
        ("08-5082540", "08-508 25 40"),
        ("08-508 00 000", "08-508 000 00"),  # grouped by the rules, not as it was written
        ("0701234567", "070-123 45 67"),
        ("073-123 45 67", "073-123 45 67"),
        ("031-123456", "031-12 34 56"),
        ("031-1234567", "031-123 45 67"),
        ("0470-123456", "0470-12 34 56"),
        ("0470123456", "0470-12 34 56"),
        ("0910-12345", "0910-123 45"),
        ("010-123 45 67", "010-123 45 67"),
        ("020-123456", "020-12 34 56"),
        ("+46 8 508 254 02", "08-508 254 02"),  # the country code adds nothing in a Swedish document
        ("+46701234567", "070-123 45 67"),
        ("0046 8 508 254 02", "08-508 254 02"),
        ("+47 22 12 34 56", "+47 22 12 34 56"),  # a foreign number keeps its country code
        ("+4722123456", "+47 22 12 34 56"),
    ],
)
def test_phone_numbers_are_grouped_the_swedish_way(raw, grouped):
    assert swedish.grouped_phone(raw) == grouped
    assert swedish.phone(raw) == grouped


@pytest.mark.parametrize("raw", ["08-12345", "123 456", "0123", "+46 123"])
def test_a_number_that_cannot_exist_is_printed_as_written(raw):
    assert swedish.grouped_phone(raw) is None
    assert swedish.phone(raw) == raw


def test_as_written_keeps_the_number_as_written():
    assert swedish.phone("08-50825402", grouped=False) == "08-50825402"
    assert swedish.phone("+46  8 508 254 02", grouped=False) == "+46 8 508 254 02"


def test_lists_are_joined_with_och_or_samt():
    assert swedish.joined(["a"]) == "a"
    assert swedish.joined(["a", "b", "c"]) == "a, b och c"
    assert swedish.joined(["x och y", "z"], "samt") == "x och y samt z"
