"""A unit of work's connection is parked with the engine's Udlaan when handed back (still checked
out of the pool) and lent again from there (adapters/db/engine.py, issue 13): the pool as seen
from outside, a connection's state, recycling, invalidation and dispose as before."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from fravaer.adapters.db.engine import Pulje, make_engine, udlaan
from fravaer.service.runner import i_transaktion
from tests.conftest import kraever_postgres


def _raa(forbindelse):
    return forbindelse.connection.dbapi_connection


def _lent(engine, skriv: bool = False):
    """The Connection and the driver's connection a unit of work was lent."""
    return i_transaktion(engine, lambda uow: (uow.session._forbindelse, _raa(uow.session._forbindelse)),
                         skriv=skriv)


def test_the_connection_handed_back_is_lent_again_and_its_connection_object_is_closed(engine):
    assert isinstance(engine.pool, Pulje)
    c1, raa1 = _lent(engine, skriv=True)
    c2, raa2 = _lent(engine)
    assert raa2 is raa1 and c2 is not c1
    assert c1.closed and c2.closed  # a Connection handed back can be used no more
    with pytest.raises(Exception, match="closed"):
        c1.execute(text("SELECT 1"))
    u = udlaan(engine)
    assert u is not None and [p for p in u.ledige if p.dbapi_connection is raa1]
    # seen from outside, a parked connection is an idle one of the pool
    assert engine.pool.checkedout() == 0 and engine.pool.checkedin() >= 1


def test_a_connection_in_a_transaction_goes_back_to_the_pool_rolled_back(engine):
    u = udlaan(engine)
    assert u is not None
    c = u.laan(engine)
    c.begin()
    c.execute(text("SELECT 1"))
    raa = _raa(c)
    u.aflever(c)
    assert c.closed and not [p for p in u.ledige if p.dbapi_connection is raa]
    assert engine.pool.checkedout() == 0
    if engine.dialect.name == "sqlite":
        assert not raa.in_transaction
    else:
        assert raa.info.transaction_status.name == "IDLE"


def test_a_driver_transaction_sqlalchemy_does_not_know_of_is_not_parked(engine):
    """Begun on the driver's own cursor, past SQLAlchemy: the pool's return rolls it back."""
    u = udlaan(engine)
    assert u is not None
    c = u.laan(engine)
    raa = _raa(c)
    m = raa.cursor()
    m.execute("BEGIN" if engine.dialect.name == "sqlite" else "SELECT 1")  # psycopg begins its own
    m.close()
    assert c._transaction is None
    u.aflever(c)
    assert not [p for p in u.ledige if p.dbapi_connection is raa]
    if engine.dialect.name == "sqlite":
        assert not raa.in_transaction
    else:
        assert raa.info.transaction_status.name == "IDLE"


def test_a_parked_connection_past_the_pools_recycle_time_is_replaced(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}", pool_recycle=1800)
    try:
        _, raa1 = _lent(e)
        u = udlaan(e)
        assert u is not None
        u.ledige[0]._connection_record.starttime -= 3600  # lent an hour ago
        _, raa2 = _lent(e)
        assert raa2 is not raa1
        with pytest.raises(sqlite3.ProgrammingError):  # the pool closed the old one
            raa1.execute("SELECT 1")
    finally:
        e.dispose()


def test_dispose_closes_the_parked_connections(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'd.sqlite'}")
    _, raa = _lent(e)
    e.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        raa.execute("SELECT 1")
    _, ny = _lent(e)  # the new pool lends a new one
    assert ny is not raa
    e.dispose()


def test_none_is_parked_while_the_pool_is_at_its_limit(tmp_path):
    """A taker may be waiting in the pool: a connection handed back goes to it."""
    e = make_engine(f"sqlite:///{tmp_path / 'g.sqlite'}", pool_size=1, max_overflow=1, pool_timeout=0.1)
    try:
        u = udlaan(e)
        assert u is not None
        a, b = u.laan(e), u.laan(e)
        u.aflever(a)
        assert u.ledige == [] and e.pool.checkedin() == 1
        u.aflever(b)
    finally:
        e.dispose()


def test_the_idle_connections_are_at_most_the_pools_size(tmp_path):
    """Parked and in the pool together, as QueuePool bounds those in it: one more is closed."""
    e = make_engine(f"sqlite:///{tmp_path / 'h.sqlite'}", pool_size=1, max_overflow=2)
    try:
        u = udlaan(e)
        assert u is not None
        a, b = u.laan(e), u.laan(e)
        raa_b = _raa(b)
        u.aflever(a)
        u.aflever(b)
        assert len(u.ledige) == 1 and (e.pool.checkedin(), e.pool.checkedout()) == (1, 0)
        with pytest.raises(sqlite3.ProgrammingError):
            raa_b.execute("SELECT 1")
    finally:
        e.dispose()


@kraever_postgres
def test_parked_connections_older_than_a_dead_one_are_not_lent(pg_url):
    """The server restarted: the connection found dead invalidates the pool's older ones, the
    parked too, so that the one retry (service/runner.py) gets a new connection."""
    e = make_engine(pg_url)
    try:
        u = udlaan(e)
        assert u is not None
        a, b = u.laan(e), u.laan(e)
        pids = [_raa(a).info.backend_pid, _raa(b).info.backend_pid]
        u.aflever(a)
        u.aflever(b)
        assert len(u.ledige) == 2
        with e.connect() as c:  # a third connection, from the pool
            for pid in pids:
                assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
        assert i_transaktion(e, lambda uow: uow.session.execute(text("SELECT 1")).scalar()) == 1
    finally:
        e.dispose()
