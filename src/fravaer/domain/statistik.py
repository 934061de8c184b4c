"""Key figures of absence (nøgletal) for a population of employments over a period, grouped by
unit, PKAT, type, month or quarter (DOMAIN.md §8 "statistics"; the definitions and formulas:
docs/STATISTIK.md). Pure: it takes each employment's stretches in the population (Ophold), its
working time (domain.arbejdstid.Arbejdstid) and its events, and counts the cost of an event as
OptaelFravaer does (domain.arbejdstid.optael). Figures are added employment by employment
(Optaelling.tilfoej), so a caller can stream a large institution through it."""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache, partial
from pathlib import Path

from fravaer.domain.ansaettelse import i_kraft, samme_kode
from fravaer.domain.arbejdstid import Arbejdstid, optael
from fravaer.domain.indberetning import er_undtaget
from fravaer.domain.katalog import cirkulaere_typer
from fravaer.domain.maaleenheder import MINUTTER_PR_FULDTIDSUGE
from fravaer.domain.personale import Forhold
from fravaer.paths import DATA_DIR

EN_DAG = timedelta(days=1)
GRUPPERINGER = ("Enhed", "PKAT", "Type", "Maaned", "Kvartal")
# the circular's types a–i (seed 003 §4, data/cirkulaere_typer.csv); other codes count by their group
CIRKULAERE_TYPER = tuple(cirkulaere_typer())
# own sickness: the type whose long spells make the long-term share (seed 003 §4 type a, "egen
# sygdom"); partial sickness (h) is a return to work and is its own type
SYGDOM = "a"


@dataclass(frozen=True)
class Laengde:
    """A class of spells by length in calendar days [fra, til] (til None: no upper limit)."""

    navn: str
    fra: int
    til: int | None
    langtid: bool  # spells of this class are long-term sickness

    def rummer(self, dage: int) -> bool:
        return self.fra <= dage and (self.til is None or dage <= self.til)


@lru_cache(maxsize=4)
def forloebslaengder(mappe: Path = DATA_DIR) -> tuple[Laengde, ...]:
    """[default] data/forloebslaengder.csv: 1–3, 4–14, 15–28, over 28 days (issue 14)."""
    with open(mappe / "forloebslaengder.csv", encoding="utf-8", newline="") as f:
        return tuple(Laengde(r["navn"], int(r["fra_dage"]), int(r["til_dage"]) if r["til_dage"] else None,
                             r["langtid"] == "J") for r in csv.DictReader(f))


@dataclass(frozen=True)
class Ophold:
    """Dates [fra, til] on which an employment belongs to the population, with the unit, PKAT,
    weekly hours and exemption in force there (cut wherever one of them changes)."""

    fra: date
    til: date
    enhed: str | None
    pkat: str | None
    ugentlige_minutter: int
    undtaget: bool


@dataclass(frozen=True)
class Fravaer:
    """An event as the figures see it: its type (a–i, or the code's group), dates and minutes."""

    type: str
    fra: date
    til: date | None  # None: open
    minutter: int | None = None
    halv: bool = False


@dataclass(frozen=True)
class Medarbejder:
    noegle: int
    arbejdstid: Arbejdstid
    ophold: tuple[Ophold, ...]  # in date order, not overlapping
    fravaer: tuple[Fravaer, ...]


def ophold_af(historik: Sequence[Forhold], start: date, slut: date | None, fra: date, til: date,
              institution: str, enheder: set[str] | None = None, pkat: str | None = None,
              undtaget: Callable[[Forhold], bool] = er_undtaget) -> tuple[Ophold, ...]:
    """The stretches of [fra, til] within the employment's own dates [start, slut] on which its
    history (read as every rule reads it: domain.ansaettelse.i_kraft) places it at `institution`
    — the institution's own past, which it reads whole (docs/RETTIGHEDER.md rule 1) — and, when
    given, in one of the units `enheder` and with PKAT `pkat` (compared as numbers)."""
    a, b = max(fra, start), min(til, slut or til)
    if a > b or not historik:
        return ()
    datoer = [f.gyldig_fra for f in historik]
    skift = [a, *sorted({d for d in datoer if a < d <= b})]
    svar: list[Ophold] = []
    for i, s in enumerate(skift):
        e = skift[i + 1] - EN_DAG if i + 1 < len(skift) else b
        f = historik[i_kraft(datoer, s)]
        if f.institution_kode != institution or (enheder is not None and f.enhed not in enheder) \
                or (pkat is not None and not samme_kode(f.pkat, pkat)):
            continue
        o = Ophold(s, e, f.enhed, f.pkat, f.ugentlige_minutter, undtaget(f))
        if svar and svar[-1].til + EN_DAG == s and _samme(svar[-1], o):
            o = Ophold(svar.pop().fra, e, o.enhed, o.pkat, o.ugentlige_minutter, o.undtaget)
        svar.append(o)
    return tuple(svar)


