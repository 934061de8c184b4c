"""Engines: SQLite (a file, WAL, writers serialised by BEGIN IMMEDIATE) or PostgreSQL."""

from __future__ import annotations

import fcntl
import math
import os
import threading
import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool, StaticPool

# A write transaction asks for this execution option and begins by `begynd`; on SQLite it becomes
# BEGIN IMMEDIATE, which takes the database's write lock at once, so two writers cannot both pass
# the rule checks.
WRITE_OPTION = "fravaer_write"
# A read that needs no transaction asks for this one; on PostgreSQL its statements then go without
# BEGIN (unit_of_work.UnitOfWork's enkelt_laesning), on SQLite it means nothing.
UDEN_TRANSAKTION = "fravaer_uden_transaktion"


def normalize_url(url: str) -> str:
    """postgresql://… means the installed driver, psycopg 3 (SQLAlchemy would assume psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@dataclass(frozen=True)
class Tidsgraenser:
    """How long a use of the database may wait, in seconds (issue 17 item 2). The defaults suit
    the CLI's batch work: no statement or round-trip limit. The server's come from its settings
    (`Tidsgraenser.fra`), so that a stalled database gives S001 within a bound."""

    connect: float = 5.0
    statement: float | None = None  # PostgreSQL's statement_timeout
    svarfrist: float | None = None  # the client's limit on one round trip (adapters/db/response_deadline.py)
    idle_i_transaktion: float | None = None  # idle_in_transaction_session_timeout
    keepalive: float = 30.0  # TCP keepalive idle time
    pool: float = 30.0  # waiting for a connection from the pool
    sqlite_busy: float = 30.0  # waiting for SQLite's write lock

    @classmethod
    def fra(cls, indstillinger) -> Tidsgraenser:
        return cls(connect=indstillinger.db_connect_timeout, statement=indstillinger.db_statement_timeout,
                   svarfrist=indstillinger.db_svarfrist,
                   idle_i_transaktion=indstillinger.db_idle_i_transaktion,
                   keepalive=indstillinger.db_keepalive, pool=indstillinger.db_pool_timeout,
                   sqlite_busy=indstillinger.sqlite_busy_timeout)


def _ms(sekunder: float) -> int:
    return max(1, round(sekunder * 1000))


def make_engine(url: str, tidsgraenser: Tidsgraenser | None = None, **kwargs) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    t = tidsgraenser or Tidsgraenser()
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, in_memory=parsed.database in (None, "", ":memory:"), busy=t.sqlite_busy,
                              **kwargs)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("connect_timeout", max(2, math.ceil(t.connect)))  # libpq: whole s, ≥ 2
    # TCP keepalives find a peer that vanished while the connection sat in the pool or waited
    # on a long statement; tcp_user_timeout one whose sent data is never acknowledged.
    connect_args.setdefault("keepalives", 1)
    connect_args.setdefault("keepalives_idle", max(1, math.ceil(t.keepalive)))
    connect_args.setdefault("keepalives_interval", 5)
    connect_args.setdefault("keepalives_count", 3)
    if t.svarfrist is not None:
        connect_args.setdefault("tcp_user_timeout", _ms(t.svarfrist))
    optioner = [f"-c statement_timeout={_ms(t.statement)}" if t.statement else "",
                f"-c idle_in_transaction_session_timeout={_ms(t.idle_i_transaktion)}"
                if t.idle_i_transaktion else ""]
    if any(optioner) and "options" not in connect_args:
        connect_args["options"] = " ".join(o for o in optioner if o)
    # No pre-ping (a round trip before every transaction): a connection found dead invalidates
    # the pool and the transaction is retried once on a new one (service/runner.py).
    kwargs.setdefault("poolclass", Pulje)
    engine = create_engine(url, pool_pre_ping=False, pool_size=5, max_overflow=10, pool_timeout=t.pool,
                           pool_recycle=1800, connect_args=connect_args, **kwargs)
    if engine.dialect.driver == "psycopg":
        from fravaer.adapters.db.pq_pipeline import uden_tomme_afslutninger

        uden_tomme_afslutninger(engine.dialect)
        dialekt = engine.dialect

        @event.listens_for(engine, "first_connect")
        def _foerste(dbapi_forbindelse, _record):
            setattr(dialekt, KODEPUNKTORDEN, _kodepunktorden(dbapi_forbindelse))
    if t.svarfrist is not None and engine.dialect.driver == "psycopg":
        from fravaer.adapters.db.response_deadline import forbind

        frist = t.svarfrist

        @event.listens_for(engine, "do_connect")
        def _med_svarfrist(_dialect, _record, cargs, cparams):
            return forbind(frist, *cargs, **cparams)
    return engine


# Whether the server orders haendelse.id (text) as Python orders str, by code point: set on the
# dialect at the engine's first connection (_kodepunktorden). Then a read may leave its ORDER BY
# to the worker (HaendelseRepository.i_perioden_for_tjenestenummer: the server's Sort of a
# request's rows cost a tenth of its work: issue 13); otherwise (another collation, e.g. da_DK,
# where "aa" sorts as "å" after "z") the server orders them as before.
KODEPUNKTORDEN = "fravaer_kodepunktorden"
# the collations that compare text by its bytes (C, POSIX: PostgreSQL's memcmp; UTF-8's byte order
# is code point order) or by code point (glibc's C.UTF-8); pg_collation's fixed oids of "C" and
# "POSIX", and of "default" (the database's own)
_KODEPUNKT_LOKALER = frozenset({"C", "POSIX", "C.UTF-8", "C.utf8"})
_C_OG_POSIX, _STANDARD = (950, 951), 100
_KODEPUNKT_SQL = (
    "SELECT pg_encoding_to_char(d.encoding), coalesce(to_jsonb(d) ->> 'datlocprovider', 'c'), "
    "d.datcollate, (SELECT a.attcollation::int FROM pg_attribute a "
    "WHERE a.attrelid = to_regclass('haendelse') AND a.attname = 'id') "
    "FROM pg_database d WHERE d.datname = current_database()")


def kodepunktorden(tegnsaet: str, udbyder: str, lokale: str, kolonnens: int | None) -> bool:
    """Whether text of haendelse.id sorts by code point on the server: UTF-8, and the column's
    collation C or POSIX, or (the database's, as the schema leaves it) a libc locale that orders
    by code point. Anything else (ICU, another locale, a collation of the column's own): no."""
    if tegnsaet != "UTF8":
        return False
    if kolonnens in _C_OG_POSIX:
        return True
    return kolonnens in (None, _STANDARD) and udbyder == "c" and lokale in _KODEPUNKT_LOKALER


def _kodepunktorden(dbapi_forbindelse) -> bool:
    """The server's collation of haendelse.id (KODEPUNKTORDEN), asked at an engine's first
    connection; its transaction (psycopg begins one) ended."""
    c = dbapi_forbindelse.cursor()
    try:
        c.execute(_KODEPUNKT_SQL)
        raekke = c.fetchone()
    finally:
        c.close()
        if not dbapi_forbindelse.autocommit:
            dbapi_forbindelse.rollback()
    return raekke is not None and kodepunktorden(*raekke)


def _sqlite_kodepunktorden(dbapi_forbindelse) -> bool:
    """KODEPUNKTORDEN on SQLite: its BINARY collation (a column's, where its schema names none)
    compares text by memcmp, which is code point order in UTF-8 (not in UTF-16); the file's
    encoding and haendelse's schema asked at an engine's first connection (a file not yet
    migrated has no table: ours names no collation)."""
    c = dbapi_forbindelse.cursor()
    try:
        (tegnsaet,) = c.execute("PRAGMA encoding").fetchone()
        skema = c.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'haendelse'"
                          ).fetchone()
    finally:
        c.close()
    return tegnsaet == "UTF-8" and (skema is None or "collate" not in (skema[0] or "").lower())


class SkriveLaas:
    """Writers to one SQLite file queue on an OS file lock (and a thread lock within a process)
    before BEGIN IMMEDIATE. SQLite's own busy handler polls with growing sleeps, which under
    many concurrent writers wastes most of the time; here a writer that lets the lock go says so
    on a FIFO beside the file (`besked`), and a waiting one tries again the moment it hears."""

    def __init__(self, database: str, ventetid: float = 30.0):
        self.database = database
        self.sti = f"{database}.skrivelaas"
        self.ventetid = ventetid
        self._traad = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None
        self._besked: int | None = None
        self._skrivninger = 0
        self._checkpoint_koerer = False
        # the checkpoints' own connection, kept: a new one each time read the whole schema before
        # its PRAGMA and freed it after (~3.7 M instructions a checkpoint, ~12 k a write; issue 13)
        self._checkpointer: Any = None
        self._checkpointer_pid: int | None = None
        self._checkpoint_alene = threading.Lock()  # one at a time without gevent (threads)
        self._luk_efter_checkpoint = False
        # _checkpoint_koerer and _luk_efter_checkpoint are read and set together under a real
        # thread lock: the checkpoint's end runs in one of gevent's threads, a dispose in the
        # worker's, and between two unlocked steps neither side closed the connection
        self._flagene = _traadlaas()

    def __del__(self):
        # the engine is gone: its open files go too (each engine's lock has two, a test run makes
        # many engines) — in the process that opened them only
        if getattr(self, "_pid", None) == os.getpid():
            for fd in (self._fd, self._besked):
                if fd is not None:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
        if getattr(self, "_checkpointer", None) is not None and self._checkpointer_pid != os.getpid():
            _ARVEDE.append(self._checkpointer)

    def checkpoint_forbindelse(self):
        """The checkpoints' connection to the file, opened at the first. One a forked process
        inherited is never used nor closed there (SQLite's connections do not cross a fork; a
        close could delete the WAL under the parent): kept aside, and a new one opened."""
        if self._checkpointer is None or self._checkpointer_pid != os.getpid():
            import sqlite3

            if self._checkpointer is not None:
                _ARVEDE.append(self._checkpointer)
            self._checkpointer = None
            self._checkpointer = sqlite3.connect(self.database, timeout=0.05, isolation_level=None,
                                                 check_same_thread=False)
            self._checkpointer_pid = os.getpid()
        return self._checkpointer

    def luk_checkpoint(self) -> None:
        """The checkpoints' connection closed (the engine's pool is disposed: with the engine's
        connections closed the last one to go merges the WAL into the file, as before); one in
        use by a checkpoint in gevent's threads is closed by it when done."""
        with self._flagene:
            if self._checkpoint_koerer:
                self._luk_efter_checkpoint = True
                return
        with self._checkpoint_alene:
            self._luk_checkpointer()

    def _luk_checkpointer(self) -> None:
        forbindelse, self._checkpointer = self._checkpointer, None
        if forbindelse is not None:
            if self._checkpointer_pid == os.getpid():
                forbindelse.close()
            else:
                _ARVEDE.append(forbindelse)

    def _fil(self) -> int:
        if self._fd is None or self._pid != os.getpid():  # a forked worker needs its own open files
            self._fd = os.open(self.sti, os.O_RDWR | os.O_CREAT, 0o600)
            self._besked = _aaben_fifo(f"{self.sti}.fifo")
            self._pid = os.getpid()
        return self._fd

    @contextmanager
    def holdt(self):
        if not self._traad.acquire(timeout=self.ventetid):
            raise SkriveLaasOptaget(f"skrivelåsen blev ikke ledig inden {self.ventetid:g} s")
        try:
            fd = self._fil()
            self._tag(fd)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                if self._besked is not None:
                    try:  # a byte for whoever waits (a full FIFO has bytes enough)
                        os.write(self._besked, b"\0")
                    except OSError:
                        pass
        finally:
            self._traad.release()
        self._skrivninger += 1
        if self._skrivninger % CHECKPOINT_HVER == 0:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """The WAL's pages copied into the database file after a write and outside the lock,
        now and then. SQLite's own (wal_autocheckpoint) runs inside a commit, i.e. under the write
        lock, waiting for two fsyncs: milliseconds in which no process writes and, in a gevent
        worker, nothing of the worker runs. This one is PASSIVE (it waits for no reader or
        writer), in a connection of its own, in one of gevent's threads where there is gevent;
        SQLite's, at a larger size (WAL_SIDER), stays as the fallback."""
        pulje = _gevent_traadpulje()
        if pulje is None:
            if self._checkpoint_alene.acquire(blocking=False):  # else another thread's runs
                try:
                    _checkpoint(self)
                finally:
                    self._checkpoint_alene.release()
        elif not self._checkpoint_koerer:
            self._checkpoint_koerer = True

            def koer():
                try:
                    _checkpoint(self)
                finally:
                    with self._flagene:
                        if self._luk_efter_checkpoint:
                            self._luk_efter_checkpoint = False
                            self._luk_checkpointer()
                        self._checkpoint_koerer = False

            pulje.spawn(koer)

    def _tag(self, fd: int) -> None:
        """The file lock, waited for at most `ventetid`."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if self._besked is not None and _gevent_aktiv():
            self._vent_paa_besked(fd, self._besked)
        else:
            self._vent_i_smaa_pauser(fd)

    def _vent_paa_besked(self, fd: int, besked: int) -> None:
        """Under gevent (`fravaer serve`): the wait is the worker's event loop waiting for the
        FIFO to be readable, so the worker serves others meanwhile, and nothing is held while it
        waits. (It was a blocking flock in one of gevent's threads: the thread took the lock the
        moment it was free, but the green thread that wanted it ran only when the one running
        yielded: the lock was held by nobody for 0.03–0.07 ms a write on a quiet machine, 0.3–1.1
        ms on a loaded one, and each wait was a round trip through the thread pool.) A holder
        that never says it let go (one that died, an older version, another program) is caught
        by trying again every NY_PROEVE seconds."""
        from gevent.socket import wait_read

        slut = time.monotonic() + self.ventetid
        while True:
            rest = slut - time.monotonic()
            if rest <= 0:
                raise SkriveLaasOptaget(f"skrivelåsen blev ikke ledig inden {self.ventetid:g} s")
            try:
                wait_read(besked, min(rest, NY_PROEVE))
            except TimeoutError:  # (socket.timeout) try again anyway
                pass
            else:
                try:
                    os.read(besked, 65536)  # every byte so far: one try answers them all
                except BlockingIOError:  # another process read them first
                    pass
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                continue

    def _vent_i_smaa_pauser(self, fd: int) -> None:
        """Without gevent: a polling wait, so that it can end after `ventetid`."""
        slut = time.monotonic() + self.ventetid
        pause = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= slut:
                    raise SkriveLaasOptaget(
                        f"skrivelåsen blev ikke ledig inden {self.ventetid:g} s") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.005)


def _traadlaas():
    """A lock of the operating system's threads even in a gevent worker (whose threading.Lock is
    a greenlet's, not to be taken from one of gevent's real threads)."""
    import sys

    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None:
        return monkey.get_original("_thread", "allocate_lock")()
    return threading.Lock()


NY_PROEVE = 0.005  # s: a waiting gevent writer tries the lock again at least this often


def _aaben_fifo(sti: str) -> int | None:
    """The FIFO beside the lock file, opened for reading and writing without blocking (a write
    then never waits nor fails for want of a reader); None where the file system has none."""
    try:
        try:
            os.mkfifo(sti, 0o600)
        except FileExistsError:
            pass
        fd = os.open(sti, os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        return None
    import stat

    if not stat.S_ISFIFO(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


# Each complete checkpoint makes the next writer start the WAL over, and with synchronous=NORMAL
# that writer's commit waits for an fsync of the WAL's header: the fewer checkpoints, the fewer of
# those (~10 pages per write).
CHECKPOINT_HVER = 300  # write transactions of a process between its own checkpoints
# SQLite's own checkpoint, a fallback: at this many pages in the WAL. Above what two workers write
# between their own checkpoints when their counts run in step (600 writes, ~9–10 pages each): at
# 4,000 SQLite's ran then, inside a commit, its two fsyncs under the write lock and in the
# worker's event loop (issue 13).
WAL_SIDER = 10000


# The page size a new SQLite file is made with (SQLite's default is 4,096). A write rewrites ~9
# whole pages into the WAL, and SQLite checksums every byte of each frame (~43k instructions a
# write at 4,096, a sixth of SQLite's share); half-size pages halve that and the copies of the
# pages a write reads back after the other worker's commit emptied its cache, for ~2.5 more
# reads and ~1.9 more frames a write (small tables stay a page deep). Reads measured unchanged;
# the file ~5 % larger. A file that exists keeps its size: SQLite changes it only on a VACUUM
# outside WAL, which is not done here (issue 13).
SIDESTOERRELSE = 2048

# checkpoint connections a forked process inherited: never closed there (SkriveLaas.checkpoint_forbindelse)
_ARVEDE: list = []


def _checkpoint(laas: SkriveLaas) -> None:
    import sqlite3

    try:
        laas.checkpoint_forbindelse().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:  # busy, or the file went away: the next one (or SQLite's own) catches up
        pass


def _gevent_aktiv() -> bool:
    """Whether this process runs under gevent's monkey patching (a `fravaer serve` worker)."""
    import sys

    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


