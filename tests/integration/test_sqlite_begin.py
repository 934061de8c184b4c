"""SQLite's BEGIN comes from the dialect (engine._begin_paa_sqlite): a write's is BEGIN IMMEDIATE,
holding the database's write lock from its first moment; a read's a plain BEGIN. No listener on
the engine, so that SQLAlchemy skips its event dispatch for every statement (issue 13)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.service.runner import i_transaktion


@pytest.fixture
def engine(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with e.begin() as c:
        c.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    yield e
    e.dispose()


def _en_anden_kan_skrive(engine) -> bool:
    """Whether another connection (past the application's own write lock) can take SQLite's."""
    anden = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        anden.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        assert "locked" in str(e)
        return False
    else:
        anden.execute("ROLLBACK")
        return True
    finally:
        anden.close()


def test_a_write_holds_sqlites_write_lock_from_its_begin(engine):
    assert i_transaktion(engine, lambda uow: _en_anden_kan_skrive(engine), skriv=True) is False


def test_a_read_begins_without_the_write_lock(engine):
    i_transaktion(engine, lambda uow: None, skriv=True)  # the pool's connection wrote before
    assert i_transaktion(engine, lambda uow: _en_anden_kan_skrive(engine)) is True
    lavt = i_transaktion(engine, lambda uow: uow.session.execute(text("SELECT count(*) FROM t")).scalar())
    assert lavt == 0


def test_the_engine_has_no_listeners_and_the_counter_still_counts_begin(engine):
    assert not engine._has_events
    with StatementTaeller(engine) as t:
        i_transaktion(engine, lambda uow: None, skriv=True)
        skriv = t.nulstil()
        i_transaktion(engine, lambda uow: None)
        laes = t.nulstil()
    assert (skriv.begins, skriv.statements, skriv.tekster) == (1, 1, ["BEGIN IMMEDIATE"])
    assert (laes.begins, laes.statements, laes.tekster) == (1, 1, ["BEGIN"])


def test_a_connection_hears_the_listeners_its_engine_had_when_it_was_lent(engine):
    """engine.forbind: no listener, no joined dispatch; a counter opened before is heard."""
    from fravaer.adapters.db.engine import forbind

    with forbind(engine) as c:
        assert c._has_events is False
    with StatementTaeller(engine) as t, forbind(engine) as c:
        c.exec_driver_sql("SELECT 1")
        assert t.nulstil().tekster == ["BEGIN", "SELECT 1"]  # autobegin, then the statement
