"""HentKvoter for one employment against HentKvoter for 1,000 in one request: batching must pay.
Each of the 1,000 employments has three events drawing from its accounts (two vacations, special
days), a child and a time-bank adjustment. Prints the median time of each request, the time per
employment of the batch and its ratio to the single request (issue 13: at most 0.05, and the
1,000 at most 150 ms on PostgreSQL).

    .venv/bin/python bench/bench_kvoter.py [--single 200] [--batch 15] [--forskellige]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). Server: gunicorn, 1 worker, 1 thread, one
client sending one request at a time: latency, not throughput."""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import BRUGER, KODEORD, Server, bench_database, databaser, envelope

ANSATTE = 1000
DATO = "2025-11-15"


def forbered(database: str, forskellige: bool = False) -> None:
    """The 1,000 employments: alike (one start date, three patterns of events), or with
    `forskellige` each its own start date, weekly hours, child's birth date, event weeks and
    adjustment, as an institution's would be (what a batch can share is then only what is
    really common)."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.stamdata import laes, laes_boern
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.kvoter import KvoteType
    from fravaer.service.brugere import gem_bruger
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
    from fravaer.service.kvoter import Kvotetjeneste
    from fravaer.service.stamdata import importer_ansaettelser, importer_boern

    e = make_engine(database)
    upgrade(e)
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato"]
    boern = ["foraelder_cpr,barnenummer,foedselsdato"]
    for i in range(ANSATTE):
        cpr = f"0101{70 + i % 30:02d}{i:04d}"
        if forskellige:
            start = date(2005, 1, 3) + timedelta(days=i * 7 % 7000)
            timer = (37, 32, 30, 25)[i % 4]
            foedt = date(2012, 1, 1) + timedelta(days=i * 3)
        else:
            start, timer, foedt = date(2018, 1, 1), 37, date(2021, 1 + i % 9, 15)
        linjer.append(f"BENCH,Benchstyrelsen,{cpr},1,B{i:07d},0240,1100,1,{timer},{start},")
        boern.append(f"{cpr},1,{foedt}")
    importer_ansaettelser(e, laes("\n".join(linjer).encode()))
    importer_boern(e, laes_boern("\n".join(boern).encode()))
    gem_bruger(e, BRUGER, KODEORD, registrer=["BENCH"])
    bruger = Bruger("bench", {"BENCH": Ret.REGISTRER})
    h = Haendelsestjeneste(e, standardkatalog())
    k = Kvotetjeneste(e, standardkatalog())
    for i in range(ANSATTE):
        ident = AnsaettelsesIdent(f"B{i:07d}")
        for kode, fra, dage in (("500", date(2025, 6, 16), 4), ("500", date(2025, 10, 6), 2),
                                ("520", date(2025, 5, 12), 1)):
            start = fra + timedelta(days=i % 3 + (7 * (i % 8) if forskellige else 0))
            h.opret(HaendelseAnmodning(ident, HaendelseData(kode, start, start + timedelta(days=dage))),
                    bruger)
        timer = Fraction(1 + i % 7, 2) if forskellige else Fraction(3, 2)
        k.reguler(ident, KvoteType.FRIHEDSBANK, 2025, 4, timer, date(2025, 1, 2), None, None, bruger)
    e.dispose()


def hent_kvoter(antal: int) -> bytes:
    ansaettelser = "".join(f"<f:Ansaettelse><f:Tjenestenummer>B{i:07d}</f:Tjenestenummer></f:Ansaettelse>"
                           for i in range(antal))
    return envelope(f"<f:HentKvoter>{ansaettelser}<f:Dato>{DATO}</f:Dato></f:HentKvoter>")


def median_tid(port: int, krop: bytes, gange: int) -> tuple[float, int]:
    """Median seconds of `gange` sequential requests on one keep-alive connection, after one
    warm-up; also the answer's size."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    tider, stoerrelse = [], 0
    for i in range(gange + 1):
        t0 = time.perf_counter()
        conn.request("POST", "/soap/KvoteService", krop, {"Content-Type": "text/xml; charset=utf-8"})
        r = conn.getresponse()
        data = r.read()
        if r.status != 200 or b"Fault" in data:
            raise RuntimeError(f"HentKvoter fejlede: {data[:500]!r}")
        if i:
            tider.append(time.perf_counter() - t0)
        stoerrelse = len(data)
    conn.close()
    return statistics.median(tider), stoerrelse


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--single", type=int, default=200, help="requests for one employment")
    p.add_argument("--batch", type=int, default=15, help="requests for 1,000 employments")
    p.add_argument("--forskellige", action="store_true",
                   help="each employment its own start date, hours, child and event weeks")
    a = p.parse_args()
    port = 28000 + os.getpid() % 4000
    print(f"HentKvoter at {DATO}; {ANSATTE} employments with 3 events, a child and an adjustment each"
          f"{' (each its own dates)' if a.forskellige else ''}; "
          f"gunicorn 1 worker x 1 thread; {os.cpu_count()} cores")
    for navn, url in databaser():
        with bench_database(url) as database:
            t0 = time.perf_counter()
            forbered(database, a.forskellige)
            klar = time.perf_counter() - t0
            port += 1
            s = Server("fravaer", port, database, 1, 1)
            try:
                en, en_bytes = median_tid(port, hent_kvoter(1), a.single)
                alle, alle_bytes = median_tid(port, hent_kvoter(ANSATTE), a.batch)
            finally:
                s.stop()
        pr_ansat = alle / ANSATTE
        print(f"{navn} (data made in {klar:.0f} s)")
        print(f"  HentKvoter, 1 employment     {en * 1000:8.2f} ms   answer {en_bytes:>9,d} bytes")
        print(f"  HentKvoter, {ANSATTE} employments {alle * 1000:8.1f} ms   answer {alle_bytes:>9,d} bytes")
        print(f"  per employment in the batch  {pr_ansat * 1000:8.3f} ms   ratio to one alone "
              f"{pr_ansat / en:5.3f} (issue 13: <= 0.05)")


if __name__ == "__main__":
    main()
