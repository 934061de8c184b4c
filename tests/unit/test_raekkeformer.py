"""The rows a mass registration leaves waiting as tuples (Samler.indsaet_raekke) are the rows the
dict-writing paths make of the same write, column for column: COPY writes them by position, and
an executemany (SQLite, a lone row) by the form's column names."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from fravaer.adapters.db.aendring_repository import AendringRepository
from fravaer.adapters.db.insert_batch import Samler
from fravaer.adapters.db.repository import _H, HaendelseRepository, TransaktionRepository
from fravaer.adapters.db.tables import TransaktionRow
from fravaer.domain.aendringer import Art
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import Haendelse, HaendelseData


class _Optager:
    """A Samler that keeps what it is given."""

    def __init__(self):
        self.raekker: list[tuple[object, dict]] = []

    def indsaet(self, tabel, vaerdier: dict) -> None:
        self.raekker.append((tabel, vaerdier))

    def indsaet_raekke(self, form, raekke: tuple) -> None:
        tabel, kolonner = form
        assert list(kolonner) == sorted(kolonner)  # the form indsaet makes of the same dict
        self.raekker.append((tabel, dict(zip(kolonner, raekke, strict=True))))


NU = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("h", [
    Haendelse("h-1", 7, 1, HaendelseData("500", date(2025, 1, 2), date(2025, 1, 3)), NU, NU),
    Haendelse("h-2", 8, 3, HaendelseData("155", date(2025, 1, 2), None, 90, 2, 2025, "b", "s", "a", "TM01"),
              NU, datetime(2025, 6, 3, 11, 0, tzinfo=UTC), Status.AFVENTER, "nej"),
])
def test_an_events_row_is_its_dict(h):
    optager = _Optager()
    HaendelseRepository(None, optager).tilfoej(h)  # type: ignore[arg-type]
    d = h.data
    forventet = {"id": h.id, "ansaettelse_id": h.ansaettelse_id, "version": h.version,
                 "oprettet": h.oprettet.replace(tzinfo=None), "aendret": h.aendret.replace(tzinfo=None),
                 "status": h.status.value, "kode": d.kode, "fra_dato": d.fra, "til_dato": d.slut,
                 "minutter": d.minutter, "barnenummer": d.barnenummer, "ferieaar": d.ferieaar,
                 "bemaerkning": d.bemaerkning, "barselssag_id": d.barselssag_id,
                 "arbejdsskadesag": d.arbejdsskadesag, "tjenestefriaarsag": d.tjenestefriaarsag}
    assert optager.raekker == [(_H, forventet)]
    assert HaendelseRepository._raekke(h) == forventet  # the history import's executemany row


@pytest.mark.parametrize("foer,efter,enhed,ansaettelse,tid", [
    (None, '{"a":1}', 3, 7, "t-1"), ('{"b":2}', None, None, None, None)])
def test_a_change_written_is_the_row_of_its_dict(foer, efter, enhed, ansaettelse, tid):
    optager = _Optager()
    r = AendringRepository(None, optager)  # type: ignore[arg-type]
    r.tilfoej_skrevet(NU, Art.HAENDELSE, "Opret", "n" * 90, "BENCH", "bruger", foer, efter, enhed,
                      ansaettelse, tid)
    forventet = {"tidspunkt": datetime(2025, 6, 2, 10, 0), "art": "Haendelse", "handling": "Opret",
                 "noegle": "n" * 80, "institution": "BENCH", "enhed_id": enhed, "ansaettelse_id": ansaettelse,
                 "bruger": "bruger", "transaktions_id": tid, "foer": foer, "efter": efter}
    assert [v for _, v in optager.raekker] == [forventet]
    # and the dict-writing path, whose before and after it writes as JSON itself
    assert AendringRepository.raekke(NU, Art.HAENDELSE, "Opret", "n" * 90, "BENCH", "bruger",
                                     None if foer is None else json.loads(foer),
                                     None if efter is None else json.loads(efter),
                                     enhed, ansaettelse, tid) == forventet


def test_a_transactions_row_has_every_column():
    optager = _Optager()
    TransaktionRepository(None, optager).gem_skrevet(  # type: ignore[arg-type]
        "BENCH", "t-1", "OpretHaendelse", "ab" * 32, '{"x":1}', NU)
    tabel = TransaktionRow.__table__
    assert optager.raekker == [(tabel, {"institution": "BENCH", "id": "t-1", "operation": "OpretHaendelse",
                                        "indhold_hash": "ab" * 32, "svar": '{"x":1}',
                                        "tidspunkt": datetime(2025, 6, 2, 10, 0)})]
    assert set(optager.raekker[0][1]) == set(tabel.c.keys())


def test_a_tuple_row_outside_a_batch_goes_as_its_dict():
    class Session:
        dialekt = "sqlite"

        def __init__(self):
            self.udfoert: list[tuple[object, dict]] = []

        def execute(self, statement, vaerdier):
            self.udfoert.append((statement.table, vaerdier))

    session = Session()
    tabel = TransaktionRow.__table__
    Samler(session).indsaet_raekke((tabel, ("id", "institution")), ("t-1", "BENCH"))  # type: ignore[arg-type]
    assert session.udfoert == [(tabel, {"id": "t-1", "institution": "BENCH"})]
