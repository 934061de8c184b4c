"""MasseindberetHaendelser with 1,000 and 10,000 registrations for distinct employments, next to
single OpretHaendelse calls in the same run (issue 15 item 5: target >= 5,000 events/s stored on
PostgreSQL, rules, lock, log row and all). Each registration is a vacation day (500: the rules
read the employment's accounts) with a TransaktionsID of its own, every one accepted. Prints the
events stored per second of each, their ratio, and the server worker's resident memory before
and at its peak after the 10,000 request.

    .venv/bin/python bench/bench_masse.py [--single 300] [--rounds 2]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). Server: gunicorn, 1 worker, 1 thread, one
client sending one request at a time."""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import HVERDAGE, Server, bench_database, databaser, envelope, opret_kroppe
from operationer import forbered

ANSATTE = 10_000
STOERRELSER = (1_000, 10_000)


def masse_krop(antal: int, plads: int) -> bytes:
    """`antal` vacation days on weekday number `plads` of 2025, one per employment."""
    dag = HVERDAGE[plads]
    return envelope("<f:MasseindberetHaendelser>" + "".join(
        f"<f:Indberetning><f:Ansaettelse><f:Tjenestenummer>B{i:07d}</f:Tjenestenummer></f:Ansaettelse>"
        f"<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:Indberetning>" for i in range(antal))
        + "</f:MasseindberetHaendelser>")


def send(conn: http.client.HTTPConnection, krop: bytes) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    conn.request("POST", "/soap/FravaerService", krop, {"Content-Type": "text/xml; charset=utf-8"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200 or b"Fault" in data:
        raise RuntimeError(f"anmodningen fejlede: {data[:500]!r}")
    return time.perf_counter() - t0, data


def arbejderen(master: int) -> int:
    """The gunicorn worker: the one child of the master process."""
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                        return int(pid)
            except OSError:
                continue
    raise RuntimeError("ingen arbejderproces")


def hukommelse(pid: int) -> tuple[int, int]:
    """The process's resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
    felter = {}
    with open(f"/proc/{pid}/status") as f:
        for linje in f:
            navn, _, vaerdi = linje.partition(":")
            felter[navn] = vaerdi.strip()
    return int(felter["VmRSS"].split()[0]) // 1024, int(felter["VmHWM"].split()[0]) // 1024


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--single", type=int, default=300, help="single OpretHaendelse calls per round")
    p.add_argument("--rounds", type=int, default=2, help="rounds (single, 1,000, 10,000 each)")
    a = p.parse_args()
    port = 24000 + os.getpid() % 4000
    print(f"MasseindberetHaendelser vs OpretHaendelse; one vacation day (500) per employment, each with a "
          f"TransaktionsID; gunicorn 1 worker x 1 thread; {os.cpu_count()} cores")
    for navn, url in databaser():
        with bench_database(url) as database:
            t0 = time.perf_counter()
            forbered(database, ANSATTE)
            klar = time.perf_counter() - t0
            port += 1
            s = Server("fravaer", port, database, 1, 1)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                send(conn, opret_kroppe(0, 1)[0])  # a warm worker: its copy of the reference data
                pid = arbejderen(s.proces.pid)
                rss_foer, _ = hukommelse(pid)
                plads, maal = 1, {"enkelt": [], **{n: [] for n in STOERRELSER}}
                for _ in range(a.rounds):
                    kroppe = opret_kroppe(plads, a.single)
                    plads += 1
                    t = sum(send(conn, k)[0] for k in kroppe)
                    maal["enkelt"].append(a.single / t)
                    for n in STOERRELSER:
                        krop = masse_krop(n, plads)
                        plads += 1
                        t, svar = send(conn, krop)
                        assert svar.count(b"<t:Status>Oprettet</t:Status>") == n, svar[:800]
                        maal[n].append(n / t)
                        if n == STOERRELSER[-1]:
                            stoerrelse = (len(krop), len(svar))
                rss_nu, rss_top = hukommelse(pid)
                conn.close()
            finally:
                s.stop()
        enkelt = max(maal["enkelt"])
        print(f"{navn} (data for {ANSATTE:,} employments made in {klar:.0f} s); best of {a.rounds} rounds")
        print(f"  OpretHaendelse, one at a time      {enkelt:8.0f} events/s")
        for n in STOERRELSER:
            bedst = max(maal[n])
            runder = ", ".join(f"{x:.0f}" for x in maal[n])
            print(f"  MasseindberetHaendelser, {n:>6,d}   {bedst:8.0f} events/s   "
                  f"{bedst / enkelt:5.1f} x single   (rounds: {runder})")
        print(f"  the {STOERRELSER[-1]:,} request: {stoerrelse[0] / 2**20:.1f} MiB in, "
              f"{stoerrelse[1] / 2**20:.1f} MiB out; worker RSS {rss_foer} MiB before, {rss_nu} MiB after, "
              f"peak {rss_top} MiB")


if __name__ == "__main__":
    main()
