"""Planned working time and what an event costs (DOMAIN.md §4 units, §7): working days, minutes
and calendar days, from the employment, the calendar and any registered working times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import overload

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.dataklasser import hurtig_init
from fravaer.domain.kalender import DAGSANDELE, INGEN, STANDARDKALENDER, Kalender
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG, brok

EN_DAG = timedelta(days=1)


@dataclass(frozen=True)
class Moedetid:
    """A registered working time: the planned minutes of one date, optionally from–to."""

    dato: date
    minutter: int
    starttid: time | None = None
    sluttid: time | None = None


def valider_moedetid(m: Moedetid, ansaettelse: Ansaettelse) -> list:
    """A working time must lie in the employment, be 0–24 hours and fit between its times."""
    from fravaer.domain.meddelelser import meddelelse

    fejl = []
    if m.dato < ansaettelse.startdato or (ansaettelse.slutdato and m.dato > ansaettelse.slutdato):
        fejl.append(meddelelse("F018", "Dato", start=ansaettelse.startdato,
                               slut=ansaettelse.slutdato or "ingen slutdato"))
    if not 0 <= m.minutter <= 24 * 60:
        fejl.append(meddelelse("F033", "Minutter", dato=m.dato, minutter=m.minutter))
    if (m.starttid is None) != (m.sluttid is None):
        fejl.append(meddelelse("F034", "Starttid", dato=m.dato))
    elif m.starttid is not None and m.sluttid is not None:
        varighed = (datetime.combine(m.dato, m.sluttid) - datetime.combine(m.dato, m.starttid))
        if varighed.total_seconds() <= 0 or m.minutter > varighed.total_seconds() // 60:
            fejl.append(meddelelse("F035", "Sluttid", dato=m.dato, minutter=m.minutter))
    return fejl


_INGEN, _HEL = INGEN, DAGSANDELE[1, 1]
_NY, _SAET = object.__new__, object.__setattr__
_ANDELE = DAGSANDELE  # built once: asked for every day


@dataclass(frozen=True)
class Arbejdstid:
    """An employment's working time: a registered plan (mødetid) for a date wins; otherwise the
    default, Monday–Friday at 444 × the working-time fraction, less holidays and days off."""

    ansaettelse: Ansaettelse
    kalender: Kalender = STANDARDKALENDER
    moedetider: Mapping[date, int] = field(default_factory=dict)
    # the day's norm when the hours never changed (asked for every day of a plan: kept at hand)
    _fast_norm: int | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not self.ansaettelse.forloeb:
            object.__setattr__(self, "_fast_norm", self.ansaettelse.dagsnorm)

    @classmethod
    def af(cls, ansaettelse: Ansaettelse, kalender: Kalender, moedetider: Mapping[date, int]) -> Arbejdstid:
        """Arbejdstid(ansaettelse, kalender, moedetider) without the dataclass's __init__, which sets
        each of its five fields through object.__setattr__ (frozen) and then __post_init__'s: the
        fields in one dict (a HentKvoter of 1,000 employments makes one for each: 11 k
        instructions each that way, a quarter of it this way)."""
        t = _NY(cls)
        felter = {"ansaettelse": ansaettelse, "kalender": kalender, "moedetider": moedetider}
        if not ansaettelse.forloeb:  # as __post_init__ (else the class's None)
            felter["_fast_norm"] = ansaettelse.dagsnorm
        _SAET(t, "__dict__", felter)
        return t

    def minutter(self, dato: date) -> int:
        return self._dagen(dato)[1]

    def _dagen(self, dato: date) -> tuple[tuple[int, int], int]:
        """The day's share of a working day (as a fraction's terms) and its minutes: a
        registered working time wins, then the fixed day off, then the calendar and the norm."""
        m = self.moedetider.get(dato)
        if m is not None:
            return ((1, 1) if m > 0 else (0, 1)), m
        if dato.weekday() == self.ansaettelse.fast_fridag:
            return (0, 1), 0
        andel = self.kalender.andel_af_arbejdsdag(dato)
        norm = self._fast_norm
        return andel, (self.ansaettelse.dagsnorm_pr(dato) if norm is None else norm) * andel[0] // andel[1]

    def hel_dag(self, dato: date) -> Omkostning:
        """What an absence of all of `dato` costs: its dagsandel, its minutes, one calendar day.
        The same object for every day of the same share and minutes (immutable: a read's
        one-day events mostly cost alike, and its answer writes each cost once), kept for the
        process (_DAGSPRISER): a write's one-day event is not a new Omkostning each time."""
        # _dagen's answer taken in place (a read's answer asks for each of its one-day events)
        m = self.moedetider.get(dato)
        if m is not None:
            noegle = ((1, 1) if m > 0 else (0, 1)), m
        elif dato.weekday() == self.ansaettelse.fast_fridag:
            noegle = (0, 1), 0
        else:
            andel = self.kalender.andel_af_arbejdsdag(dato)
            norm = self._fast_norm
            noegle = andel, ((self.ansaettelse.dagsnorm_pr(dato) if norm is None else norm)
                             * andel[0] // andel[1])
        pris = _DAGSPRISER.get(noegle)
        if pris is None:
            if len(_DAGSPRISER) >= _DAGSPRISER_MAKS:
                _DAGSPRISER.clear()
            pris = _DAGSPRISER[noegle] = Omkostning(_ANDELE[noegle[0]], noegle[1], 1)
        return pris

    def halv_dagsandel(self, dato: date) -> Fraction:
        """A half day off (605, 615): ½ of a working day, all of a half one (24 December), nothing
        on a day off."""
        return min(Fraction(1, 2), self.dagsandel(dato))

    def dagsandele(self, fra: date, til: date) -> list[tuple[date, Fraction]]:
        """(day, dagsandel) of each day of [fra, til] that counts as some of a working day, in
        date order (every vacation's days for every employment of a HentKvoter: without registered
        working times the calendar's table of the year, less the fixed day off; else the method
        looked up once, and a day off told by identity, not by Fraction's truth test)."""
        if not self.moedetider:
            dage = self.kalender.dagsandele(fra, til)
            fri = self.ansaettelse.fast_fridag
            return dage if fri is None else [x for x in dage if x[0].weekday() != fri]
        andel = self.dagsandel
        ud = []
        d = fra
        while d <= til:
            v = andel(d)
            if v is not _INGEN:
                ud.append((d, v))
            d += EN_DAG
        return ud

    def dagsandel(self, dato: date) -> Fraction:
        """How many working days `dato` counts as when absent all day (1, ½ or 0; 0 always as
        the one object _INGEN, which dagsandele relies on)."""
        if dato in self.moedetider:
            return _HEL if self.moedetider[dato] > 0 else _INGEN
        if dato.weekday() == self.ansaettelse.fast_fridag:
            return _INGEN
        return _ANDELE[self.kalender.andel_af_arbejdsdag(dato)]


@hurtig_init
@dataclass(frozen=True)
class Omkostning:
    dage: Fraction  # working days (a partial day in 444ths, as SLS counts it)
    minutter: int
    kalenderdage: int


# what a whole day costs, by (share of a working day, minutes): one object for each met in the
# process (the minutes of a day are few: a bound only against the unforeseen)
_DAGSPRISER: dict[tuple[tuple[int, int], int], Omkostning] = {}
_DAGSPRISER_MAKS = 8192


@overload
def omkostning(fra: date, til: date, minutter: int | None, arbejdstid: Arbejdstid,
               halv: bool = False) -> Omkostning: ...
@overload
def omkostning(fra: date, til: date | None, minutter: int | None, arbejdstid: Arbejdstid,
               halv: bool = False) -> Omkostning | None: ...
def omkostning(fra: date, til: date | None, minutter: int | None, arbejdstid: Arbejdstid,
               halv: bool = False) -> Omkostning | None:
    """What an event costs; None for an open event (its cost is not known until it is closed).
    A whole-day event costs the planned minutes of each working day it covers; a partial day its
    own minutes; a reduced-time period its minutes on each working day."""
    if til is None:
        return None
    if halv:  # the day's planned minutes in the share of the day that is taken
        andel, del_ = arbejdstid.dagsandel(fra), arbejdstid.halv_dagsandel(fra)
        return Omkostning(del_, int(arbejdstid.minutter(fra) * del_ / andel) if andel else 0, 1)
    if minutter is None and fra == til:  # a day registration, the most common event: no sums
        return arbejdstid.hel_dag(fra)
    dage = [fra + EN_DAG * i for i in range((til - fra).days + 1)]
    if minutter is None:
        return Omkostning(sum((arbejdstid.dagsandel(d) for d in dage), Fraction(0)),
                          sum(arbejdstid.minutter(d) for d in dage), len(dage))
    if fra == til:
        return Omkostning(brok(minutter, MINUTTER_PR_DAG), minutter, 1)
    i_alt = minutter * sum(1 for d in dage if arbejdstid.minutter(d) > 0)
    return Omkostning(brok(i_alt, MINUTTER_PR_DAG), i_alt, len(dage))


@hurtig_init
@dataclass(frozen=True)
class Optaelling:
    dage: Fraction
    minutter: int


def optael(perioder: list[tuple], fra: date, til: date) -> Optaelling:
    """Absence in [fra, til] (optælling, DOMAIN.md §8): each event's cost clipped to the period;
    an open event counts up to the period's end. A period is (start, slut, minutes per day or
    None, Arbejdstid[, half day])."""
    dage, minutter = Fraction(0), 0
    for start, slut, min_pr_dag, arbejdstid, *halv in perioder:
        a, b = max(start, fra), min(slut or til, til)
        if a > b:
            continue
        if min_pr_dag is not None and start != slut:
            # a reduced-time period keeps counting its minutes on each working day, even when the
            # clipping leaves a single day (which omkostning would take for a partial day)
            i_alt = min_pr_dag * sum(1 for i in range((b - a).days + 1)
                                     if arbejdstid.minutter(a + EN_DAG * i) > 0)
            dage += Fraction(i_alt, MINUTTER_PR_DAG)
            minutter += i_alt
            continue
        o = omkostning(a, b, min_pr_dag, arbejdstid, bool(halv and halv[0]))
        dage += o.dage
        minutter += o.minutter
    return Optaelling(dage, minutter)
