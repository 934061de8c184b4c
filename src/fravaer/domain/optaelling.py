"""Counting a person's absence across employments (DOMAIN.md §8 "for one employment (or CPR)";
seed 002: "Fravær kan optælles på den enkelte ansatte – på CPR-nummer", "Antallet af
fraværsdage kan herefter aflæses"). Each employment is counted as domain.arbejdstid.optael
counts it, on the dates its reader may read (domain.adgang); the person's total counts a
calendar day once (kalenderdag)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from fravaer.domain.arbejdstid import Arbejdstid, Optaelling, optael

_EN_DAG = timedelta(days=1)


@dataclass(frozen=True)
class Stykke:
    """Dates [fra, til] of one employment and the events counted there, as optael takes them."""

    fra: date
    til: date
    perioder: tuple[tuple, ...]


@dataclass(frozen=True)
class Del:
    """One employment's part of the count."""

    noegle: object  # what the caller knows the employment by (hashable)
    arbejdstid: Arbejdstid
    stykker: tuple[Stykke, ...]

    def optaelling(self) -> Optaelling:
        dele = [optael(list(s.perioder), s.fra, s.til) for s in self.stykker]
        return Optaelling(sum((o.dage for o in dele), Fraction(0)), sum(o.minutter for o in dele))

    def paa(self, dato: date) -> Fraction:
        """What this employment counts on `dato` alone."""
        return sum((optael(list(s.perioder), dato, dato).dage for s in self.stykker
                    if s.fra <= dato <= s.til), Fraction(0))

    def daekker(self) -> list[tuple[date, date]]:
        """The dates some counted event is in force on (merged, in order)."""
        return _flet([(max(p[0], s.fra), min(p[1] or s.til, s.til)) for s in self.stykker
                      for p in s.perioder if max(p[0], s.fra) <= min(p[1] or s.til, s.til)])


@dataclass(frozen=True)
class PersonOptaelling:
    dage: Fraction
    minutter: int
    delsummer: dict[object, Optaelling]  # by Del.noegle, in the order given: each on its own


def kalenderdag(andele: Sequence[Fraction], hele: Sequence[Fraction]) -> Fraction:
    """One calendar day of a person with absence in several employments: their counts for the
    day (`andele`) added, but together at most what a whole day of absence is worth there — the
    largest of the employments' working-day shares of the date (`hele`: 1, or ½ on a half day
    such as 24 December) — unless one employment alone counts more (its own overlapping events,
    which per-employment counting counts as they are). Two half-time jobs both absent all day
    are one fraværsdag, not two; 2 hours in one and 3 in the other are 5 hours' worth."""
    return min(sum(andele, Fraction(0)), max(max(hele, default=Fraction(0)),
                                              max(andele, default=Fraction(0))))


def optael_person(dele: Sequence[Del]) -> PersonOptaelling:
    """The person's days and minutes: minutes are every employment's own (each employer's
    working time lost) added; days add the employments' days except on a date counted in two or
    more, which counts as kalenderdag says. (On a date only one employment counts, kalenderdag
    is that employment's count: only the shared dates need a second look.)"""
    delsummer = {d.noegle: d.optaelling() for d in dele}
    dage = sum((o.dage for o in delsummer.values()), Fraction(0))
    daekker = [(d, d.daekker()) for d in dele]
    for fra, til in _faelles([x for _, x in daekker]):
        dato = fra
        while dato <= til:
            med = [d for d, x in daekker if any(a <= dato <= b for a, b in x)]
            andele = [d.paa(dato) for d in med]
            dage -= sum(andele, Fraction(0)) - kalenderdag(andele, [d.arbejdstid.dagsandel(dato)
                                                                    for d in med])
            dato += _EN_DAG
    return PersonOptaelling(dage, sum(o.minutter for o in delsummer.values()), delsummer)


def _flet(intervaller: list[tuple[date, date]]) -> list[tuple[date, date]]:
    svar: list[tuple[date, date]] = []
    for fra, til in sorted(intervaller):
        if svar and (fra <= svar[-1][1] or fra - _EN_DAG == svar[-1][1]):
            svar[-1] = (svar[-1][0], max(svar[-1][1], til))
        else:
            svar.append((fra, til))
    return svar


def _faelles(daekninger: list[list[tuple[date, date]]]) -> list[tuple[date, date]]:
    """The dates covered by at least two of the lists (merged)."""
    par = [(max(a1, a2), min(b1, b2))
           for i, x in enumerate(daekninger) for y in daekninger[i + 1:]
           for a1, b1 in x for a2, b2 in y if max(a1, a2) <= min(b1, b2)]
    return _flet(par)
