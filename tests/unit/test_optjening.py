"""Automatic accrual against the right itself (DOMAIN.md §6.1, §6.3; seed 002 §7.2) and the
posting of the monthly accrual as a setting of its own (DOMAIN.md §6.2; seed 004 step 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.kvoter import Konto, KvoteType, Regnskab
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.politik import (
    er_paa_akko,
    feriepolitikker,
    flere_loebenumre,
    optjener_ferie,
    optjener_saerlige_feriedage,
    politik_for,
)
from tests.unit.test_kvoter import ansat, koder, registrer

FERIE = KvoteType.FERIE
SAERLIGE = KvoteType.SAERLIGE_FERIEDAGE
MAANED_SAERLIGE = Fraction(5, 12)
AABEN = date.max


# ---------------------------------------------------------------- which list stops which posting


@pytest.mark.parametrize("akko, paa_akko", [
    ("14", True), ("15", True), ("16", True), ("32", True), ("014", True),
    ("13", False), ("17", False), ("31", False), ("33", False), ("", False), (None, False), ("1x", False)])
def test_the_seeds_akko_codes_are_14_to_16_and_32(akko, paa_akko):
    assert er_paa_akko(akko) is paa_akko


@pytest.mark.parametrize("loenform, pkat, klasse, akko, ferie, saerlige", [
    # seed 002 §7.2: "feriedage for timelønnede (lønform 3) hhv. særlige feriedage for nedenstående PKAT"
    (Loenform.TIMELOEN, None, None, None, False, True),
    (Loenform.TIMELOEN, "0080", None, None, False, False),
    # "PKAT 80, 81, 82, 91, 270, 660 og 693": every class
    (Loenform.MAANEDSLOEN, "80", "12", None, True, False),
    (Loenform.MAANEDSLOEN, "0693", None, None, True, False),
    (Loenform.MAANEDSLOEN, "92", None, None, True, True),
    # the PKAT and KL table: only the classes named (PKAT 50 names none: all)
    (Loenform.MAANEDSLOEN, "240", "62", None, True, False),
    (Loenform.MAANEDSLOEN, "240", "82", None, True, True),
    (Loenform.MAANEDSLOEN, "0050", "99", None, True, False),
    # "AKKO 14-16 og 32"
    (Loenform.MAANEDSLOEN, None, None, "15", True, False),
    (Loenform.MAANEDSLOEN, None, None, "13", True, True),
    (Loenform.MAANEDSLOEN, None, None, None, True, True),
])
def test_which_list_stops_the_automatic_ferie_and_which_the_special_days(loenform, pkat, klasse, akko,
                                                                         ferie, saerlige):
    a = ansat(loenform=loenform, pkat=pkat, klasse=klasse, akko=akko)
    assert (optjener_ferie(a), optjener_saerlige_feriedage(a)) == (ferie, saerlige)
    r = Regnskab(a, politik_for(a))
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == (25 if ferie else 0)
    assert r.kvote(Konto(SAERLIGE, 2023), date(2024, 5, 1)).optjent == (5 if saerlige else 0)


# seed 002 §7.2 as printed: "PKAT 80, 81, 82, 91, 270, 660 og 693", then the table "PKAT PKAT-navn KL"
SEEDENS_PKAT = "80 81 82 91 270 660 693"
SEEDENS_TABEL = """50 |
136 | 54, 56, 57
139 | 61-64
144 | 51
172 | 51
176 | 58-59
185 | 51-54
224 | 53
226 | 56
238 | 51-52, 55-57
240 | 62-81, 88-89, 91
248 | 56-57, 66-71, 74-76
258 | 55-58
266 | 70-72, 74, 78-81
291 | 58, 66-67
296 | 58, 66-67
467 | 11, 13
512 | 3-4, 11, 15-19, 51
548 | 1, 2
555 | 9, 11, 13
610 | 49-91
961 | 50, 52-67, 90"""


def _seedens_klasser(tekst: str) -> set[int]:
    klasser: set[int] = set()
    for del_ in filter(None, (d.strip() for d in tekst.split(","))):
        fra, _, til = del_.partition("-")
        klasser.update(range(int(fra), int(til or fra) + 1))
    return klasser


@pytest.mark.parametrize("pkat", SEEDENS_PKAT.split())
def test_every_pkat_of_the_seeds_list_gets_no_special_days_in_any_class(pkat):
    for klasse in (None, "1", "51", "99"):
        assert not optjener_saerlige_feriedage(ansat(pkat=pkat, klasse=klasse))
        assert not optjener_saerlige_feriedage(ansat(pkat=pkat.zfill(4), klasse=klasse))


@pytest.mark.parametrize("raekke", SEEDENS_TABEL.splitlines())
def test_every_row_of_the_seeds_pkat_and_class_table_exactly(raekke):
    pkat, _, tekst = (x.strip() for x in raekke.partition("|"))
    klasser = _seedens_klasser(tekst)
    for klasse in range(0, 100):
        undtaget = not klasser or klasse in klasser
        assert optjener_saerlige_feriedage(ansat(pkat=pkat, klasse=str(klasse))) is not undtaget, klasse
        # the table stops the special days only
        assert optjener_ferie(ansat(pkat=pkat, klasse=str(klasse)))


def _forhold(fra: date, akko=None, institution=None, loenform=Loenform.MAANEDSLOEN) -> Forholdsperiode:
    return Forholdsperiode(fra, None, None, None, loenform, 2220, akko, institution)


def test_the_akko_in_force_each_month_decides_the_special_days():
    # on AKKO 14 from 1 March to 31 May 2024, then off it again: three months without special days
    a = replace(ansat(), forloeb=(_forhold(date(2020, 1, 1)), _forhold(date(2024, 3, 1), "14"),
                                  _forhold(date(2024, 6, 1))))
    r = Regnskab(a, politik_for(a))
    assert r.kvote(Konto(SAERLIGE, 2024), date(2025, 5, 1)).optjent == 9 * MAANED_SAERLIGE
    assert [p.dato.month for p in r.optjening(Konto(SAERLIGE, 2024)).poster] == [1, 2, 6, 7, 8, 9, 10, 11, 12]
    # AKKO stops the special days only: the vacation accrual runs on
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == 25
    # today off AKKO: the months on it keep what they did not earn
    assert a.akko is None and a.pr(date(2024, 4, 1)).akko == "14"


# ---------------------------------------------------------------- several løbenumre in one løngruppe


def _job(loebenummer: int, start: date, slut: date | None = None, institution="X", cpr="0101801234",
         forloeb=()) -> Ansaettelse:
    return Ansaettelse(loebenummer, institution, cpr, loebenummer, None, None, None, Loenform.MAANEDSLOEN,
                       1110, start, slut, forloeb=forloeb)


A = _job(1, date(2020, 1, 1))


@pytest.mark.parametrize("andre, delte", [
    ([], ()),
    ([A], ()),  # itself
    ([_job(2, date(2022, 1, 1))], ((date(2022, 1, 1), AABEN),)),
    ([_job(2, date(2024, 3, 16), date(2024, 6, 30))], ((date(2024, 3, 16), date(2024, 6, 30)),)),
    ([_job(2, date(2022, 1, 1), institution="Y")], ()),  # another employer: another løngruppe
    ([_job(2, date(2022, 1, 1), cpr="0202801234")], ()),  # another person
    ([_job(2, date(2018, 1, 1), date(2019, 12, 31))], ()),  # one after the other: no day shared
    # moved into the same institution on 1 July 2024 by the history
    ([_job(2, date(2022, 1, 1), institution="X",
           forloeb=(_forhold(date(2022, 1, 1), institution="Y"),
                    _forhold(date(2024, 7, 1), institution="X")))],
     ((date(2024, 7, 1), AABEN),)),
    # two others, overlapping and adjoining: one stretch
    ([_job(2, date(2024, 1, 1), date(2024, 2, 29)), _job(3, date(2024, 2, 1), date(2024, 4, 30)),
      _job(4, date(2024, 5, 1), date(2024, 5, 31))], ((date(2024, 1, 1), date(2024, 5, 31)),)),
])
def test_several_loebenumre_share_the_days_both_are_in_force_in_one_institution(andre, delte):
    assert flere_loebenumre(A, andre) == delte


def test_no_automatic_special_days_while_two_loebenumre_run_in_one_institution():
    andre = [_job(2, date(2024, 3, 16), date(2024, 6, 30))]
    r = Regnskab(A, politik_for(A), flere_loebenumre=flere_loebenumre(A, andre))
    # January, February and July–December whole; 15 of March's 31 days
    assert r.kvote(Konto(SAERLIGE, 2024), date(2025, 5, 1)).optjent == (
        8 * MAANED_SAERLIGE + MAANED_SAERLIGE * Fraction(15, 31))
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == 25  # ferie is not concerned


# ---------------------------------------------------------------- primo or ultimo, with every rule

OKT, NOV, DEC = 10, 11, 12
DATOER = (date(2025, OKT, 1), date(2025, OKT, 31), date(2025, NOV, 1), date(2025, NOV, 30),
          date(2025, DEC, 1), date(2025, DEC, 31))


def _med(politik: str, postering: str):
    a = replace(ansat(date(2025, 10, 1)), feriepolitik=politik, postering=postering)
    return Regnskab(a, politik_for(a))


@pytest.mark.parametrize("politik, postering, svar, tolvtedele", [
    # seed 004's forskud example: 5 days in October, one month earned: −2,92, −0,84, 1,25 at the
    # month ends under either posting; primo has them from the 1st, ultimo from the last day
    ("stat", "primo", ["A002"], (-35, -35, -10, -10, 15, 15)),
    ("stat", "ultimo", ["A002"], (-60, -35, -35, -10, -10, 15)),
    ("forskud", "primo", ["A004"], (-35, -35, -10, -10, 15, 15)),
    ("forskud", "ultimo", ["A004"], (-60, -35, -35, -10, -10, 15)),
    ("forskud_5", "primo", ["A004"], (-35, -35, -10, -10, 15, 15)),
    ("forskud_5", "ultimo", ["A004"], (-60, -35, -35, -10, -10, 15)),
    # løntræk settles the month's deficit at its end and starts again from 0
    ("loentraek", "primo", ["A003"], (-35, 0, 25, 25, 50, 50)),
    ("loentraek", "ultimo", ["A003"], (-60, 0, 0, 25, 25, 50)),
    # only earned (and own unpaid day off): 5 days are never earned by 13 October
    ("kun_optjent", "primo", "F043", None),
    ("kun_optjent", "ultimo", "F043", None),
    ("egen_fridag", "primo", "F045", None),
    ("egen_fridag", "ultimo", "F045", None),
])
def test_every_rule_for_unearned_vacation_with_either_posting(politik, postering, svar, tolvtedele):
    r = _med(politik, postering)
    standard = feriepolitikker()[politik]
    assert (r.politik.ikke_optjent, r.politik.postering) == (standard.ikke_optjent, postering)
    if tolvtedele is None:
        with pytest.raises(Afvist) as e:
            registrer(r, "500", date(2025, 10, 13), date(2025, 10, 17))
        assert [m.kode for m in e.value.meddelelser] == [svar]
        return
    assert koder(registrer(r, "500", date(2025, 10, 13), date(2025, 10, 17))) == svar
    assert tuple(r.kvote(Konto(FERIE, 2026), d).disponibel for d in DATOER) == tuple(
        Fraction(t, 12) for t in tolvtedele)


@pytest.mark.parametrize("politik", ["kun_optjent", "egen_fridag"])
def test_only_earned_takes_two_october_days_under_primo_but_not_before_octobers_posting_under_ultimo(politik):
    r = _med(politik, "primo")
    assert koder(registrer(r, "500", date(2025, 10, 13), date(2025, 10, 14))) == []
    assert tuple(r.kvote(Konto(FERIE, 2026), d).disponibel for d in DATOER) == tuple(
        Fraction(t, 12) for t in (1, 1, 26, 26, 51, 51))
    with pytest.raises(Afvist):
        registrer(_med(politik, "ultimo"), "500", date(2025, 10, 13), date(2025, 10, 14))
    assert koder(registrer(_med(politik, "ultimo"), "500", date(2025, 10, 31), date(2025, 10, 31))) == []


@pytest.mark.parametrize("politik", sorted(feriepolitikker()))
@pytest.mark.parametrize("postering", ["primo", "ultimo", None])
def test_the_employments_posting_overrides_only_the_policys_posting(politik, postering):
    standard = feriepolitikker()[politik]
    valgt = politik_for(replace(ansat(), feriepolitik=politik, postering=postering))
    assert valgt.postering == (postering or standard.postering)
    assert (valgt.navn, valgt.ikke_optjent, valgt.maks_forskud) == (
        standard.navn, standard.ikke_optjent, standard.maks_forskud)


@pytest.mark.parametrize("a", [
    ansat(), ansat(date(2025, 3, 12)), ansat(date(2019, 5, 1), date(2025, 10, 20)),
    ansat(date(2026, 2, 1)), ansat(date(2018, 1, 1), date(2024, 6, 30)),
    ansat(loenform=Loenform.TIMELOEN), ansat(pkat="0240", akko="15"), ansat(postering="primo")])
@pytest.mark.parametrize("konto", [
    Konto(FERIE, 2025), Konto(FERIE, 2026), Konto(FERIE, 2026, 2), Konto(SAERLIGE, 2024),
    Konto(SAERLIGE, 2025), Konto(KvoteType.OMSORGSDAGE, 2025, None, 1),
    Konto(KvoteType.OMSORGSDAGE, 2025, None, 2), Konto(KvoteType.FRIHEDSBANK, None, 4)])
def test_an_unchanged_relationships_accrual_by_its_short_key_is_the_general_ones(a, konto):
    # optjening() takes a short cut for a relationship that never changed and has no other
    # løbenummer; a stretch of other løbenumre far from the account's period takes the general
    # walk, which must give the same postings
    from fravaer.domain.kvoter import Barn, optjening

    boern = {1: Barn(1, date(2021, 4, 15))}
    politik = politik_for(a)
    kort = optjening(konto, a, politik, boern)
    lang = optjening(konto, a, politik, boern, ((date(1990, 1, 1), date(1990, 1, 2)),))
    assert kort.poster == lang.poster and kort.i_alt == lang.i_alt
