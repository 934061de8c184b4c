"""HentHaendelser's read of one employment's events by its tjenestenummer on PostgreSQL without the
server's ORDER BY (issue 13: its Sort a tenth of the server's work for 20 events): the worker
puts the rows in the statement's order (the employment, the first day, created, id), which is
the server's only where the server orders haendelse.id's text by code point, as Python orders
str (engine.KODEPUNKTORDEN, asked at the engine's first connection); elsewhere the server
orders them as before."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select

from fravaer.adapters.db import repository
from fravaer.adapters.db.engine import KODEPUNKTORDEN, kodepunktorden
from fravaer.adapters.db.tables import AnsaettelseRow, HaendelseRow
from fravaer.adapters.db.unit_of_work import UnitOfWork
from tests.statement_tekster import hele_tekster

TJNR = "10000001"
FRA, TIL = date(2030, 1, 1), date(2030, 12, 31)
# ids whose orders differ between collations: "aa" (da_DK's å, after z), a hyphen (ignored at the
# first level of most locales), case, digits, letters past ASCII and past the BMP
IDER = ["aa", "ab", "a-b", "a-a", "ab-", "Ab", "AA", "b", "0", "09", "9", "z", "å", "ø", "æ", "Z",
        "aå", "a~", "a_", "a.", "\U0001f600", "é", "e", "E", "-", "aab", "ab0"]


@pytest.fixture
def pg_engine(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's read by tjenestenummer")
    return demo_engine


def _opret(engine) -> None:
    """Events of 10000001 on a few days, many with the same first day and created time (ties
    only the id breaks), written in a shuffled order (the table's is not the answer's)."""
    with engine.begin() as c:
        aid = c.execute(select(AnsaettelseRow.id).where(AnsaettelseRow.tjenestenummer == TJNR)).scalar_one()
        raekker = []
        for dag in (date(2030, 3, 2), date(2030, 3, 1), date(2030, 5, 5)):
            for oprettet in (datetime(2030, 1, 1, 12), datetime(2030, 1, 1, 11, 59, 59, 999999)):
                for i in IDER:
                    raekker.append(dict(
                        id=f"{i}{dag.isoformat()}{oprettet.microsecond}"[:36], ansaettelse_id=aid, version=1,
                        kode="100", fra_dato=dag, til_dato=dag, oprettet=oprettet, aendret=oprettet,
                        status="Godkendt"))
        raekker += [dict(id=str(uuid.uuid4()), ansaettelse_id=aid, version=1, kode=kode, fra_dato=dag,
                         til_dato=dag, oprettet=datetime(2030, 1, 1), aendret=datetime(2030, 1, 1),
                         status="Godkendt")
                    for dag, kode in ((date(2030, 3, 1), "500"), (date(2030, 6, 1), "100"))
                    for _ in range(15)]
        random.Random(13).shuffle(raekker)
        c.execute(insert(HaendelseRow), raekker)


def _laes(engine, koder=()) -> tuple[list[str], list[str]]:
    with hele_tekster(engine) as tekster, UnitOfWork(engine) as uow:
        ider = [h.id for h in uow.haendelser.i_perioden_for_tjenestenummer(TJNR, FRA, TIL, koder)]
    return ider, [t for t in tekster if "FROM haendelse" in t]


def _serverens(engine, koder=()) -> list[str]:
    """The ids in the order of the server's ORDER BY (the statement read before)."""
    q, parametre = repository._HAENDELSER_TJNR, {"tjnr": TJNR, "fra": FRA, "til": TIL}
    if koder:
        q, parametre["koder"] = repository._HAENDELSER_TJNR_MED_KODER, list(koder)
    with engine.connect() as c:
        return [r.id for r in c.execute(q, parametre)]


def test_ordenen_er_serverens(pg_engine):
    if not getattr(pg_engine.dialect, KODEPUNKTORDEN, False):
        pytest.skip("this server does not order text by code point: it orders the rows itself")
    _opret(pg_engine)
    for koder in ((), ("100",)):
        ider, tekster = _laes(pg_engine, koder)
        assert len(ider) == (6 * len(IDER) + 15 if koder else 6 * len(IDER) + 30)
        assert ider == _serverens(pg_engine, koder)
        assert tekster and not any("ORDER BY" in t for t in tekster)


def test_anden_orden_laeses_ordnet_af_serveren(pg_engine, monkeypatch):
    monkeypatch.setattr(pg_engine.dialect, KODEPUNKTORDEN, False)
    _opret(pg_engine)
    ider, tekster = _laes(pg_engine)
    assert ider == _serverens(pg_engine)
    assert tekster and all("ORDER BY" in t for t in tekster)


def test_serverens_sammenligning_afgoer(pg_engine):
    """The flag is what the server says of itself (here at the run's first connection)."""
    with pg_engine.connect() as c:
        raekke = c.exec_driver_sql(
            "SELECT pg_encoding_to_char(encoding), coalesce(to_jsonb(d) ->> 'datlocprovider', 'c'), "
            "datcollate FROM pg_database d WHERE datname = current_database()").one()
    assert getattr(pg_engine.dialect, KODEPUNKTORDEN) == kodepunktorden(*raekke, None)


