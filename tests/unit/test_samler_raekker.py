"""Samler.samlet(): rows given as values in their columns' order (indsaet_raekke) and rows given
as a dict (indsaet) wait alike and give the same statement and parameters."""

from sqlalchemy import Column, Integer, MetaData, String, Table

from fravaer.adapters.db.insert_batch import Samler, _indsaet_en, _samlet
from fravaer.adapters.db.read_ahead import Ordnede

_M = MetaData()
_A = Table("a", _M, Column("id", Integer, primary_key=True), Column("navn", String), Column("x", Integer))
_B = Table("b", _M, Column("id", Integer, primary_key=True), Column("tekst", String))


class _Session:
    def __init__(self, dialekt: str):
        self.dialekt = dialekt
        self.udskudt: list = []
        self.skrevet: list = []

    def udskyd(self, statement, parametre, efter=None):
        self.udskudt.append((statement, parametre))

    def skriv(self, statement, parametre):
        self.skrevet.append((statement, parametre))

    def skriv_raekke(self, statement, kolonner, raekke):
        self.skriv(statement, dict(zip(kolonner, raekke, strict=True)))


def _skriv(session, som_raekke: bool) -> None:
    s = Samler(session)
    with s.samlet():
        if som_raekke:
            s.indsaet_raekke((_A, ("id", "navn", "x")), (1, "et", 7))
        else:
            s.indsaet(_A, {"x": 7, "navn": "et", "id": 1})
        s.indsaet(_B, {"tekst": "to", "id": 2})


def test_postgresql_one_statement_either_way():
    for som_raekke in (True, False):
        session = _Session("postgresql")
        _skriv(session, som_raekke)
        assert session.skrevet == []
        ((statement, parametre),) = session.udskudt
        assert statement is _samlet(((_A, ("id", "navn", "x")), (_B, ("id", "tekst"))))
        # the rows' values one after another, with their names (no dict made of them)
        assert parametre == Ordnede(("p0_id", "p0_navn", "p0_x", "p1_id", "p1_tekst"), (1, "et", 7, 2, "to"))
        assert parametre.som_dict() == {"p0_id": 1, "p0_navn": "et", "p0_x": 7, "p1_id": 2, "p1_tekst": "to"}


def test_sqlite_one_insert_a_row_either_way():
    for som_raekke in (True, False):
        session = _Session("sqlite")
        _skriv(session, som_raekke)
        assert session.udskudt == []
        assert session.skrevet == [(_indsaet_en(_A, ("id", "navn", "x")), {"id": 1, "navn": "et", "x": 7}),
                                   (_indsaet_en(_B, ("id", "tekst")), {"id": 2, "tekst": "to"})]


def test_outside_samlet_each_at_once():
    class _Udfoerer(_Session):
        def execute(self, statement, parametre):
            self.skrevet.append((statement.table.name, parametre))

    session = _Udfoerer("postgresql")
    s = Samler(session)
    s.indsaet_raekke((_A, ("id", "navn", "x")), (1, "et", 7))
    assert session.skrevet == [("a", {"id": 1, "navn": "et", "x": 7})]


def test_a_refusal_inside_sends_nothing_and_a_nested_samlet_waits_for_the_outer():
    """samlet()'s context (a class, not a generator): an exception inside sends none of its rows
    and leaves the Samler sending at once again; one inside another sends with the outer."""
    import pytest

    session = _Session("sqlite")
    s = Samler(session)
    with pytest.raises(ValueError), s.samlet():
        s.indsaet(_B, {"tekst": "to", "id": 2})
        raise ValueError
    assert session.skrevet == [] and s._ventende is None
    with s.samlet() as udfald:
        assert udfald.ramt is True
        with s.samlet() as indre:
            s.indsaet(_B, {"tekst": "tre", "id": 3})
            assert indre.ramt is True
        assert session.skrevet == []
    assert session.skrevet == [(_indsaet_en(_B, ("id", "tekst")), {"id": 3, "tekst": "tre"})]
