"""A new SQLite file gets engine.SIDESTOERRELSE's page size (a write's WAL frames are checksummed
byte by byte: issue 13); a file that exists keeps its own, and is read and written as before."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from fravaer.adapters.db.engine import SIDESTOERRELSE, make_engine
from fravaer.service.runner import i_transaktion


def _sidestoerrelse(sti) -> int:
    c = sqlite3.connect(sti)
    try:
        return c.execute("PRAGMA page_size").fetchone()[0]
    finally:
        c.close()


def _skriv(uow) -> None:
    uow.session.execute(text("INSERT INTO t (x) VALUES (:x)"), {"x": "y" * 3000})  # > a page
    uow.commit()


def _skriv_og_laes(engine) -> list:
    i_transaktion(engine, _skriv, skriv=True)  # a write as the service's: BEGIN IMMEDIATE, the lock
    return i_transaktion(engine, lambda uow: uow.session.execute(text("SELECT length(x) FROM t")).all())


def test_a_new_file_gets_the_engines_page_size(tmp_path):
    assert SIDESTOERRELSE == 2048
    sti = tmp_path / "ny.sqlite"
    e = make_engine(f"sqlite:///{sti}")
    try:
        with e.begin() as c:
            c.exec_driver_sql("CREATE TABLE t (x TEXT)")
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert [tuple(r) for r in _skriv_og_laes(e)] == [(3000,)]
    finally:
        e.dispose()
    assert _sidestoerrelse(sti) == SIDESTOERRELSE


def test_a_file_that_exists_keeps_its_page_size(tmp_path):
    sti = tmp_path / "gammel.sqlite"
    c = sqlite3.connect(sti)
    c.execute("PRAGMA page_size=4096")
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("CREATE TABLE t (x TEXT)")
    c.execute("INSERT INTO t (x) VALUES ('før')")
    c.commit()
    c.close()
    e = make_engine(f"sqlite:///{sti}")
    try:
        assert [tuple(r) for r in _skriv_og_laes(e)] == [(3,), (3000,)]
        with e.connect() as forbindelse:
            assert forbindelse.exec_driver_sql("PRAGMA page_size").scalar() == 4096
    finally:
        e.dispose()
    assert _sidestoerrelse(sti) == 4096
    c = sqlite3.connect(sti)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        c.close()
