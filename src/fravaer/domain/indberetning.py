"""The circular's quarterly report (indberetning; DOMAIN.md §8, docs/INDBERETNING.md): who is exempt
from it, and the records of one employment in one institution's report for one quarter.

Seed 003 §4: absence of the types a–i is reported "med angivelse af start- og slutdato"; "En dag
opgøres til 7 timer og 24 minutter, medmindre der indrapporteres et andet antal timer og
minutter … for fraværshændelser af kortere varighed end 7 timer og 24 minutter"; for partial
sickness with reduced time "det antal timer den pågældende er fraværende pr. dag i perioden".
Seed 003 §7 and Bilag: the personnel groups exempt from reporting."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from fravaer.domain.adgang import Tilknytning, tilhoerte
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvartaler import Kvartal, frist, kvartal_for
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG
from fravaer.paths import DATA_DIR

_EN_DAG = timedelta(days=1)
DELVIS_SYGEMELDING = "h"  # the circular's type h: always reported with its hours per day (§4)


class Stilling(Protocol):
    """What the exemptions look at in an employment relationship on a day (Ansaettelse.pr(dato)
    or a Forholdsperiode): its PKAT, KL and STIKO."""

    @property
    def pkat(self) -> str | None: ...

    @property
    def klasse(self) -> str | None: ...

    @property
    def stiko(self) -> str | None: ...


@dataclass(frozen=True)
class Undtagelse:
    """One line of the circular's annex: a PKAT (optionally only with a KL) or a STIKO."""

    felt: str  # "PKAT" or "STIKO"
    kode: str
    kl: str | None
    navn: str