def _gevent_traadpulje():
    """gevent's pool of real threads under gevent (`_gevent_aktiv`), else None."""
    if not _gevent_aktiv():
        return None
    import gevent

    return gevent.get_hub().threadpool


class SkriveLaasOptaget(OperationalError):
    """SQLite's write lock stayed taken longer than the busy timeout (a storage failure: S001)."""

    def __init__(self, tekst: str):
        super().__init__(tekst, None, None)  # type: ignore[arg-type]  # no DB-API error beneath: the lock is ours


@contextmanager
def _ingen_laas():
    yield


# each SQLite file engine's lock, for as long as the engine lives
_SKRIVELAASE: weakref.WeakKeyDictionary[Engine, SkriveLaas] = weakref.WeakKeyDictionary()


def skrive_laas(engine: Engine):
    """The context manager a write transaction holds (a no-op but for SQLite files)."""
    laas = _SKRIVELAASE.get(engine)
    return laas.holdt() if laas is not None else _ingen_laas()


def sqlite_skrive_laas(engine: Engine) -> SkriveLaas | None:
    """The SQLite file's write lock, or None (PostgreSQL, an in-memory SQLite)."""
    return _SKRIVELAASE.get(engine)


def _bind_uden_tilpasning() -> None:
    """sqlite3 asks its adapter protocol about every parameter that is not exactly an int, float,
    str or bytes: for None and bool that means two failed attribute lookups, each raising and
    formatting an AttributeError that is then thrown away (~2k instructions a parameter, a
    dozen a write, most of them under the write lock: issue 13). Registered adapters are found
    by one dict lookup; these are C callables that give what sqlite3 binds anyway, so the values
    stored do not change: None for NULL ({}.get(None) is None), 1/0 for a bool."""
    import sqlite3

    null: Callable[[None], None] = {}.get  # type: ignore[assignment]
    sqlite3.register_adapter(type(None), null)
    sqlite3.register_adapter(bool, int)


