"""The PostgreSQL server's instructions per request (issue 13): the benchmark's writes and reads
sent in process (bench_instruktioner.py's loops, `--gaettet` for the guessed write path) to a
PostgreSQL server that runs under valgrind's callgrind, each backend of the worker's idle
connections zeroed before a measured loop (`SELECT pg_postmaster_start_time()`) and dumped after
it (`SELECT pg_backend_pid()`), the marker statements sent on the connections themselves. The
server must be one of your own, started under callgrind with those markers and one output file
per process, e.g.

    valgrind --tool=callgrind --dump-instr=no --callgrind-out-file=DIR/cg.%p \\
        --zero-before=pg_postmaster_start_time --dump-before=pg_backend_pid \\
        postgres -D DATA -p 5499 -c autovacuum=off

    PYTHONPATH=src .venv/bin/python bench/bench_serverinstr.py \\
        --database postgresql+psycopg://postgres@127.0.0.1:5499/postgres --cg DIR \\
        [--only Opret,Ret,HentHaendelser 20] [--gaettet] [--behold NAVN]

Prints the instructions per request of every backend dumped, summed; `--behold` keeps each
loop's dump files as DIR/NAVN-<operation>.<pid> for callgrind_annotate.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_instruktioner import ANTAL, operationens_kald, varm
from bench_soap import OPERATIONER, bench_database


def _marker(engine, sql: str) -> list[int]:
    """`sql` sent on each idle connection of the worker's (parked by the Udlaan, or in the pool),
    outside a transaction; their backends' pids."""
    from fravaer.adapters.db.engine import udlaan

    u = udlaan(engine)
    raa = [p.dbapi_connection for p in (u.ledige if u is not None else [])]
    raa += [r.dbapi_connection for r in list(engine.pool._pool.queue)]
    pider = []
    for c in raa:
        foer = c.autocommit
        c.autocommit = True
        pider.append(c.info.backend_pid)
        c.execute(sql)
        c.autocommit = foer
    return pider


def _totalt(fil: Path) -> int:
    for linje in fil.read_text(errors="replace").splitlines():
        if linje.startswith(("summary:", "totals:")):
            return int(linje.split()[1])
    return 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", required=True, help="the callgrind server's URL")
    p.add_argument("--cg", type=Path, required=True, help="the folder of the server's callgrind files")
    p.add_argument("--only", default="OpretHaendelse,RetHaendelse,HentHaendelser 20")
    p.add_argument("--gaettet", action="store_true")
    p.add_argument("--behold", help="keep the dumps under this name")
    a = p.parse_args()
    navne = [o[0] for o in OPERATIONER if any(o[0] == x or (o[0].startswith(x) and " " not in x)
                                              for x in a.only.split(","))]
    with bench_database(a.database) as database:
        op.forbered(database)
        proc = op.Inprocess(database)
        gc.collect()
        gc.freeze()
        for plads, navn in enumerate(navne, start=200):
            n = ANTAL[navn]
            kald, kroppe = operationens_kald(proc, database, navn, plads, n, a.gaettet)
            kroppe = varm(kald, kroppe, n)
            foer = {f: f.stat().st_mtime for f in a.cg.glob("cg.*")}
            pider = _marker(proc.engine, "SELECT pg_postmaster_start_time()")
            for i in range(n):
                kald(kroppe[i % len(kroppe)])
            if sorted(_marker(proc.engine, "SELECT pg_backend_pid()")) != sorted(pider):
                print("  (the connections changed during the loop)")
            time.sleep(0.5)
            nye = [f for f in a.cg.glob("cg.*") if f.stat().st_mtime != foer.get(f)
                   and any(f.name.startswith(f"cg.{pid}.") for pid in pider)]
            i_alt = sum(_totalt(f) for f in nye)
            print(f"{navn:22s} {i_alt / n:14,.0f}   ({len(pider)} backends, {len(nye)} dumps)", flush=True)
            for f in nye:
                if a.behold:
                    f.rename(a.cg / f"{a.behold}-{navn.replace(' ', '_')}.{f.name.split('.')[1]}")
                else:
                    f.unlink()
        proc.engine.dispose()


if __name__ == "__main__":
    main()
