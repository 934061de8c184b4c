"""Units: 444 minutes a day, days cut (not rounded) to two decimals."""

from decimal import Decimal

import pytest

from fravaer.domain.employment import gyldigt_cpr
from fravaer.domain.units import MINUTTER_PR_DAG, dage, fra_minutter, til_minutter, vis_dage


def test_a_day_is_7_hours_24_minutes():
    assert MINUTTER_PR_DAG == 444 == til_minutter(7, 24)


@pytest.mark.parametrize("minutter, vist", [
    (444, "1.00"), (222, "0.50"), (510, "1.14"),      # the SLS guide's three examples
    (5, "0.01"), (45, "0.10"), (111, "0.25"), (333, "0.75"), (443, "0.99"), (888, "2.00"),
    (0, "0.00"), (1, "0.00"),
])
def test_days_are_cut_to_two_decimals(minutter, vist):
    assert vis_dage(dage(minutter)) == Decimal(vist)


@pytest.mark.parametrize("timer, minutter, i_alt", [
    (None, None, None), (0, 30, 30), (3, None, 180), (8, 30, 510), (24, 0, 1440),
])
def test_hours_and_minutes_to_minutes(timer, minutter, i_alt):
    assert til_minutter(timer, minutter) == i_alt


def test_minutes_back_to_hours_and_minutes():
    assert fra_minutter(510) == (8, 30)


@pytest.mark.parametrize("cpr, gyldigt", [
    ("0101801234", True), ("3112991234", True), ("2902004234", True),   # 29 Feb 2000
    ("2902001234", False),  # the 7th digit 1 puts it in 1900, which had no 29 February
    ("2902011234", False), ("3213801111", False), ("0113801111", False),
    ("010180123", False), ("01018012345", False), ("01018O1234", False),
])
def test_cpr_numbers(cpr, gyldigt):
    assert gyldigt_cpr(cpr) is gyldigt