def _sqlite_engine(url: str, in_memory: bool, busy: float = 30.0, **kwargs) -> Engine:
    _bind_uden_tilpasning()
    connect_args = {"check_same_thread": False, "timeout": busy}
    kwargs.setdefault("poolclass", StaticPool if in_memory else Pulje)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    if not in_memory:
        laas = _SKRIVELAASE[engine] = SkriveLaas(make_url(url).database or "", busy)
        if isinstance(engine.pool, Pulje):
            engine.pool._skrivelaas = laas

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # BEGIN is the dialect's (_begin_paa_sqlite; pysqlite's own handling defers it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not in_memory:
            # first, before anything is written: it sizes a new (empty) file's pages only, and is
            # a no-op on a file that exists (SIDESTOERRELSE)
            cur.execute(f"PRAGMA page_size={SIDESTOERRELSE}")
            # WAL: readers never wait for the writer. synchronous=NORMAL is WAL's usual pairing:
            # a crash of the process loses nothing; a crash of the OS or a power cut may lose the
            # last commits (SQLite's documentation of the pragma: a commit is not synced, the WAL
            # is at checkpoints) but never corrupts the file. Use PostgreSQL where that matters.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA wal_autocheckpoint={WAL_SIDER}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={_ms(busy)}")
        cur.close()

    dialekt = engine.dialect

    @event.listens_for(engine, "first_connect")
    def _foerste(dbapi_conn, _record):
        setattr(dialekt, KODEPUNKTORDEN, _sqlite_kodepunktorden(dbapi_conn))

    # BEGIN (IMMEDIATE) from the dialect, not from a "begin" listener: any listener on the engine
    # set SQLAlchemy's _has_events, and every statement of a request then went through its event
    # dispatch (fifteen of them a write, ten thousand instructions each: issue 13).
    engine.dialect.do_begin = _begin_paa_sqlite  # type: ignore[method-assign, assignment]
    return engine


