"""The Danish working-day calendar (DOMAIN.md §7): public holidays from the `holidays` package
(store bededag up to 2023), the four special days with the SLS defaults or an institution's own
settings, and an institution's extra employer-paid days off."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

import holidays

from fravaer.paths import DATA_DIR


class SaerdagRegel(StrEnum):
    NORMAL = "normal"  # a normal working day
    FRI = "fri"  # an employer-paid day off
    HALV = "halv"  # half a working day


@dataclass(frozen=True)
class Saerdag:
    maaned_dag: str  # "MM-DD"
    navn: str
    standard: SaerdagRegel


@lru_cache(maxsize=1)
def saerlige_dage() -> tuple[Saerdag, ...]:
    with open(DATA_DIR / "saerlige_dage.csv", encoding="utf-8", newline="") as f:
        return tuple(Saerdag(r["dag"], r["navn"], SaerdagRegel(r["standard"])) for r in csv.DictReader(f))


@lru_cache(maxsize=64)
def _helligdage(aar: int) -> dict[date, str]:
    return dict(holidays.Denmark(years=aar, language="da"))


def helligdag(dato: date) -> str | None:
    """The Danish public holiday on `dato`, by name, or None."""
    return _helligdage(dato.year).get(dato)


@dataclass(frozen=True)
class Kalender:
    """One institution's calendar: the special days' rules (defaults where not set) and its own
    extra paid days off."""

    saerdage: Mapping[str, SaerdagRegel] = field(default_factory=dict)
    ekstra_fridage: frozenset[date] = frozenset()
    # answers already worked out (a calendar is read once per request and asked per day, often
    # for the same days by many employments)
    _andele: dict[date, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def saerdag_regel(self, dato: date) -> SaerdagRegel | None:
        noegle = dato.strftime("%m-%d")
        for s in saerlige_dage():
            if s.maaned_dag == noegle:
                return self.saerdage.get(noegle, s.standard)
        return None

    def andel_af_arbejdsdag(self, dato: date) -> tuple[int, int]:
        """How much of a normal working day `dato` is, as a fraction (numerator, denominator):
        0 on weekends, holidays and days off, 1/2 on a half special day, else 1."""
        andel = self._andele.get(dato)
        if andel is None:
            andel = self._andele[dato] = self._andel(dato)
        return andel

    def _andel(self, dato: date) -> tuple[int, int]:
        if dato.weekday() >= 5 or helligdag(dato) or dato in self.ekstra_fridage:
            return 0, 1
        regel = self.saerdag_regel(dato)
        if regel is SaerdagRegel.FRI:
            return 0, 1
        if regel is SaerdagRegel.HALV:
            return 1, 2
        return 1, 1


STANDARDKALENDER = Kalender()
