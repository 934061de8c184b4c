"""Units: 444 minutes a day; every shown number of days rounded down (toward minus infinity) to
two decimals (DOMAIN.md §4 "Units")."""

from decimal import Decimal
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import gyldigt_cpr
from fravaer.domain.maaleenheder import (
    MINUTTER_PR_DAG,
    brok,
    dage,
    dansk,
    dansk_mangel,
    fra_minutter,
    minutter_som_timer,
    til_minutter,
    vis_dage,
    vis_tal,
    vis_timer,
)
from fravaer.soap.kvotesvar import beloeb

# Seed 002, the last section: "tabel, som kan bruges til omregning fra dage med decimaler til timer
# og minutter" — both columns, every row (days as shown in FRAV, hours:minutes).
SLS_OMREGNINGSTABEL = """
0,01 0:05 | 0,02 0:09 | 0,03 0:14 | 0,04 0:20 | 0,05 0:25 | 0,06 0:30 | 0,07 0:35 | 0,08 0:37
0,09 0:40 | 0,10 0:45 | 0,11 0:50 | 0,12 0:54 | 0,13 0:58 | 0,14 1:03 | 0,15 1:08 | 0,16 1:13
0,17 1:18 | 0,18 1:23 | 0,19 1:28 | 0,20 1:32 | 0,21 1:37 | 0,22 1:42 | 0,23 1:44 | 0,24 1:47
0,25 1:51 | 0,26 1:56 | 0,27 2:03 | 0,28 2:08 | 0,29 2:13 | 0,30 2:16 | 0,31 2:20 | 0,32 2:24
0,33 2:29 | 0,34 2:34 | 0,35 2:39 | 0,36 2:42 | 0,37 2:47 | 0,38 2:50 | 0,39 2:55 | 0,40 2:58
0,41 3:03 | 0,42 3:08 | 0,43 3:13 | 0,44 3:18 | 0,45 3:23 | 0,46 3:28 | 0,47 3:33 | 0,48 3:35
0,49 3:40 | 0,50 3:42 | 0,51 3:47 | 0,52 3:52 | 0,53 3:57 | 0,54 4:00 | 0,55 4:05 | 0,56 4:10
0,57 4:15 | 0,58 4:20 | 0,59 4:25 | 0,60 4:30 | 0,61 4:35 | 0,62 4:38 | 0,63 4:43 | 0,64 4:48
0,65 4:52 | 0,66 4:57 | 0,67 5:00 | 0,68 5:05 | 0,69 5:10 | 0,70 5:15 | 0,71 5:18 | 0,72 5:23
0,73 5:28 | 0,74 5:30 | 0,75 5:33 | 0,76 5:38 | 0,77 5:43 | 0,78 5:48 | 0,79 5:52 | 0,80 5:56
0,81 6:01 | 0,82 6:05 | 0,83 6:10 | 0,84 6:15 | 0,85 6:18 | 0,86 6:23 | 0,87 6:28 | 0,88 6:33
0,89 6:38 | 0,90 6:43 | 0,91 6:48 | 0,92 6:52 | 0,93 6:56 | 0,94 7:01 | 0,95 7:05 | 0,96 7:10
0,97 7:15 | 0,98 7:18 | 0,99 7:20
"""
RAEKKER = [tuple(r.split()) for r in SLS_OMREGNINGSTABEL.replace("\n", " | ").split(" | ") if r.strip()]


def test_a_day_is_7_hours_24_minutes():
    assert MINUTTER_PR_DAG == 444 == til_minutter(7, 24)


def test_the_table_has_all_99_rows():
    assert len(RAEKKER) == 99
    assert [d for d, _ in RAEKKER] == [f"0,{i:02d}" for i in range(1, 100)]


@pytest.mark.parametrize("vist, timer_minutter", RAEKKER)
def test_every_row_of_the_sls_conversion_table(vist, timer_minutter):
    timer, minutter = (int(x) for x in timer_minutter.split(":"))
    i_alt = til_minutter(timer, minutter)
    assert dansk(dage(i_alt)) == vist
    assert vis_dage(dage(i_alt)) == Decimal(vist.replace(",", "."))


@pytest.mark.parametrize("minutter, vist", [
    (444, "1.00"), (222, "0.50"), (510, "1.14"),      # the SLS guide's three worked examples
    (5, "0.01"), (45, "0.10"), (111, "0.25"), (333, "0.75"), (443, "0.99"), (888, "2.00"),
    (0, "0.00"), (1, "0.00"), (887, "1.99"),
])
def test_days_are_rounded_down_to_two_decimals(minutter, vist):
    assert vis_dage(dage(minutter)) == Decimal(vist)


@pytest.mark.parametrize("v, vist, mangel", [
    (Fraction(-35, 12), "-2.92", "2,92"),  # the seed-004 forskud example: −2,9167
    (Fraction(-5, 6), "-0.84", "0,84"),     # −0,8333
    (Fraction(5, 4), "1.25", None),
    (Fraction(-1, 444), "-0.01", "0,01"),   # never "-0.00": a debt of one minute shows
    (Fraction(-1), "-1.00", "1,00"),
    (Fraction(0), "0.00", None),
])
def test_negative_values_round_toward_minus_infinity(v, vist, mangel):
    assert vis_tal(v) == vist and str(vis_dage(v)) == vist
    assert dansk(v) == vist.replace(".", ",")
    if mangel is not None:  # what a negative balance lacks, as the balance shows it
        assert dansk_mangel(v) == mangel


@pytest.mark.parametrize("dage_, timer", [
    (Fraction(510, 444), "8.50"), (Fraction(1, 444), "0.01"), (Fraction(-1, 444), "-0.02"),
    (Fraction(25, 12), "15.41"),  # 2,0833 days = 15,4166 hours
])
def test_hours_are_rounded_down_the_same_way(dage_, timer):
    assert vis_timer(dage_) == timer == beloeb(dage_, "Timer")
    assert beloeb(dage_, "Dage") == vis_tal(dage_)


def test_weekly_hours_are_rounded_down_too():
    assert (minutter_som_timer(2220), minutter_som_timer(1111)) == (Decimal("37.00"), Decimal("18.51"))


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


def test_brok_som_fraction():
    """brok(t, n) is Fraction(t, n): the same value, type, reduced parts and hash; and Fraction's
    own error or normalisation where it does not make it itself."""
    for t in (-1333, -444, -1, 0, 1, 2, 222, 444, 445, 10**30 + 7):
        for n in (1, 2, 3, 12, 100, 444, 888, 10**20):
            b, f = brok(t, n), Fraction(t, n)
            assert type(b) is Fraction and b == f and hash(b) == hash(f) and str(b) == str(f)
            assert (b.numerator, b.denominator) == (f.numerator, f.denominator)
            assert b + 1 == f + 1 and b * 3 == f * 3 and (b < 1) == (f < 1)
    assert brok(3, -6) == Fraction(-1, 2) and brok(3, -6).denominator == 2
    with pytest.raises(ZeroDivisionError):
        brok(1, 0)
