"""Microseconds per request of the operations of bench_soap.py, called in process through the WSGI
application (no HTTP, no gunicorn: what the service itself costs), warm, on SQLite or PostgreSQL;
and the echo's (the same protocol class, spyne's own reading) for scale. Both the wall time and
this process's CPU time are printed: on a shared machine the CPU time moves much less with
others' load (on PostgreSQL it leaves out the server's share). --profile NAME prints
cProfile's top functions for one operation. Less noisy than HTTP on a shared machine: compare
two trees by running it with PYTHONPATH set to each, one after the other, or interleaved.

    PYTHONPATH=src .venv/bin/python bench/bench_inprocess.py [--n 300] [--database URL]
                                                             [--only Opret,Hent] [--profile OpretHaendelse]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_soap import OPERATIONER, bench_database, opret_kroppe, ret_kroppe

from fravaer.server import GC_GEN0


def _ekko_kald(app, krop: bytes) -> bytes:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "CONTENT_TYPE": "text/xml; charset=utf-8",
               "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
    return b"".join(app(environ, lambda s, h, *a: None))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=300, help="requests per operation (fewer for the big ones)")
    p.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    p.add_argument("--only", help="comma-separated operation names (prefixes)")
    p.add_argument("--profile", help="profile this operation (a name prefix) and print the top")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    from echo_app import lav_app

    ekko = lav_app()
    operationer = [o for o in OPERATIONER if not a.only or any(o[0].startswith(x) for x in a.only.split(","))]
    with bench_database(a.database) as database:
        op.forbered(database)
        proc = op.Inprocess(database)
        # as a gunicorn worker runs (fravaer.server): start-up's objects frozen, a larger gen0
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
        plads = 0
        tider: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        for _ in range(a.rounds):
            kroppe = op.ekko()
            for _ in range(50):
                _ekko_kald(ekko, kroppe[0])
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(a.n):
                _ekko_kald(ekko, kroppe[0])
            tider.setdefault("echo", []).append((time.perf_counter() - t0) / a.n)
            cpu.setdefault("echo", []).append((time.process_time() - c0) / a.n)
            for navn, tjeneste, n, lav in operationer:
                n = max(3, min(a.n, n))
                plads += 1
                if lav == "opret":
                    kroppe = opret_kroppe(plads, n + 5)
                elif lav == "ret":
                    kroppe = ret_kroppe(database, plads, n + 5)
                else:
                    kroppe = lav()
                for i in range(5 if lav in ("opret", "ret") else 2):  # warm
                    proc.kald(tjeneste, kroppe[i % len(kroppe)])
                kroppe = kroppe[5:] if lav in ("opret", "ret") else kroppe
                profil = cProfile.Profile() if a.profile and navn.startswith(a.profile) else None
                t0, c0 = time.perf_counter(), time.process_time()
                if profil:
                    profil.enable()
                for i in range(n):
                    proc.kald(tjeneste, kroppe[i % len(kroppe)])
                if profil:
                    profil.disable()
                tider.setdefault(navn, []).append((time.perf_counter() - t0) / n)
                cpu.setdefault(navn, []).append((time.process_time() - c0) / n)
                if profil:
                    s = io.StringIO()
                    pstats.Stats(profil, stream=s).sort_stats("cumulative").print_stats(45)
                    print(s.getvalue())
                    a.profile = None
        print(f"{'operation':22s} {'wall µs/request':>16s} {'CPU µs/request':>15s}  CPU min–max (of rounds)")
        for navn, xs in tider.items():
            c = cpu[navn]
            print(f"{navn:22s} {statistics.median(xs) * 1e6:16,.0f} {statistics.median(c) * 1e6:15,.0f}  "
                  f"{min(c) * 1e6:,.0f}–{max(c) * 1e6:,.0f}")
        proc.engine.dispose()


if __name__ == "__main__":
    main()