# the pool's record of a connection carries this while a write begins (begynd)
_UMIDDELBAR = "fravaer_begin_immediate"


def _begin_paa_sqlite(forbindelse) -> None:
    """The dialect's do_begin on SQLite: BEGIN on the driver's cursor (pysqlite's own handling,
    turned off in _on_connect, deferred it to the first write), IMMEDIATE for a write. The
    statement counter (statements.StatementTaeller) counts it by SQLAlchemy's begin event."""
    sql = "BEGIN IMMEDIATE" if forbindelse.info.get(_UMIDDELBAR, False) else "BEGIN"
    markoer = forbindelse.dbapi_connection.cursor()
    try:
        markoer.execute(sql)
    finally:
        markoer.close()


def begynd(forbindelse: Connection) -> RootTransaction:
    """`forbindelse.begin()`; on SQLite as BEGIN IMMEDIATE when the connection's execution options
    ask for a write (WRITE_OPTION). The dialect's do_begin sees only the pool's connection: the
    wish goes to it on the record's info for the moment of the begin. Where nobody listens to
    the connection's events and nothing is echoed, a SQLite write begins as a SqliteSkrivning."""
    skriv = forbindelse.get_execution_options().get(WRITE_OPTION, False)
    if not skriv or forbindelse.dialect.name != "sqlite":
        return forbindelse.begin()
    if not (forbindelse._has_events or forbindelse.engine._has_events or forbindelse._echo) \
            and forbindelse._transaction is None and not forbindelse._trans_context_manager:
        return SqliteSkrivning(forbindelse)
    info = forbindelse.connection.info
    info[_UMIDDELBAR] = True
    try:
        return forbindelse.begin()
    finally:
        info.pop(_UMIDDELBAR, None)


