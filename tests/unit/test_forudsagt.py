"""What announcing a write's reads ahead works out (Haendelsestjeneste._forudsig, PostgreSQL) and
the judgement takes over (_forudsagt): only for the very data judged, the accounts' choice only
under the very catalogue; and kontovalg_for is grundlag_for's own choice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fravaer.domain.haendelse import HaendelseData, relevant_periode
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoteregler import laeser_kun_ferie, vurderede_ferieaar
from fravaer.domain.vurdering import kraever_regnskab
from fravaer.service.grundlag import kontovalg_for
from fravaer.service.haendelser import _Forudsagt, _forudsagt


def test_kontovalg_for_is_the_three_rules_choice():
    k = standardkatalog()
    for kode in ("500", "505", "100", "110", "600", "590", "715"):
        d = HaendelseData(kode, date(2025, 3, 3), date(2025, 3, 4))
        kraever = kraever_regnskab(d, k)
        forventet = ((True, vurderede_ferieaar(d, k.kode(kode)), laeser_kun_ferie(k.kode(kode))) if kraever
                     else (False, None, False))
        assert kontovalg_for(d, k) == forventet


def test_forudsagt_holds_only_for_the_same_data_and_catalogue():
    k = standardkatalog()
    anden = replace(k)  # another catalogue object (reference data changed: made anew)
    ny = HaendelseData("500", date(2025, 3, 3), date(2025, 3, 3))
    foer = HaendelseData("500", date(2025, 3, 10), date(2025, 3, 12))
    valg = kontovalg_for(ny, k)
    periode = relevant_periode(k, foer, ny)
    f = _Forudsagt(k, ny, (foer, ny), periode, valg)
    assert _forudsagt(None, k, ny, (foer, ny)) == (None, None)
    assert _forudsagt(f, k, ny, (foer, ny)) == (periode, valg)
    # the event as it is now equal to the guessed one (another object): the period holds
    assert _forudsagt(f, k, ny, (replace(foer), ny)) == (periode, valg)
    # another catalogue: the period (the default rules') holds, the accounts' choice is made anew
    assert _forudsagt(f, anden, ny, (foer, ny)) == (periode, None)
    assert _forudsagt(f, None, ny, (foer, ny)) == (periode, None)
    # the event changed meanwhile (the guess missed), or other new data: nothing holds
    assert _forudsagt(f, k, ny, (replace(foer, til=date(2025, 3, 13)), ny)) == (None, None)
    assert _forudsagt(f, k, replace(ny), (foer, ny)) == (None, None)
