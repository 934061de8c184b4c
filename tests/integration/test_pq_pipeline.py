"""Prebuilt statements on PostgreSQL through libpq's pipeline mode, past psycopg's cursor (issue 13,
adapters/db/pq_pipeline.py): the same rows and types as psycopg's cursor gives, the same errors
as SQLAlchemy translates them, and a connection never left mid-pipeline or in a transaction
nobody knows of — after a failing statement, an interrupted wait, a statement past its limit,
and the prepared statements psycopg's DEALLOCATE ALL takes with its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from psycopg.pq import PipelineStatus, TransactionStatus
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    bindparam,
    exc,
    func,
    literal_column,
    select,
)

from fravaer.adapters.db import pq_pipeline, read_ahead
from fravaer.adapters.db.engine import Tidsgraenser, make_engine, udlaan
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.service.runner import i_transaktion
from tests.conftest import kraever_postgres

pytestmark = kraever_postgres

ALLE = select(bindparam("i", type_=Integer), bindparam("b", type_=BigInteger),
              bindparam("s", type_=String), bindparam("d", type_=Date), bindparam("t", type_=DateTime),
              bindparam("n", type_=Numeric(10, 2)), bindparam("f", type_=Boolean))
DEL = select(literal_column("10") / bindparam("n", type_=Integer))
SOV = select(func.pg_sleep(bindparam("s", type_=Numeric)))
VAERDIER = [
    {"i": 1, "b": 2**40, "s": "æøå 'x' %s", "d": date(2025, 3, 3), "t": datetime(2025, 3, 3, 8, 30, 1, 5),
     "n": Decimal("12.50"), "f": True},
    {"i": None, "b": None, "s": None, "d": None, "t": None, "n": None, "f": None},
    {"i": -70000, "b": 3, "s": "", "d": date(1, 1, 1), "t": datetime(9999, 12, 31), "n": Decimal("-0.01"),
     "f": False},
]


@pytest.fixture
def pg(pg_url):
    """An engine of its own: connections with no statement prepared by other tests."""
    e = make_engine(pg_url)
    yield e
    e.dispose()


def _vores(raa) -> int:
    """The statements prepared by pq_pipeline on the connection (in autocommit: no transaction)."""
    with raa.cursor() as m:
        m.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '\\_fravaer\\_%'")
        return m.fetchone()[0]


def test_rows_and_types_are_those_of_psycopgs_cursor(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        for p in VAERDIER * 2:  # the second time on the statements prepared the first
            alene = read_ahead.direkte(c, ALLE, p).all()
            f = read_ahead.Forudlaesning()
            f.send(c, [(ALLE, p)])
            sammen = f.tag(ALLE, p).all()
            assert alene == sammen == c.execute(ALLE, p).all()
            assert [type(v) for v in alene[0]] == [type(v) for v in c.execute(ALLE, p).one()]
        assert 1 <= _vores(raa) <= 2 * len(VAERDIER)  # by parameter types: prepared once each
        raa.autocommit = False


def test_loaders_are_kept_per_statement_and_parameter_types(pg):
    """A result's loaders are looked up once per statement and parameter types (which fix its
    columns' types: a NULL parameter's column is text), in a Transformer that holds no result."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        for p in [VAERDIER[0], VAERDIER[1], VAERDIER[0], VAERDIER[1]]:
            f = read_ahead.Forudlaesning()
            f.send(c, [(ALLE, p)])
            sammen = f.tag(ALLE, p).all()
            psycopgs = c.execute(ALLE, p).all()
            assert sammen == psycopgs
            assert [type(v) for v in sammen[0]] == [type(v) for v in psycopgs[0]]
        laesere = pq_pipeline._forbindelsen(raa).laesere
        assert len(laesere) == 2
        assert all(tx.pgresult is None for tx, _ in laesere.values())
        raa.autocommit = False


def test_each_statement_is_counted_and_its_round_trip_once(pg):
    with StatementTaeller(pg) as t, pg.connect() as c:
        c.connection.dbapi_connection.autocommit = True
        f = read_ahead.Forudlaesning()
        f.send(c, [(ALLE, VAERDIER[0]), (DEL, {"n": 2})])
        assert [r[0] for r in f.tag(DEL, {"n": 2}).all()] == [5]
        read_ahead.direkte(c, DEL, {"n": 5})
        o = t.nulstil()
        c.connection.dbapi_connection.autocommit = False
    assert (o.statements, o.foldede) == (3, 1)


