"""SQLite's writer lock in a gevent worker (issue 13): the wait for another process's write lock
is the worker's event loop waiting, so the worker's other green threads go on meanwhile; a writer
that lets the lock go wakes the waiting one (a byte on the FIFO beside the lock file), and one that
does not (another program) is found out by trying again; a wait given up after the busy timeout
leaves no lock behind. Run in a process of its own, as gevent's monkey patching must not touch the
test runner."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_SKRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import fcntl, os, sys, time
    import gevent
    from fravaer.adapters.db.engine import SkriveLaas, SkriveLaasOptaget

    database = sys.argv[1]
    laas = SkriveLaas(database, ventetid=0.5)
    fremmed = os.open(laas.sti, os.O_RDWR | os.O_CREAT, 0o600)  # another process's open file

    def fremmed_holder():
        try:
            fcntl.flock(fremmed, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fremmed, fcntl.LOCK_UN)
            return False
        except BlockingIOError:
            return True

    slag = []
    def ur():
        while True:
            slag.append(time.monotonic())
            gevent.sleep(0.01)
    gevent.spawn(ur)

    # 1. held elsewhere past the busy timeout: given up, and the worker went on meanwhile
    fcntl.flock(fremmed, fcntl.LOCK_EX)
    start, foer = time.monotonic(), len(slag)
    try:
        with laas.holdt():
            print("FEJL: fik låsen")
    except SkriveLaasOptaget:
        print("opgivet", time.monotonic() - start >= 0.5)
    print("slag under ventetiden", len(slag) - foer >= 5)  # ~50 unless the wait blocked the hub
    # the lock freed: the waiter that gave up takes it late and lets it go at once
    fcntl.flock(fremmed, fcntl.LOCK_UN)
    gevent.sleep(0.1)
    print("efterladt", fremmed_holder())

    # 2. held elsewhere for 0.2 s: handed over, and held while the block runs
    # (the loop's clock brought up to now first: a timer counts from the loop's cached time,
    # which on a loaded machine may lie well before `start`, and would fire early)
    fcntl.flock(fremmed, fcntl.LOCK_EX)
    start, foer = time.monotonic(), len(slag)
    gevent.get_hub().loop.update_now()
    gevent.spawn_later(0.2, fcntl.flock, fremmed, fcntl.LOCK_UN)
    with laas.holdt():
        print("overtaget", time.monotonic() - start >= 0.2, "slag", len(slag) - foer >= 3)
        print("holdt", fremmed_holder())
    print("sluppet", not fremmed_holder())

    # 3. held by another writer (another SkriveLaas: its own open file, as another process's):
    # its letting go wakes the waiter, which would otherwise try again only after a minute
    import fravaer.adapters.db.engine as modul
    modul.NY_PROEVE = 60.0
    laas.ventetid = 120.0
    anden = SkriveLaas(database).holdt()
    anden.__enter__()
    gevent.spawn_later(0.2, anden.__exit__, None, None, None)
    start = time.monotonic()
    with laas.holdt():
        print("vækket", time.monotonic() - start < 30, "holdt", fremmed_holder())
    print("sluppet", not fremmed_holder())
""")


def test_the_wait_for_the_write_lock_leaves_a_gevent_worker_free(tmp_path):
    svar = subprocess.run([sys.executable, "-c", _SKRIPT, str(tmp_path / "b.sqlite")],
                          capture_output=True, text=True, timeout=60)
    assert svar.returncode == 0, svar.stderr
    assert svar.stdout.split("\n") == [
        "opgivet True", "slag under ventetiden True", "efterladt False",
        "overtaget True slag True", "holdt True", "sluppet True",
        "vækket True holdt True", "sluppet True", ""], svar.stdout


def test_the_wal_is_checkpointed_after_writes_outside_the_lock(tmp_path, monkeypatch):
    """Every CHECKPOINT_HVER writes of a process, a PASSIVE checkpoint after the lock is let go;
    SQLite's own, inside a commit, only at WAL_SIDER pages."""
    from fravaer.adapters.db import engine as modul
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.runner import i_transaktion

    e = modul.make_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    upgrade(e)
    kald: list[bool] = []
    laas = modul._SKRIVELAASE[e]
    monkeypatch.setattr(modul, "_checkpoint", lambda laas_: kald.append(laas._traad.locked()))
    try:
        with e.connect() as c:
            assert c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == modul.WAL_SIDER
        for _ in range(2 * modul.CHECKPOINT_HVER):
            i_transaktion(e, lambda uow: None, skriv=True)
        assert kald == [False, False]  # twice, never under the lock
    finally:
        e.dispose()