@pytest.mark.parametrize(("tegnsaet", "udbyder", "lokale", "kolonnens", "svar"), [
    ("UTF8", "c", "C", None, True),
    ("UTF8", "c", "POSIX", 100, True),
    ("UTF8", "c", "C.UTF-8", 100, True),
    ("UTF8", "c", "C.utf8", None, True),
    ("UTF8", "c", "da_DK.UTF-8", None, False),
    ("UTF8", "c", "en_US.utf8", 100, False),
    ("UTF8", "i", "C", None, False),  # ICU: its own order whatever datcollate says
    ("UTF8", "c", "da_DK.UTF-8", 950, True),  # the column's own "C"
    ("UTF8", "c", "da_DK.UTF-8", 951, True),  # ... or "POSIX"
    ("UTF8", "c", "C", 12345, False),  # a collation of the column's own
    ("LATIN1", "c", "C", None, False),  # bytes that are not UTF-8's
])
def test_kodepunktorden(tegnsaet, udbyder, lokale, kolonnens, svar):
    assert kodepunktorden(tegnsaet, udbyder, lokale, kolonnens) is svar


def _raekke(hid, aid, fra, oprettet):
    return (hid, aid, 1, "100", fra, fra, None, None, None, None, None, None, None, oprettet, oprettet,
            "Godkendt")


def _ider(haendelser) -> list[str]:
    return [h.id for h in haendelser]


def test_i_orden():
    """The rows' events sorted by (employment, first day, created, id) unless already in that
    order without ties; without i_orden as they come."""
    t = datetime(2030, 1, 1)
    d1, d2 = date(2030, 1, 1), date(2030, 1, 2)
    i_orden = [_raekke("b", 1, d1, t), _raekke("a", 1, d2, t)]
    assert _ider(repository._haendelser_af(i_orden, True)) == ["b", "a"]
    assert repository._haendelser_af([], True) == []
    for raekker in ([_raekke("b", 1, d2, t), _raekke("a", 1, d1, t)],  # out of order
                    [_raekke("b", 1, d1, t), _raekke("a", 1, d1, t)],  # a tie the id breaks
                    [_raekke("b", 1, d1, t.replace(second=1)), _raekke("a", 1, d1, t)],  # created
                    [_raekke("b", 2, d1, t), _raekke("a", 1, d2, t)],  # two employments
                    [_raekke("c", 1, d1, t), _raekke("b", 1, d2, t), _raekke("a", 1, d2, t)]):  # a late tie
        ventet = [r[0] for r in sorted(raekker, key=lambda r: (r[1], r[4], r[13], r[0]))]
        assert _ider(repository._haendelser_af(raekker, True)) == ventet
        assert _ider(repository._haendelser_af(raekker)) == [r[0] for r in raekker] != ventet
        assert repository._haendelser_af(raekker, True) == [repository._haendelse_af(*r) for r in
                                                             sorted(raekker, key=repository._TJNR_ORDEN)]


def test_en_ansaettelses_haendelser_i_statementets_orden(demo_engine):
    """i_perioden of one employment on either database: where it orders text by code point (SQLite
    always, with its BINARY collation in UTF-8) read without the ORDER BY, in that statement's
    order all the same."""
    _opret(demo_engine)
    with demo_engine.connect() as c:
        aid = c.execute(select(AnsaettelseRow.id).where(AnsaettelseRow.tjenestenummer == TJNR)).scalar_one()
    kodepunkt = getattr(demo_engine.dialect, KODEPUNKTORDEN, False)
    if demo_engine.dialect.name == "sqlite":
        assert kodepunkt
    for koder in ((), ("100",)):
        q, parametre = repository._HAENDELSER, {"ids": [aid], "fra": FRA, "til": TIL}
        if koder:
            q, parametre["koder"] = repository._HAENDELSER_MED_KODER, list(koder)
        with demo_engine.connect() as c:
            ventet = [r.id for r in c.execute(q, parametre)]
        with hele_tekster(demo_engine) as tekster, UnitOfWork(demo_engine) as uow:
            ider = _ider(uow.haendelser.i_perioden([aid], FRA, TIL, koder))
        assert len(ider) == (6 * len(IDER) + 15 if koder else 6 * len(IDER) + 30)
        assert ider == ventet
        laest = [t for t in tekster if "FROM haendelse" in t]
        assert laest and all(("ORDER BY" in t) is not kodepunkt for t in laest)


def test_sqlite_i_utf16_ordner_ikke_efter_kodepunkt(tmp_path):
    """SQLite's BINARY collation compares bytes: code point order in UTF-8, not in UTF-16."""
    import sqlite3

    from fravaer.adapters.db.engine import _sqlite_kodepunktorden

    for tegnsaet, svar in (("UTF-8", True), ("UTF-16le", False)):
        c = sqlite3.connect(tmp_path / f"{tegnsaet}.sqlite")
        c.execute(f"PRAGMA encoding = '{tegnsaet}'")
        c.execute("CREATE TABLE t (x)")
        assert _sqlite_kodepunktorden(c) is svar
        c.execute("CREATE TABLE haendelse (id VARCHAR(36) COLLATE NOCASE)")
        assert _sqlite_kodepunktorden(c) is False
        c.close()


def test_tekstdatoer_som_sqlalchemys():
    """SQLite's dates and times read as texts (_HAENDELSER_TEKSTDATOER) make the same events as
    the dates SQLAlchemy reads, in order or sorted."""
    def tekst(r):
        return (*r[:4], r[4].isoformat(), r[5].isoformat(), *r[6:13], str(r[13]), str(r[14]), r[15])

    t = datetime(2030, 1, 1, 12, 0, 0, 1)
    d1, d2 = date(2030, 1, 1), date(2030, 1, 2)
    for raekker in ([_raekke("b", 1, d1, t), _raekke("a", 1, d2, t)],
                    [_raekke("b", 1, d2, t), _raekke("a", 1, d1, t),
                     _raekke("c", 1, d1, t.replace(second=1))]):
        assert repository._haendelser_af([tekst(r) for r in raekker], True, True) == \
            repository._haendelser_af(raekker, True)