def test_a_failing_statement_leaves_the_transaction_failed_and_the_connection_usable(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        c.begin()  # as the unit of work's (SQLAlchemy would roll back a statement's failure without)
        f = read_ahead.Forudlaesning()
        with pytest.raises(exc.DataError) as fejl:  # division by zero, SQLAlchemy's as ever
            f.send(c, [(ALLE, VAERDIER[0]), (DEL, {"n": 0}), (DEL, {"n": 1})], begin=True, commit=True)
        assert "/" in fejl.value.statement and fejl.value.params == {"n": 0}
        assert raa.pgconn.pipeline_status == PipelineStatus.OFF
        assert raa.info.transaction_status == TransactionStatus.INERROR  # BEGIN's, not committed
        assert not c.invalidated
        c.rollback()
        assert raa.info.transaction_status == TransactionStatus.IDLE
        c.begin()
        f.send(c, [(DEL, {"n": 1})], begin=True, commit=True)
        assert f.tag(DEL, {"n": 1}).scalar() == 10
        assert raa.info.transaction_status == TransactionStatus.IDLE
        c.commit()
        raa.autocommit = False


def _afslutninger(raa) -> dict[str, tuple[int, int]]:
    """pq_pipeline's prepared BEGIN and COMMIT on the connection: their (generic, custom) plans."""
    with raa.cursor() as m:
        m.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                  " WHERE name LIKE '\\_fravaer\\_%' AND statement IN ('BEGIN', 'COMMIT')")
        return {r[0]: (r[1], r[2]) for r in m.fetchall()}


def _rundtur_med_begin_og_commit(c, raa, n: int) -> None:
    """One round trip with BEGIN and COMMIT: its answer read, the transaction ended by it."""
    c.begin()
    f = read_ahead.Forudlaesning()
    f.send(c, [(DEL, {"n": n})], begin=True, commit=True)
    assert f.tag(DEL, {"n": n}).scalar() == 10 // n
    assert raa.info.transaction_status == TransactionStatus.IDLE
    c.commit()


def test_begin_and_commit_are_prepared_once_and_their_plans_kept(pg):
    """BEGIN and COMMIT go as statements prepared on the connection at their first use, each run
    on its kept plan (issue 13: sent unnamed, each was parsed and planned at every write)."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        for n in (1, 2, 5):
            _rundtur_med_begin_og_commit(c, raa, n)
        raa.autocommit = True
        assert _afslutninger(raa) == {"BEGIN": (3, 0), "COMMIT": (3, 0)}
        raa.autocommit = False


def test_a_prepared_commit_after_a_failure_rolls_back(pg):
    """A failed round trip's COMMIT (prepared) is not run; the transaction stays failed until the
    rollback, and the next round trip's BEGIN and COMMIT (prepared) work."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        c.begin()
        f = read_ahead.Forudlaesning()
        f.send(c, [(DEL, {"n": 1})], begin=True, commit=True)  # prepares BEGIN and COMMIT
        c.commit()
        c.begin()
        with pytest.raises(exc.DataError):
            read_ahead.Forudlaesning().send(
                c, [(ALLE, VAERDIER[0]), (DEL, {"n": 0})], begin=True, commit=True)
        assert raa.info.transaction_status == TransactionStatus.INERROR
        c.rollback()
        _rundtur_med_begin_og_commit(c, raa, 2)
        raa.autocommit = True
        assert _afslutninger(raa) == {"BEGIN": (3, 0), "COMMIT": (2, 0)}
        raa.autocommit = False


