"""The code catalogue against DOMAIN.md §5, written out here so the test checks the data file."""

from __future__ import annotations

import pytest

from fravaer.domain.katalog import Samtidighed, TidsKrav, standardkatalog

V, OB, IK = TidsKrav.VALGFRI, TidsKrav.OBLIGATORISK, TidsKrav.IKKE
# code: (period, open, h/m day, h/m period ('-' = no period), mandatory report)
TABEL = {
    "100": (True, True, V, IK, True), "110": (True, False, IK, IK, True),
    "130": (True, True, V, IK, True), "140": (True, True, V, IK, True),
    "150": (True, True, V, IK, True), "154": (True, True, OB, OB, True),
    "155": (True, True, OB, OB, True), "220": (True, True, V, IK, True),
    "225": (True, True, OB, OB, True), "230": (False, False, V, "-", True),
    "231": (False, False, V, "-", True), "400": (True, True, IK, IK, True),
    "401": (True, False, IK, IK, True), "405": (True, True, OB, OB, True),
    "420": (True, True, IK, IK, True), "440": (True, True, IK, IK, True),
    "500": (True, False, V, IK, False), "505": (True, False, V, IK, False),
    "520": (True, False, V, IK, True), "600": (True, False, IK, IK, True),
    "605": (False, False, IK, "-", True), "610": (True, False, IK, IK, True),
    "615": (False, False, IK, "-", True), "620": (True, False, V, IK, True),
    "630": (False, False, V, "-", False), "715": (True, False, V, IK, True),
    "716": (True, False, V, IK, True), "760": (True, True, IK, IK, False),
    "801": (True, False, V, IK, False), "802": (True, False, V, IK, False),
    "803": (True, False, V, IK, False), "804": (True, False, V, IK, False),
    "805": (True, False, V, IK, True), "806": (True, False, V, IK, True),
    "807": (True, False, V, IK, False), "808": (True, False, V, IK, False),
    "809": (True, False, V, IK, True),
    # the project's own: the own unpaid day off of the egen_fridag policy (seed 004, rule 4)
    "590": (True, False, V, IK, False),
    # the project's leave codes: the institution's leave reason says why (issue 6)
    "770": (True, True, V, IK, False), "771": (True, True, V, IK, False),
}
DST = {"100": "1100", "110": "1100", "130": "1100", "140": "1100", "150": "1100", "154": "1100",
       "155": "1100", "220": "1300", "225": "1300", "230": "1200", "231": "1200", "400": "1400",
       "401": "1400", "405": "1400", "420": "1400", "440": "1400"}
# the circular's types (seed 003 §4): a own sickness and pregnancy-related absence, b work injury,
# c a child's 1st and 2nd day of sickness, d maternity (with parental leave and sorgorlov, both under
# the maternity act), e adoption, f care days, g special vacation days, h partial sickness with
# reduced time, i senior schemes; every other code is not reported
TYPER = {"100": "a", "110": "a", "130": "a", "140": "a", "150": "a", "154": "h", "155": "h",
         "220": "b", "225": "b", "230": "c", "231": "c", "400": "d", "401": "d", "405": "d", "420": "d",
         "440": "e", "600": "f", "605": "f", "610": "f", "615": "f", "620": "f", "520": "g", "809": "g",
         "715": "i", "716": "i", "805": "i", "806": "i"}
NAVNE = {"100": "Sygdom", "110": "Sygdom u/ferie m. lægeerklæring", "155": "Delvis sygdom",
         "500": "Ferie med løn", "520": "Særlige feriedage", "715": "Seniorordning",
         "805": "Afh.frih: Senior- og retræteord", "809": "Afh. frihed: Særlige feriedage"}
KATALOG = standardkatalog()


def test_the_catalogue_has_exactly_the_codes_of_the_table():
    assert set(KATALOG.koder) == set(TABEL)


@pytest.mark.parametrize("kode", sorted(TABEL))
def test_code_attributes(kode):
    periode, aaben, dag, per, pligt = TABEL[kode]
    k = KATALOG.kode(kode)
    assert (k.periode_tilladt, k.aaben_tilladt, k.tid_dag, k.indberetningspligtig) == (
        periode, aaben, dag, pligt)
    if per != "-":
        assert k.tid_periode is per
    assert k.dst_kategori == DST.get(kode)
    assert k.cirkulaere_type == TYPER.get(kode)