def _moenster(tid: Arbejdstid) -> tuple | None:
    """What an employment's planned time depends on, when that is only its hours (over time), its
    fixed day off and the calendar — None when it has registered working times of its own."""
    if tid.moedetider:
        return None
    a = tid.ansaettelse
    return (id(tid.kalender), a.ugentlige_minutter, a.fast_fridag,
            tuple((p.gyldig_fra, p.ugentlige_minutter) for p in a.forloeb))


def _samme(a: Ophold, b: Ophold) -> bool:
    """Two stretches alike in all but their dates (a history row that changed something else)."""
    return (a.enhed, a.pkat, a.ugentlige_minutter, a.undtaget) == (b.enhed, b.pkat, b.ugentlige_minutter,
                                                                   b.undtaget)


@dataclass(frozen=True)
class Spand:
    """One period of the answer: [fra, til] with its month and/or quarter label."""

    fra: date
    til: date
    maaned: str | None = None  # "2026-03"
    kvartal: str | None = None  # "2026K1"


def spaend(fra: date, til: date, maaned: bool, kvartal: bool) -> list[Spand]:
    """[fra, til] cut into months (with their quarter) or quarters, or whole."""
    if not (maaned or kvartal):
        return [Spand(fra, til)]
    svar, a = [], fra
    while a <= til:
        k = (a.month - 1) // 3 + 1
        if maaned:
            naeste = date(a.year + a.month // 12, a.month % 12 + 1, 1)
        else:
            naeste = date(a.year + (k == 4), (k * 3) % 12 + 1, 1)
        b = min(til, naeste - EN_DAG)
        svar.append(Spand(a, b, f"{a.year}-{a.month:02d}" if maaned else None,
                          f"{a.year}K{k}" if kvartal else None))
        a = b + EN_DAG
    return svar


@dataclass
class _Bestand:
    """The population of one group and period: who, how many full-time days, what was planned."""

    medarbejdere: set[int] = field(default_factory=set)
    undtagne: set[int] = field(default_factory=set)
    fuldtidsminutter: int = 0  # Σ over days of the weekly minutes (÷ 2,220: full-time days)
    planlagte_dage: Fraction = Fraction(0)
    planlagte_minutter: int = 0
    sygedage: Fraction = Fraction(0)
    langtidsdage: Fraction = Fraction(0)


@dataclass
class _Fravaersum:
    dage: Fraction = Fraction(0)
    minutter: int = 0
    med_fravaer: set[int] = field(default_factory=set)
    forloeb: Counter = field(default_factory=Counter)  # by Laengde.navn


@dataclass(frozen=True)
class Noegletal:
    """One row of the answer. Every figure is None when the group is suppressed (fewer
    employees than the threshold: shown as suppressed, never as zero) or has no denominator."""

    enhed: str | None
    pkat: str | None
    type: str | None
    maaned: str | None
    kvartal: str | None
    fra: date
    til: date
    undertrykt: bool
    medarbejdere: int | None = None
    aarsvaerk: Fraction | None = None
    planlagte_dage: Fraction | None = None
    planlagte_timer: Fraction | None = None
    fravaersdage: Fraction | None = None
    fravaerstimer: Fraction | None = None
    dage_pr_aarsvaerk: Fraction | None = None
    fravaersprocent: Fraction | None = None
    forloeb: int | None = None
    medarbejdere_med_fravaer: int | None = None
    efter_laengde: tuple[tuple[str, int], ...] | None = None
    langtidsandel: Fraction | None = None
    undtagne: int | None = None


class Optaelling:
    """The figures of one request, built up employment by employment."""

    def __init__(self, fra: date, til: date, grupperinger: Iterable[str] = (),
                 laengder: Sequence[Laengde] | None = None):
        g = set(grupperinger)
        self.fra, self.til = fra, til
        self.efter_enhed, self.efter_pkat, self.efter_type = "Enhed" in g, "PKAT" in g, "Type" in g
        self.spaend = spaend(fra, til, "Maaned" in g, "Kvartal" in g)
        self._starter = [s.fra for s in self.spaend]
        self.laengder = tuple(laengder if laengder is not None else forloebslaengder())
        self._bestand: dict[tuple, _Bestand] = defaultdict(_Bestand)
        self._fravaer: dict[tuple, _Fravaersum] = defaultdict(_Fravaersum)
        # answers already worked out, by the working-time pattern (_moenster): employments of one
        # pattern plan and cost alike, so 10,000 of them need not each walk every day of the year.
        # Bounded by patterns × dates, not by the number of employments.
        self._husk: dict[tuple, object] = {}
        self._kalendere: dict[int, object] = {}

    def _noegle(self, o: Ophold, i: int) -> tuple:
        return (o.enhed or "" if self.efter_enhed else None, o.pkat or "" if self.efter_pkat else None, i)

    def _stykker(self, fra: date, til: date):
        """(period index, first, last day) of every period of the answer that [fra, til] touches."""
        i = max(bisect_right(self._starter, fra) - 1, 0)
        while i < len(self.spaend) and self.spaend[i].fra <= til:
            s = self.spaend[i]
            a, b = max(fra, s.fra), min(til, s.til)
            if a <= b:
                yield i, a, b
            i += 1

    def tilfoej(self, m: Medarbejder) -> None:
        tid, moenster = m.arbejdstid, _moenster(m.arbejdstid)
        for o in m.ophold:
            for i, a, b in self._stykker(o.fra, o.til):
                best = self._bestand[self._noegle(o, i)]
                best.medarbejdere.add(m.noegle)
                if o.undtaget:
                    best.undtagne.add(m.noegle)
                best.fuldtidsminutter += o.ugentlige_minutter * ((b - a).days + 1)
                planlagte_dage, planlagte_minutter = self._planlagt(tid, moenster, a, b)
                best.planlagte_dage += planlagte_dage
                best.planlagte_minutter += planlagte_minutter
        forloeb = self._forloeb(m, moenster)
        lange = [(x, y) for t, x, y in forloeb if t == SYGDOM and self._laengde(y, x).langtid]
        for f in m.fravaer:
            for o in m.ophold:
                for i, a, b in self._stykker(max(o.fra, f.fra), min(o.til, f.til or self.til)):
                    c = self._koster(tid, moenster, f, a, b)
                    if not (c.dage or c.minutter):
                        continue
                    sum_ = self._fravaer[(*self._noegle(o, i), f.type if self.efter_type else None)]
                    sum_.dage += c.dage
                    sum_.minutter += c.minutter
                    sum_.med_fravaer.add(m.noegle)
                    if f.type == SYGDOM:
                        best = self._bestand[self._noegle(o, i)]
                        best.sygedage += c.dage
                        if any(x <= a <= y for x, y in lange):
                            best.langtidsdage += c.dage
        for t, x, y in forloeb:
            o = next(o for o in m.ophold if o.fra <= x <= o.til)
            [(i, _, _)] = self._stykker(x, x)
            sum_ = self._fravaer[(*self._noegle(o, i), t if self.efter_type else None)]
            sum_.forloeb[self._laengde(y, x).navn] += 1

    def _husket(self, tid: Arbejdstid, moenster: tuple | None, noegle: tuple, beregn: Callable[[], object]):
        if moenster is None:
            return beregn()
        noegle = (moenster, *noegle)
        self._kalendere[id(tid.kalender)] = tid.kalender  # kept alive: its id is in the key
        svar = self._husk.get(noegle)
        if svar is None:
            svar = self._husk[noegle] = beregn()
        return svar

    def _planlagt(self, tid: Arbejdstid, moenster: tuple | None, a: date, b: date) -> tuple[Fraction, int]:
        """The planned working days and minutes of [a, b] (domain.arbejdstid: the plan decides)."""
        def beregn():
            andele: Counter = Counter()
            minutter, d = 0, a
            while d <= b:
                andele[tid.dagsandel(d)] += 1
                minutter += tid.minutter(d)
                d += EN_DAG
            return sum((andel * n for andel, n in andele.items()), Fraction(0)), minutter
        return self._husket(tid, moenster, ("plan", a, b), beregn)

    def _koster(self, tid: Arbejdstid, moenster: tuple | None, f: Fravaer, a: date, b: date):
        """The cost of the event's part [a, b], as OptaelFravaer counts it (domain.arbejdstid.optael)."""
        return self._husket(tid, moenster, ("pris", f.fra, f.til, f.minutter, f.halv, a, b),
                            lambda: optael([(f.fra, f.til, f.minutter, tid, f.halv)], a, b))

    def _laengde(self, til: date, fra: date) -> Laengde:
        dage = (til - fra).days + 1
        return next(la for la in self.laengder if la.rummer(dage))

    def _forloeb(self, m: Medarbejder, moenster: tuple | None) -> list[tuple[str, date, date]]:
        """The employment's spells (fraværsforløb) in the population within the period: per type,
        the days of its events joined where they touch or only days without planned work lie
        between (a sickness Friday and Monday is one spell)."""
        pr_type: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for f in m.fravaer:
            for o in m.ophold:
                a, b = max(o.fra, f.fra, self.fra), min(o.til, f.til or self.til, self.til)
                if a <= b:
                    pr_type[f.type].append((a, b))
        svar = []
        for t, stykker in pr_type.items():
            samlet: list[list[date]] = []
            for a, b in sorted(stykker):
                if samlet and (samlet[-1][1] + EN_DAG >= a
                               or self._fri_mellem(m.arbejdstid, moenster, samlet[-1][1], a)):
                    samlet[-1][1] = max(samlet[-1][1], b)
                else:
                    samlet.append([a, b])
            svar += [(t, a, b) for a, b in samlet]
        return svar

    def _fri_mellem(self, tid: Arbejdstid, moenster: tuple | None, slut: date, start: date) -> bool:
        """Whether only days without planned work lie after `slut` and before `start`."""
        return self._husket(tid, moenster, ("fri", slut, start),
                            partial(self._uden_arbejde, tid, slut + EN_DAG, start - EN_DAG))

    @staticmethod
    def _uden_arbejde(tid: Arbejdstid, fra: date, til: date) -> bool:
        d = fra
        while d <= til:
            if tid.minutter(d) > 0:
                return False
            d += EN_DAG
        return True

    def noegletal(self, mindst: int) -> list[Noegletal]:
        """Every group's figures, in the order unit, PKAT, period, type; a group of fewer than
        `mindst` employees is suppressed (docs/STATISTIK.md "small groups")."""
        svar = []
        for (enhed, pkat, i) in sorted(self._bestand, key=lambda k: (k[0] or "", k[1] or "", k[2])):
            best, s = self._bestand[(enhed, pkat, i)], self.spaend[i]
            typer: list[str | None] = [None]
            if self.efter_type:
                egne = {k[3] for k in self._fravaer if k[:3] == (enhed, pkat, i)}
                typer = [*CIRKULAERE_TYPER, *sorted(egne - set(CIRKULAERE_TYPER))]
            for t in typer:
                hoved = dict(enhed=enhed, pkat=pkat, type=t, maaned=s.maaned, kvartal=s.kvartal, fra=s.fra,
                             til=s.til)
                if len(best.medarbejdere) < mindst:
                    svar.append(Noegletal(**hoved, undertrykt=True))
                    continue
                fr = self._fravaer.get((enhed, pkat, i, t), _Fravaersum())
                kalenderdage = (s.til - s.fra).days + 1
                aarsvaerk = Fraction(best.fuldtidsminutter, MINUTTER_PR_FULDTIDSUGE * kalenderdage)
                svar.append(Noegletal(
                    **hoved, undertrykt=False, medarbejdere=len(best.medarbejdere), aarsvaerk=aarsvaerk,
                    planlagte_dage=best.planlagte_dage, planlagte_timer=Fraction(best.planlagte_minutter, 60),
                    fravaersdage=fr.dage, fravaerstimer=Fraction(fr.minutter, 60),
                    dage_pr_aarsvaerk=fr.dage / aarsvaerk if aarsvaerk else None,
                    fravaersprocent=(Fraction(100 * fr.minutter, best.planlagte_minutter)
                                     if best.planlagte_minutter else None),
                    forloeb=sum(fr.forloeb.values()), medarbejdere_med_fravaer=len(fr.med_fravaer),
                    efter_laengde=tuple((la.navn, fr.forloeb[la.navn]) for la in self.laengder),
                    langtidsandel=100 * best.langtidsdage / best.sygedage if best.sygedage else None,
                    undtagne=len(best.undtagne)))
        return svar
