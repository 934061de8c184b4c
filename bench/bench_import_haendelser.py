"""The history import (issue 15 item 5): `fravaer import --art haendelser` of 100,000 events
(10 for each of 10,000 employments; sickness of whole and part days, every tenth a vacation that
draws from its account) into a database holding only the master data. Target: at most 60 s.
Prints the time to read the file, to judge and store it, to import it again (every line already
stored: nothing written), to export it, and the process's peak RSS.

    .venv/bin/python bench/bench_import_haendelser.py [--ansatte 10000] [--pr-ansat 10]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). The master data is imported first through
the same import, untimed."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROD / "bench"))
sys.path.insert(0, str(ROD))

from bench_soap import bench_database, databaser  # noqa: E402
from tests import haendelseshistorik as hh  # noqa: E402


def maal(database: str, ansatte: int, pr_ansat: int) -> dict[str, float]:
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.stamdata import laes_csv, skriv_csv
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelsesimport import eksporter_haendelser, importer_haendelser
    from fravaer.service.stamdata import importer

    e = make_engine(database)
    upgrade(e)
    importer(e, laes_csv("enheder", hh.enheder()))
    assert not importer(e, laes_csv("ansaettelser", hh.ansaettelser(ansatte))).fejl
    fil = hh.haendelser(ansatte, pr_ansat)
    tider = {}
    t = time.perf_counter()
    linjer = list(laes_csv("haendelser", fil))
    tider["læs filen"] = time.perf_counter() - t
    t = time.perf_counter()
    r = importer_haendelser(e, standardkatalog(), linjer)
    tider["vurdér og gem"] = time.perf_counter() - t
    assert (r.oprettet, r.fejl) == (ansatte * pr_ansat, []), (r.oprettet, r.fejl[:3])
    t = time.perf_counter()
    r = importer_haendelser(e, standardkatalog(), linjer)
    tider["importér igen (uændret)"] = time.perf_counter() - t
    assert r.uaendret == ansatte * pr_ansat
    t = time.perf_counter()
    ud = skriv_csv("haendelser", eksporter_haendelser(e))
    tider["eksportér"] = time.perf_counter() - t
    assert len(ud.splitlines()) == ansatte * pr_ansat + 1
    e.dispose()
    return tider


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ansatte", type=int, default=10000)
    p.add_argument("--pr-ansat", type=int, default=10)
    args = p.parse_args()
    antal = args.ansatte * args.pr_ansat
    print(f"import af {antal:,} hændelser ({args.ansatte:,} ansættelser × {args.pr_ansat})")
    for navn, server in databaser():
        with bench_database(server) as database:
            tider = maal(database, args.ansatte, args.pr_ansat)
        i_alt = tider["læs filen"] + tider["vurdér og gem"]
        print(f"{navn}:")
        for k, v in tider.items():
            print(f"  {k:<26}{v:8.1f} s")
        print(f"  {'i alt (læs + gem)':<26}{i_alt:8.1f} s  = {antal / i_alt:,.0f} hændelser/s "
              f"({'inden for' if i_alt <= 60 else 'OVER'} målet 60 s)")
    print(f"største RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
