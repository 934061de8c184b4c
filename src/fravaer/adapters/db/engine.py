"""Engines: SQLite (a file, WAL, writers serialised by BEGIN IMMEDIATE) or PostgreSQL."""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

# A write transaction asks for this execution option; on SQLite it becomes BEGIN IMMEDIATE, which
# takes the database's write lock at once, so two writers cannot both pass the rule checks.
WRITE_OPTION = "fravaer_write"


def normalize_url(url: str) -> str:
    """postgresql://… means the installed driver, psycopg 3 (SQLAlchemy would assume psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, in_memory=parsed.database in (None, "", ":memory:"), **kwargs)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("connect_timeout", 5)
    # No pre-ping (a round trip before every transaction): a connection found dead invalidates
    # the pool and the transaction is retried once on a new one (service/runner.py).
    return create_engine(url, pool_pre_ping=False, pool_size=5, max_overflow=10,
                         pool_recycle=1800, connect_args=connect_args, **kwargs)


class SkriveLaas:
    """Writers to one SQLite file queue on an OS file lock (and a thread lock within a process)
    before BEGIN IMMEDIATE. SQLite's own busy handler polls with growing sleeps, which under
    many concurrent writers wastes most of the time; a blocking lock hands over at once."""

    def __init__(self, database: str):
        self.sti = f"{database}.skrivelaas"
        self._traad = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def _fil(self) -> int:
        if self._pid != os.getpid():  # a forked worker needs its own open file
            self._fd = os.open(self.sti, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    @contextmanager
    def holdt(self):
        with self._traad:
            fd = self._fil()
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def _ingen_laas():
    yield


def skrive_laas(engine: Engine):
    """The context manager a write transaction holds (a no-op but for SQLite files)."""
    laas = getattr(engine, "fravaer_skrivelaas", None)
    return laas.holdt() if laas is not None else _ingen_laas()


def _sqlite_engine(url: str, in_memory: bool, **kwargs) -> Engine:
    connect_args = {"check_same_thread": False, "timeout": 30}
    if in_memory:
        kwargs.setdefault("poolclass", StaticPool)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    if not in_memory:
        engine.fravaer_skrivelaas = SkriveLaas(make_url(url).database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's begin event issue BEGIN itself (pysqlite's own handling defers it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not in_memory:
            # WAL: readers never wait for the writer. synchronous=NORMAL is WAL's usual pairing:
            # a crash of the process or the OS loses nothing; a power cut may lose the last commits
            # but never corrupts the file. Use PostgreSQL where that matters.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
