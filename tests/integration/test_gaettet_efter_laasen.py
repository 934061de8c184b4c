"""PostgreSQL's read after the lock of a guessed write asks about the guessed employment by its id
and CPR (AnsaettelseRepository.efter_laasen's `gaet`: no scan of ansaettelse to find it again,
issue 13); when the lock finds another employment than the guess, the read by the key follows,
after the lock as that one."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.arbejdstid import Moedetid
from fravaer.service.ansaettelser import find_ansaettelse
from tests.statement_tekster import hele_tekster

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
DAGE = (date(2024, 1, 1), date(2024, 1, 31))


@pytest.fixture
def pg_engine(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's read after the lock")
    return demo_engine


def _skriv(engine, ident=T1):
    """A write's locking find with its reads (the working times) announced as OpretHaendelse's
    are: guessed when this process wrote to `ident` before. Its statements, what it took to lack,
    the working times read, the employment."""
    with hele_tekster(engine) as tekster, StatementTaeller(engine) as taeller, \
            UnitOfWork(engine, skriv=True) as uow:
        a = find_ansaettelse(uow, ident, laas=True,
                             og_laes=lambda g: lambda: uow.moedetider.i_perioden(g.id, *DAGE))
        tomme = set(uow.session.tomme)
        tider = uow.moedetider.i_perioden(a.id, *DAGE)
        o = taeller.nulstil()
        o.tekster = tekster
        uow.commit()
    return o, tomme, tider, a


def test_den_gaettede_spoerges_ved_sit_id(pg_engine):
    _skriv(pg_engine)  # the guess
    o, tomme, tider, a = _skriv(pg_engine)
    efter = [t for t in o.tekster if "har_kvoteposter" in t]
    assert len(efter) == 1 and efter[0].startswith("SELECT EXISTS")  # by the id: no ansaettelse scan
    assert ("moedetider", a.id) in tomme and tider == {}
    assert o.rundture("postgresql") == 1  # the lock, the read after it, the reads: together


def test_et_forkert_gaet_laeses_efter_noeglen(pg_engine):
    """The tjenestenummer moved to another employment (with working times) after the guess was
    made: the read after the lock asks about the one locked, by the key, and its times are read."""
    _, _, _, gammel = _skriv(pg_engine)
    with pg_engine.begin() as c:
        ny = c.execute(text("SELECT id FROM ansaettelse WHERE id <> :id AND tjenestenummer IS NOT NULL"
                            " ORDER BY id LIMIT 1"), {"id": gammel.id}).scalar()
        tjnr = c.execute(text("SELECT tjenestenummer FROM ansaettelse WHERE id = :id"), {"id": ny}).scalar()
        c.execute(text("UPDATE ansaettelse SET tjenestenummer = NULL WHERE id IN (:a, :b)"),
                  {"a": gammel.id, "b": ny})
        c.execute(text("UPDATE ansaettelse SET tjenestenummer = '10000001' WHERE id = :id"), {"id": ny})
    try:
        with UnitOfWork(pg_engine, skriv=True) as uow:
            uow.moedetider.gem(ny, Moedetid(date(2024, 1, 3), 300), ny=True)
            uow.commit()
        o, tomme, tider, a = _skriv(pg_engine)
        assert a.id == ny
        assert ("moedetider", ny) not in tomme and tider[date(2024, 1, 3)].minutter == 300
        efter = [t for t in o.tekster if "har_kvoteposter" in t]
        assert [t.startswith("SELECT EXISTS") for t in efter] == [True, False]  # the guess's, the key's
    finally:
        with pg_engine.begin() as c:
            c.execute(text("DELETE FROM moedetid WHERE ansaettelse_id = :id"), {"id": ny})
            c.execute(text("UPDATE ansaettelse SET tjenestenummer = NULL WHERE id = :id"), {"id": ny})
            c.execute(text("UPDATE ansaettelse SET tjenestenummer = '10000001' WHERE id = :id"),
                      {"id": gammel.id})
            c.execute(text("UPDATE ansaettelse SET tjenestenummer = :t WHERE id = :id"),
                      {"t": tjnr, "id": ny})
