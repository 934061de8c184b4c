"""The quarterly report of one institution with 10,000 employments and 150,000 events in a year
(issue 14 item 8, the report's half): a first run (computes and stores every record), a second
run of the same quarter (nothing changed: computes, finds the last run equal, stores nothing),
and the CSV and XML files written from the stored run. Prints each time, the number of records,
the process's peak memory and the most a run allocates at once (each database measured in a fresh
process, after the data is made).
Target: a quarter's report in at most 5 s on PostgreSQL; memory bounded (streamed).

    .venv/bin/python bench/bench_indberetning.py [--ansatte 10000] [--haendelser 15]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). The events are inserted in bulk (valid,
non-overlapping, one every 24 days per employment: sickness whole and partial days, partial
sickness 155 with its hours, a child's sick day, care days, special days, vacation that is not
reported, and an open sickness); 5 % of the employments become exempt (PKAT 0082) from 15 May,
5 % move to another institution from 1 August."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import bench_database, databaser

KVARTAL = (2025, 2)
# (code, days, minutes per day) in turn; 500 is not reported
MOENSTER = [("100", 2, None), ("155", 10, 222), ("230", 0, None), ("100", 0, 120), ("500", 4, None),
            ("610", 0, None), ("520", 1, None), ("100", 0, None), ("225", 5, 180), ("100", 3, None)]


def forbered(database: str, ansatte: int, pr_ansat: int) -> int:
    from sqlalchemy import insert

    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.db.tables import HaendelseRow
    from fravaer.adapters.stamdata import laes
    from fravaer.service.stamdata import importer_ansaettelser

    e = make_engine(database)
    upgrade(e)
    hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
             "ugentlig_arbejdstid,startdato,slutdato")
    linjer = [hoved] + [f"BENCH,Benchstyrelsen,{_cpr(i)},1,B{i:07d},0240,1100,1,37,2018-01-01,"
                        for i in range(ansatte)]
    importer_ansaettelser(e, laes("\n".join(linjer).encode()))
    aendringer = [hoved + ",gyldig_fra"]
    for i in range(0, ansatte, 20):  # 5 %: exempt from 15 May
        aendringer.append(f"BENCH,Benchstyrelsen,{_cpr(i)},1,B{i:07d},0082,1100,1,37,2018-01-01,,2025-05-15")
    for i in range(10, ansatte, 20):  # 5 %: to another institution from 1 August
        aendringer.append(f"BENCH2,Benchstyrelse 2,{_cpr(i)},1,B{i:07d},0240,1100,1,37,2018-01-01,,"
                          "2025-08-01")
    importer_ansaettelser(e, laes("\n".join(aendringer).encode()))
    with e.connect() as c:
        ider = [r[0] for r in c.exec_driver_sql("SELECT id FROM ansaettelse ORDER BY id")]
    nu = datetime(2025, 1, 2, tzinfo=UTC).replace(tzinfo=None)
    rows, antal = [], 0
    for n, aid in enumerate(ider):
        for j in range(pr_ansat):
            kode, dage, minutter = MOENSTER[(j + n) % len(MOENSTER)]
            fra = date(2025, 1, 1) + timedelta(days=24 * j + n % 7)
            aaben = j == pr_ansat - 1 and n % 50 == 0 and kode == "100"
            til = date.max if aaben else fra + timedelta(days=dage)
            rows.append({"id": str(uuid.uuid4()), "ansaettelse_id": aid, "version": 1, "kode": kode,
                         "fra_dato": fra, "til_dato": til, "minutter": minutter, "barnenummer": None,
                         "ferieaar": None, "bemaerkning": None, "barselssag_id": None,
                         "arbejdsskadesag": None, "tjenestefriaarsag": None, "oprettet": nu, "aendret": nu})
        if len(rows) >= 20000:
            with e.begin() as c:
                c.execute(insert(HaendelseRow.__table__), rows)
            antal += len(rows)
            rows = []
    if rows:
        with e.begin() as c:
            c.execute(insert(HaendelseRow.__table__), rows)
        antal += len(rows)
    e.dispose()
    return antal


def _cpr(i: int) -> str:
    return f"0101{70 + i % 30:02d}{i:04d}"


def koer(database: str) -> dict:
    """In a fresh process: two runs of the report and the two files; times and peak memory."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.kvartaler import Kvartal
    from fravaer.reports.indberetningsfil import skriv_csv, skriv_xml
    from fravaer.service.indberetning import Indberetningstjeneste

    e = make_engine(database)
    tj = Indberetningstjeneste(e, standardkatalog(), ur=lambda: datetime(2025, 7, 2, 8, tzinfo=UTC))
    bruger, k = Bruger("bench", {"BENCH": Ret.LAES}), Kvartal(*KVARTAL)
    foer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    r1 = tj.dan("BENCH", k, bruger)
    t1 = time.perf_counter()
    r2 = tj.dan("BENCH", k, bruger)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as mappe:
        with open(Path(mappe) / "q.csv", "wb") as ud:
            skriv_csv(ud, r2, tj.alle_poster(r2.koersel))
        t3 = time.perf_counter()
        with open(Path(mappe) / "q.xml", "wb") as ud:
            skriv_xml(ud, r2, tj.alle_poster(r2.koersel))
        t4 = time.perf_counter()
        stoerrelser = [(Path(mappe) / f).stat().st_size for f in ("q.csv", "q.xml")]
    assert r1.ny and not r2.ny and r2.koersel == r1.koersel
    tracemalloc.start()  # a third run, traced: what a run allocates at most at once (slower)
    tj.dan("BENCH", k, bruger)
    spids = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    e.dispose()
    return {"foerste": t1 - t0, "anden": t2 - t1, "csv": t3 - t2, "xml": t4 - t3, "poster": r1.koersel.antal,
            "csv_bytes": stoerrelser[0], "xml_bytes": stoerrelser[1], "rss_foer_mib": foer / 1024,
            "rss_top_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "spids_mib": spids / 2**20}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ansatte", type=int, default=10000)
    p.add_argument("--haendelser", type=int, default=15, help="events per employment in the year")
    p.add_argument("--koer", help=argparse.SUPPRESS)  # the measuring child process
    a = p.parse_args()
    if a.koer:
        print(json.dumps(koer(a.koer)))
        return
    print(f"quarterly report {KVARTAL[1]}. kvartal {KVARTAL[0]}: {a.ansatte:,} employments, "
          f"{a.ansatte * a.haendelser:,} events in 2025; {os.cpu_count()} cores")
    for navn, url in databaser():
        with bench_database(url) as database:
            t0 = time.perf_counter()
            antal = forbered(database, a.ansatte, a.haendelser)
            klar = time.perf_counter() - t0
            ud = subprocess.run([sys.executable, __file__, "--koer", database], capture_output=True,
                                text=True, check=True)
            m = json.loads(ud.stdout.strip().splitlines()[-1])
        print(f"{navn} ({antal:,} events made in {klar:.0f} s)")
        print(f"  first run (computes and stores)   {m['foerste']:6.2f} s   {m['poster']:,} records")
        print(f"  second run (unchanged, reused)    {m['anden']:6.2f} s")
        print(f"  CSV file from the stored run      {m['csv']:6.2f} s   {m['csv_bytes']:>11,d} bytes")
        print(f"  XML file from the stored run      {m['xml']:6.2f} s   {m['xml_bytes']:>11,d} bytes")
        print(f"  peak memory of the process        {m['rss_top_mib']:6.0f} MiB (before the runs "
              f"{m['rss_foer_mib']:.0f} MiB)")
        print(f"  peak Python allocation in a run   {m['spids_mib']:6.1f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