class SqliteSkrivning(RootTransaction):
    """A SQLite write's transaction: SQLAlchemy's RootTransaction, in the connection's state as
    `begin()` leaves it (the connection's transaction: every statement through SQLAlchemy joins
    it, an error is not followed by an autorollback, rollback and close are RootTransaction's),
    but its BEGIN IMMEDIATE and its COMMIT sent on the driver's connection itself. SQLAlchemy's
    way to them (begin: the transaction's begin, the connection's, the dialect's do_begin and
    the pool connection's record; commit: four more calls deep, the pool connection's commit)
    cost a write ~15,000 instructions, under the write lock (issue 13). Only where its events
    would have nothing to tell (no listener, no echo: begynd checks), as they are not sent."""

    __slots__ = ()

    def __init__(self, connection: Connection):
        # RootTransaction.__init__ without its _begin_impl (which only logs, tells listeners,
        # and calls do_begin: _begin_paa_sqlite, here at once)
        self.connection = connection
        raa: Any = connection.connection.dbapi_connection
        try:
            raa.execute("BEGIN IMMEDIATE")
        except BaseException as e:
            # as _begin_impl's: translated (no transaction yet: SQLAlchemy's autorollback, a no-op)
            connection._handle_dbapi_exception(e, None, None, None, None)
        connection._transaction = self
        self.is_active = True

    def _connection_commit_impl(self) -> None:
        # Connection._commit_impl without events or echo: the driver's commit, its error translated
        # (the transaction still the connection's: no autorollback; _do_commit then ends it)
        raa: Any = self.connection.connection.dbapi_connection
        try:
            raa.commit()
        except BaseException as e:
            # A COMMIT SQLite refused and kept open (a deferred constraint): rolled back here, or
            # SQLAlchemy, which holds it ended, hands the connection on inside it, holding the lock
            if raa.in_transaction:
                try:
                    raa.rollback()
                except Exception:  # the COMMIT's error is the one to tell
                    pass
            self.connection._handle_dbapi_exception(e, None, None, None, None)


