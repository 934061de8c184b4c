"""Requests per second, p50/p99 latency and statements per request of the service's operations
(issue 13: OpretHaendelse, RetHaendelse, HentHaendelser for 20 and 200 events, HentKvoter for
1/100/1,000 employments, a HentMedarbejdere page of 500, OptaelFravaer), each as a ratio to a
trivial spyne echo measured in the same round, served by gunicorn with the same settings, on
SQLite and PostgreSQL. Rounds are interleaved (echo, then every operation, round after round)
and the median and spread over the rounds are printed, so that other work on a shared machine
moves all figures alike.

    .venv/bin/python bench/bench_soap.py [--rounds 3] [--clients 4] [--workers 2] [--threads 4]
                                         [--before SRC] [--scale 1.0]

--before SRC serves a second copy of the service from another source tree (e.g. an export of an
older commit's src/), interleaved with this one: before and after in one run. Each tree is served
on a database of its own, a copy of the same prepared data (SQLite's file copied by its backup
API, PostgreSQL's database made from it as a template), and writes only there: on one shared
database each tree's writes changed what the other's processes had cached or guessed (the login's
and the reference data's versions, PostgreSQL's guessed reads of an employment, a per-process
cache of accounts), so a tree's cache paid for the other's writes — a cost neither has when
served alone. PostgreSQL is measured when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL
names a server; the benchmark works in databases of its own that it drops afterwards."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from operationer import BRUGER, KODEORD, envelope, forbered  # noqa: F401 (the other benchmarks')

BENCH = Path(__file__).resolve().parent
SRC = BENCH.parent / "src"


# A client opens a new connection after this many requests. A keep-alive connection stays with
# the gunicorn worker that accepted it, and 4 connections on 2 workers landed 3 to 1 in about half
# the rounds (the busier worker then one core's worth of the whole): the ratios of one tree spread
# ±0.05 from that alone. New connections go to whichever worker accepts first — the less busy one —
# as an HR system's requests over a day do; one connect in GENFORBIND costs echo and operation alike.
GENFORBIND = 50


def _klient(args) -> tuple[int, int, list[float]]:
    port, sti, kroppe, fra, til = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    ok = fejl = 0
    tider = []
    for i in range(fra, til):
        if (i - fra) % GENFORBIND == GENFORBIND - 1:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        krop = kroppe[i % len(kroppe)]
        t0 = time.perf_counter()
        try:
            conn.request("POST", sti, krop, {"Content-Type": "text/xml; charset=utf-8"})
            r = conn.getresponse()
            data = r.read()
        except (ConnectionError, http.client.HTTPException, TimeoutError):
            # a worker killed by gunicorn's timeout on an overloaded machine: a failure, counted
            # and printed, not the end of the run
            fejl += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            continue
        tider.append(time.perf_counter() - t0)
        if r.status == 200 and b"Fault>" not in data:
            ok += 1
        else:
            fejl += 1
    conn.close()
    return ok, fejl, tider


def maal(port: int, sti: str, kroppe: list[bytes], n: int, klienter: int) -> tuple[float, int, list[float]]:
    """Send n requests from `klienter` processes with keep-alive; (req/s, failures, latencies)."""
    klienter = max(1, min(klienter, n))
    del_ = [(port, sti, kroppe, k * n // klienter, (k + 1) * n // klienter) for k in range(klienter)]
    with multiprocessing.Pool(klienter) as pool:
        t0 = time.perf_counter()
        res = pool.map(_klient, del_)
        tid = time.perf_counter() - t0
    return n / tid, sum(f for _, f, _ in res), [t for _, _, ts in res for t in ts]


class Server:
    def __init__(self, app: str, port: int, database: str | None, workers: int, threads: int,
                 src: Path = SRC):
        cmd = [sys.executable, str(BENCH / "serve.py"), app, "--port", str(port),
               "--workers", str(workers), "--threads", str(threads)]
        if database:
            cmd += ["--database", database]
        self.port = port
        env = dict(os.environ, PYTHONPATH=str(src))
        self.proces = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        slut = time.monotonic() + 60
        while time.monotonic() < slut:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # the echo app answers 405 to GET /: it is up
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{app} startede ikke")

    def stop(self):
        self.proces.terminate()
        self.proces.wait(30)


def databaser():
    """("SQLite", None) always, ("PostgreSQL", server URL) when one is named in the environment."""
    ud = [("SQLite", None)]
    pg = os.environ.get("FRAVAER_BENCH_DATABASE_URL") or os.environ.get("FRAVAER_TEST_DATABASE_URL")
    if pg:
        ud.append(("PostgreSQL", pg))
    return ud


@contextlib.contextmanager
def bench_database(server_url: str | None):
    """A database of the benchmark's own: a new SQLite file, or a new PostgreSQL database on the
    server, dropped afterwards."""
    with tempfile.TemporaryDirectory() as mappe:
        if server_url is None:
            yield f"sqlite:///{mappe}/bench.sqlite"
            return
        database, admin, navn = pg_database(server_url)
        try:
            yield database
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
            admin.dispose()


@contextlib.contextmanager
def kopi(database: str, navn: str):
    """A copy of the prepared database `database` (the same content), dropped afterwards: a SQLite
    file beside it by sqlite3's backup API (the WAL's pages too), or on PostgreSQL a new
    database with `database` as its template (nobody may be connected to it meanwhile)."""
    url = make_url(database)
    if url.get_backend_name() == "sqlite":
        import sqlite3

        maal = Path(url.database).with_name(f"{navn}.sqlite")
        with contextlib.closing(sqlite3.connect(url.database)) as fra, \
                contextlib.closing(sqlite3.connect(maal)) as til:
            fra.backup(til)
        yield url.set(database=str(maal)).render_as_string(hide_password=False)
        return
    server = url.set(drivername="postgresql+psycopg")
    ny = f"{url.database}_{navn}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{ny}" TEMPLATE "{url.database}"'))
        yield server.set(database=ny).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{ny}" WITH (FORCE)'))
        admin.dispose()


def pg_database(url: str):
    server = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    navn = f"fravaer_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    return server.set(database=navn).render_as_string(hide_password=False), admin, navn


# ---------------------------------------------------------------- the operations

HVERDAGE = [d for d in (date(2025, 1, 1) + timedelta(days=i) for i in range(365)) if d.weekday() < 5]


def opret_kroppe(plads: int, n: int) -> list[bytes]:
    """n creations on weekday number `plads` of 2025 (a day of its own per measurement), one per
    employment: every one accepted, a full write (lock, rules with accounts, insert, log)."""
    dag = HVERDAGE[plads]
    return [envelope(
        f"<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>B{i:07d}</f:Tjenestenummer></f:Ansaettelse>"
        f"<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:OpretHaendelse>") for i in range(n)]


def ret_kroppe(database: str, plads: int, n: int) -> list[bytes]:
    """n changes, each of an event stored for it (on weekday `plads` of 2024, at version 1)."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.tables import AnsaettelseRow, HaendelseRow

    dag, nu = HVERDAGE[plads] - timedelta(days=364), datetime(2026, 1, 1)
    e = make_engine(database)
    with e.begin() as c:
        ider = dict(c.execute(text(f"SELECT tjenestenummer, id FROM {AnsaettelseRow.__tablename__}"
                                   " WHERE tjenestenummer LIKE 'B%'")).all())
        raekker = [dict(id=str(uuid.uuid4()), ansaettelse_id=ider[f"B{i:07d}"], version=1, kode="500",
                        fra_dato=dag, til_dato=dag, ferieaar=None, oprettet=nu, aendret=nu)
                   for i in range(n)]
        c.execute(insert(HaendelseRow.__table__), raekker)
    e.dispose()
    return op.ret([(r["id"], f"B{i:07d}", dag) for i, r in enumerate(raekker)])


