"""Regnskab.kvoter_i_aar keeps an employment's whole list of quotas in a read's `husk` by what
decides it (Regnskab._aarets_noegle): employments alike in it share the list, and every list is
as worked out without `husk` — across start and end dates around the year's accrual periods,
children whose care days differ or are alike though born on other days, stored postings and
uses."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.domain.ansaettelse import Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.kvoter import Art, Barn, Konto, KvoteType, Post, Regnskab, _barnets_aar
from fravaer.domain.politik import feriepolitikker
from fravaer.service.regnskaber import tilfoej_haendelser
from tests.unit.test_brug import KATALOG, ansat

D = date
STAT = feriepolitikker()["stat"]
BANK = Konto(KvoteType.FRIHEDSBANK, None, 4)


@pytest.mark.parametrize(("aar", "foedt", "ventet"), [
    (2024, D(2019, 6, 1), (1, 2, D(2024, 1, 1))),  # born before the year: from 1 January
    (2024, D(2024, 3, 15), (1, 2, D(2024, 3, 15))),  # born in the year: from the birth
    (2024, D(2017, 12, 31), (1, 2, D(2024, 1, 1))),  # turns 7 in the year: still days
    (2024, D(2016, 12, 31), (1, 0)),  # turned 7 the year before: none
    (2024, D(2025, 1, 1), (1, 0)),  # born after the year: none
])
def test_what_a_child_gives_in_a_year(aar, foedt, ventet):
    assert _barnets_aar(aar, 1, foedt) == ventet


# (start, end) around 2024's accrual periods (special days of 2022 from 1 January 2022 to
# the ferieår 2025's end, 31 August 2025)
DATOPAR = [(D(2018, 1, 1), None), (D(2019, 5, 1), None), (D(2022, 1, 1), None), (D(2022, 6, 1), None),
           (D(2024, 3, 1), None), (D(2024, 9, 2), None), (D(2025, 9, 1), None),
           (D(2018, 1, 1), D(2021, 12, 31)), (D(2018, 1, 1), D(2023, 6, 30)),
           (D(2018, 1, 1), D(2024, 12, 31)), (D(2018, 1, 1), D(2025, 8, 31)), (D(2018, 1, 1), D(2026, 1, 1))]
# children: none, born on another day with the same days, in the year, too old, two of them
BOERN = [{}, {1: Barn(1, D(2019, 6, 1))}, {1: Barn(1, D(2020, 2, 3))}, {1: Barn(1, D(2024, 3, 15))},
         {1: Barn(1, D(2010, 1, 1))}, {1: Barn(1, D(2019, 6, 1)), 2: Barn(2, D(2024, 3, 15))}]
# (kode, fra, til, minutter, barnenummer, ferieaar[, afventer])
HAENDELSER = [
    [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024)],
    [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024, True)],
    [("520", D(2024, 4, 29), D(2024, 5, 3), None, None, None),
     ("600", D(2024, 3, 4), D(2024, 3, 4), None, 1, None)],
    [("804", D(2024, 12, 30), D(2025, 1, 3), None, None, None)],
]
POSTER = [(), ((D(2024, 1, 2), Art.REGULERET, Fraction(3, 2)),),
          ((D(2024, 1, 2), Art.REGULERET, Fraction(2)),),
          ((D(2024, 1, 2), Art.OVERFOERT, Fraction(3, 2)), (D(2024, 1, 2), Art.REGULERET, Fraction(3, 2)))]


def _regnskab(start: date, slut: date | None, boern: dict, haendelser: list, poster: tuple,
              priser: dict, loenform: Loenform = Loenform.MAANEDSLOEN) -> Regnskab:
    """An employment's accounts as HentKvoter's read books them: its events without their ids
    (the balances alone), uses per event through the read's `priser`."""
    a = ansat(start=start, slut=slut)
    if loenform is not a.loenform:
        a = a.__class__(**{**a.__dict__, "loenform": loenform})
    r = Regnskab(a, STAT, boern, [Post(BANK, d, art, dage, kilde=f"r{i}")
                                  for i, (d, art, dage) in enumerate(poster)])
    tilfoej_haendelser(r, KATALOG, [KontoHaendelse(None, 1, *h) for h in haendelser], Arbejdstid(a), priser)
    return r


def _lister(husk: dict) -> int:
    """Employments' lists kept in `husk` (the accounts' own keys are 5-tuples)."""
    return sum(1 for k in husk if len(k) == 9)


