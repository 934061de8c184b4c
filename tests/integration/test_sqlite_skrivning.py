"""A SQLite write's transaction (engine.SqliteSkrivning): BEGIN IMMEDIATE and COMMIT on the driver's
connection, SQLAlchemy's state that of a transaction begun by `begin()`. Whatever way a statement
goes (the driver's cursor, SQLAlchemy's connection, the ORM), a commit stores all of it, an error
nothing of it; a statement's error caught inside the work leaves the transaction open (no
autorollback, so nothing after it is stored outside the transaction); a COMMIT that fails stores
nothing and leaves the connection and the write lock usable."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fravaer.adapters.db import read_ahead
from fravaer.adapters.db.engine import SqliteSkrivning, make_engine
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.unit_of_work import UnitOfWork
from tests.integration.test_sqlite_begin import _en_anden_kan_skrive

_M = MetaData()
_T = Table("t", _M, Column("x", Integer, primary_key=True))
_INDSAET = insert(_T)


class _Base(DeclarativeBase):
    pass


class _Raekke(_Base):
    __tablename__ = "t"
    x: Mapped[int] = mapped_column(primary_key=True)


@pytest.fixture
def engine(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with e.begin() as c:
        c.exec_driver_sql("CREATE TABLE t (x INTEGER PRIMARY KEY)")
        c.exec_driver_sql("CREATE TABLE f (x INTEGER REFERENCES t (x) DEFERRABLE INITIALLY DEFERRED)")
    yield e
    e.dispose()


def _raekker(engine, tabel: str = "t") -> list[int]:
    with engine.connect() as c:
        return [r[0] for r in c.exec_driver_sql(f"SELECT x FROM {tabel} ORDER BY x")]


def _skriv_alle_veje(uow: UnitOfWork, start: int) -> None:
    """A row by each way a write's statement can go."""
    uow.session.skriv(_INDSAET, {"x": start})  # the driver's cursor (read_ahead.skriv_direkte;
    uow.session.skriv(_INDSAET, {"x": start + 1})  # its plan is made at the second use)
    uow.session.execute(text("INSERT INTO t (x) VALUES (:x)"), {"x": start + 2})  # SQLAlchemy's connection
    uow.session.add(_Raekke(x=start + 3))  # the ORM
    uow.session.flush()


class _Fejl(Exception):
    pass


def test_a_write_without_listeners_begins_as_sqliteskrivning_and_holds_the_lock(engine):
    with UnitOfWork(engine, skriv=True) as uow:
        assert type(uow._transaktion) is SqliteSkrivning
        assert uow._forbindelse.in_transaction() and uow._forbindelse.get_transaction() is uow._transaktion
        assert uow._forbindelse.connection.dbapi_connection.in_transaction
        assert _en_anden_kan_skrive(engine) is False
        uow.commit()
        assert not uow._forbindelse.in_transaction()
    assert _en_anden_kan_skrive(engine) is True


def test_with_a_listener_the_write_begins_through_sqlalchemy(engine):
    with StatementTaeller(engine) as t, UnitOfWork(engine, skriv=True) as uow:
        assert type(uow._transaktion) is not SqliteSkrivning
        uow.commit()
    assert t.nulstil().tekster == ["BEGIN IMMEDIATE"]


def test_a_commit_stores_every_way_an_error_none(engine):
    with UnitOfWork(engine, skriv=True) as uow:
        _skriv_alle_veje(uow, 1)
        uow.commit()
    assert _raekker(engine) == [1, 2, 3, 4]
    # (the plan is kept now: the first row goes past SQLAlchemy at once)
    with pytest.raises(_Fejl), UnitOfWork(engine, skriv=True) as uow:
        _skriv_alle_veje(uow, 10)
        raise _Fejl
    with UnitOfWork(engine, skriv=True) as uow:  # the work does not commit: rolled back
        _skriv_alle_veje(uow, 20)
    assert _raekker(engine) == [1, 2, 3, 4]
    assert _en_anden_kan_skrive(engine) is True


@pytest.mark.parametrize("vej", ["direkte", "sqlalchemy"])
def test_a_caught_statement_error_leaves_the_transaction_open(engine, vej):
    """SQLAlchemy rolls back after a statement's error only outside a transaction: the write's
    transaction is SQLAlchemy's, so the work may go on; what it writes after the error is still
    inside it (rolled back with it, or committed with it)."""
    with UnitOfWork(engine, skriv=True) as uow:
        uow.session.skriv(_INDSAET, {"x": 1})
        uow.commit()
    for commit in (False, True):
        with UnitOfWork(engine, skriv=True) as uow:
            uow.session.skriv(_INDSAET, {"x": 5})
            with pytest.raises(IntegrityError):
                if vej == "direkte":
                    uow.session.skriv(_INDSAET, {"x": 1})
                else:
                    uow.session.execute(text("INSERT INTO t (x) VALUES (1)"))
            assert uow._forbindelse.in_transaction()
            assert uow._forbindelse.connection.dbapi_connection.in_transaction
            uow.session.skriv(_INDSAET, {"x": 6})
            assert _en_anden_kan_skrive(engine) is False
            if commit:
                uow.commit()
        assert _raekker(engine) == ([1, 5, 6] if commit else [1])


def test_a_failed_commit_stores_nothing_and_leaves_the_connection_usable(engine):
    """A deferred foreign key fails at COMMIT (SQLite then keeps the transaction open; the
    schema has none, but a COMMIT refused so must not leave the lock held): the error is
    SQLAlchemy's IntegrityError, nothing is stored, the connection is not lent again inside a
    transaction and the write lock is let go."""
    with pytest.raises(IntegrityError), UnitOfWork(engine, skriv=True) as uow:
        uow.session.skriv(_INDSAET, {"x": 1})
        uow.session.execute(text("INSERT INTO f (x) VALUES (99)"))
        uow.commit()
    assert _raekker(engine) == [] and _raekker(engine, "f") == []
    assert _en_anden_kan_skrive(engine) is True
    with UnitOfWork(engine, skriv=True) as uow:
        assert type(uow._transaktion) is SqliteSkrivning
        uow.session.skriv(_INDSAET, {"x": 2})
        uow.commit()
    assert _raekker(engine) == [2]


def test_a_busy_begin_is_sqlalchemys_error_and_begins_nothing(engine):
    anden = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    anden.execute("BEGIN IMMEDIATE")
    try:
        e = engine.execution_options(fravaer_write=True)
        with e.connect() as c:
            c.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")
            with pytest.raises(OperationalError):
                SqliteSkrivning(c)
            assert not c.in_transaction() and not c.connection.dbapi_connection.in_transaction
    finally:
        anden.execute("ROLLBACK")
        anden.close()


def test_reads_inside_see_the_transactions_own_rows(engine):
    with UnitOfWork(engine, skriv=True) as uow:
        uow.session.skriv(_INDSAET, {"x": 7})
        assert [r[0] for r in uow.session.execute(select(_T.c.x))] == [7]
        assert read_ahead.direkte(uow._forbindelse, select(_T.c.x), None).all()[0][0] == 7
        uow.commit()
    assert _raekker(engine) == [7]