OPVARMNING = 230  # the weekdays (plads) of the writes' warm-ups: past the measurements' and
# statements_per_request's

# (name, service, requests per measurement at --scale 1, how to make the bodies)
OPERATIONER = [
    ("OpretHaendelse", "FravaerService", 400, "opret"),
    ("RetHaendelse", "FravaerService", 400, "ret"),
    ("HentHaendelser 20", "FravaerService", 400, lambda: op.hent(op.HENT20)),
    ("HentHaendelser 200", "FravaerService", 100, lambda: op.hent(op.HENT200)),
    ("HentKvoter 1", "KvoteService", 300, lambda: op.hent_kvoter(1)),
    ("HentKvoter 100", "KvoteService", 30, lambda: op.hent_kvoter(100)),
    ("HentKvoter 1000", "KvoteService", 6, lambda: op.hent_kvoter(1000)),
    ("HentMedarbejdere 500", "MedarbejderService", 30, lambda: op.hent_medarbejdere(500)),
    ("OptaelFravaer", "FravaerService", 300, op.optael),
]


def statements_per_request(database: str) -> dict[str, tuple[int, int]]:
    """(statements, round trips) of one request of each operation, in process, warm, this code."""
    from fravaer.adapters.db.statements import StatementTaeller

    p = op.Inprocess(database)
    dialekt = p.engine.dialect.name
    ud = {}
    for plads, (navn, tjeneste, _, lav) in enumerate(OPERATIONER):
        for gang in (1, 2):  # the first warms the process's copy of the reference data
            if lav == "opret":
                krop = opret_kroppe(200 + plads * 2 + gang, 1)[0]
            elif lav == "ret":
                krop = ret_kroppe(database, 200 + plads * 2 + gang, 1)[0]
            else:
                krop = lav()[0]
            with StatementTaeller(p.engine) as t:
                p.kald(tjeneste, krop)
                o = t.nulstil()
        ud[navn] = (o.statements, o.rundture(dialekt))
    p.engine.dispose()
    return ud


