"""The Danish working-day calendar (DOMAIN.md §7): public holidays from the `holidays` package
(store bededag up to 2023), the four special days with the SLS defaults or an institution's own
settings, and an institution's extra employer-paid days off."""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
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


# a day's share of a working day as the one Fraction of each value (0 always as INGEN: the
# callers tell a day off by identity, not by Fraction's Python-level truth test)
INGEN = Fraction(0)
DAGSANDELE = {(0, 1): INGEN, (1, 2): Fraction(1, 2), (1, 1): Fraction(1)}
_EN_DAG = timedelta(days=1)


@dataclass(frozen=True)
class Kalender:
    """One institution's calendar: the special days' rules (defaults where not set) and its own
    extra paid days off."""

    saerdage: Mapping[str, SaerdagRegel] = field(default_factory=dict)
    ekstra_fridage: frozenset[date] = frozenset()
    # answers already worked out (a calendar is read once per request and asked per day, often
    # for the same days by many employments)
    _andele: dict[date, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # per year: its days that are some of a working day, in date order, and (day, share) of each
    _aarene: dict[int, tuple[list[date], list[tuple[date, Fraction]]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)

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

    def dagsandele(self, fra: date, til: date) -> list[tuple[date, Fraction]]:
        """(day, share of a working day) of each day of [fra, til] that is some of one, in date
        order, from a table of the year made once (every vacation of every employment of a
        HentKvoter asks: a slice, not a question per day). A new list each time."""
        aar = fra.year
        if aar == til.year:
            # the year's table looked up here (a call fewer for each of a batch's events)
            tabel = self._aarene.get(aar)
            datoer, dage = self._aaret(aar) if tabel is None else tabel
            return dage[bisect_left(datoer, fra):bisect_right(datoer, til)]
        ud: list[tuple[date, Fraction]] = []
        for aar in range(fra.year, til.year + 1):
            datoer, dage = self._aaret(aar)
            ud += dage[bisect_left(datoer, fra):bisect_right(datoer, til)]
        return ud

    def _aaret(self, aar: int) -> tuple[list[date], list[tuple[date, Fraction]]]:
        tabel = self._aarene.get(aar)
        if tabel is None:
            dage = []
            d = date(aar, 1, 1)
            while d.year == aar:
                andel = DAGSANDELE[self.andel_af_arbejdsdag(d)]
                if andel is not INGEN:
                    dage.append((d, andel))
                if d.month == 12 and d.day == 31:
                    break  # date.max's year has no next day
                d += _EN_DAG
            tabel = self._aarene[aar] = ([d for d, _ in dage], dage)
        return tabel

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
