"""The database's time limits (issue 17 item 2): the settings reach PostgreSQL and SQLite, a
statement or a round trip past its limit is a storage failure (S001's LagerUtilgaengeligt) in
bounded time, not retried, and the engine works on afterwards."""

from __future__ import annotations

import fcntl
import os
import time

import pytest
from sqlalchemy import text

from fravaer.adapters.db.engine import Tidsgraenser, make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.config import Indstillinger, UgyldigIndstilling
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.service.runner import i_transaktion
from tests.conftest import kraever_postgres


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRAVAER_DB_SVARFRIST", "2.5")
    monkeypatch.setenv("FRAVAER_HEADER_FRIST", "3")
    i = Indstillinger.fra_miljoe()
    assert (i.db_svarfrist, i.header_frist, i.body_frist) == (2.5, 3.0, 60.0)
    assert Tidsgraenser.fra(i).svarfrist == 2.5
    for daarlig in ("0", "-1", "fem", "inf"):
        monkeypatch.setenv("FRAVAER_DB_SVARFRIST", daarlig)
        with pytest.raises(UgyldigIndstilling, match="FRAVAER_DB_SVARFRIST"):
            Indstillinger.fra_miljoe()


def test_the_default_bound_on_a_stalled_database_is_at_most_5_s():
    i = Indstillinger()
    assert i.db_statement_timeout < i.db_svarfrist <= 5
    assert i.db_connect_timeout <= 5 and i.db_pool_timeout <= 5


@kraever_postgres
def test_postgresql_gets_the_server_settings(pg_url):
    e = make_engine(pg_url, Tidsgraenser.fra(Indstillinger()))
    try:
        with e.connect() as c:
            assert c.execute(text("SHOW statement_timeout")).scalar() == "4s"
            assert c.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "30s"
        assert e.pool.timeout() == 4.0
    finally:
        e.dispose()


def _sov(sekunder: float):
    def arbejde(uow):
        uow.session.execute(text(f"SELECT pg_sleep({sekunder})"))
    return arbejde


@kraever_postgres
@pytest.mark.parametrize("graense", [Tidsgraenser(statement=0.3), Tidsgraenser(svarfrist=0.5)],
                         ids=["statement_timeout", "svarfrist"])
def test_a_statement_past_its_limit_is_a_storage_failure_in_bounded_time(pg_url, graense):
    e = make_engine(pg_url, graense)
    try:
        start = time.monotonic()
        with pytest.raises(LagerUtilgaengeligt):
            i_transaktion(e, _sov(3))
        assert time.monotonic() - start < 1.5  # once, not retried
        assert i_transaktion(e, lambda uow: uow.session.execute(text("SELECT 1")).scalar()) == 1
    finally:
        e.dispose()


def test_sqlite_busy_timeout_and_write_lock_wait(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    e = make_engine(url, Tidsgraenser(sqlite_busy=0.3))
    upgrade(e)
    try:
        with e.connect() as c:
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 300
        # another process holds the write lock: a writer gives up after the busy timeout
        fd = os.open(f"{tmp_path / 'b.sqlite'}.skrivelaas", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            start = time.monotonic()
            with pytest.raises(LagerUtilgaengeligt):
                i_transaktion(e, lambda uow: None, skriv=True)
            assert 0.25 <= time.monotonic() - start < 1.5
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        assert i_transaktion(e, lambda uow: "ok", skriv=True) == "ok"
    finally:
        e.dispose()
