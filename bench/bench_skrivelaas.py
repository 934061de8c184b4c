"""What an OpretHaendelse costs under SQLite's write lock, with one connection writing or two
writing in turn (issue 13). In process, on `operationer.forbered`'s data: each write is a full
OpretHaendelse through the WSGI app; with `--to` two apps (two engines: two SQLite connections,
as two gunicorn workers have) take turns, so that each write follows the other connection's
commit, after which SQLite empties the connection's page cache.

Per write, warm: the process's CPU, the CPU and wall time under the write lock (SkriveLaas.holdt),
and the read and write system calls (/proc/self/io's syscr/syscw: the pages SQLite reads back
with pread64 after its cache was emptied, and the WAL frames it writes). CPU and wall time are
noise on a loaded machine; the system-call counts are not.

    PYTHONPATH=src .venv/bin/python bench/bench_skrivelaas.py [--to] [--n 400] [--pragma mmap_size=…]
                                                              [--side 4096]

`--side`: the prepared file rebuilt with another page size (a new file gets
engine.SIDESTOERRELSE's), to compare the pages read and frames written a write.

Under callgrind the counts to compare are instructions: run it with N and fewer writes and take
the difference (the lock's own share needs a client request around the section: not here).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import operationer as op


def _io() -> tuple[int, int, int, float, float]:
    felter = dict(linje.split(": ") for linje in Path("/proc/self/io").read_text().splitlines())
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return int(felter["syscr"]), int(felter["syscw"]), ru.ru_minflt, ru.ru_utime, ru.ru_stime


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--to", action="store_true", help="two connections writing in turn")
    p.add_argument("--n", type=int, default=400, help="writes measured (after --opvarmning)")
    p.add_argument("--opvarmning", type=int, default=40)
    p.add_argument("--pragma", action="append", default=[],
                   help="a PRAGMA set on each app's connection before the writes (e.g. mmap_size=268435456)")
    p.add_argument("--side", type=int, help="the database's page_size (the prepared file rebuilt by VACUUM)")
    p.add_argument("--checkpoint-hver", type=int, help="engine.CHECKPOINT_HVER for the run")
    p.add_argument("--wal-sider", type=int, help="engine.WAL_SIDER for the run")
    a = p.parse_args()

    from fravaer.adapters.db import engine as modul

    if a.checkpoint_hver:
        modul.CHECKPOINT_HVER = a.checkpoint_hver
    if a.wal_sider:
        modul.WAL_SIDER = a.wal_sider

    maalt = {"til": False, "cpu": 0, "vaeg": 0, "antal": 0}
    oprindelig = modul.SkriveLaas.holdt

    @contextmanager
    def holdt(self):
        with oprindelig(self):
            t0, v0 = time.thread_time_ns(), time.perf_counter_ns()
            try:
                yield
            finally:
                if maalt["til"]:
                    maalt["cpu"] += time.thread_time_ns() - t0
                    maalt["vaeg"] += time.perf_counter_ns() - v0
                    maalt["antal"] += 1

    modul.SkriveLaas.holdt = holdt  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as mappe:
        skabelon = f"{mappe}/skabelon.sqlite"
        op.forbered(f"sqlite:///{skabelon}")
        shutil.copy(skabelon, f"{mappe}/b.sqlite")
        if a.side:
            import sqlite3

            c = sqlite3.connect(f"{mappe}/b.sqlite", isolation_level=None)
            for sql in ("PRAGMA journal_mode=DELETE", f"PRAGMA page_size={a.side}", "VACUUM",
                        "PRAGMA journal_mode=WAL"):
                c.execute(sql).fetchall()
            c.close()
        url = f"sqlite:///{mappe}/b.sqlite"
        apps = [op.Inprocess(url) for _ in range(2 if a.to else 1)]
        for app in apps:
            raa = app.engine.raw_connection()
            for pragma in a.pragma:
                raa.driver_connection.execute(f"PRAGMA {pragma}").fetchall()
            raa.close()
        kroppe = op.opret(a.opvarmning + a.n, ansatte=op.ANSATTE)
        for i, krop in enumerate(kroppe[:a.opvarmning]):
            apps[i % len(apps)].kald("FravaerService", krop)
        maalt["til"] = True
        io0, c0, v0 = _io(), time.process_time(), time.perf_counter()
        for i, krop in enumerate(kroppe[a.opvarmning:]):
            apps[i % len(apps)].kald("FravaerService", krop)
        io1, c1, v1 = _io(), time.process_time(), time.perf_counter()
        for app in apps:
            app.engine.dispose()
    n = a.n
    hvad = " ".join(["two connections in turn" if a.to else "one connection", *a.pragma,
                     *([f"page_size {a.side}"] if a.side else []),
                     f"checkpoint every {modul.CHECKPOINT_HVER}, wal_autocheckpoint {modul.WAL_SIDER}"])
    print(f"{hvad}, {n} writes: CPU {(c1 - c0) / n * 1e3:.3f} ms (user {(io1[3] - io0[3]) / n * 1e6:.0f} µs, "
          f"system {(io1[4] - io0[4]) / n * 1e6:.0f} µs), wall {(v1 - v0) / n * 1e3:.3f} ms a write; "
          f"under the lock CPU {maalt['cpu'] / maalt['antal'] / 1e6:.3f} ms, wall "
          f"{maalt['vaeg'] / maalt['antal'] / 1e6:.3f} ms; read syscalls {(io1[0] - io0[0]) / n:.1f}, "
          f"write syscalls {(io1[1] - io0[1]) / n:.1f}, minor page faults {(io1[2] - io0[2]) / n:.1f} "
          "a write")


if __name__ == "__main__":
    main()
