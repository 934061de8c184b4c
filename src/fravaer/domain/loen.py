"""Payroll lines (issue 19 item 2, DOMAIN.md §17): what an institution's payroll needs for a pay
period (a calendar month) — per employment, wage-type (løndel), quantity in days or hours, the
dates and the event or posting it comes from — and the corrections of a closed period: a later
change yields a reversal of the line delivered and a new line in the next open period, never a
silent rewrite of what was delivered.

The lines come from (data/loendele.csv; an own type carries its own løndel):
- approved events of a code with a løndel (505 ferie uden løn, 771 tjenestefri uden løn, 590 egen
  betalt fridag uden løn, 630 opsparingsdage udbetalt, own types), their working days in the
  month on the days the employment belonged to the institution;
- the `loentraek` policy's monthly salary deduction of unearned vacation (§6.2);
- days paid out of the time bank: a negative adjustment of a frihedsbank account (seed 002 §9:
  "udbetalte fridage fratrækkes … ved indberetning af den relevante opsparingsretstype")."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction

from fravaer.domain.arbejdstid import Arbejdstid, omkostning
from fravaer.domain.katalog import Aarsagskode, Loendel
from fravaer.domain.kvoter import Art, Konto, KvoteType, Post, Regnskab, loentraek_pr_maaned, perioder
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.domain.politik import IkkeOptjent

_PERIODE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


class Linjeart(StrEnum):
    ORDINAER = "Ordinaer"  # a line of the period's own absence
    TILBAGEFOERSEL = "Tilbagefoersel"  # reverses a line delivered in a closed period
    KORREKTION = "Korrektion"  # the line as it is now, for a closed period


class Kildeart(StrEnum):
    HAENDELSE = "Haendelse"
    LOENTRAEK = "Loentraek"
    FRIHEDSBANK = "Frihedsbank"


@dataclass(frozen=True, order=True)
class Loenperiode:
    aar: int
    maaned: int

    @classmethod
    def fra_tekst(cls, tekst: str) -> Loenperiode:
        m = _PERIODE.fullmatch(tekst.strip())
        # years 1–9998: a period's dates and the next period (its corrections) must exist
        if m is None or not 1 <= int(m.group(1)) <= 9998:
            raise Afvist([meddelelse("F220", "Loenperiode", periode=tekst)])
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def fra(self) -> date:
        return date(self.aar, self.maaned, 1)

    @property
    def til(self) -> date:
        return date(self.aar, self.maaned, calendar.monthrange(self.aar, self.maaned)[1])

    def naeste(self) -> Loenperiode:
        return Loenperiode(self.aar + self.maaned // 12, self.maaned % 12 + 1)

    def __str__(self) -> str:
        return f"{self.aar:04d}-{self.maaned:02d}"


@dataclass(frozen=True)
class Loenlinje:
    ansaettelse_id: int
    loendel: str
    enhed: str  # Dage or Timer: which of the quantities payroll uses
    dage: Fraction  # working days (a part of a day in 444ths); negative on a reversal
    minutter: int
    fra: date
    til: date
    vedroerer: str  # the pay period whose absence it is (YYYY-MM)
    kilde_art: Kildeart
    kilde_id: str  # the event's id, the account (Ferie/2026) or the time bank posting's id
    art: Linjeart = Linjeart.ORDINAER

    @property
    def noegle(self) -> tuple:
        """What a line is about: a change of any other field is a change of the same line."""
        return (self.ansaettelse_id, self.kilde_art, self.kilde_id, self.vedroerer, self.loendel, self.fra)

    @property
    def indhold(self) -> tuple:
        return (self.dage, self.minutter, self.til, self.enhed)

    @property
    def antal(self) -> Fraction:
        """The quantity in the line's unit: days, or hours (minutes over 60)."""
        return self.dage if self.enhed == "Dage" else Fraction(self.minutter, 60)


def haendelseslinjer(ansaettelse_id: int, haendelse_id: str, kode: Aarsagskode, fra: date, slut: date,
                     minutter: int | None, ophold: Iterable[tuple[date, date]], periode: Loenperiode,
                     tid: Arbejdstid) -> list[Loenlinje]:
    """An approved event's lines in the period: one per stretch of its days in the month on which
    the employment belonged to the institution and the event cost working time. An open event
    costs its days up to the month's end."""
    if kode.loendel is None:
        return []
    linjer = []
    for o_fra, o_til in ophold:
        a, b = max(fra, o_fra, periode.fra), min(slut, o_til, periode.til)
        if a > b:
            continue
        omk = omkostning(a, b, minutter, tid, kode.halv_dag)
        if omk is None or (not omk.dage and not omk.minutter):
            continue
        linjer.append(Loenlinje(ansaettelse_id, kode.loendel, kode.loenenhed or "Dage", omk.dage,
                                omk.minutter, a, b, str(periode), Kildeart.HAENDELSE, haendelse_id))
    return linjer