class Pulje(QueuePool):
    """SQLAlchemy's QueuePool, whose connections a unit of work hands back (Udlaan.aflever) stay
    checked out of it between transactions, parked with the engine's Udlaan: lending one is then
    a pop from a list, where the pool's checkout and return (its queue and lock, a new proxy with
    a weakref finalizer, the record's checks and the rollback at return) cost a transaction
    ~60,000 instructions (issue 13). To the world it is the pool it was: a parked connection
    counts as idle (checkedin, checkedout), and dispose() closes the parked ones too."""

    _udlaan: weakref.ref[Udlaan] | None = None  # weak: the engine holds the Udlaan (see there)
    _sqla_logger_namespace = "sqlalchemy.pool.impl.QueuePool"  # its log where QueuePool's went

    _skrivelaas: SkriveLaas | None = None  # a SQLite file's: its checkpoint connection goes at dispose

    def recreate(self) -> Pulje:
        ny = cast(Pulje, super().recreate())  # a Pulje: QueuePool's recreate makes its own class
        ny._skrivelaas = self._skrivelaas
        return ny

    def _parkerede(self) -> int:
        udlaan = self._udlaan() if self._udlaan is not None else None
        return len(udlaan.ledige) if udlaan is not None and udlaan.pool is self else 0

    def dispose(self) -> None:
        udlaan = self._udlaan() if self._udlaan is not None else None
        if udlaan is not None and udlaan.pool is self:
            udlaan.luk_alle()
        super().dispose()
        if self._skrivelaas is not None:
            self._skrivelaas.luk_checkpoint()

    def _do_return_conn(self, record) -> None:
        # idle connections, parked and in the pool together, at most the pool's size (as
        # QueuePool's own bound on those in it): one more is closed, as QueuePool closes one
        # returned to a full queue
        if self._parkerede() and self._parkerede() + len(self._pool.queue) >= self.size():  # type: ignore[attr-defined]
            try:
                record.close()
            finally:
                self._dec_overflow()
        else:
            super()._do_return_conn(record)

    def checkedin(self) -> int:
        return super().checkedin() + self._parkerede()

    def checkedout(self) -> int:
        return super().checkedout() - self._parkerede()


