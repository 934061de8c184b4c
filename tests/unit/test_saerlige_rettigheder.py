"""Care days, special vacation days and replacement vacation (issue 5's table tests)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.kalender import STANDARDKALENDER
from fravaer.domain.saerlige_rettigheder import (
    arbejdsdage,
    erstatningsferie,
    ny_ordning,
    omsorgsdage,
    saerlige_feriedage_periode,
)


@pytest.mark.parametrize("aar, dage", [(2018, 0), *[(a, 2) for a in range(2019, 2027)], (2027, 0)])
def test_a_child_born_in_2019_gives_2_care_days_each_year_2019_2026_and_none_in_2027(aar, dage):
    assert omsorgsdage(date(2019, 6, 14), aar) == dage


def test_children_from_before_1_october_2005_belong_to_the_old_scheme():
    assert not ny_ordning(date(2005, 9, 30))
    assert ny_ordning(date(2005, 10, 1))
    assert omsorgsdage(date(2005, 9, 30), 2006) == omsorgsdage(date(2005, 10, 1), 2006) == 2


def test_special_days_of_a_year_are_taken_from_1_may_next_year():
    assert saerlige_feriedage_periode(2024) == (date(2025, 5, 1), date(2026, 4, 30))


def test_the_seed_002_replacement_vacation_example():
    # 25 days earned; vacation 11–29 July 2022, sick 13 July – 7 August: the sick vacation days
    # are the working days 13–29 July (13); the first 5 are the waiting period; 8 are replaced
    def arbejdsdag(d):
        return STANDARDKALENDER.andel_af_arbejdsdag(d) != (0, 1)

    syge = arbejdsdage(date(2022, 7, 13), date(2022, 7, 29), arbejdsdag)
    assert len(syge) == 13
    assert erstatningsferie(Fraction(25), syge) == 8


@pytest.mark.parametrize("optjent, syge, allerede, erstatning", [
    (Fraction(20), 10, 0, 6),          # 20 earned: a waiting period of 4 days
    (Fraction(25), 4, 0, 0),
    (Fraction(25), 30, 0, 20),         # at most 20 a ferieår
    (Fraction(25), 30, 15, 5),
    (Fraction(10), 3, 0, 1),           # 10 earned: 2 days' wait
])
def test_replacement_vacation(optjent, syge, allerede, erstatning):
    dage = [date(2022, 7, 1 + i) for i in range(syge)]
    assert erstatningsferie(optjent, dage, Fraction(allerede)) == erstatning
