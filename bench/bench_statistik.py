"""A year's key figures (HentFravaersstatistik's use case) for an institution of 10,000
employments with 150,000 events, on SQLite and PostgreSQL. Prints the seconds of each request
(ungrouped; by unit, type and month) and the process's peak memory before and after, to show
that the employments are read page by page (target: ≤ 10 s on PostgreSQL; memory bounded).

    .venv/bin/python bench/bench_statistik.py [--ansatte 10000] [--haendelser 15] [--gange 1]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). The events are inserted in bulk (the set-up
is not what is measured); their codes mix sickness, partial sickness, children's sick days,
vacation and care days over the year 2025, 15 per employment."""

from __future__ import annotations

import argparse
import resource
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import bench_database, databaser

AAR = 2025
# (code, days, minutes per day): sickness, partial sickness, a child's sick day, vacation, a care day
KODER = (("100", 3, None), ("100", 1, None), ("155", 10, 222), ("230", 0, None), ("500", 4, None),
         ("100", 0, 222), ("610", 0, None), ("500", 9, None), ("100", 20, None), ("520", 0, None))


def forbered(database: str, ansatte: int, pr_ansat: int) -> None:
    from sqlalchemy import insert, select

    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.db.tables import AnsaettelseRow, HaendelseRow
    from fravaer.adapters.stamdata import laes_csv
    from fravaer.service.stamdata import importer

    e = make_engine(database)
    upgrade(e)
    enheder = ["institution_kode,institution_navn,kode,navn,overordnet_kode", "BENCH,Bench,DIR,Direktion,"]
    enheder += [f"BENCH,Bench,E{k},Enhed {k},DIR" for k in range(10)]
    assert importer(e, laes_csv("enheder", "\n".join(enheder).encode())).fejl == []
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato,enhed_kode"]
    for i in range(ansatte):
        timer = 37 if i % 4 else 30
        cpr = f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{60 + i // 336 % 40:02d}{i % 10000:04d}"
        pkat = ("0240", "0553", "0107")[i % 3]
        linjer.append(f"BENCH,Bench,{cpr},{1 + i // 13440},S{i:07d},{pkat},1100,1,{timer},2015-01-01,,"
                      f"E{i % 10}")
    r = importer(e, laes_csv("ansaettelser", "\n".join(linjer).encode()))
    assert r.fejl == [], r.fejl[:3]
    with e.begin() as c:
        ider = list(c.scalars(select(AnsaettelseRow.id).order_by(AnsaettelseRow.id)))
        nu = datetime.now(UTC).replace(tzinfo=None)
        raekker = []
        for n, aid in enumerate(ider):
            for k in range(pr_ansat):
                kode, dage, minutter = KODER[(n + k) % len(KODER)]
                fra = date(AAR, 1, 5) + timedelta(days=k * (360 // pr_ansat) + n % 7)
                raekker.append(dict(id=str(uuid.uuid4()), ansaettelse_id=aid, version=1, kode=kode,
                                    fra_dato=fra, til_dato=fra + timedelta(days=dage), minutter=minutter,
                                    oprettet=nu, aendret=nu))
                if len(raekker) >= 20000:
                    c.execute(insert(HaendelseRow.__table__), raekker)
                    raekker = []
        if raekker:
            c.execute(insert(HaendelseRow.__table__), raekker)
    e.dispose()


def maal(database: str, grupperinger: tuple[str, ...], gange: int) -> tuple[float, int]:
    from fravaer.adapters.db.engine import make_engine
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.statistik import Statistikanmodning, hent_statistik

    e = make_engine(database)
    bruger = Bruger("bench", {"BENCH": Ret.LAES})
    tider = []
    for _ in range(gange):
        t = time.perf_counter()
        anmodning = Statistikanmodning("BENCH", date(AAR, 1, 1), date(AAR, 12, 31), grupperinger=grupperinger)
        r = hent_statistik(e, standardkatalog(), anmodning, bruger, 5)
        tider.append(time.perf_counter() - t)
    e.dispose()
    return min(tider), len(r.noegletal)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ansatte", type=int, default=10_000)
    p.add_argument("--haendelser", type=int, default=15, help="events per employment")
    p.add_argument("--gange", type=int, default=1, help="runs of each request (the fastest is shown)")
    a = p.parse_args()
    print(f"{a.ansatte} ansættelser, {a.ansatte * a.haendelser} hændelser, året {AAR}")
    for navn, server in databaser():
        with bench_database(server) as database:
            t = time.perf_counter()
            forbered(database, a.ansatte, a.haendelser)
            print(f"{navn}: data lagt ind på {time.perf_counter() - t:.1f} s")
            for grupperinger in ((), ("Enhed", "Type", "Maaned")):
                foer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                sekunder, grupper = maal(database, grupperinger, a.gange)
                efter = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                print(f"{navn}: nøgletal for året, gruppering {'+'.join(grupperinger) or 'ingen'}: "
                      f"{sekunder:.2f} s, {grupper} grupper; største hukommelse {foer / 1024:.0f} → "
                      f"{efter / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