@lru_cache(maxsize=1)
def undtagelser() -> tuple[Undtagelse, ...]:
    """The annex as data (data/indberetning_undtagelser.csv): every PKAT and STIKO it lists, and
    PKAT 0553 with KL 0052 ("Samt PKAT 0553 KL 0052 … er ikke omfattet af indberetningspligten")."""
    with open(DATA_DIR / "indberetning_undtagelser.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["felt"] not in ("PKAT", "STIKO") or not r["kode"].isdigit():
            raise ValueError(f"indberetning_undtagelser.csv: ugyldig linje {r}")
    return tuple(Undtagelse(r["felt"], r["kode"], r["kl"] or None, r["navn"]) for r in rows)


def _tal(kode: str | None) -> int | str | None:
    """A code as `employment.samme_kode` compares it: digits as a number (0553 is 553), else as
    written."""
    return int(kode) if kode is not None and kode.strip().isdigit() else kode


@lru_cache(maxsize=1)
def _opslag() -> tuple[frozenset, frozenset, frozenset]:
    """The annex as sets of compared codes: PKAT alone, (PKAT, KL), STIKO (asked for every
    stretch of every employment in a report: a lookup, not a scan)."""
    u = undtagelser()
    return (frozenset(_tal(x.kode) for x in u if x.felt == "PKAT" and x.kl is None),
            frozenset((_tal(x.kode), _tal(x.kl)) for x in u if x.felt == "PKAT" and x.kl is not None),
            frozenset(_tal(x.kode) for x in u if x.felt == "STIKO"))


def er_undtaget(forhold: Stilling) -> bool:
    """Whether an employment relationship (as in force on one day: `Ansaettelse.pr(dato)` or a
    `Forholdsperiode`) belongs to a personnel group exempt from the duty to report (seed 003 §7,
    Bilag): its PKAT, its PKAT with its KL, or its STIKO is listed. Codes compare as numbers, as
    `employment.samme_kode` compares them: PKAT 0553 is 553."""
    pkat, pkat_kl, stiko = _opslag()
    p = _tal(forhold.pkat)
    return ((p is not None and (p in pkat or (p, _tal(forhold.klasse)) in pkat_kl))
            or (forhold.stiko is not None and _tal(forhold.stiko) in stiko))


def tilknytning(a: Ansaettelse) -> Tilknytning:
    """The employment as the rights model sees it: where it belonged, date by date."""
    return Tilknytning(a.id, a.startdato, a.slutdato, a.institution_kode,
                       tuple((p.gyldig_fra, p.institution_kode or a.institution_kode) for p in a.forloeb))


def efter_fristen(a: Ansaettelse, fra: date, slut: date, idag: date) -> list[tuple[str, Kvartal]]:
    """The reports (institution, quarter) whose deadline has passed by `idag` that an event of
    the employment on [fra, slut] touches (an open one up to today): a change of it comes too late
    for those quarters' transfer (seed 002 §1). Each quarter with the institutions the employment
    belonged to on the event's days in it."""
    slut = min(slut, idag)
    if fra > slut:
        return []
    steder = tilknytning(a).institutioner()
    svar, k = [], kvartal_for(fra)
    while k.fra <= slut:
        if frist(k) < idag:
            a_, b_ = max(fra, k.fra), min(slut, k.til)
            svar += [(kode, k) for kode in sorted({kode for s, e, kode in steder if s <= b_ and e >= a_})]
        k = Kvartal(k.aar + 1, 1) if k.nummer == 4 else Kvartal(k.aar, k.nummer + 1)
    return svar


def pligtige_dage(a: Ansaettelse, institution: str, fra: date, til: date) -> list[tuple[date, date]]:
    """The stretches of [fra, til] (within the employment's own dates) that belong in
    `institution`'s report: the days the employment belonged to it by its history (the rights
    model's own past, domain.adgang) on which its relationship in force was not exempt. Adjacent
    stretches are merged: a change between two reportable relationships cuts nothing."""
    fra, til = max(fra, a.startdato), min(til, a.slutdato or til)
    if fra > til:
        return []
    egne = [(max(s, fra), min(e, til)) for s, e in tilhoerte(tilknytning(a), [institution])
            if s <= til and e >= fra]
    svar: list[tuple[date, date]] = []
    for s, e in egne:
        for ps, pe, forhold in a.perioder(s, e):
            if er_undtaget(forhold):
                continue
            if svar and svar[-1][1] + _EN_DAG == ps:
                svar[-1] = (svar[-1][0], pe)
            else:
                svar.append((ps, pe))
    return svar


@dataclass(frozen=True)
class Indberetningspost:
    """One record of the report: one event, or its part in the quarter on the reportable days."""

    ansaettelse_id: int
    cpr: str
    loebenummer: int
    tjenestenummer: str | None
    haendelse_id: str
    kode: str
    type: str  # the circular's type a–i
    dst_kategori: str | None
    fra: date
    til: date
    aaben: bool  # the event has no end date yet: reported up to the quarter's end
    minutter_pr_dag: int | None  # hours and minutes per day, where the circular asks for them
    del_: int = 1  # which part of the event in the report (cut by exempt days or another institution's)

    @property
    def noegle(self) -> str:
        """Its identity from one run to the next: the event and which part of it (a changed date
        is a changed record, not a new one)."""
        return f"{self.haendelse_id}/{self.del_}"

    def felter(self) -> tuple[str, ...]:
        """The record as text fields, in the file's column order (the content hashed)."""
        timer, minutter = divmod(self.minutter_pr_dag, 60) if self.minutter_pr_dag is not None else ("", "")
        return (self.cpr, str(self.loebenummer), self.tjenestenummer or "", self.haendelse_id, self.kode,
                self.type, self.dst_kategori or "", self.fra.isoformat(), self.til.isoformat(),
                "J" if self.aaben else "N", str(timer), str(minutter))


def minutter_pr_dag(minutter: int | None, type_: str, halv_dag: bool) -> int | None:
    """The hours per day a record carries (seed 003 §4): an event registered with hours shorter
    than a day of 7 h 24 min, or any partial sickness (type h), carries its own; a half care day
    (605, 615) is half a day, 3 h 42 min; a whole day (no hours, or 444 minutes or more) none: it
    counts as 7 h 24 min."""
    if halv_dag:
        return MINUTTER_PR_DAG // 2
    if minutter is None:
        return None
    return minutter if minutter < MINUTTER_PR_DAG or type_ == DELVIS_SYGEMELDING else None


def poster(a: Ansaettelse, haendelser: Iterable[Haendelse], institution: str, kvartal: Kvartal,
           katalog: Katalog) -> list[Indberetningspost]:
    """The employment's records in `institution`'s report of `kvartal`: each event of a reportable
    code (a circular type, DOMAIN.md §5) cut to the quarter and to the days that belong in the
    report (pligtige_dage: the institution's own days, not exempt); an open event up to the
    quarter's end. In order of date, then event id."""
    dage = pligtige_dage(a, institution, kvartal.fra, kvartal.til)
    if not dage:
        return []
    svar = []
    for h in haendelser:
        kode = katalog.kode(h.data.kode)
        if kode is None or kode.cirkulaere_type is None:
            continue
        pr_dag = minutter_pr_dag(h.data.minutter, kode.cirkulaere_type, kode.halv_dag)
        dele = [(max(s, h.data.fra), min(e, h.data.slut)) for s, e in dage]
        for n, (fra, til) in enumerate([(f, t) for f, t in dele if f <= t], start=1):
            svar.append(Indberetningspost(a.id, a.cpr, a.loebenummer, a.tjenestenummer, h.id, kode.kode,
                                          kode.cirkulaere_type, kode.dst_kategori, fra, til,
                                          h.data.til is None, pr_dag, n))
    return sorted(svar, key=lambda p: (p.fra, p.haendelse_id))