def _pct(tider: list[float], p: float) -> float:
    tider = sorted(tider)
    if not tider:
        return float("nan")
    return tider[min(len(tider) - 1, int(p * len(tider)))] * 1000


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--before", type=Path, help="a source tree (src/) to serve beside this one")
    p.add_argument("--only", help="comma-separated operation names (prefixes) to measure")
    a = p.parse_args()
    port = 24000 + os.getpid() % 4000
    varianter = [("after", SRC)] + ([("before", a.before)] if a.before else [])
    operationer = [o for o in OPERATIONER
                   if not a.only or any(o[0].startswith(x) for x in a.only.split(","))]
    print(f"server: gunicorn, {a.workers} workers x {a.threads} threads; {a.clients} clients with "
          f"keep-alive; {a.rounds} interleaved rounds; {os.cpu_count()} cores; "
          f"{datetime.now().isoformat(timespec='minutes')}")

    for navn, url in databaser():
        with bench_database(url) as database, contextlib.ExitStack() as kopier:
            forbered(database)
            stmts = statements_per_request(database)
            # each tree on a copy of its own of the prepared data (see the module's docstring)
            egen = {v: kopier.enter_context(kopi(database, v)) for v, _ in varianter}
            servere = {"echo": Server("echo", port + 1, None, a.workers, a.threads)}
            for i, (v, src) in enumerate(varianter):
                servere[v] = Server("fravaer", port + 2 + i, egen[v], a.workers, a.threads, src)
            port += 10
            try:
                maalinger: dict[tuple[str, str], list[tuple[float, float, float, float, int]]] = {}
                plads = 0
                for runde in range(a.rounds):
                    # warm-up, then the echo of this round
                    maal(servere["echo"].port, "/", op.ekko(), 200, a.clients)
                    echo, _, _ = maal(servere["echo"].port, "/", op.ekko(), int(1500 * a.scale), a.clients)
                    for opnavn, tjeneste, n, lav in operationer:
                        n = max(2, int(n * a.scale))
                        for v, _ in varianter:
                            plads += 1
                            if lav == "opret":
                                kroppe = opret_kroppe(plads, n)
                            elif lav == "ret":
                                kroppe = ret_kroppe(egen[v], plads, n)
                            else:
                                kroppe = lav()
                            sti = op.STI[tjeneste]
                            if runde == 0:
                                # warm-up: a write's on bodies of its own (another day; sent
                                # again, they would be retries), so that the first round is not
                                # the workers' first requests (their caches, statements, imports)
                                opvarm = kroppe
                                if lav == "opret":
                                    opvarm = opret_kroppe(OPVARMNING + len(maalinger), 20)
                                elif lav == "ret":
                                    opvarm = ret_kroppe(egen[v], OPVARMNING + len(maalinger), 20)
                                maal(servere[v].port, sti, opvarm, min(n, 20), a.clients)
                            rate, fejl, tider = maal(servere[v].port, sti, kroppe, n, a.clients)
                            maalinger.setdefault((opnavn, v), []).append(
                                (rate, rate / echo, _pct(tider, 0.5), _pct(tider, 0.99), fejl))
                    maalinger.setdefault(("echo", "echo"), []).append((echo, 1.0, 0, 0, 0))
            finally:
                for s in servere.values():
                    s.stop()
        rapport(navn, maalinger, operationer, varianter, stmts)


def rapport(navn, maalinger, operationer, varianter, stmts) -> None:
    def m(xs):
        return statistics.median(xs), min(xs), max(xs)

    echo = m([x[0] for x in maalinger[("echo", "echo")]])
    print(f"\n== {navn}: echo {echo[0]:,.0f} req/s (rounds {echo[1]:,.0f}–{echo[2]:,.0f})")
    print(f"{'operation':22s} {'code':6s} {'req/s':>7s} {'ratio (spread)':>20s} {'p50 ms':>7s} "
          f"{'p99 ms':>7s} {'fail':>4s} {'stmts/rt':>8s}")
    for opnavn, *_ in operationer:
        for v, _ in varianter:
            xs = maalinger[(opnavn, v)]
            rate, ratio = m([x[0] for x in xs]), m([x[1] for x in xs])
            s = stmts.get(opnavn) if v == "after" else None
            print(f"{opnavn:22s} {v:6s} {rate[0]:7,.0f} {ratio[0]:7.3f} ({ratio[1]:.3f}–{ratio[2]:.3f}) "
                  f"{statistics.median(x[2] for x in xs):7.1f} {statistics.median(x[3] for x in xs):7.1f} "
                  f"{sum(x[4] for x in xs):4d} {f'{s[0]}/{s[1]}' if s else '':>8s}")


if __name__ == "__main__":
    main()
