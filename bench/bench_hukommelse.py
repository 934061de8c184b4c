"""A worker's memory (issue 13): after 100,000 stored events and a full walk of an institution of
10,000 employees (HentMedarbejdere page by page, every area but the schedules), the worker's RSS
must stay at most 200 MiB and not grow on a second walk. Prints the worker's RSS after start
(and one small request), after the first walk, after the second, after HentKvoter for 1,000
employments (twice), and after two vacation days written for every employment (20,000 writes, each
judged against its accounts), on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_hukommelse.py [--ansatte 10000] [--pr-ansat 10] [--side 500]

The data is made by the bulk imports (master data, then the event history: `fravaer import`'s
code), so it takes well under a minute. Server: gunicorn as `fravaer serve` runs it (bench/serve.py),
1 worker; RSS is read from /proc of the worker process. PostgreSQL when FRAVAER_BENCH_DATABASE_URL
or FRAVAER_TEST_DATABASE_URL names a server (in a database of its own, dropped afterwards)."""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import time
import uuid
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROD / "bench"))
sys.path.insert(0, str(ROD))

from bench_soap import BRUGER, KODEORD, Server, bench_database, databaser, envelope  # noqa: E402
from stor_institution import INSTITUTION, importer_institution  # noqa: E402
from tests import haendelseshistorik as hh  # noqa: E402

FORTSAETTELSE = re.compile(rb"<(?:\w+:)?Fortsaettelse>(\d+)</")
MEDARBEJDER = re.compile(rb"<(?:\w+:)?Medarbejder>")
OMRAADER = ["Persondata", "Adresse", "Kommunikation", "Organisation", "Ansaettelsesforhold", "Arbejdstid",
            "Fravaer"]
KVOTER = 1000


def forbered(database: str, ansatte: int, pr_ansat: int) -> None:
    """Units, `ansatte` employments of one institution with a person each, and `pr_ansat` events
    each (tests/haendelseshistorik.py: sickness of whole and part days, every tenth a vacation)."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.stamdata import laes_csv
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.brugere import gem_bruger
    from fravaer.service.haendelsesimport import importer_haendelser

    e = make_engine(database)
    upgrade(e)
    importer_institution(e, ansatte, hh.cpr, lambda i: 1 + i // 10000, "2020-01-01")
    linjer = list(laes_csv("haendelser", hh.haendelser(ansatte, pr_ansat)))
    r = importer_haendelser(e, standardkatalog(), linjer)
    if r.fejl or r.oprettet != ansatte * pr_ansat:
        raise RuntimeError(f"hændelserne fejlede: {r.oprettet} oprettet, {r.fejl[:3]}")
    gem_bruger(e, BRUGER, KODEORD, registrer=[INSTITUTION])
    e.dispose()


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for linje in f:
            if linje.startswith("VmRSS:"):
                return int(linje.split()[1]) / 1024
    raise RuntimeError("ingen VmRSS")


def arbejder(master: int) -> int:
    """The gunicorn worker: the master's only child."""
    for _ in range(100):
        boern = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if boern:
            return int(boern[0])
        time.sleep(0.1)
    raise RuntimeError("ingen arbejder")


def post(conn: http.client.HTTPConnection, sti: str, krop: bytes) -> bytes:
    conn.request("POST", sti, krop, {"Content-Type": "text/xml; charset=utf-8"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200 or b"Fault" in data:
        raise RuntimeError(f"{sti} fejlede: {data[:500]!r}")
    return data


def gennemgang(conn: http.client.HTTPConnection, side: int) -> tuple[int, float]:
    """Every page of the institution; (employees, seconds)."""
    felter = "".join(f"<f:Omraade>{o}</f:Omraade>" for o in OMRAADER)
    fortsaettelse, antal = None, 0
    t0 = time.perf_counter()
    while True:
        f = f"<f:Fortsaettelse>{fortsaettelse}</f:Fortsaettelse>" if fortsaettelse else ""
        data = post(conn, "/soap/MedarbejderService", envelope(
            f"<f:HentMedarbejdere><f:Institution>{INSTITUTION}</f:Institution>{felter}"
            f"<f:FraDato>2022-01-01</f:FraDato><f:TilDato>2022-12-31</f:TilDato>"
            f"<f:MaksAntal>{side}</f:MaksAntal>{f}</f:HentMedarbejdere>"))
        antal += len(MEDARBEJDER.findall(data))
        m = FORTSAETTELSE.search(data)
        if m is None:
            return antal, time.perf_counter() - t0
        fortsaettelse = m.group(1).decode()


def hent_kvoter(antal: int) -> bytes:
    ansaettelser = "".join(f"<f:Ansaettelse><f:Tjenestenummer>S{i:06d}</f:Tjenestenummer></f:Ansaettelse>"
                           for i in range(antal))
    return envelope(f"<f:HentKvoter>{ansaettelser}<f:Dato>2022-06-15</f:Dato></f:HentKvoter>")


def opret_ferie(i: int, dag: str) -> bytes:
    return envelope(
        f"<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>S{i:06d}</f:Tjenestenummer></f:Ansaettelse>"
        f"<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:OpretHaendelse>")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ansatte", type=int, default=10_000)
    p.add_argument("--pr-ansat", type=int, default=10)
    p.add_argument("--side", type=int, default=500)
    a = p.parse_args()
    port = 34000 + os.getpid() % 4000
    print(f"worker RSS: {a.ansatte:,} employees, {a.ansatte * a.pr_ansat:,} events; HentMedarbejdere "
          f"{a.side} a page, {len(OMRAADER)} areas; gunicorn 1 worker; {os.cpu_count()} cores")
    kvoter = min(KVOTER, a.ansatte)  # HentKvoter for 1,000 (fewer for a smaller institution)
    for navn, url in databaser():
        with bench_database(url) as database:
            t0 = time.perf_counter()
            forbered(database, a.ansatte, a.pr_ansat)
            print(f"{navn} (data made in {time.perf_counter() - t0:.0f} s)")
            port += 1
            s = Server("fravaer", port, database, 1, 1)
            try:
                pid = arbejder(s.proces.pid)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                post(conn, "/soap/KvoteService", hent_kvoter(1))
                print(f"  after start (and HentKvoter for one)   {rss_mib(pid):7.1f} MiB")
                for gang in ("first", "second"):
                    antal, tid = gennemgang(conn, a.side)
                    print(f"  after the {gang} walk ({antal:,} in {tid:5.1f} s) {rss_mib(pid):7.1f} MiB")
                krop = hent_kvoter(kvoter)
                for gang in ("", " again"):
                    t0 = time.perf_counter()
                    post(conn, "/soap/KvoteService", krop)
                    print(f"  after HentKvoter for {kvoter:,}{gang:6s} ({time.perf_counter() - t0:4.2f} s) "
                          f"{rss_mib(pid):7.1f} MiB")
                # writes too: two vacation days for every employment (each reads its accounts)
                afvist, t0 = 0, time.perf_counter()
                for dag in ("2023-06-05", "2023-06-06"):
                    for i in range(a.ansatte):
                        svar = post(conn, "/soap/FravaerService", opret_ferie(i, dag))
                        afvist += b"Fault>" in svar
                print(f"  after OpretHaendelse x2 for all ({afvist:,} refused, "
                      f"{time.perf_counter() - t0:4.0f} s) {rss_mib(pid):7.1f} MiB")
                conn.close()
            finally:
                s.stop()


if __name__ == "__main__":
    main()
