"""HentMedarbejdere for an institution of 10,000 employees, read in pages: employees per second.
The employees are spread over a three-level unit tree, each with a person (name, address,
e-mail) and an employment history; one in five has two absence events this year.

    .venv/bin/python bench/bench_medarbejdere.py [--side 500] [--ansatte 10000]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). Server: gunicorn, 1 worker × 1 thread, one
client reading page after page, three walks per variant (median and best printed)."""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import BRUGER, KODEORD, Server, bench_database, databaser, envelope
from stor_institution import INSTITUTION, importer_institution

FORTSAETTELSE = re.compile(rb"<(?:\w+:)?Fortsaettelse>(\d+)</")
MEDARBEJDER = re.compile(rb"<(?:\w+:)?Medarbejder>")


def _cpr(i: int) -> str:
    return f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{60 + i % 40:02d}{i:04d}"


def forbered(database: str, ansatte: int) -> None:
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.brugere import gem_bruger
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

    e = make_engine(database)
    upgrade(e)
    importer_institution(e, ansatte, _cpr, lambda i: 1, "2018-01-01")
    gem_bruger(e, BRUGER, KODEORD, registrer=[INSTITUTION])
    h = Haendelsestjeneste(e, standardkatalog())
    b = Bruger("bench", {INSTITUTION: Ret.REGISTRER})
    for i in range(0, ansatte, 5):
        for fra, til in ((date(2025, 2, 3), date(2025, 2, 4)), (date(2025, 9, 1), date(2025, 9, 1))):
            h.opret(HaendelseAnmodning(AnsaettelsesIdent(f"S{i:06d}"), HaendelseData("100", fra, til)), b)
    e.dispose()


def laes_alle(port: int, side: int, omraader: list[str]) -> tuple[int, int, float]:
    """Read every page; (employees, pages, seconds)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    felter = "".join(f"<f:Omraade>{o}</f:Omraade>" for o in omraader)
    fortsaettelse, antal, sider = None, 0, 0
    t0 = time.perf_counter()
    while True:
        f = f"<f:Fortsaettelse>{fortsaettelse}</f:Fortsaettelse>" if fortsaettelse else ""
        krop = envelope(f"<f:HentMedarbejdere><f:Institution>{INSTITUTION}</f:Institution>{felter}"
                        f"<f:FraDato>2025-01-01</f:FraDato><f:TilDato>2025-12-31</f:TilDato>"
                        f"<f:MaksAntal>{side}</f:MaksAntal>{f}</f:HentMedarbejdere>")
        conn.request("POST", "/soap/MedarbejderService", krop, {"Content-Type": "text/xml; charset=utf-8"})
        r = conn.getresponse()
        data = r.read()
        if r.status != 200 or b"Fault" in data:
            raise RuntimeError(f"HentMedarbejdere fejlede: {data[:500]!r}")
        antal += len(MEDARBEJDER.findall(data))
        sider += 1
        m = FORTSAETTELSE.search(data)
        if m is None:
            break
        fortsaettelse = m.group(1).decode()
    tid = time.perf_counter() - t0
    conn.close()
    return antal, sider, tid


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--side", type=int, default=500)
    p.add_argument("--ansatte", type=int, default=10_000)
    p.add_argument("--walks", type=int, default=3, help="walks per variant (the first warms the worker)")
    a = p.parse_args()
    port = 30000 + os.getpid() % 4000
    print(f"HentMedarbejdere for one institution of {a.ansatte} employees, {a.side} a page; gunicorn "
          f"1 worker x 1 thread; {os.cpu_count()} cores")
    varianter = [("Persondata, Organisation", ["Persondata", "Organisation"]),
                 ("every area but Moedetidsplaner", ["Persondata", "Adresse", "Kommunikation", "Organisation",
                                                    "Ansaettelsesforhold", "Arbejdstid", "Fravaer"]),
                 ("every area (a year of schedule each)", [])]
    for navn, url in databaser():
        with bench_database(url) as database:
            t0 = time.perf_counter()
            forbered(database, a.ansatte)
            print(f"{navn} (data made in {time.perf_counter() - t0:.0f} s)")
            port += 1
            s = Server("fravaer", port, database, 1, 1)
            try:
                for beskrivelse, omraader in varianter:
                    # several walks: the first pays the worker's warm-up (imports, caches, the
                    # first plans); the median and the best of them are printed
                    maalt = [laes_alle(port, a.side, omraader) for _ in range(max(1, a.walks))]
                    antal, sider = maalt[0][0], maalt[0][1]
                    tider = sorted(m[2] for m in maalt)
                    median = tider[len(tider) // 2]
                    print(f"  {beskrivelse:40s} {antal:6d} employees in {sider:3d} pages, median "
                          f"{median:6.2f} s: {antal / median:7.0f} employees/s (best {antal / tider[0]:.0f}, "
                          f"{len(tider)} walks)")
            finally:
                s.stop()

if __name__ == "__main__":
    main()