class Udlaan:
    """The connections of a Pulje that units of work lend (`laan`) and hand back (`aflever`):
    one handed back in a state the pool's return would not change (no transaction open, no
    listener of the pool's to hear it) is parked here, still checked out of the pool, and the
    next `laan` takes it as it is; anything else goes back to the pool as before. A lent
    connection is a new Connection each time (one handed back is closed: whoever kept it can
    use it no more), and it is its taker's alone (a pop from the list: one per green thread or
    thread at a time).

    What the pool's checkout would have checked is checked here: a connection past the pool's
    recycle time, or older than the pool's invalidation (a connection found dead: the server
    restarted, service/runner.py retries on a new one), goes back to the pool, which replaces
    it. At most the pool's size wait idle (parked and in the pool together), and none is parked
    while the pool is at its limit (a taker may be waiting in it for a connection: it gets this
    one, within the pool's timeout as before).

    The engine holds its Udlaan, the pool only a weak reference to it: a parked connection's
    finalizer holds the pool, so the pool holding the Udlaan would keep an engine's connections
    open for ever after the engine was dropped."""

    __slots__ = ("__weakref__", "_tom", "ledige", "pool")

    def __init__(self, pool: Pulje, tom: Callable[[object], bool]):
        self.pool = pool
        self.ledige: list = []  # the parked connections (the pool's proxies: _ConnectionFairy)
        # whether the pool's return (a rollback) would do nothing on a driver's connection
        self._tom = tom

    def laan(self, engine: Engine) -> Connection:
        """A Connection on `engine` (the Udlaan's engine or one of its execution_options copies)."""
        pool = self.pool
        if pool is not engine.pool or pool.dispatch.checkout:
            return forbind(engine)
        try:
            proxy = self.ledige.pop()
        except IndexError:
            return forbind(engine)
        record = proxy._connection_record
        if record is None or proxy.dbapi_connection is None or pool._invalidate_time > record.starttime \
                or record._soft_invalidate_time > record.starttime \
                or (pool._recycle > -1 and time.time() - record.starttime > pool._recycle):
            proxy.close()  # back to the pool, which recycles it when it lends it again
            return forbind(engine)
        if engine._has_events or Connection._has_events:
            return engine._connection_cls(engine, proxy)  # in the engine's events, as forbind's
        return engine._connection_cls(engine, proxy, _has_events=False)

    def aflever(self, forbindelse: Connection) -> None:
        """`forbindelse.close()`, but a connection in the state the pool would lend it is parked."""
        proxy = forbindelse._dbapi_connection
        pool = self.pool
        if proxy is None or forbindelse._transaction is not None \
                or forbindelse._nested_transaction is not None or proxy._counter != 1 \
                or proxy._connection_record is None or pool is not forbindelse.engine.pool \
                or not self._tom(proxy.dbapi_connection) or not self._plads(pool) \
                or pool.dispatch.checkin or pool.dispatch.reset:
            forbindelse.close()
            return
        forbindelse._dbapi_connection = None
        forbindelse.close()  # closed without its connection: it can be used no more
        self.ledige.append(proxy)

    def _plads(self, pool: Pulje) -> bool:
        """Whether a connection handed back may wait here rather than in the pool (see above)."""
        if pool._max_overflow > -1 and pool._overflow >= pool._max_overflow:
            return False  # a taker may wait in the pool
        # the pool's idle ones read without its lock (its qsize() takes it): a bound, not a count
        return len(self.ledige) + len(pool._pool.queue) < pool.size()  # type: ignore[attr-defined]

    def luk_alle(self) -> None:
        """Every parked connection back to the pool (its dispose, then, closes them)."""
        while self.ledige:
            try:
                proxy = self.ledige.pop()
            except IndexError:
                break
            proxy.close()


