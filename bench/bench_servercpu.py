"""The PostgreSQL server's CPU per write, beside the worker's: N writes (bench_soap.py's
OpretHaendelse and RetHaendelse, on `operationer.forbered`'s data) run in process through the WSGI
application, warm, and the CPU time of the benchmark database's backends read from
/proc/<pid>/schedstat (nanoseconds on a CPU, user and kernel: parse, plan, execute, the socket,
the commit's WAL flush) before and after each loop; the worker's own CPU time (process_time) and
the statements and round trips of one request of each are printed with it. The server must run
on this machine (its /proc readable). Rounds are interleaved; the median is printed, with the
min–max. CPU time on a loaded machine moves less than wall time but still moves (caches,
frequency): compare two trees by running them one after the other, or alternately.

    PYTHONPATH=src .venv/bin/python bench/bench_servercpu.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
                                                            [--n 400] [--rounds 5] [--only Opret]
                                                            [--perf DIR]

`--perf DIR`: the first round's loops recorded by `perf record -g` on the backends, and not
counted (DIR/<operation>.data; read with `perf report -i … --no-children`).
"""

from __future__ import annotations

import argparse
import gc
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_soap import bench_database, opret_kroppe, ret_kroppe
from sqlalchemy import create_engine, make_url, text

from fravaer.adapters.db.statements import StatementTaeller
from fravaer.server import GC_GEN0

SKRIVNINGER = [("OpretHaendelse", "opret"), ("RetHaendelse", "ret")]


def _cpu_ns(pid: int) -> int:
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


class Backends:
    """The CPU time of every backend connected to one database (the worker's pool), read by a
    connection to another (the server URL's own), which is not counted."""

    def __init__(self, server_url: str, database: str):
        self.navn = make_url(database).database
        self.admin = create_engine(make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1)),
                                   isolation_level="AUTOCOMMIT")
        self.c = self.admin.connect()

    def cpu(self) -> dict[int, int]:
        pider = self.c.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :d"),
                               {"d": self.navn}).scalars().all()
        ud = {}
        for pid in pider:
            try:
                ud[pid] = _cpu_ns(pid)
            except OSError:  # ended in between
                pass
        return ud

    def luk(self) -> None:
        self.c.close()
        self.admin.dispose()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", required=True, help="a PostgreSQL server URL (on this machine)")
    p.add_argument("--n", type=int, default=400, help="writes per loop")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--only", help="comma-separated operation names (prefixes)")
    p.add_argument("--perf", type=Path, help="record the first round's backends with perf into this folder")
    a = p.parse_args()
    if a.perf and a.rounds < 2:
        p.error("--perf: at least two rounds (the recorded one is not counted)")
    skrivninger = [s for s in SKRIVNINGER if not a.only or any(s[0].startswith(x) for x in a.only.split(","))]
    with bench_database(a.database) as database:
        op.forbered(database)
        proc = op.Inprocess(database)
        backends = Backends(a.database, database)
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
        server: dict[str, list[float]] = {}
        worker: dict[str, list[float]] = {}
        vaeg: dict[str, list[float]] = {}
        tal: dict[str, tuple[int, int]] = {}
        plads = 0
        for runde in range(a.rounds):
            for navn, lav in skrivninger:
                plads += 1
                n = a.n
                if n + 6 > op.ANSATTE:
                    p.error(f"--n at most {op.ANSATTE - 6} (one write per employment)")
                kroppe = opret_kroppe(plads, n + 6) if lav == "opret" else ret_kroppe(database, plads, n + 6)
                for krop in kroppe[:5]:  # warm
                    proc.kald("FravaerService", krop)
                if navn not in tal:  # one request's statements and round trips
                    with StatementTaeller(proc.engine) as t:
                        proc.kald("FravaerService", kroppe[5])
                        o = t.nulstil()
                    tal[navn] = (o.statements, o.rundture(proc.engine.dialect.name))
                kroppe = kroppe[6:]
                foer = backends.cpu()
                perf = None
                if a.perf and runde == 0:
                    a.perf.mkdir(parents=True, exist_ok=True)
                    perf = subprocess.Popen(["perf", "record", "-g", "-q", "-o", str(a.perf / f"{navn}.data"),
                                             "-p", ",".join(map(str, foer))], stderr=subprocess.DEVNULL)
                    time.sleep(1)  # perf attached
                t0, c0 = time.perf_counter(), time.process_time()
                for krop in kroppe:
                    proc.kald("FravaerService", krop)
                t1, c1 = time.perf_counter(), time.process_time()
                efter = backends.cpu()
                if perf is not None:  # (a recorded loop is not counted: perf costs the backends)
                    perf.send_signal(signal.SIGINT)
                    perf.wait()
                    continue
                brugt = sum(efter[pid] - foer.get(pid, 0) for pid in efter)
                server.setdefault(navn, []).append(brugt / 1e3 / n)
                worker.setdefault(navn, []).append((c1 - c0) * 1e6 / n)
                vaeg.setdefault(navn, []).append((t1 - t0) * 1e6 / n)
        print(f"µs per write, in process, warm, {a.n} writes a loop, median of {a.rounds} rounds (min–max)")
        print(f"{'operation':16s} {'stmts/rt':>9s} {'backend CPU':>20s} {'worker CPU':>20s} {'wall':>8s}")
        for navn, _ in skrivninger:
            s, w = server[navn], worker[navn]
            print(f"{navn:16s} {'%d/%d' % tal[navn]:>9s} "
                  f"{statistics.median(s):7,.0f} ({min(s):,.0f}–{max(s):,.0f}) "
                  f"{statistics.median(w):7,.0f} ({min(w):,.0f}–{max(w):,.0f}) "
                  f"{statistics.median(vaeg[navn]):8,.0f}")
        backends.luk()
        proc.engine.dispose()


if __name__ == "__main__":
    main()
