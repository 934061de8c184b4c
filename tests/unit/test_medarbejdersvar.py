"""A page of employees (HentMedarbejdere) is written as one text (issue 13): for every page the
same text as each employee written alone, also when a text field must be escaped or is missing."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.personale import Enhed, Omraade, Person, person_uden_data
from fravaer.service.medarbejdere import ALLE, Medarbejder
from fravaer.soap.medarbejdersvar import medarbejder, medarbejdere

KATALOG = standardkatalog()
ENHEDER = [Enhed("I", "K", "Kommunen"), Enhed("I", "O1", "Område 1", "K")]


def _side(fornavne: list[str | None], omraader: frozenset[Omraade]) -> list[Medarbejder]:
    ud = []
    for i, fornavn in enumerate(fornavne):
        cpr = f"01018{i % 10}123{i % 10}"
        tjnr = None if i % 3 == 2 else f"T{i}"
        a = Ansaettelse(i + 1, "I", cpr, 1, tjnr, "0240", None, Loenform.MAANEDSLOEN, 2220, date(2020, 1, 1),
                        None, enhed_id=7)
        ud.append(Medarbejder(a, omraader, person=Person(cpr, fornavn, None if i % 2 else "Efter", "Vej 1"),
                              institution_navn="Institutionen", enheder=ENHEDER if i % 4 else []))
    return ud


@pytest.mark.parametrize("fornavne", [["Anna", "Bo", None, "Carl"], ["Anna", "B&o <x>", None, "Carl"],
                                      ["Ærø", "Øje", "Åse", "Ib"]])
@pytest.mark.parametrize("omraader", [frozenset({Omraade.PERSONDATA, Omraade.ORGANISATION}),
                                      frozenset({Omraade.PERSONDATA}), frozenset({Omraade.ADRESSE}), ALLE])
def test_a_page_is_each_employee_written_alone(fornavne, omraader):
    side = _side(fornavne, omraader)
    forventet = "".join(medarbejder(m, KATALOG) for m in side)
    assert medarbejdere(side, KATALOG) == forventet
    if Omraade.PERSONDATA in omraader and any(f and "&" in f for f in fornavne):
        assert "B&amp;o &lt;x&gt;" in forventet


def test_a_tjenestenummer_to_escape_is_escaped():
    side = _side(["Anna", "Bo"], frozenset({Omraade.PERSONDATA}))
    side[1].ansaettelse = Ansaettelse(2, "I", "0101801234", 1, "T<2>", None, None, Loenform.MAANEDSLOEN, 2220,
                                      date(2020, 1, 1), None)
    tekst = medarbejdere(side, KATALOG)
    assert tekst == "".join(medarbejder(m, KATALOG) for m in side)
    assert "<t:Tjenestenummer>T&lt;2&gt;</t:Tjenestenummer>" in tekst


@pytest.mark.parametrize("cpr", ["0101901234", "3112364321", "3112374321", "2902045000", "0101585000",
                                 "0101990000", " 1019012", "+1019012", "0\u0663019012"])
def test_a_birth_date_is_written_as_the_date_the_domain_reads(cpr):
    """The page writes the birth date from the CPR number's own digits: the same text as the
    domain's date (its century, and digits int() reads that are not the ASCII ones)."""
    a = Ansaettelse(1, "I", cpr, 1, "T1", "0240", None, Loenform.MAANEDSLOEN, 2220, date(2020, 1, 1),
                    None)
    m = Medarbejder(a, frozenset({Omraade.PERSONDATA}), person=Person(cpr, "A"))
    side = medarbejdere([m], KATALOG)
    assert f"<t:Foedselsdato>{Person(cpr).foedselsdato.isoformat()}</t:Foedselsdato>" in side
    assert side == medarbejder(m, KATALOG)


@pytest.mark.parametrize("cpr", ["3002901234", "0113901234"])
def test_a_birth_date_that_does_not_exist_is_refused_as_by_the_domain(cpr):
    a = Ansaettelse(1, "I", cpr, 1, "T1", "0240", None, Loenform.MAANEDSLOEN, 2220, date(2020, 1, 1), None)
    m = Medarbejder(a, frozenset({Omraade.PERSONDATA}), person=Person(cpr, "A"))
    with pytest.raises(ValueError):
        medarbejdere([m], KATALOG)


def test_a_person_without_data_is_the_person_of_its_cpr_alone():
    p = person_uden_data("0101901234")
    assert p == Person("0101901234") and vars(p) == vars(Person("0101901234"))
    assert list(vars(p)) == list(vars(Person("0101901234")))
    with pytest.raises(AttributeError):
        p.fornavn = "X"  # type: ignore[misc]