def test_deallocated_begin_and_commit_fail_once_and_are_prepared_again(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        c.begin()
        read_ahead.Forudlaesning().send(c, [(DEL, {"n": 1})], begin=True, commit=True)
        c.commit()
        raa.autocommit = True
        raa.execute("DEALLOCATE ALL")
        raa.autocommit = False
        c.begin()
        with pytest.raises(exc.DBAPIError):
            read_ahead.Forudlaesning().send(c, [(DEL, {"n": 1})], begin=True, commit=True)
        c.rollback()
        c.begin()
        f = read_ahead.Forudlaesning()
        f.send(c, [(DEL, {"n": 1})], begin=True, commit=True)
        assert f.tag(DEL, {"n": 1}).scalar() == 10
        c.commit()
        raa.autocommit = True
        assert _afslutninger(raa) == {"BEGIN": (1, 0), "COMMIT": (1, 0)}
        raa.autocommit = False


def test_a_failing_first_use_prepares_nothing(pg):
    """A statement whose first use failed after another's failure (its prepare never ran) is
    prepared at its next use all the same."""
    forkert = select(literal_column("1") + bindparam("x", type_=Integer))
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        with pytest.raises(exc.DataError):
            read_ahead.Forudlaesning().send(c, [(DEL, {"n": 0}), (forkert, {"x": 1})])
        assert read_ahead.direkte(c, forkert, {"x": 1}).scalar() == 2
        raa.autocommit = False


class Afbrudt(BaseException):
    """As gevent's Timeout or a killed green thread: not an Exception."""


@pytest.mark.parametrize("vej", ["egen", "psycopgs"])
def test_an_interrupted_round_trip_closes_the_connection_and_the_pool_replaces_it(pg, monkeypatch, vej):
    """Interrupted in pq_pipeline's own wait (`egen`), and in psycopg's wait with our generator
    (`psycopgs`: where psycopg's wait is neither its C wait nor psycopg_gevent's)."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        read_ahead.direkte(c, DEL, {"n": 1})

        if vej == "egen":
            assert pq_pipeline._venter() is pq_pipeline._vent_blokerende

            def afbryd_ventet(fd, skriv, frist):
                raise Afbrudt

            monkeypatch.setattr(pq_pipeline, "_vent_blokerende", afbryd_ventet)
        else:
            def afbryd(gen, *args, **kwargs):
                next(gen)  # sent, not yet answered
                raise Afbrudt

            monkeypatch.setattr(pq_pipeline, "_venter", lambda: None)
            raa.wait = afbryd
        with pytest.raises(Afbrudt):
            read_ahead.direkte(c, SOV, {"s": 0.1})
        assert raa.closed
    monkeypatch.undo()
    with pg.connect() as c:  # its successor: a new connection
        assert c.connection.dbapi_connection is not raa
        assert read_ahead.direkte(c, DEL, {"n": 2}).scalar() == 5


def test_a_round_trip_that_sends_and_reads_in_many_waits(pg):
    """A parameter larger than the socket's buffers (libpq's flush in many waits) and an answer
    in many reads, in one round trip with a failing statement after them: each as psycopg's."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        stor = "æ" * 3_000_000
        r, s = pq_pipeline.rundtur(raa, [
            ("SELECT length(%(s)s)", {"s": stor}),
            ("SELECT repeat('x', 200) FROM generate_series(1, 20000)", None)], begin=True)
        assert pq_pipeline.raekker(raa, r) == [(3_000_000,)]
        assert pq_pipeline.raekker(raa, s) == [("x" * 200,)] * 20000
        with pytest.raises(pq_pipeline.Fejl) as fejl:
            pq_pipeline.rundtur(raa, [("SELECT length(%(s)s)", {"s": stor}),
                                      ("SELECT 1 / 0", None), ("SELECT 2", None)])
        assert fejl.value.indeks == 1 and fejl.value.fejl.sqlstate == "22012"
        assert raa.pgconn.transaction_status == TransactionStatus.INERROR
        assert raa.pgconn.pipeline_status == PipelineStatus.OFF
        raa.rollback()
        assert raa.execute("SELECT 3").fetchone() == (3,)


