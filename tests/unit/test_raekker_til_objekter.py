"""Employments and persons are made from rows without their dataclasses' __init__ (issue 13: a
page of HentMedarbejdere makes 500 of each): the same objects as the constructor makes, every
field set, and still frozen."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fravaer.adapters.db.personale_repository import _PERSONER, _person
from fravaer.adapters.db.repository import _ANSAETTELSE, _ansaettelse
from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.personale import Person


def _raekke(statement, **vaerdier) -> tuple:
    return tuple(vaerdier.get(navn) for navn in statement.selected_columns.keys())


def test_an_employment_from_a_row_is_the_constructors():
    r = _raekke(_ANSAETTELSE, id=7, institution_id=3, cpr="0101801234", loebenummer=2, tjenestenummer="T7",
                pkat="0240", stiko="1100", loenform="1", ugentlige_minutter=1110, startdato=date(2020, 1, 1),
                slutdato=date(2026, 6, 30), fast_fridag=4, klasse="KL", feriepolitik="stat", enhed_id=11,
                akko="A1", postering="primo", institution_kode="I", historik_datoer=1, referenceversion=5)
    a = _ansaettelse(r)
    forventet = Ansaettelse(7, "I", "0101801234", 2, "T7", "0240", "1100", Loenform("1"), 1110,
                            date(2020, 1, 1), date(2026, 6, 30), fast_fridag=4, klasse="KL",
                            feriepolitik="stat", enhed_id=11, akko="A1", postering="primo")
    assert a == forventet and hash(a) == hash(forventet)
    assert vars(a) == {f.name: getattr(forventet, f.name) for f in dataclasses.fields(Ansaettelse)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.cpr = "x"  # type: ignore[misc]


def test_a_person_from_a_row_is_the_constructors():
    r = _raekke(_PERSONER, cpr="0101801234", fornavn="Anna", efternavn=None, adresse="Vej 1",
                postnummer="1000", bynavn="By", land="DK", email="a@b.dk", telefon="12345678")
    p = _person(r)
    forventet = Person("0101801234", "Anna", None, "Vej 1", "1000", "By", "DK", "a@b.dk", "12345678")
    assert p == forventet and hash(p) == hash(forventet)
    assert vars(p) == {f.name: getattr(forventet, f.name) for f in dataclasses.fields(Person)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.fornavn = "x"  # type: ignore[misc]
