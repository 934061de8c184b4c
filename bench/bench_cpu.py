"""Where a request's CPU goes over HTTP, by process, and how busy the cores were (issue 13).

bench_soap.py gives requests per second; this gives, for the echo and each chosen operation
served as bench_soap serves them (gunicorn, the same settings, keep-alive clients), the CPU a
request took in the workers, in the clients and in the PostgreSQL backends serving the
benchmark's database (their schedstat), the time the workers waited for a core (run queue), and
the cores' busy share over the measurement (/proc/stat). A throughput below what the CPU figures
allow, with the cores not busy, is a wait (a lock, a flush), not work: only on a quiet machine
(other work fills the idle time and inflates every figure alike).

    .venv/bin/python bench/bench_cpu.py [--only OpretHaendelse,HentHaendelser] [--n 2000]
                                        [--rounds 3] [--clients 4] [--workers 2] [--threads 4]

PostgreSQL is measured when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (a database of the benchmark's own, dropped afterwards)."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_soap import (
    OPERATIONER,
    OPVARMNING,
    Server,
    bench_database,
    databaser,
    maal,
    opret_kroppe,
    ret_kroppe,
)


def _efterkommere(pid: int) -> list[int]:
    """`pid` and every process below it (gunicorn's master and its workers)."""
    boern: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    far = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            boern.setdefault(far, []).append(int(d))
    ud, koe = [], [pid]
    while koe:
        p = koe.pop()
        ud.append(p)
        koe.extend(boern.get(p, []))
    return ud


def _schedstat(pids: list[int]) -> tuple[int, int]:
    """(ns on a core, ns waiting for one) summed over `pids`."""
    paa = vent = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/schedstat") as f:
                felter = f.read().split()
        except OSError:
            continue
        paa += int(felter[0])
        vent += int(felter[1])
    return paa, vent


def _klienternes_ns() -> float:
    """CPU of the clients: maal's pool processes, children of this one, reaped when it closes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1e9


def _kerner_travle() -> tuple[int, int]:
    """(busy, all) clock ticks of every core so far (/proc/stat)."""
    with open("/proc/stat") as f:
        felter = [int(x) for x in f.readline().split()[1:]]
    ledig = felter[3] + felter[4]  # idle, iowait
    return sum(felter[:8]) - ledig, sum(felter[:8])


def _backends(admin_url: str, database: str) -> list[int]:
    e = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with e.connect() as c:
            return [r[0] for r in c.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :d"), {"d": database})]
    finally:
        e.dispose()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="OpretHaendelse,HentHaendelser 20")
    p.add_argument("--n", type=int, default=2000, help="requests per measurement (writes: ≤ 1,000 × days)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--databases", default="SQLite,PostgreSQL", help="which of the two to measure")
    a = p.parse_args()
    port = 20000 + os.getpid() % 4000
    operationer = [o for o in OPERATIONER if any(o[0].startswith(x) for x in a.only.split(","))]
    print(f"server: gunicorn, {a.workers} workers x {a.threads} threads; {a.clients} clients; "
          f"{a.n} requests a measurement; {a.rounds} rounds; {os.cpu_count()} cores; "
          f"load {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%dT%H:%M', time.gmtime())} UTC")
    for navn, url in databaser():
        if navn not in a.databases.split(","):
            continue
        with bench_database(url) as database:
            op.forbered(database)
            servere = {"echo": Server("echo", port + 1, None, a.workers, a.threads),
                       "fravaer": Server("fravaer", port + 2, database, a.workers, a.threads)}
            port += 10
            try:
                maalinger: dict[str, list[dict[str, float]]] = {}
                plads = 0
                for runde in range(a.rounds):
                    kandidater = [("echo", "echo", "/", op.ekko)] + [
                        (o[0], "fravaer", op.STI[o[1]], o[3]) for o in operationer]
                    for opnavn, server, sti, lav in kandidater:
                        if lav in ("opret", "ret"):
                            dage = -(-a.n // op.ANSATTE)
                            kroppe = []
                            for _ in range(dage):
                                plads += 1
                                kroppe += (opret_kroppe if lav == "opret" else
                                           lambda d, n: ret_kroppe(database, d, n))(plads, op.ANSATTE)
                            if runde == 0:
                                opvarm = (opret_kroppe(OPVARMNING, 50) if lav == "opret"
                                          else ret_kroppe(database, OPVARMNING, 50))
                                maal(servere[server].port, sti, opvarm, 50, a.clients)
                        else:
                            kroppe = lav()
                            if runde == 0:
                                maal(servere[server].port, sti, kroppe, 100, a.clients)
                        n = min(a.n, len(kroppe)) if lav in ("opret", "ret") else a.n
                        workers = _efterkommere(servere[server].proces.pid)
                        backends = (_backends(url, make_navn(database)) if url and server == "fravaer"
                                    else [])
                        hver0 = [_schedstat([w])[0] for w in workers]
                        w0, k0, b0, c0, t0 = (_schedstat(workers), _klienternes_ns(),
                                              _schedstat(backends)[0], _kerner_travle(),
                                              time.perf_counter())
                        rate, fejl, _ = maal(servere[server].port, sti, kroppe, n, a.clients)
                        hver = [_schedstat([w])[0] - h for w, h in zip(workers, hver0, strict=True)]
                        w1, k1, b1, c1, t1 = (_schedstat(workers), _klienternes_ns(),
                                              _schedstat(backends)[0], _kerner_travle(),
                                              time.perf_counter())
                        maalinger.setdefault(opnavn, []).append({
                            "req/s": rate, "fejl": fejl,
                            "worker": (w1[0] - w0[0]) / n / 1e3, "runq": (w1[1] - w0[1]) / n / 1e3,
                            "klienter": (k1 - k0) / n / 1e3, "database": (b1 - b0) / n / 1e3,
                            "kerner": (os.cpu_count() or 1) * (t1 - t0) / n * 1e6,
                            "travl": (c1[0] - c0[0]) / max(1, c1[1] - c0[1]),
                            # the busiest process's share of the workers' CPU: a keep-alive
                            # connection stays with the worker that took it, and a gevent worker
                            # uses one core at most
                            "skaev": max(hver) / max(1, sum(hver))})
            finally:
                for s in servere.values():
                    s.stop()
        rapport(navn, maalinger)


def make_navn(database_url: str) -> str:
    return database_url.rsplit("/", 1)[1].split("?")[0]


def rapport(navn: str, maalinger: dict[str, list[dict[str, float]]]) -> None:
    def med(opnavn, felt):
        return statistics.median(m[felt] for m in maalinger[opnavn])

    print(f"\n== {navn} (medians of the rounds; µs a request)")
    print(f"{'operation':22s} {'req/s':>7s} {'ratio':>6s} {'worker':>7s} {'clients':>7s} "
          f"{'database':>8s} {'sum':>6s} {'cores×wall':>10s} {'busy':>5s} {'run queue':>9s} "
          f"{'fail':>4s}  rounds: req/s busy busiest")
    echo = med("echo", "req/s")
    for opnavn in maalinger:
        cpu = med(opnavn, "worker") + med(opnavn, "klienter") + med(opnavn, "database")
        print(f"{opnavn:22s} {med(opnavn, 'req/s'):7,.0f} {med(opnavn, 'req/s') / echo:6.3f} "
              f"{med(opnavn, 'worker'):7,.0f} {med(opnavn, 'klienter'):7,.0f} "
              f"{med(opnavn, 'database'):8,.0f} {cpu:6,.0f} {med(opnavn, 'kerner'):10,.0f} "
              f"{med(opnavn, 'travl'):5.0%} {med(opnavn, 'runq'):9,.0f} "
              f"{sum(m['fejl'] for m in maalinger[opnavn]):4.0f}  "
              + "; ".join(f"{m['req/s']:,.0f} {m['travl']:.0%} {m['skaev']:.0%}" for m in maalinger[opnavn]))


if __name__ == "__main__":
    main()
