"""Load test: many concurrent clients against several server processes on PostgreSQL, ending with
exactly the expected rows. Bounded in requests and time; only 127.0.0.1.

    .venv/bin/python bench/load_test.py [--clients 8] [--requests 500] [--workers 4]

Needs FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL (a PostgreSQL server; a database of
its own is made and dropped). Each client i sends `requests` writes, by plan:
  - 8 of 10 create a one-day 100 on a day of their own for their own employment (stored once each;
    not a vacation code: 500 days of vacation would break the 25-day limit of a ferieår);
  - 1 of 10 is sent twice with the same TransaktionsID (stored once; both answers name one event);
  - 1 of 10 creates a sickness day on a day shared by all clients, for one shared employment
    (exactly one client wins each such day; the others get fault F011).
It prints throughput and latency, and fails (exit 1) on any difference from the expected rows, any
5xx that is not a SOAP fault, or any fault other than the expected F011."""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import envelope, pg_database
from sqlalchemy import func, select, text

KODE = re.compile(rb"<(?:\w+:)?Kode>([A-Z0-9]+)</")
FAELLES = "L0000000"


def _opret(tjnr: str, kode: str, dag: date, tid: str | None = None) -> bytes:
    t = f"<f:TransaktionsID>{tid}</f:TransaktionsID>" if tid else ""
    return envelope(f"<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>{tjnr}</f:Tjenestenummer>"
                    f"</f:Ansaettelse><f:FastAarsagskode>{kode}</f:FastAarsagskode>"
                    f"<f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>{t}</f:OpretHaendelse>")


def plan(klient: int, n: int) -> list[tuple[str, bytes, int]]:
    """(kind, body, repeats) for one client; kinds: unik, gentag, konflikt."""
    start = date(2030, 1, 1)
    egen = f"L{klient + 1:07d}"
    res = []
    for i in range(n):
        if i % 10 == 9:
            res.append(("konflikt", _opret(FAELLES, "100", start + timedelta(days=i // 10)), 1))
        elif i % 10 == 8:
            res.append(("gentag", _opret(egen, "100", start + timedelta(days=i), str(uuid.uuid4())), 2))
        else:
            res.append(("unik", _opret(egen, "100", start + timedelta(days=i)), 1))
    return res


def forventede_raekker(klienter: int, n: int) -> int:
    per_klient = sum(1 for i in range(n) if i % 10 != 9)
    konfliktdage = len({i // 10 for i in range(n) if i % 10 == 9})
    return klienter * per_klient + konfliktdage


def _klient(args) -> dict:
    port, klient, n, frist = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    tal = {"ok": 0, "F011": 0, "uventet": [], "ventetider": [], "gentag_forskellige": 0}
    for art, krop, gange in plan(klient, n):
        ider = set()
        for _ in range(gange):
            if time.monotonic() > frist:
                tal["uventet"].append("tiden løb ud")
                return tal
            t0 = time.perf_counter()
            conn.request("POST", "/soap/FravaerService", krop, {"Content-Type": "text/xml; charset=utf-8"})
            r = conn.getresponse()
            data = r.read()
            tal["ventetider"].append(time.perf_counter() - t0)
            if r.status == 200:
                tal["ok"] += 1
                ider.add(re.search(rb"HaendelseID>([^<]+)<", data).group(1))
            elif r.status == 500 and b"Fault>" in data:
                koder = KODE.findall(data)
                if art == "konflikt" and koder and set(koder) == {b"F011"}:
                    tal["F011"] += 1
                else:
                    tal["uventet"].append(f"{art}: {koder}")
            else:
                tal["uventet"].append(f"HTTP {r.status} uden SOAP-fejl")
        if art == "gentag" and len(ider) != 1:
            tal["gentag_forskellige"] += 1
    conn.close()
    return tal


def koer(database_url: str, klienter: int, n: int, workers: int, threads: int, maks_sekunder: int,
         port: int) -> tuple[bool, str]:
    """Run the load against a fresh server on `database_url`; return (passed, report)."""
    from bench_soap import Server, forbered

    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.tables import HaendelseRow
    from fravaer.adapters.stamdata import laes
    from fravaer.service.stamdata import importer_ansaettelser

    forbered(database_url, 0)
    e = make_engine(database_url)
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato"]
    linjer += [f"BENCH,Benchstyrelsen,0202901234,{i},L{i:07d},0240,1100,1,37,2020-01-01,"
               for i in range(klienter + 1)]
    importer_ansaettelser(e, laes("\n".join(linjer).encode()))
    with e.connect() as c:
        foer = c.scalar(select(func.count()).select_from(HaendelseRow))
    server = Server("fravaer", port, database_url, workers, threads)
    try:
        frist = time.monotonic() + maks_sekunder
        t0 = time.perf_counter()
        with multiprocessing.Pool(klienter) as pool:
            resultater = pool.map(_klient, [(port, k, n, frist) for k in range(klienter)])
        tid = time.perf_counter() - t0
    finally:
        server.stop()
    with e.connect() as c:
        raekker = c.scalar(select(func.count()).select_from(HaendelseRow)) - foer
    e.dispose()
    ventetider = sorted(v for r in resultater for v in r["ventetider"])
    uventet = [u for r in resultater for u in r["uventet"]]
    forventet = forventede_raekker(klienter, n)
    gentag_fejl = sum(r["gentag_forskellige"] for r in resultater)

    def pct(p):
        return ventetider[min(len(ventetider) - 1, int(p * len(ventetider)))] * 1000

    rapport = (
        f"{klienter} clients x {n} writes (+ retries) against gunicorn "
        f"{workers} workers x {threads} threads\n"
        f"requests {len(ventetider)} in {tid:.1f} s = {len(ventetider) / tid:.0f} req/s; latency ms "
        f"p50 {pct(.5):.1f}  p95 {pct(.95):.1f}  p99 {pct(.99):.1f}  max {ventetider[-1] * 1000:.0f}\n"
        f"ok {sum(r['ok'] for r in resultater)}, "
        f"F011 (lost a shared day) {sum(r['F011'] for r in resultater)}, "
        f"unexpected {len(uventet)} {uventet[:5]}\n"
        f"rows stored {raekker}, expected {forventet}; retries answered with two ids: {gentag_fejl}")
    return raekker == forventet and not uventet and gentag_fejl == 0, rapport


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-seconds", type=int, default=600)
    a = p.parse_args()
    pg = os.environ.get("FRAVAER_BENCH_DATABASE_URL") or os.environ.get("FRAVAER_TEST_DATABASE_URL")
    if not pg:
        sys.exit("FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL must name a PostgreSQL server")
    with tempfile.TemporaryDirectory():
        database, admin, navn = pg_database(pg)
        try:
            ok, rapport = koer(database, a.clients, a.requests, a.workers, a.threads, a.max_seconds,
                               24000 + os.getpid() % 4000)
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
            admin.dispose()
    print(rapport)
    print("PASSED" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
