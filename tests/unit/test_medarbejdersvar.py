"""A page of employees (HentMedarbejdere) is written as one text (issue 13): for every page the
same text as each employee written alone, also when a text field must be escaped or is missing."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.personale import Enhed, Omraade, Person
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
