"""MasseindberetHaendelser with 1,000 and 10,000 registrations for distinct employments, next to
single OpretHaendelse calls in the same run (issue 15 item 5: target >= 5,000 events/s stored on
PostgreSQL, rules, lock, log row and all). Each registration is a vacation day (500: the rules
read the employment's accounts) with a TransaktionsID of its own, every one accepted. A round
sends the single calls, then several requests of 1,000 (--per-round; each for other employments
on a day of its own, so one slow request does not decide the figure), then one of 10,000. Prints
the events stored per second of each size as the median over every request of the run with the
lowest and highest, their ratio to the single calls (median of the rounds), the size of the
10,000 request and its answer, and the server worker's resident memory before the first request,
after the last and at its peak.

    .venv/bin/python bench/bench_masse.py [--single 300] [--rounds 2] [--per-round 5]

SQLite always; PostgreSQL when FRAVAER_BENCH_DATABASE_URL or FRAVAER_TEST_DATABASE_URL names a
server (in a database of its own, dropped afterwards). Server: gunicorn, 1 worker, 1 thread, one
client sending one request at a time."""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_soap import HVERDAGE, Server, bench_database, databaser, envelope, opret_kroppe
from operationer import forbered

ANSATTE = 10_000
STOERRELSER = (1_000, 10_000)


def masse_krop(antal: int, plads: int, foerste: int = 0) -> bytes:
    """`antal` vacation days on weekday number `plads` of 2025, one per employment from number
    `foerste` on."""
    dag = HVERDAGE[plads]
    return envelope("<f:MasseindberetHaendelser>" + "".join(
        f"<f:Indberetning><f:Ansaettelse><f:Tjenestenummer>B{i:07d}</f:Tjenestenummer></f:Ansaettelse>"
        f"<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:Indberetning>"
        for i in range(foerste, foerste + antal)) + "</f:MasseindberetHaendelser>")


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
    p.add_argument("--rounds", type=int, default=2, help="rounds (single, 1,000s, 10,000 each)")
    p.add_argument("--per-round", type=int, default=5, help="requests of 1,000 per round")
    a = p.parse_args()
    if not 1 <= a.per_round <= ANSATTE // STOERRELSER[0]:
        p.error(f"--per-round: 1 to {ANSATTE // STOERRELSER[0]} (each for employments of its own)")
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
                plads = 1
                maal: dict[str | int, list[list[float]]] = {"enkelt": [], **{n: [] for n in STOERRELSER}}
                for _ in range(a.rounds):
                    kroppe = opret_kroppe(plads, a.single)
                    plads += 1
                    t = sum(send(conn, k)[0] for k in kroppe)
                    maal["enkelt"].append([a.single / t])
                    for n in STOERRELSER:
                        runde = []
                        for k in range(a.per_round if n < ANSATTE else 1):
                            krop = masse_krop(n, plads, k * n)
                            plads += 1
                            t, svar = send(conn, krop)
                            assert svar.count(b"<t:Status>Oprettet</t:Status>") == n, svar[:800]
                            runde.append(n / t)
                            stoerrelse = (len(krop), len(svar))
                        maal[n].append(runde)
                rss_nu, rss_top = hukommelse(pid)
                conn.close()
            finally:
                s.stop()
        enkelt = statistics.median(x for r in maal["enkelt"] for x in r)
        print(f"{navn} (data for {ANSATTE:,} employments made in {klar:.0f} s); {a.rounds} rounds; "
              "events/s: median (lowest–highest) over the requests; each round's requests in brackets")
        print(f"  OpretHaendelse, one at a time      {enkelt:8,.0f}            "
              f"(rounds: {', '.join(f'{r[0]:,.0f}' for r in maal['enkelt'])})")
        for n in STOERRELSER:
            alle = [x for r in maal[n] for x in r]
            midt = statistics.median(alle)
            runder = "; ".join(", ".join(f"{x:,.0f}" for x in r) for r in maal[n])
            antal = f"{len(alle)} request{'s' if len(alle) > 1 else ''}"
            print(f"  MasseindberetHaendelser, {n:>6,d}   {midt:8,.0f} ({min(alle):,.0f}–{max(alle):,.0f})  "
                  f"{midt / enkelt:5.1f} x single   ({antal}: [{runder}])")
        print(f"  the {STOERRELSER[-1]:,} request: {stoerrelse[0] / 2**20:.1f} MiB in, "
              f"{stoerrelse[1] / 2**20:.1f} MiB out; worker RSS {rss_foer} MiB before, {rss_nu} MiB after, "
              f"peak {rss_top} MiB")


if __name__ == "__main__":
    main()
