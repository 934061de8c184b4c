"""Vacation policies (DOMAIN.md §6.2, seed 004) and the employments that get no automatic
accrual (seed 002). Both are data: src/fravaer/data/feriepolitikker.csv and
saerlige_feriedage_undtagelser.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from fravaer.domain.employment import Ansaettelse, Loenform
from fravaer.domain.ferieregnskab import Postering
from fravaer.paths import DATA_DIR

STANDARDPOLITIK = "stat"


class IkkeOptjent(StrEnum):
    """What happens when vacation is taken before it is earned."""

    ADVIS = "advis"  # the state: allowed, with an advis (ferie på forskud by agreement)
    KUN_OPTJENT = "kun_optjent"  # refused; the balance never goes below 0
    LOENTRAEK = "loentraek"  # allowed; the deficit is deducted from pay that month, balance restarts at 0
    FORSKUD = "forskud"  # allowed as an advance, optionally up to a maximum; later accrual pays it back
    EGEN_FRIDAG = "egen_fridag"  # refused; the rest is registered as an own unpaid day off


@dataclass(frozen=True)
class Feriepolitik:
    navn: str
    postering: Postering
    ikke_optjent: IkkeOptjent
    maks_forskud: Fraction | None
    beskrivelse: str


@lru_cache(maxsize=1)
def feriepolitikker() -> dict[str, Feriepolitik]:
    with open(DATA_DIR / "feriepolitikker.csv", encoding="utf-8", newline="") as f:
        return {r["navn"]: Feriepolitik(r["navn"], Postering(r["postering"]), IkkeOptjent(r["regel"]),
                                        Fraction(r["maks_forskud"]) if r["maks_forskud"] else None,
                                        r["beskrivelse"])
                for r in csv.DictReader(f)}


def politik_for(ansaettelse: Ansaettelse) -> Feriepolitik:
    politikker = feriepolitikker()
    return politikker.get(ansaettelse.feriepolitik or STANDARDPOLITIK, politikker[STANDARDPOLITIK])


def _klasser(tekst: str) -> set[int] | None:
    """'62-81 88-89 91' as a set of class numbers; empty: every class."""
    if not tekst.strip():
        return None
    klasser: set[int] = set()
    for del_ in tekst.split():
        fra, _, til = del_.partition("-")
        klasser.update(range(int(fra), int(til or fra) + 1))
    return klasser


@lru_cache(maxsize=1)
def _saerlige_undtagelser() -> dict[int, set[int] | None]:
    with open(DATA_DIR / "saerlige_feriedage_undtagelser.csv", encoding="utf-8", newline="") as f:
        return {int(r["pkat"]): _klasser(r["klasser"]) for r in csv.DictReader(f)}


def _tal(v: str | None) -> int | None:
    return int(v) if v and v.strip().isdigit() else None


def optjener_ferie(a: Ansaettelse) -> bool:
    """Hourly-paid staff (lønform 3) get no automatic vacation accrual."""
    return a.loenform is not Loenform.TIMELOEN


def optjener_saerlige_feriedage(a: Ansaettelse) -> bool:
    """No automatic special days for hourly pay and the seed's PKAT (and class) list."""
    if a.loenform is Loenform.TIMELOEN:
        return False
    pkat = _tal(a.pkat)
    if pkat is None or pkat not in _saerlige_undtagelser():
        return True
    klasser = _saerlige_undtagelser()[pkat]
    if klasser is None:
        return False
    klasse = _tal(a.klasse)
    return klasse is None or klasse not in klasser