@pytest.mark.parametrize("kode, navn", sorted(NAVNE.items()))
def test_code_names(kode, navn):
    assert KATALOG.kode(kode).navn == navn


def test_mandatory_codes_are_those_of_the_sls_guide():
    # seed 002: 100 110 130 140 150 154 155, 230 231, 220 225, 400 405 420 440, 401,
    # 600 605 610 615 620, 520 809, 715, 716 806, 805
    pligtige = {k for k, v in KATALOG.koder.items() if v.indberetningspligtig}
    assert pligtige == set("100 110 130 140 150 154 155 230 231 220 225 400 405 420 440 401 "
                           "600 605 610 615 620 520 809 715 716 806 805".split())


def test_the_mandatory_codes_are_exactly_those_with_a_type_of_the_circular():
    """Seed 002's mandatory list and the circular's types a–i (seed 003 §4) agree: a code is
    reported to ISOLA when, and only when, it has a type."""
    for k in KATALOG.koder.values():
        assert k.indberetningspligtig is (k.cirkulaere_type is not None), k.kode


def test_every_type_of_the_circular_has_a_name_and_a_code():
    from fravaer.domain.katalog import cirkulaere_typer

    assert list(cirkulaere_typer()) == list("abcdefghi")
    assert {k.cirkulaere_type for k in KATALOG.koder.values()} - {None} == set("abcdefghi")


def test_110_needs_vacation_and_nothing_else_needs_a_code():
    kraever = {k: v.kraever_samtidig for k, v in KATALOG.koder.items() if v.kraever_samtidig}
    assert kraever == {"110": frozenset({"500", "505", "520"})}


def test_the_matrix_is_complete_and_symmetric():
    for a in KATALOG.koder:
        for b in KATALOG.koder:
            assert KATALOG.samtidighed(a, b) is KATALOG.samtidighed(b, a)


@pytest.mark.parametrize("a", sorted(TABEL))
def test_default_matrix_row(a):
    for b in TABEL:
        forventet = (Samtidighed.JA if {a, b} in ({"110", "500"}, {"110", "505"}, {"110", "520"})
                     else Samtidighed.DELVIS)
        assert KATALOG.samtidighed(a, b) is forventet, (a, b)


def test_exclusions_715_805_and_716_806():
    assert {(u.kode_a, u.kode_b, u.omfang) for u in KATALOG.udelukkelser} == {
        ("715", "805", "kalenderaar"), ("716", "806", "kalenderaar")}
    assert [anden for _, anden in KATALOG.udelukkelser_for("806")] == ["716"]
    assert KATALOG.udelukkelser_for("100") == []


def test_new_care_day_codes_are_valid_only_from_1_october_2005():
    from datetime import date

    assert not KATALOG.kode("610").gyldig_paa(date(2005, 9, 30))
    assert KATALOG.kode("610").gyldig_paa(date(2005, 10, 1))


def test_every_message_code_has_a_danish_text():
    from fravaer.domain.meddelelser import _skabeloner

    for kode, (alvor, tekst) in _skabeloner().items():
        assert kode[0] in "FXSAWR" and len(kode) == 4 and tekst
        assert (alvor.value == "Advis") == kode.startswith("A")


def test_kode_answers_from_each_catalogues_own_codes():
    """Katalog.kode is the instance's own `koder.get` (no Python frame a call): a catalogue made
    from another (med_egne, for_institution: replace) answers from its own codes, the first
    from its own."""
    from dataclasses import replace

    standard = standardkatalog()
    egen = replace(standard.kode("500"), kode="901", navn="Egen type", egen=True)
    med = standard.med_egne([egen], ["500"])
    assert med.kode("901") is egen and standard.kode("901") is None
    assert med.kode("500").kraever_godkendelse and not standard.kode("500").kraever_godkendelse
    omsorg = standard.for_institution([], True, standard.idag)
    assert omsorg.kode is not standard.kode
    assert all(omsorg.kode(k) is omsorg.koder[k] for k in omsorg.koder)
    assert standard.kode("999") is None