def test_a_reads_employments_share_their_lists_by_what_decides_them_and_each_is_as_worked_out():
    priser: dict = {}
    laest: list[Regnskab] = []  # every account of the read held while husk lives (its ids)
    tilfaelde = []
    for i, (start, slut) in enumerate(DATOPAR):
        for j, boern in enumerate(BOERN):
            haendelser, poster = HAENDELSER[(i + j) % len(HAENDELSER)], POSTER[(i * j) % len(POSTER)]
            tilfaelde.append((start, slut, boern, haendelser, poster, Loenform.MAANEDSLOEN))
    tilfaelde.append((D(2018, 1, 1), None, BOERN[1], HAENDELSER[0], POSTER[1], Loenform.TIMELOEN))
    for dato in (D(2024, 1, 1), D(2024, 6, 19), D(2024, 12, 31), D(2025, 5, 3)):
        husk: dict = {}

        for t in tilfaelde:
            for anden in (False, True):  # the second an alike employment's
                foer = _lister(husk)
                r = _regnskab(*t[:5], priser, t[5])
                laest.append(r)
                assert r.kvoter_i_aar(dato, husk) == r.kvoter_i_aar(dato), (dato, t)
                # an awaiting event's uses are its own records: its employment's key its own
                venter = any(len(h) > 6 and h[6] for h in t[3])
                if anden:  # (the first may be alike an earlier case's: dates cut alike, a child alike)
                    assert _lister(husk) == foer + (1 if venter else 0), (dato, t)


@pytest.mark.parametrize(("anden", "ens"), [
    ({"boern": {1: Barn(1, D(2020, 2, 3))}}, True),  # born another day before the year, same days
    ({"boern": {1: Barn(1, D(2024, 3, 15))}}, False),  # born in the year: from its birth
    ({"boern": {2: Barn(2, D(2019, 6, 1))}}, False),  # another child's number
    ({"start": D(2019, 5, 1)}, True),  # started before every accrual period of the year
    ({"start": D(2022, 6, 1)}, False),  # inside the special days' year of accrual
    ({"slut": D(2030, 1, 1)}, True),  # ends after every accrual period of the year
    ({"poster": ((D(2024, 1, 2), Art.REGULERET, Fraction(3, 2)),)}, True),  # another id, alike
    ({"poster": ((D(2024, 1, 3), Art.REGULERET, Fraction(3, 2)),)}, False),
    ({"haendelser": [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024, True)]}, False),
    ({"haendelser": [("500", D(2024, 6, 24), D(2024, 6, 28), None, None, 2024)]}, False),
    ({"loenform": Loenform.TIMELOEN}, False),
])
def test_which_employments_share_a_list(anden, ens):
    priser: dict = {}
    husk: dict = {}
    grund = {"start": D(2018, 1, 1), "slut": None, "boern": {1: Barn(1, D(2019, 6, 1))},
             "haendelser": [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024)],
             "poster": ((D(2024, 1, 2), Art.REGULERET, Fraction(3, 2)),), "loenform": Loenform.MAANEDSLOEN}
    dato = D(2024, 6, 19)
    en = _regnskab(**grund, priser=priser)  # type: ignore[arg-type]
    to = _regnskab(**{**grund, **anden}, priser=priser)  # type: ignore[arg-type]
    assert (en._aarets_noegle(dato) == to._aarets_noegle(dato)) is ens
    foerste, anden_liste = en.kvoter_i_aar(dato, husk), to.kvoter_i_aar(dato, husk)
    assert (foerste, anden_liste) == (en.kvoter_i_aar(dato), to.kvoter_i_aar(dato))
    assert all(k is j for k, j in zip(foerste, anden_liste, strict=True)) if ens else True


def test_a_list_is_not_kept_for_salary_deduction_a_changed_relationship_or_day_postings():
    priser: dict = {}
    husk: dict = {}
    r = _regnskab(D(2018, 1, 1), None, {}, HAENDELSER[0], POSTER[1], priser)
    r.politik = feriepolitikker()["loentraek"]
    dato = D(2024, 6, 19)
    assert r.kvoter_i_aar(dato, husk) == r.kvoter_i_aar(dato) and not husk
    dag = Regnskab(ansat(), STAT, {}, [Post(BANK, D(2024, 1, 2), Art.REGULERET, Fraction(1))])
    assert dag.kvoter_i_aar(dato, husk) == dag.kvoter_i_aar(dato) and not husk