def _sqlite_tom(raa) -> bool:
    return not raa.in_transaction


_UDLAAN = "fravaer_udlaan"


def udlaan(engine: Engine) -> Udlaan | None:
    """The Udlaan of the engine's present pool (one per pool), or None: the pool is not a Pulje,
    or the driver not one whose idle state is known here (pysqlite, psycopg)."""
    pool = engine.pool
    if not isinstance(pool, Pulje):
        return None
    u = pool._udlaan() if pool._udlaan is not None else None
    if u is None:
        if engine.dialect.driver == "pysqlite":
            u = Udlaan(pool, _sqlite_tom)
        elif engine.dialect.driver == "psycopg":
            from fravaer.adapters.db.pq_pipeline import tom

            u = Udlaan(pool, tom)
        else:
            return None
        pool._udlaan = weakref.ref(u)
        # held by the engine (an execution_options copy's: by the engine it copies)
        getattr(engine, "_proxied", engine).__dict__[_UDLAAN] = u
    return u


def forbind(engine: Engine) -> Connection:
    """`engine.connect()`, the pool's checkout and return unchanged. While neither the engine nor
    SQLAlchemy's Connection class has a listener (a server's engines have none), the Connection
    does not join the engine's event dispatch: the dispatcher joined for each connection cost a
    request about 25,000 instructions (issue 13). A listener added to the engine later (a test's
    StatementTaeller) is heard by the connections lent after it, not by one already lent."""
    if engine._has_events or Connection._has_events:
        return engine.connect()
    return engine._connection_cls(engine, _has_events=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
