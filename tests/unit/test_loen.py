"""The payroll rules of domain/loen.py, egne_typer.py and godkendelse.py, table by table
(DOMAIN.md §17): pay periods, a month's lines of an event, the corrections of a closed period,
closing in order, own types' checks and the approval decision."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.egne_typer import EgenType, er_egen_kode, pkat_tilladt, valider
from fravaer.domain.godkendelse import Status, status_for, vurder_beslutning
from fravaer.domain.kalender import Kalender
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.loen import (
    Kildeart,
    Linjeart,
    Loenlinje,
    Loenperiode,
    haendelseslinjer,
    rettelser,
    tjek_lukning,
)
from fravaer.domain.meddelelser import Afvist

KATALOG = standardkatalog()
A = Ansaettelse(1, "X", "0101801234", 1, "T1", "0240", "1100", Loenform.MAANEDSLOEN, 2220, date(2015, 1, 1),
                None)


def koder(fn, *args) -> list[str]:
    with pytest.raises(Afvist) as e:
        fn(*args)
    return [m.kode for m in e.value.meddelelser]


@pytest.mark.parametrize(("tekst", "fra", "til", "naeste"), [
    ("2025-10", date(2025, 10, 1), date(2025, 10, 31), "2025-11"),
    ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "2026-01"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-03"),
])
def test_a_pay_period_is_a_calendar_month(tekst, fra, til, naeste):
    p = Loenperiode.fra_tekst(tekst)
    assert (p.fra, p.til, str(p.naeste()), str(p)) == (fra, til, naeste, tekst)


@pytest.mark.parametrize("tekst", ["2025-13", "2025-00", "2025-1", "25-10", "2025-10-01", "",
                                   "0000-01", "9999-12"])
def test_a_malformed_period_is_f220(tekst):
    assert koder(Loenperiode.fra_tekst, tekst) == ["F220"]


def _linjer(kode, fra, til, minutter=None, ophold=((date(2000, 1, 1), date(2100, 1, 1)),), periode="2025-10"):
    k = KATALOG.kode(kode)
    tid = Arbejdstid(A, Kalender())
    return [(x.loendel, x.dage, x.minutter, x.fra, x.til) for x in haendelseslinjer(
        1, "h", k, date.fromisoformat(fra), date.fromisoformat(til), minutter, ophold,
        Loenperiode.fra_tekst(periode), tid)]


@pytest.mark.parametrize(("kode", "fra", "til", "minutter", "ventet"), [
    # a week of tjenestefri uden løn: five working days
    ("771", "2025-10-06", "2025-10-12", None, [("5060", 5, 2220, date(2025, 10, 6), date(2025, 10, 12))]),
    # across the month's end: October's part only
    ("505", "2025-10-30", "2025-11-04", None, [("5050", 2, 888, date(2025, 10, 30), date(2025, 10, 31))]),
    # a paid-out saving day of 3 hours 42 minutes
    ("630", "2025-10-20", "2025-10-20", 222, [("6107", Fraction(1, 2), 222, date(2025, 10, 20),
                                               date(2025, 10, 20))]),
    # a weekend only: no working time, no line
    ("590", "2025-10-04", "2025-10-05", None, []),
    # a code that does not affect pay
    ("100", "2025-10-06", "2025-10-10", None, []),
])
def test_an_events_lines_in_the_month(kode, fra, til, minutter, ventet):
    assert _linjer(kode, fra, til, minutter) == ventet


def test_an_event_counts_only_on_the_days_the_employment_was_at_the_institution():
    ophold = ((date(2025, 10, 1), date(2025, 10, 7)), (date(2025, 10, 20), date(2025, 10, 31)))
    assert _linjer("771", "2025-10-06", "2025-10-21", ophold=ophold) == [
        ("5060", 2, 888, date(2025, 10, 6), date(2025, 10, 7)),
        ("5060", 2, 888, date(2025, 10, 20), date(2025, 10, 21))]


def L(dage, fra=date(2025, 10, 6), til=date(2025, 10, 6), art=Linjeart.ORDINAER, kilde="h1", loendel="5060"):
    return Loenlinje(1, loendel, "Dage", Fraction(dage), int(Fraction(dage) * 444), fra, til, "2025-10",
                     Kildeart.HAENDELSE, kilde, art)


T, K = Linjeart.TILBAGEFOERSEL, Linjeart.KORREKTION


@pytest.mark.parametrize(("leveret", "nu", "ventet"), [
    # unchanged: nothing
    ([L(2)], [L(2)], []),
    # more days: reverse the line delivered, deliver the new one
    ([L(2)], [L(3, til=date(2025, 10, 8))], [L(-2, art=T), L(3, til=date(2025, 10, 8), art=K)]),
    # deleted: reversal only
    ([L(2)], [], [L(-2, art=T)]),
    # new in the closed period: the new line only
    ([], [L(1)], [L(1, art=K)]),
    # already corrected once: the correction in force is what is reversed
    ([L(2), L(-2, art=T), L(3, art=K)], [L(3, art=K)], []),
    ([L(2), L(-2, art=T), L(3, art=K)], [L(4)], [L(-3, art=T), L(4, art=K)]),
    # reversed before and back now: a new line
    ([L(2), L(-2, art=T)], [L(2)], [L(2, art=K)]),
    # another wage-type (505 became 771): the old reversed, the new delivered
    ([L(2, loendel="5050")], [L(2)], [L(-2, art=T, loendel="5050"), L(2, art=K)]),
])
def test_the_corrections_of_a_closed_period(leveret, nu, ventet):
    assert sorted(rettelser(leveret, nu), key=lambda x: (x.loendel != "5050", x.art != T)) == ventet


@pytest.mark.parametrize(("periode", "lukkede", "kode"), [
    ("2025-10", ["2025-10"], "F217"),
    ("2025-12", ["2025-10"], "F218"),
    ("2025-09", ["2025-10"], "F218"),
    ("2025-12", [], "F219"),
])
def test_closing_once_in_order_and_not_ahead(periode, lukkede, kode):
    assert koder(tjek_lukning, Loenperiode.fra_tekst(periode), [Loenperiode.fra_tekst(p) for p in lukkede],
                 date(2025, 11, 3)) == [kode]


@pytest.mark.parametrize(("periode", "lukkede"),
                         [("2025-11", ["2025-10"]), ("2025-03", []), ("2025-11", [])])
def test_a_period_that_may_be_closed(periode, lukkede):
    tjek_lukning(Loenperiode.fra_tekst(periode), [Loenperiode.fra_tekst(p) for p in lukkede],
                 date(2025, 11, 3))


@pytest.mark.parametrize(("t", "ventet"), [
    (EgenType("901", "Fridag", "5070"), []),
    (EgenType("899", "Fridag"), ["F211"]),
    (EgenType("1000", "Fridag"), ["F211"]),
    (EgenType("90a", "Fridag"), ["F211"]),
    (EgenType("950", "  "), ["F223"]),
    (EgenType("950", "x" * 101), ["F223"]),
    (EgenType("950", "Fridag", "50 70"), ["F221"]),
    (EgenType("950", "Fridag", "12345678901"), ["F221"]),
])
def test_an_own_types_checks(t, ventet):
    assert [m.kode for m in valider(t)] == ventet


def test_an_own_type_as_a_code_whole_days_no_account_never_reported():
    k = EgenType("901", "Fridag", "5070", ("0240",), True).som_aarsagskode()
    assert (k.egen, k.loendel, k.loenenhed, k.cirkulaere_type, k.indberetningspligtig, k.traekker_paa,
            k.aaben_tilladt, k.kraever_godkendelse) == (True, "5070", "Dage", None, False, None, False, True)
    assert er_egen_kode("901") and not er_egen_kode("809")
    katalog = KATALOG.med_egne([k], ["500"])
    assert katalog.kode("901") == k and katalog.kode("500").kraever_godkendelse
    assert not KATALOG.kode("500").kraever_godkendelse  # the default catalogue is never changed
    assert katalog.standard("901", "500").value == "N"


@pytest.mark.parametrize(("pkat", "ventet"),
                         [("0240", []), ("240", []), ("0172", ["F210"]), (None, ["F210"])])
def test_an_own_type_for_some_pkats_only(pkat, ventet):
    k = EgenType("901", "Fridag", None, ("0240",)).som_aarsagskode()
    assert [m.kode for m in pkat_tilladt(k, pkat)] == ventet


CHEF = Bruger("chef", {"X": Ret.GODKEND})


@pytest.mark.parametrize(("status", "godkend", "begrundelse", "registreret_af", "ventet"), [
    (Status.AFVENTER, True, None, "anna", []),
    (Status.AFVENTER, False, "travlt", "anna", []),
    (Status.AFVENTER, False, None, "anna", ["F216"]),
    (Status.AFVENTER, False, "   ", "anna", ["F216"]),
    (Status.GODKENDT, True, None, "anna", ["F215"]),
    (Status.AFVENTER, True, None, "chef", ["F225"]),
    (Status.GODKENDT, False, None, "chef", ["F215", "F216", "F225"]),
])
def test_the_approval_decision(status, godkend, begrundelse, registreret_af, ventet):
    if ventet:
        assert koder(vurder_beslutning, "h", status, godkend, begrundelse, registreret_af, CHEF) == ventet
    else:
        vurder_beslutning("h", status, godkend, begrundelse, registreret_af, CHEF)


def test_the_status_a_code_gives_and_the_rights():
    assert status_for(KATALOG.kode("500")) is Status.GODKENDT
    assert status_for(KATALOG.med_egne([], ["500"]).kode("500")) is Status.AFVENTER
    b = Bruger("b", {"X": Ret.GODKEND, "Y": Ret.REGISTRER, "Z": Ret.LAES})
    assert [(b.maa_laese(i), b.maa_registrere(i), b.maa_godkende(i)) for i in "XYZ"] == [
        (True, True, True), (True, True, False), (True, False, False)]
    assert b.registrerbare == frozenset("XY")
