"""Vacation accrual under Ferieloven, from DOMAIN.md §6.1 and the seeds (issue 5's table tests)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.ferieregnskab import Postering, maanedens_optjening, optjeninger, optjent_pr
from fravaer.domain.maaleenheder import vis_tal
from fravaer.domain.politik import optjener_ferie

ANSAT = Ansaettelse(1, "I", "0101801234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                    date(2015, 1, 1), None)
START = ANSAT.startdato


def test_a_full_ferieaar_of_monthly_accrual_is_exactly_25_days():
    poster = optjeninger(2024, START, None)
    assert len(poster) == 12 and sum(p.dage for p in poster) == 25
    assert all(p.dage == Fraction(25, 12) for p in poster)


def test_three_months_are_6_25_days():
    poster = optjeninger(2024, START, None)
    assert optjent_pr(date(2023, 11, 30), poster) == Fraction(25, 4)


@pytest.mark.parametrize("start, slut, oktober", [
    (date(2023, 10, 15), None, 17 * Fraction(7, 100)),     # 15–31 October: 17 days × 0,07
    (date(2023, 10, 1), None, Fraction(25, 12)),
    (date(2023, 9, 1), date(2023, 10, 10), 10 * Fraction(7, 100)),
    (date(2023, 10, 2), None, Fraction(25, 12)),           # 30 × 0,07 = 2,10 is capped at 25/12
    (date(2023, 11, 1), None, 0),
])
def test_a_partial_month_earns_0_07_per_calendar_day_at_most_25_12(start, slut, oktober):
    assert maanedens_optjening(2023, 10, start, slut) == oktober


def test_ultimo_and_primo_posting():
    ultimo = optjeninger(2024, START, None, Postering.ULTIMO)
    primo = optjeninger(2024, START, None, Postering.PRIMO)
    assert ultimo[0].dato == date(2023, 9, 30) and primo[0].dato == date(2023, 9, 1)
    assert optjent_pr(date(2023, 9, 15), ultimo) == 0
    assert optjent_pr(date(2023, 9, 15), primo) == Fraction(25, 12)


def test_hourly_pay_earns_nothing_automatically():
    assert not optjener_ferie(replace(ANSAT, loenform=Loenform.TIMELOEN))
    assert optjener_ferie(ANSAT)


def test_the_seed_004_advance_example():
    # 5 days booked in October with one month (September) earned, posted ultimo
    poster = optjeninger(2024, date(2023, 9, 1), None)
    saldo = {m: optjent_pr(d, poster) - 5 for m, d in
             [("oktober", date(2023, 10, 15)), ("november", date(2023, 11, 15)),
              ("december", date(2023, 12, 15))]}
    assert saldo == {"oktober": Fraction(-35, 12), "november": Fraction(-5, 6), "december": Fraction(5, 4)}
    # shown rounded down to two decimals, as the seed shows them (DOMAIN.md §4 "Units")
    assert [vis_tal(v) for v in saldo.values()] == ["-2.92", "-0.84", "1.25"]