def loentraekslinjer(regnskab: Regnskab, periode: Loenperiode, loendel: Loendel | None) -> list[Loenlinje]:
    """The `loentraek` policy's deduction of the month: the unearned days of each ferieår's account
    settled at the month's end (domain.kvoter.loentraek_pr_maaned), pending events left out (they
    reach payroll only when approved)."""
    if loendel is None or regnskab.politik.ikke_optjent is not IkkeOptjent.LOENTRAEK:
        return []
    linjer = []
    for aar in (periode.aar, periode.aar + 1, periode.aar + 2):
        konto = Konto(KvoteType.FERIE, aar)
        afholdelse = perioder(konto, periode.fra)[1]
        if afholdelse[0] > periode.til or afholdelse[1] < periode.fra:
            continue
        poster = [p for p in regnskab.konto_poster(konto) if not p.afventer]
        dage = loentraek_pr_maaned(poster, afholdelse[0], periode.til).get(periode.fra)
        if dage:
            linjer.append(Loenlinje(regnskab.ansaettelse.id, loendel.loendel, loendel.enhed, dage,
                                    _minutter(dage), periode.fra, periode.til, str(periode),
                                    Kildeart.LOENTRAEK, f"Ferie/{aar}"))
    return linjer


def udbetalingslinjer(ansaettelse_id: int, poster: Sequence[Post], periode: Loenperiode,
                      loendel: Loendel | None) -> list[Loenlinje]:
    """Days paid out of the time bank in the month: its negative adjustments, each a line."""
    if loendel is None:
        return []
    return [Loenlinje(ansaettelse_id, loendel.loendel, loendel.enhed, -p.dage, _minutter(-p.dage), p.dato,
                      p.dato, str(periode), Kildeart.FRIHEDSBANK, p.kilde or "")
            for p in poster
            if p.konto.type is KvoteType.FRIHEDSBANK and p.art is Art.REGULERET and p.dage < 0
            and periode.fra <= p.dato <= periode.til]


def _minutter(dage: Fraction) -> int:
    return round(dage * MINUTTER_PR_DAG)


def rettelser(leveret: Sequence[Loenlinje], nu: Sequence[Loenlinje]) -> list[Loenlinje]:
    """The corrections of a closed period: `leveret` are the lines delivered about it so far (its
    own and earlier corrections, in the order delivered), `nu` its lines as computed today. For
    each line whose content changed or that is gone, a reversal of the line in force; for each
    changed or new one, a correction with the content of today."""
    gaeldende: dict[tuple, Loenlinje | None] = {}
    netto: dict[tuple, tuple[Fraction, int]] = defaultdict(lambda: (Fraction(0), 0))
    for linje in leveret:
        d, m = netto[linje.noegle]
        netto[linje.noegle] = (d + linje.dage, m + linje.minutter)
        if linje.art is not Linjeart.TILBAGEFOERSEL:
            gaeldende[linje.noegle] = linje
    for n, (d, m) in netto.items():
        if not d and not m:
            gaeldende[n] = None  # reversed and not replaced
    nye = {linje.noegle: linje for linje in nu}
    ud = []
    for n in sorted(set(gaeldende) | set(nye), key=_orden):
        g, ny = gaeldende.get(n), nye.get(n)
        if g is not None and ny is not None and g.indhold == ny.indhold:
            continue
        if g is not None:
            ud.append(replace(g, dage=-g.dage, minutter=-g.minutter, art=Linjeart.TILBAGEFOERSEL))
        if ny is not None:
            ud.append(replace(ny, art=Linjeart.KORREKTION))
    return ud


def _orden(noegle: tuple) -> tuple:
    ansaettelse_id, kilde_art, kilde_id, vedroerer, loendel, fra = noegle
    return (vedroerer, ansaettelse_id, fra, loendel, kilde_art, kilde_id)


def sorteret(linjer: Iterable[Loenlinje]) -> list[Loenlinje]:
    """Payroll's order: by the period concerned, employment, first day, wage-type, the reversal
    before the line that replaces it."""
    art = {Linjeart.ORDINAER: 0, Linjeart.TILBAGEFOERSEL: 1, Linjeart.KORREKTION: 2}
    return sorted(linjer, key=lambda x: (*_orden(x.noegle), art[x.art]))


def advis_om_lukket(koder: Iterable[Aarsagskode | None], perioder: Iterable[tuple[date, date]],
                    lukkede: Sequence[Loenperiode]) -> list:
    """A write of an event of a code that affects pay, touching a closed pay period, is stored: it is
    corrected by a reversal and a new line in a later period (A036, the latest such period)."""
    if not any(k is not None and k.loendel for k in koder):
        return []
    ramte = [p for p in lukkede for fra, til in perioder if fra <= p.til and p.fra <= til]
    return [meddelelse("A036", "FraDato", periode=max(ramte))] if ramte else []


def tjek_lukning(periode: Loenperiode, lukkede: Sequence[Loenperiode], idag: date) -> None:
    """A period is closed once, in order (the month after the last closed one; any month the
    first time), and not before it has begun."""
    if periode in lukkede:
        raise Afvist([meddelelse("F217", "Loenperiode", periode=periode)])
    if lukkede and periode != max(lukkede).naeste():
        raise Afvist([meddelelse("F218", "Loenperiode", periode=periode, naeste=max(lukkede).naeste())])
    if periode.fra > idag:
        raise Afvist([meddelelse("F219", "Loenperiode", periode=periode, fra=periode.fra)])