def test_a_connection_killed_mid_round_trip_fails_as_psycopgs_and_is_replaced(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True  # no transaction of psycopg's: pq_pipeline's way
        pid = raa.info.backend_pid
        with pg.connect() as anden:
            anden.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        with pytest.raises(exc.OperationalError):
            read_ahead.direkte(c, DEL, {"n": 1})
        assert raa.closed
    with pg.connect() as c:
        assert c.connection.dbapi_connection is not raa
        assert read_ahead.direkte(c, DEL, {"n": 2}).scalar() == 5


def test_psycopgs_deallocate_all_takes_ours_and_they_are_prepared_again(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        assert read_ahead.direkte(c, DEL, {"n": 1}).scalar() == 10
        assert _vores(raa) == 1
        raa.autocommit = False
        raa.execute("SELECT %s::int", [1], prepare=True)  # psycopg's own prepared statement, in a transaction
        raa.rollback()  # psycopg forgets its own and sends DEALLOCATE ALL
        raa.autocommit = True
        assert _vores(raa) == 0
        assert read_ahead.direkte(c, DEL, {"n": 2}).scalar() == 5
        assert _vores(raa) == 1
        raa.autocommit = False


def test_statements_deallocated_behind_its_back_fail_once(pg):
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        read_ahead.direkte(c, DEL, {"n": 1})
        raa.execute("DEALLOCATE ALL")  # no statement of psycopg's own: it sends nothing more
        with pytest.raises(exc.DBAPIError):
            read_ahead.direkte(c, DEL, {"n": 1})
        assert read_ahead.direkte(c, DEL, {"n": 1}).scalar() == 10
        raa.autocommit = False


@pytest.mark.parametrize("graense", [Tidsgraenser(statement=0.3), Tidsgraenser(svarfrist=0.5)],
                         ids=["statement_timeout", "svarfrist"])
def test_a_statement_past_its_limit_is_a_storage_failure_in_bounded_time(pg, graense):
    e = make_engine(pg.url, graense)
    try:
        start = time.monotonic()
        with pytest.raises(LagerUtilgaengeligt):
            i_transaktion(e, lambda uow: uow.session.execute(SOV, {"s": 3}).all())
        assert time.monotonic() - start < 1.5  # once, not retried
        assert i_transaktion(e, lambda uow: uow.session.execute(DEL, {"n": 2}).scalar()) == 5
        with e.connect() as c:
            assert c.connection.dbapi_connection.pgconn.pipeline_status == PipelineStatus.OFF
    finally:
        e.dispose()


def test_a_connection_that_will_not_take_it_goes_psycopgs_way(pg):
    """psycopg in a transaction of its own making (not autocommit, none begun): its cursor
    begins it, as it would any statement's."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        assert not pq_pipeline.kan_bruges(raa)
        assert read_ahead.direkte(c, DEL, {"n": 1}).scalar() == 10
        assert raa.info.transaction_status == TransactionStatus.INTRANS


def _forbindelsen(uow):
    return uow.session._forbindelse.connection.dbapi_connection


def test_a_read_without_a_transaction_sends_no_begin_and_leaves_psycopg_as_it_was(pg):
    """A unit of work of one read (enkelt_laesning): its prebuilt statements go in our round
    trips without BEGIN, psycopg neither put in autocommit nor in a transaction (no waits of
    its own for either); the statement counter sees no BEGIN or ROLLBACK."""
    read_ahead.gentaget(DEL)  # seen once before: a prebuilt statement (read_ahead.direkte)

    def arbejde(uow):
        raa = _forbindelsen(uow)
        svar = [uow.session.execute(DEL, {"n": 2}).scalar()]
        uow.session.laes_sammen(lambda: uow.session.execute(DEL, {"n": 5}), sidste=True)
        svar.append(uow.session.execute(DEL, {"n": 5}).scalar())
        return svar, raa, raa.autocommit, raa.info.transaction_status

    with StatementTaeller(pg) as t:
        svar, raa, autocommit, status = i_transaktion(pg, arbejde, enkelt_laesning=True)
    assert svar == [5, 2]
    assert (autocommit, status) == (False, TransactionStatus.IDLE)
    assert (raa.autocommit, raa.info.transaction_status) == (False, TransactionStatus.IDLE)
    assert (t.o.statements, t.o.begins, t.o.commits, t.o.rollbacks) == (2, 0, 0, 0)


def test_a_read_without_a_transaction_on_psycopgs_cursor_runs_in_autocommit_until_the_end(pg):
    """A statement that goes through SQLAlchemy (built per call: psycopg's cursor) in such a
    unit of work: psycopg is put in autocommit for it (its cursor would begin a transaction, and
    a second round trip for it) and given back to the pool as it was."""
    def arbejde(uow):
        raa = _forbindelsen(uow)
        q = select(literal_column("7") * bindparam("n", type_=Integer))  # a new statement each time
        svar = uow.session.execute(q, {"n": 3}).scalar()
        return svar, raa, raa.autocommit, raa.info.transaction_status

    with StatementTaeller(pg) as t:
        svar, raa, autocommit, status = i_transaktion(pg, arbejde, enkelt_laesning=True)
    assert (svar, autocommit, status) == (21, True, TransactionStatus.IDLE)
    assert (raa.autocommit, raa.info.transaction_status) == (False, TransactionStatus.IDLE)
    assert (t.o.statements, t.o.begins, t.o.rollbacks) == (1, 0, 0)
    # the connection, lent again (parked by the unit of work: engine.Udlaan), is psycopg's usual
    # one: a transaction where one is asked for
    u = udlaan(pg)
    assert u is not None
    c = u.laan(pg)
    try:
        assert c.connection.dbapi_connection is raa
        c.exec_driver_sql("SELECT 1")
        assert raa.info.transaction_status == TransactionStatus.INTRANS
    finally:
        c.close()


_GEVENT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys, time
    import gevent
    from sqlalchemy import Numeric, bindparam, func, select
    from fravaer.adapters.db import read_ahead
    from fravaer.adapters.db.engine import make_engine

    SOV = select(func.pg_sleep(bindparam("s", type_=Numeric)))
    e = make_engine(sys.argv[1])
    slag = []
    def ur():
        while True:
            slag.append(time.monotonic())
            gevent.sleep(0.01)
    def sov():
        with e.connect() as c:
            c.connection.dbapi_connection.autocommit = True
            read_ahead.direkte(c, SOV, {"s": 0.3})
            c.connection.dbapi_connection.autocommit = False
    gevent.spawn(ur)
    start = time.monotonic()
    gevent.joinall([gevent.spawn(sov) for _ in range(3)], raise_error=True)
    print("samtidige", time.monotonic() - start < 0.6, "slag", len(slag) >= 15)
    e.dispose()
""")


def test_a_round_trip_waits_as_a_green_thread_under_gevent(pg):
    """In a gevent worker (in a process of its own: the monkey patching must not touch the test
    runner) three round trips of 0.3 s wait together, and the worker's other green threads run."""
    ud = subprocess.run([sys.executable, "-c", _GEVENT, pg.url.render_as_string(hide_password=False)],
                        capture_output=True, text=True, timeout=60)
    assert ud.stdout.split() == ["samtidige", "True", "slag", "True"], ud.stderr


def test_saet_autocommit_som_psycopgs_egen(pg):
    """saet_autocommit sets psycopg's flag as its setter does with no transaction open, and
    leaves the rest to that setter: in a transaction it refuses as psycopg does, and psycopg's
    own BEGIN comes (or not) by the flag."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        c.rollback()
        pq_pipeline.saet_autocommit(raa, True)
        assert raa.autocommit is True
        raa.execute("SELECT 1")
        assert raa.pgconn.transaction_status == TransactionStatus.IDLE  # no BEGIN of psycopg's
        pq_pipeline.saet_autocommit(raa, False)
        assert raa.autocommit is False
        raa.execute("SELECT 1")
        assert raa.pgconn.transaction_status == TransactionStatus.INTRANS  # psycopg's BEGIN again
        with pytest.raises(Exception, match="can't change 'autocommit' now"):
            pq_pipeline.saet_autocommit(raa, True)
        assert raa.autocommit is False
        raa.rollback()


def test_commit_og_rollback_uden_transaktion_sender_intet(pg):
    """SQLAlchemy's commit and rollback with no transaction open return without psycopg (nothing
    to send); with one open they commit and roll back as psycopg does."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        c.exec_driver_sql("CREATE TEMP TABLE t_afslut (i int)")
        c.commit()
        assert raa.pgconn.transaction_status == TransactionStatus.IDLE
        pg.dialect.do_commit(c.connection)  # nothing open: nothing happens
        pg.dialect.do_rollback(c.connection)
        c.exec_driver_sql("INSERT INTO t_afslut VALUES (1)")
        c.rollback()
        c.exec_driver_sql("INSERT INTO t_afslut VALUES (2)")
        c.commit()
        assert raa.pgconn.transaction_status == TransactionStatus.IDLE
        assert [r[0] for r in c.exec_driver_sql("SELECT i FROM t_afslut")] == [2]
        c.rollback()
        with pytest.raises(Exception, match="two-phase"):  # psycopg's own refusal still reaches
            raa.tpc_begin(raa.xid(1, "f", "b"))
            pg.dialect.do_commit(c.connection)
        raa.tpc_rollback()


def test_a_read_sent_ahead_is_served_by_the_plan_it_was_sent_by(pg):
    """The rows read ahead are found by the plan the read was sent by (read_ahead.Plan), also
    when the dialect's kept plans were emptied in between; each is served once, and a read of
    other values is not served them."""
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        f = read_ahead.Forudlaesning()
        f.send(c, [(DEL, {"n": 5}), (DEL, {"n": 2})])
        read_ahead.planer(c.dialect).clear()
        assert f.tag(DEL, {"n": 4}) is None
        assert f.tag(DEL, {"n": 5}).scalar() == 2
        assert f.tag(DEL, {"n": 5}) is None
        assert f.tag(DEL, {"n": 2, "ekstra": 1}).scalar() == 5  # a name it does not use


def test_a_unique_violation_and_a_serialization_failure_mid_round_trip(pg):
    """The server's errors in the middle of a round trip (the statements after them aborted, the
    COMMIT too): raised for their statement with their SQLSTATE, the transaction failed, the
    connection out of the pipeline and usable after a rollback, nothing of it written."""
    navn = f"pq_pipeline_{time.monotonic_ns()}"
    with pg.connect() as a, pg.connect() as b:
        ra, rb = a.connection.dbapi_connection, b.connection.dbapi_connection
        ra.autocommit = rb.autocommit = True
        ra.execute(f"CREATE TABLE {navn} (id int PRIMARY KEY, v int)")
        try:
            ra.execute(f"INSERT INTO {navn} VALUES (1, 1)")
            ra.autocommit = False
            with pytest.raises(pq_pipeline.Fejl) as fejl:
                pq_pipeline.rundtur(ra, [(f"INSERT INTO {navn} VALUES (%(i)s, 2)", {"i": 2}),
                                         (f"INSERT INTO {navn} VALUES (%(i)s, 2)", {"i": 1}),
                                         ("SELECT 1", None)], begin=True, commit=True)
            assert fejl.value.indeks == 1 and fejl.value.fejl.sqlstate == "23505"
            assert ra.pgconn.transaction_status == TransactionStatus.INERROR
            assert ra.pgconn.pipeline_status == PipelineStatus.OFF
            ra.rollback()
            # a serialization failure: a snapshot read, then the row changed by another
            (_, r) = pq_pipeline.rundtur(ra, [("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", None),
                                              (f"SELECT v FROM {navn} WHERE id = 1", None)], begin=True)
            assert pq_pipeline.raekker(ra, r) == [(1,)]
            rb.execute(f"UPDATE {navn} SET v = 5 WHERE id = 1")
            with pytest.raises(pq_pipeline.Fejl) as fejl:
                pq_pipeline.rundtur(ra, [(f"UPDATE {navn} SET v = 6 WHERE id = 1", None),
                                         ("SELECT 1", None)], commit=True)
            assert fejl.value.indeks == 0 and fejl.value.fejl.sqlstate == "40001"
            assert ra.pgconn.transaction_status == TransactionStatus.INERROR
            ra.rollback()
            ra.autocommit = True
            assert ra.execute(f"SELECT id, v FROM {navn} ORDER BY id").fetchall() == [(1, 5)]
        finally:
            rb.execute(f"DROP TABLE {navn}")
            ra.autocommit = False
            rb.autocommit = False


# ---------------------------------------------------------------- kept loaders and dumpers
# pq_pipeline keeps a Transformer per connection (its dumpers) and, per prepared statement and
# parameter types, one with its result's loaders (_Forbindelsen): what they hold must follow the
# connection's adapters and its tables' columns as a psycopg cursor made afterwards would.


def _egen_tabel(pg, navn: str, ddl: str) -> None:
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        raa.execute(f"DROP TABLE IF EXISTS {navn}")
        raa.execute(ddl)
        raa.autocommit = False


def _laes(raa, sql: str, parametre: dict) -> list[tuple]:
    former: list = []
    (r,) = pq_pipeline.rundtur(raa, [(sql, parametre)], former=former)
    return pq_pipeline.raekker(raa, r, former[0])


def _andre(pg, sql: str) -> None:
    """`sql` on a connection of its own (the first's psycopg sees no ALTER of its own)."""
    import psycopg

    with psycopg.connect(pg.url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as anden:
        anden.execute(sql)


@pytest.mark.parametrize("forbered", [True, False], ids=["prepared", "unnamed"])
def test_a_column_whose_type_changed_is_loaded_by_its_new_type(pg, forbered):
    """ALTER TABLE … TYPE on a long-lived connection's table: a prepared statement of ours fails
    once (PostgreSQL: its result type was fixed when it was prepared, as psycopg's own prepared
    statements fail) and is then prepared again, its column loaded by the new type; an unnamed
    statement (a connection told not to prepare) keeps no loaders and loads the new type at once."""
    _egen_tabel(pg, "pq_form", "CREATE TABLE pq_form (v integer)")
    _andre(pg, "INSERT INTO pq_form VALUES (7)")
    sql = "SELECT v FROM pq_form WHERE %(a)s::int = 1"
    try:
        with pg.connect() as c:
            raa = c.connection.dbapi_connection
            raa.autocommit = True
            if not forbered:
                raa.prepare_threshold = None  # as for a pgbouncer: nothing prepared of ours either
                raa.__dict__.pop("_fravaer_pq", None)
            for _ in range(3):
                assert _laes(raa, sql, {"a": 1}) == [(7,)]
            _andre(pg, "ALTER TABLE pq_form ALTER v TYPE text USING 'x' || v")
            if forbered:
                with pytest.raises(pq_pipeline.Fejl) as fejl:
                    _laes(raa, sql, {"a": 1})
                assert fejl.value.fejl.sqlstate == "0A000"  # cached plan must not change result type
            for _ in range(2):
                assert _laes(raa, sql, {"a": 1}) == [("x7",)]
            assert raa.execute(sql.replace("%(a)s", "1")).fetchall() == [("x7",)]
            raa.autocommit = False
    finally:
        _andre(pg, "DROP TABLE pq_form")


def test_a_type_registered_on_the_connection_is_loaded_by_its_loader(pg):
    """register_type (an enum's, by psycopg's register_enum) on a connection whose statements of
    ours already ran: their results are loaded by the new loader, as psycopg's cursor's are."""
    import enum

    from psycopg.types.enum import EnumInfo, register_enum

    _andre(pg, "DROP TABLE IF EXISTS pq_farve_t; DROP TYPE IF EXISTS pq_farve")
    _andre(pg, "CREATE TYPE pq_farve AS ENUM ('roed', 'groen')")
    _andre(pg, "CREATE TABLE pq_farve_t (f pq_farve); INSERT INTO pq_farve_t VALUES ('groen')")

    class Farve(enum.Enum):
        roed = "roed"
        groen = "groen"

    sql = "SELECT f FROM pq_farve_t WHERE %(a)s::int = 1"
    try:
        with pg.connect() as c:
            raa = c.connection.dbapi_connection
            raa.autocommit = True
            for _ in range(3):
                assert _laes(raa, sql, {"a": 1}) == [("groen",)]
            register_enum(EnumInfo.fetch(raa, "pq_farve"), raa, Farve)
            assert raa.execute(sql.replace("%(a)s", "1")).fetchall() == [(Farve.groen,)]
            assert _laes(raa, sql, {"a": 1}) == [(Farve.groen,)]
            # and dumped by its dumper: the Python enum as a parameter
            assert _laes(raa, "SELECT %(f)s::pq_farve::text", {"f": Farve.roed}) == [("roed",)]
            raa.autocommit = False
    finally:
        _andre(pg, "DROP TABLE pq_farve_t; DROP TYPE pq_farve")


def test_a_dumper_registered_on_the_connection_dumps_its_type(pg):
    """register_dumper on the connection after a statement of ours dumped that type: the new
    dumper from then on, as a psycopg cursor made after it; a cursor's own does not reach it."""
    from psycopg.types.string import StrDumper

    class Stor(StrDumper):
        def dump(self, obj):
            return super().dump(obj.upper())

    sql = "SELECT %(s)s::text"
    with pg.connect() as c:
        raa = c.connection.dbapi_connection
        raa.autocommit = True
        for _ in range(3):
            assert _laes(raa, sql, {"s": "abc"}) == [("abc",)]
        with raa.cursor() as m:
            m.adapters.register_dumper(str, Stor)  # the cursor's own map: not the connection's
        assert _laes(raa, sql, {"s": "abc"}) == [("abc",)]
        raa.adapters.register_dumper(str, Stor)
        assert raa.execute(sql.replace("%(s)s", "%s"), ["abc"]).fetchall() == [("ABC",)]
        assert _laes(raa, sql, {"s": "abc"}) == [("ABC",)]
        raa.autocommit = False