def test_the_checkpoints_keep_one_connection_until_the_engine_is_disposed(tmp_path):
    """The checkpoints' connection is opened once and kept (a new one read the whole schema each
    time); the engine's dispose closes it, so that the last connection to go merges the WAL into
    the file as before; one a forked process inherited is set aside, not used nor closed."""
    from fravaer.adapters.db import engine as modul
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.runner import i_transaktion

    fil = tmp_path / "k.sqlite"
    e = modul.make_engine(f"sqlite:///{fil}")
    upgrade(e)
    laas = modul._SKRIVELAASE[e]
    try:
        for _ in range(modul.CHECKPOINT_HVER):
            i_transaktion(e, lambda uow: None, skriv=True)
        forbindelse = laas._checkpointer
        assert forbindelse is not None
        for _ in range(2 * modul.CHECKPOINT_HVER):
            i_transaktion(e, lambda uow: None, skriv=True)
        assert laas._checkpointer is forbindelse
        assert forbindelse.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0
        # as after a fork: the inherited one is kept aside and still open
        laas._checkpointer_pid = -1
        ny = laas.checkpoint_forbindelse()
        assert ny is not forbindelse and forbindelse in modul._ARVEDE
        assert forbindelse.execute("SELECT 1").fetchone() == (1,)
        modul._ARVEDE.remove(forbindelse)
        forbindelse.close()
    finally:
        e.dispose()
    assert laas._checkpointer is None
    assert not (tmp_path / "k.sqlite-wal").exists()
    # a disposed engine writes on and checkpoints again
    for _ in range(modul.CHECKPOINT_HVER):
        i_transaktion(e, lambda uow: None, skriv=True)
    assert laas._checkpointer is not None
    e.dispose()
    assert laas._checkpointer is None


def test_the_write_lock_closes_its_files_when_its_engine_goes(tmp_path):
    """The lock file and the FIFO are opened per engine at its first write; an engine let go
    takes them along (a test run makes many engines)."""
    import gc
    import os

    from fravaer.adapters.db.engine import make_engine, skrive_laas

    def aabne() -> int:
        return len(os.listdir("/proc/self/fd"))

    for _ in range(2):  # the first round may open what stays (imports, the interpreter's own)
        foer = aabne()
        for _ in range(20):
            e = make_engine(f"sqlite:///{tmp_path / 'd.sqlite'}")
            with skrive_laas(e):
                pass
            e.dispose()
            del e
        gc.collect()
    assert aabne() == foer


def test_a_dispose_while_a_checkpoint_ends_still_closes_its_connection(tmp_path, monkeypatch):
    """The checkpoint's end (in one of gevent's threads) and the pool's dispose (in the worker's)
    decide who closes the connection from the same two flags: forced between the end's two steps,
    the dispose must still see the connection closed (it was left open, and a later checkpoint
    closed it for no reason)."""
    import threading

    from fravaer.adapters.db import engine as modul

    inde, videre = threading.Event(), threading.Event()

    class Laas(modul.SkriveLaas):
        @property
        def _luk_efter_checkpoint(self):
            # the checkpoint's thread stops here once, the first time it asks, after the read
            v = self.__dict__.get("_luk", False)
            if threading.current_thread() is not threading.main_thread() and not inde.is_set():
                inde.set()
                videre.wait(5)
            return v

        @_luk_efter_checkpoint.setter
        def _luk_efter_checkpoint(self, v):
            self.__dict__["_luk"] = v

    class Pulje:
        def spawn(self, f):
            self.traad = threading.Thread(target=f)
            self.traad.start()

    pulje = Pulje()
    monkeypatch.setattr(modul, "_gevent_traadpulje", lambda: pulje)
    laas = Laas(str(tmp_path / "x.sqlite"))
    laas._checkpoint()
    assert inde.wait(5)
    dispose = threading.Thread(target=laas.luk_checkpoint)
    dispose.start()
    dispose.join(0.2)
    videre.set()
    pulje.traad.join(5)
    dispose.join(5)
    assert laas._checkpointer is None
    assert not laas._luk_efter_checkpoint
