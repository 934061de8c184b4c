"""HentKvoter's accrual series shared by the employment's dates cut to the year's accrual
periods (kvoter.py: _aarets_grenser, the cache _uaendret_optjening): the quotas must be those of
each account asked alone (Regnskab.kvote, which cuts the dates per account), employments with the
same cut dates share one series, and different cut dates keep their own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.ferieregnskab import Postering
from fravaer.domain.kvoter import (
    Barn,
    KvoteType,
    Regnskab,
    _aarets_grenser,
    _aarets_konti,
    _aarets_serier,
    _uaendret_optjening,
)
from fravaer.domain.politik import feriepolitikker


def regnskab(start: date, slut: date | None = None, foedt: date | None = None,
             loenform: Loenform = Loenform.MAANEDSLOEN, pkat: str | None = None) -> Regnskab:
    a = Ansaettelse(1, "X", "0101801234", 1, None, pkat, None, loenform, 2220, start, slut)
    boern = {1: Barn(1, foedt)} if foedt else {}
    return Regnskab(a, feriepolitikker()["stat"], boern)


def hver_for_sig(r: Regnskab, dato: date) -> list:
    """The quotas as Regnskab.kvote gives them, each account alone, from an empty cache."""
    _uaendret_optjening.cache_clear()
    _aarets_serier.cache_clear()
    ud = [r.kvote(k, dato) for k in r.konti_i_aar(dato.year)]
    _uaendret_optjening.cache_clear()
    _aarets_serier.cache_clear()
    return ud


DAGE = [date(2005, 3, 1), date(2022, 12, 31), date(2023, 1, 1), date(2023, 6, 30), date(2024, 8, 31),
        date(2024, 9, 1), date(2024, 12, 31), date(2025, 1, 1), date(2025, 3, 15), date(2025, 8, 31),
        date(2025, 9, 1), date(2025, 12, 31), date(2026, 8, 30), date(2026, 8, 31), date(2026, 9, 1),
        date(2030, 1, 1)]


@pytest.mark.parametrize("dato", [date(2025, 6, 15), date(2025, 11, 15), date(2025, 1, 1)])
def test_the_years_quotas_are_each_accounts_alone_for_any_start_and_end(dato):
    for start in DAGE:
        for slut in [None, *(d for d in DAGE if d >= start)]:
            for foedt in (None, date(2020, 5, 1), date(2025, 7, 1)):
                r = regnskab(start, slut, foedt)
                assert r.kvoter_i_aar(dato) == hver_for_sig(r, dato), (start, slut, foedt)
                grenser = _aarets_grenser(dato.year, start, slut)
                for k in r.konti_i_aar(dato.year):  # the whole series, its later credits too
                    barn = r.boern.get(k.barnenummer) if k.barnenummer is not None else None
                    skaaret = _uaendret_optjening(k, *grenser, True, r.politik.postering,
                                                  barn.foedselsdato if barn is not None else None)
                    if barn is not None or k.barnenummer is None:
                        assert skaaret.poster == r.optjening(k).poster, (start, slut, foedt, k)


def test_employments_with_the_same_cut_dates_share_one_series():
    foer, efter = regnskab(date(2005, 3, 1)), regnskab(date(2012, 7, 16))
    assert _aarets_grenser(2025, date(2005, 3, 1), None) == _aarets_grenser(2025, date(2012, 7, 16), None)
    _uaendret_optjening.cache_clear()
    en = foer.kvoter_i_aar(date(2025, 11, 15))
    lavet = _uaendret_optjening.cache_info().misses
    to = efter.kvoter_i_aar(date(2025, 11, 15))
    assert _uaendret_optjening.cache_info().misses == lavet  # no series computed for the second
    assert en == to == hver_for_sig(efter, date(2025, 11, 15))


def test_an_end_after_the_span_is_no_end_and_one_before_it_is_cut():
    fra, til = date(2023, 1, 1), date(2026, 8, 31)  # 2025's span: special days of 2023 to ferieår 2026
    assert _aarets_grenser(2025, date(2000, 1, 1), til) == (fra, None)
    assert _aarets_grenser(2025, date(2000, 1, 1), til - timedelta(days=1)) == (fra, til - timedelta(days=1))
    assert _aarets_grenser(2025, date(2000, 1, 1), date(2020, 5, 5)) == (fra, fra - timedelta(days=1))
    assert _aarets_grenser(2025, date(2027, 1, 1), None) == (til + timedelta(days=1), None)


def test_different_cut_dates_keep_their_own_series():
    marts, april = regnskab(date(2025, 3, 1)), regnskab(date(2025, 4, 1))
    assert _aarets_grenser(2025, date(2025, 3, 1), None) != _aarets_grenser(2025, date(2025, 4, 1), None)
    en, to = marts.kvoter_i_aar(date(2025, 11, 15)), april.kvoter_i_aar(date(2025, 11, 15))
    assert en != to
    assert en == hver_for_sig(marts, date(2025, 11, 15)) and to == hver_for_sig(april, date(2025, 11, 15))


@pytest.mark.parametrize("postering", list(Postering))
@pytest.mark.parametrize(("ferie", "saerlige"), [(True, True), (False, True), (True, False), (False, False)])
def test_the_years_series_in_one_lookup_are_each_accounts_own(ferie, saerlige, postering):
    """_aarets_serier: the year's four accounts (kvoter_i_aar takes their series from it), each
    the series _uaendret_optjening makes for it alone."""
    for start in DAGE:
        for slut in [None, *(d for d in DAGE if d >= start)]:
            grenser = _aarets_grenser(2025, start, slut)
            serier = _aarets_serier(2025, *grenser, ferie, saerlige, postering)
            assert list(serier) == [k for k, _ in _aarets_konti(2025)]
            for k, serie in serier.items():
                alene = _uaendret_optjening(k, *grenser, ferie if k.type is KvoteType.FERIE else saerlige,
                                            postering, None)
                assert (serie.poster, serie.i_alt) == (alene.poster, alene.i_alt), (start, slut, k)


@pytest.mark.parametrize(("loenform", "pkat"), [(Loenform.TIMELOEN, None), (Loenform.MAANEDSLOEN, "0080")])
def test_the_years_quotas_without_vacation_or_special_days_are_each_accounts_alone(loenform, pkat):
    """An employment that earns no vacation (hourly pay) or no special days: kvoter_i_aar's
    series from _aarets_serier are still each account's alone."""
    dato = date(2025, 11, 15)
    for start in DAGE:
        r = regnskab(start, loenform=loenform, pkat=pkat)
        assert r.kvoter_i_aar(dato) == hver_for_sig(r, dato), start


def test_the_stopping_pkat_stops_special_days():  # (the test above's second case is one)
    from fravaer.domain.politik import optjener_saerlige_feriedage
    assert not optjener_saerlige_feriedage(regnskab(date(2020, 1, 1), pkat="0080").ansaettelse)
