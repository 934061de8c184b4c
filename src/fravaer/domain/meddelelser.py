"""Meddelelser: every rule answers with a stable code, a severity and a Danish text."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from fravaer.domain.dataklasser import hurtig_init
from fravaer.errors import FravaerError
from fravaer.paths import DATA_DIR


class Alvor(StrEnum):
    FEJL = "Fejl"
    ADVIS = "Advis"


@hurtig_init
@dataclass(frozen=True)
class Meddelelse:
    kode: str
    alvor: Alvor
    tekst: str
    felt: str | None = None

    @property
    def er_fejl(self) -> bool:
        return self.alvor is Alvor.FEJL


@lru_cache(maxsize=1)
def _skabeloner() -> dict[str, tuple[Alvor, str]]:
    with open(DATA_DIR / "meddelelser.csv", encoding="utf-8", newline="") as f:
        return {r["kode"]: (Alvor(r["alvor"]), r["tekst"]) for r in csv.DictReader(f)}


def meddelelse(kode: str, felt: str | None = None, /, **vaerdier: object) -> Meddelelse:
    """Build the message `kode` with its Danish text filled in from `vaerdier`."""
    alvor, skabelon = _skabeloner()[kode]
    return Meddelelse(kode, alvor, skabelon.format(**{k: _vis(v) for k, v in vaerdier.items()}), felt)


def _vis(v: object) -> str:
    from datetime import date, datetime

    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    return "" if v is None else str(v)


class Afvist(FravaerError):
    """The request breaks one or more rules; nothing is stored. Carries every problem found."""

    def __init__(self, meddelelser: list[Meddelelse]):
        super().__init__("; ".join(f"{m.kode}: {m.tekst}" for m in meddelelser))
        self.meddelelser = list(meddelelser)


def afvis_hvis_fejl(meddelelser: list[Meddelelse]) -> list[Meddelelse]:
    """Raise Afvist with all messages if any is a fejl; otherwise return the advis."""
    for m in meddelelser:  # a plain loop: every event judged asks, mostly of no message (issue 15)
        if m.alvor is _FEJL:
            raise Afvist([m for m in meddelelser if m.er_fejl])
    return meddelelser


_FEJL = Alvor.FEJL
