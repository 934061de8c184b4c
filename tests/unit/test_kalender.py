"""The Danish working-day calendar, 2023–2027, table-driven (as the holidays package tests itself)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fravaer.domain.kalender import STANDARDKALENDER, Kalender, SaerdagRegel, helligdag

# Every Danish public holiday 2023–2027 (Easter: 9 Apr 2023, 31 Mar 2024, 20 Apr 2025,
# 5 Apr 2026, 28 Mar 2027; store bededag = Easter + 26 days, abolished from 2024).
HELLIGDAGE = {
    2023: ["01-01", "04-06", "04-07", "04-09", "04-10", "05-05", "05-18", "05-28", "05-29", "12-25", "12-26"],
    2024: ["01-01", "03-28", "03-29", "03-31", "04-01", "05-09", "05-19", "05-20", "12-25", "12-26"],
    2025: ["01-01", "04-17", "04-18", "04-20", "04-21", "05-29", "06-08", "06-09", "12-25", "12-26"],
    2026: ["01-01", "04-02", "04-03", "04-05", "04-06", "05-14", "05-24", "05-25", "12-25", "12-26"],
    2027: ["01-01", "03-25", "03-26", "03-28", "03-29", "05-06", "05-16", "05-17", "12-25", "12-26"],
}


@pytest.mark.parametrize("aar", sorted(HELLIGDAGE))
def test_every_public_holiday_and_no_other(aar):
    fundne = []
    d = date(aar, 1, 1)
    while d.year == aar:
        if helligdag(d):
            fundne.append(d.strftime("%m-%d"))
        d += timedelta(days=1)
    assert fundne == HELLIGDAGE[aar]


@pytest.mark.parametrize("dato, bededag", [(date(2023, 5, 5), True), (date(2024, 4, 26), False),
                                           (date(2022, 5, 13), True), (date(2025, 5, 16), False)])
def test_store_bededag_up_to_2023_and_not_from_2024(dato, bededag):
    assert (helligdag(dato) is not None) is bededag
    assert STANDARDKALENDER.andel_af_arbejdsdag(dato) == ((0, 1) if bededag else (1, 1))


@pytest.mark.parametrize("aar", range(2023, 2028))
@pytest.mark.parametrize("maaned_dag, standard", [("05-01", (1, 1)), ("06-05", (0, 1)),
                                                  ("12-24", (0, 1)), ("12-31", (0, 1))])
def test_special_days_by_the_sls_defaults(aar, maaned_dag, standard):
    dato = date.fromisoformat(f"{aar}-{maaned_dag}")
    forventet = (0, 1) if dato.weekday() >= 5 else standard
    assert STANDARDKALENDER.andel_af_arbejdsdag(dato) == forventet


@pytest.mark.parametrize("regel, andel", [(SaerdagRegel.NORMAL, (1, 1)), (SaerdagRegel.FRI, (0, 1)),
                                          (SaerdagRegel.HALV, (1, 2))])
@pytest.mark.parametrize("dato", [date(2026, 5, 1), date(2025, 6, 5), date(2025, 12, 24),
                                  date(2025, 12, 31)])
def test_special_days_under_each_institution_setting(regel, andel, dato):
    kalender = Kalender(saerdage={dato.strftime("%m-%d"): regel})
    assert kalender.andel_af_arbejdsdag(dato) == andel


def test_an_institutions_own_paid_day_off_and_weekends():
    kalender = Kalender(ekstra_fridage=frozenset({date(2026, 5, 15)}))
    assert kalender.andel_af_arbejdsdag(date(2026, 5, 15)) == (0, 1)
    assert STANDARDKALENDER.andel_af_arbejdsdag(date(2026, 5, 15)) == (1, 1)
    assert STANDARDKALENDER.andel_af_arbejdsdag(date(2026, 5, 16)) == (0, 1)  # Saturday
    assert STANDARDKALENDER.andel_af_arbejdsdag(date(2026, 5, 17)) == (0, 1)  # Sunday
