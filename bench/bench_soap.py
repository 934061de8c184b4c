"""Requests per second of OpretHaendelse, of HentHaendelser (one employment with 50 events) and of
a trivial spyne echo, all served by gunicorn with the same settings, on SQLite and PostgreSQL.
Prints the figures and each operation's ratio to the echo (target: at least 0.5).

    .venv/bin/python bench/bench_soap.py [--requests 3000] [--clients 4] [--workers 2] [--threads 4]

PostgreSQL is measured when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a server;
the benchmark works in a database of its own that it drops afterwards."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parent
ENV = "http://schemas.xmlsoap.org/soap/envelope/"


WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
BRUGER, KODEORD = "bench", "bench-kodeord"
SIKKERHED = (f'<s:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
             f"<wsse:Username>{BRUGER}</wsse:Username><wsse:Password>{KODEORD}</wsse:Password>"
             "</wsse:UsernameToken></wsse:Security></s:Header>")


def envelope(indhold: str, sikkerhed: bool = True) -> bytes:
    """A request; fravaer's operations carry a WS-Security UsernameToken (PasswordText)."""
    return (f'<s:Envelope xmlns:s="{ENV}" xmlns:f="urn:fravaer:1">{SIKKERHED if sikkerhed else ""}'
            f"<s:Body>{indhold}</s:Body></s:Envelope>").encode()


def ekko() -> list[bytes]:
    return [envelope("<f:Ekko><f:Tekst>hej</f:Tekst></f:Ekko>", sikkerhed=False)]


def opret(n: int, ansatte: int) -> list[bytes]:
    """n creations, each a new day for one of the employments: all accepted."""
    start = date(2025, 1, 1)
    return [envelope(
        "<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>B%07d</f:Tjenestenummer></f:Ansaettelse>"
        "<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>%s</f:FraDato><f:TilDato>%s</f:TilDato>"
        "</f:OpretHaendelse>" % (i % ansatte, start + timedelta(days=i // ansatte),
                                 start + timedelta(days=i // ansatte))) for i in range(n)]


def hent() -> list[bytes]:
    return [envelope(
        "<f:HentHaendelser><f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer>"
        "</f:Ansaettelse><f:FraDato>2021-01-01</f:FraDato><f:TilDato>2021-12-31</f:TilDato>"
        "</f:HentHaendelser>")]


def _klient(args) -> tuple[int, int]:
    port, sti, kroppe, fra, til = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    ok = fejl = 0
    for i in range(fra, til):
        krop = kroppe[i % len(kroppe)]
        conn.request("POST", sti, krop, {"Content-Type": "text/xml; charset=utf-8"})
        r = conn.getresponse()
        data = r.read()
        if r.status == 200 and b"Fault" not in data:
            ok += 1
        else:
            fejl += 1
    conn.close()
    return ok, fejl


def maal(port: int, sti: str, kroppe: list[bytes], n: int, klienter: int) -> tuple[float, int]:
    """Send n requests from `klienter` processes with keep-alive; return (req/s, failures)."""
    del_ = [(port, sti, kroppe, k * n // klienter, (k + 1) * n // klienter) for k in range(klienter)]
    with multiprocessing.Pool(klienter) as pool:
        t0 = time.perf_counter()
        res = pool.map(_klient, del_)
        tid = time.perf_counter() - t0
    return n / tid, sum(f for _, f in res)


class Server:
    def __init__(self, app: str, port: int, database: str | None, workers: int, threads: int):
        cmd = [sys.executable, str(BENCH / "serve.py"), app, "--port", str(port),
               "--workers", str(workers), "--threads", str(threads)]
        if database:
            cmd += ["--database", database]
        self.port = port
        self.proces = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def forbered(database: str, ansatte: int) -> None:
    """Migrate, load the demo data, add `ansatte` employments and 50 events for 10000001 in 2021."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.stamdata import laes
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.catalogue import standardkatalog
    from fravaer.domain.employment import AnsaettelsesIdent
    from fravaer.domain.events import HaendelseData
    from fravaer.service.demo import indlaes_demo
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
    from fravaer.service.masterdata import importer_ansaettelser

    e = make_engine(database)
    upgrade(e)
    indlaes_demo(e)
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato"]
    linjer += [f"BENCH,Benchstyrelsen,0101901234,{i},B{i:07d},0240,1100,1,37,2020-01-01,"
               for i in range(max(ansatte, 1))]
    importer_ansaettelser(e, laes("\n".join(linjer).encode()))
    from fravaer.service.brugere import gem_bruger

    gem_bruger(e, BRUGER, KODEORD, registrer=["DEMO", "BENCH"])
    t = Haendelsestjeneste(e, standardkatalog())
    dag = date(2021, 1, 4)
    for _ in range(50):
        t.opret(HaendelseAnmodning(AnsaettelsesIdent("10000001"), HaendelseData("100", dag, dag)),
                Bruger("bench", {"DEMO": Ret.REGISTRER}))
        dag += timedelta(days=7)
    e.dispose()


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


def pg_database(url: str):
    server = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    navn = f"fravaer_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    return server.set(database=navn).render_as_string(hide_password=False), admin, navn


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=3000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    a = p.parse_args()
    ansatte = 500
    port = 24000 + os.getpid() % 4000

    echo = Server("echo", port, None, a.workers, a.threads)
    try:
        maal(port, "/", ekko(), 300, a.clients)
        echo_rate, fejl = maal(port, "/", ekko(), a.requests, a.clients)
    finally:
        echo.stop()
    print(f"server: gunicorn, {a.workers} workers x {a.threads} threads; {a.clients} clients "
          f"with keep-alive; {a.requests} requests per figure; {os.cpu_count()} cores")
    print(f"{'echo (spyne, same server)':44s} {echo_rate:8.0f} req/s   failures {fejl}")

    for navn, url in databaser():
        with bench_database(url) as database:
            forbered(database, ansatte)
            port += 1
            s = Server("fravaer", port, database, a.workers, a.threads)
            try:
                sti = "/soap/FravaerService"
                maal(port, sti, hent(), 300, a.clients)
                hent_rate, hent_fejl = maal(port, sti, hent(), a.requests, a.clients)
                opret_rate, opret_fejl = maal(port, sti, opret(a.requests, ansatte), a.requests, a.clients)
            finally:
                s.stop()
        print(f"{'OpretHaendelse, ' + navn:44s} {opret_rate:8.0f} req/s   "
              f"ratio to echo {opret_rate / echo_rate:4.2f}   failures {opret_fejl}")
        print(f"{'HentHaendelser (50 events), ' + navn:44s} {hent_rate:8.0f} req/s   "
              f"ratio to echo {hent_rate / echo_rate:4.2f}   failures {hent_fejl}")


if __name__ == "__main__":
    main()
