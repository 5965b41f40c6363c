import datetime as dt

import pytest

from generator import swedish


def test_written_date_uses_swedish_month_names():
    assert swedish.written_date(dt.date(2024, 9, 18)) == "18 september 2024"
    assert swedish.written_date(dt.date(2025, 2, 7)) == "7 februari 2025"


@pytest.mark.parametrize(
    "raw, grouped",
    [
        ("08-50825402", "08-508 254 02"),
        ("0850825402", "08-508 254 02"),
        ("08-508 254 02", "08-508 254 02"),
        ("08-5082540", "08-508 25 40"),
        ("0701234567", "070-123 45 67"),
        ("031-123456", "031-12 34 56"),
        ("+46 8 508 254 02", "+46 8 508 254 02"),
    ],
)
def test_phone_numbers_are_grouped(raw, grouped):
    assert swedish.phone(raw) == grouped


def test_lists_are_joined_with_och_or_samt():
    assert swedish.joined(["a"]) == "a"
    assert swedish.joined(["a", "b", "c"]) == "a, b och c"
    assert swedish.joined(["x och y", "z"], "samt") == "x och y samt z"
