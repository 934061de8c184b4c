"""The large institution the staff benchmarks read (bench_medarbejdere.py, bench_hukommelse.py):
a three-level unit tree (1 + 10 + 100 units) and employments spread over it, each with a person."""

from __future__ import annotations

from collections.abc import Callable

INSTITUTION = "STOR"
_NAVN = "Den store kommune"
_ANSAETTELSER_HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,"
                       "loenform,ugentlig_arbejdstid,startdato,slutdato,enhed_kode,fornavn,efternavn,"
                       "adresse,postnummer,bynavn,email")


def importer_institution(engine, ansatte: int, cpr: Callable[[int], str], loebenummer: Callable[[int], int],
                         startdato: str) -> None:
    """The unit tree and `ansatte` employments S000000…, employment i with person `cpr(i)`."""
    from fravaer.adapters.stamdata import laes_csv
    from fravaer.service.stamdata import importer

    enheder = ["institution_kode,institution_navn,kode,navn,overordnet_kode",
               f"{INSTITUTION},{_NAVN},K,Kommunen,"]
    for o in range(10):
        enheder.append(f"{INSTITUTION},{_NAVN},O{o},Område {o},K")
        enheder += [f"{INSTITUTION},{_NAVN},O{o}E{i},Enhed {o}.{i},O{o}" for i in range(10)]
    importer(engine, laes_csv("enheder", "\n".join(enheder).encode()))
    linjer = [_ANSAETTELSER_HOVED]
    for i in range(ansatte):
        linjer.append(f"{INSTITUTION},{_NAVN},{cpr(i)},{loebenummer(i)},S{i:06d},0240,1100,1,37,{startdato},,"
                      f"O{i % 10}E{i // 10 % 10},Fornavn{i},Efternavn{i},Vej {i},{1000 + i % 8000},By,"
                      f"s{i}@eks.dk")
    r = importer(engine, laes_csv("ansaettelser", "\n".join(linjer).encode()))
    if r.fejl:
        raise RuntimeError(f"forberedelsen fejlede: {r.fejl[:3]}")
