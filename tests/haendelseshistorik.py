"""A made-up history from another system: employments and their events as import files, for the
export → import round trip (tests) and the import benchmark (bench/bench_import_haendelser.py)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

from fravaer.adapters.stamdata import HAENDELSE_KOLONNER

ANSAETTELSE_HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                     "ugentlig_arbejdstid,startdato,slutdato,enhed_kode\n")
ENHED_HOVED = "institution_kode,institution_navn,kode,navn,overordnet_kode\n"
INSTITUTIONER = ("H1", "H2")
FOERSTE_MANDAG = date(2022, 1, 3)


def cpr(i: int) -> str:
    return f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{70 + i // 336 % 30:02d}{i % 10000:04d}"


def enheder() -> bytes:
    """In each institution a unit A with a unit A1 under it, and a unit B."""
    return (ENHED_HOVED + "".join(f"{i},Institution {i},A,Afdeling A,\n{i},Institution {i},A1,Kontor A1,A\n"
                                  f"{i},Institution {i},B,Afdeling B,\n" for i in INSTITUTIONER)).encode()


def ansaettelser(antal: int) -> bytes:
    """`antal` employments, every other in each institution, in units A1, A and B by turns."""
    raekker = [f"{INSTITUTIONER[i % 2]},Institution {INSTITUTIONER[i % 2]},{cpr(i)},{1 + i // 10000},,0240,,"
               f"1,{'37' if i % 4 else '30'},2020-01-01,,{('A1', 'A', 'B')[i // 2 % 3]}\n"
               for i in range(antal)]
    return (ANSAETTELSE_HOVED + "".join(raekker)).encode()


def haendelser(antal_ansatte: int, pr_ansat: int, frø: int = 0) -> bytes:
    """`pr_ansat` events for each employment, a week apart so that none overlap: sickness of whole
    days and of part of a day, with and without a remark (commas, quotes, æøå), and every tenth a
    vacation (it draws from the account, so the rules read the balance)."""
    ud = io.StringIO()
    w = csv.DictWriter(ud, fieldnames=HAENDELSE_KOLONNER, lineterminator="\n")
    w.writeheader()
    for i in range(antal_ansatte):
        for j in range(pr_ansat):
            fra = FOERSTE_MANDAG + timedelta(days=7 * j + i % 3)
            r = {"haendelse_id": str(uuid.UUID(int=(frø << 64) + i * 1000 + j)), "cpr": cpr(i),
                 "loebenummer": 1 + i // 10000, "kode": "100", "fra": fra.isoformat(),
                 "til": (fra + timedelta(days=j % 3)).isoformat()}
            if j % 10 == 9:
                r.update(kode="500", til=(fra + timedelta(days=2)).isoformat())
            elif j % 5 == 1:
                r.update(til=fra.isoformat(), minutter=str(60 + 15 * (i % 8)))
            if j % 7 == 3:
                r["bemaerkning"] = 'Bemærkning, "citat"; æøå'
            w.writerow(r)
    return ud.getvalue().encode()
