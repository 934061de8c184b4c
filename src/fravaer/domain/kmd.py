"""KMD's VACAB dialect (DOMAIN.md §12): how a KMD absence — a type (FE, 6F, SO, OS), a period and
times marking half days at its ends — is one or more of our events, and how our events read back as
KMD absences. Pure: the maps are data (data/kmd_fravaerstyper.csv, data/kmd_koder.csv), the rules
of the events themselves stay where they are (domain.vurdering), and this module only translates.

A KMD absence with a half day at an end is split into a whole-day event for the whole days and a
partial-day event for each half day (FE, 6F, SO: the same code with minutes; OS: the half-day code
605/615). Reading groups them back: a run of adjacent events of one KMD type (and child) of at most
one whole-day event, with partial days only at its ends, is one KMD absence."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from functools import cache

from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.domain.saerlige_rettigheder import ny_ordning
from fravaer.paths import DATA_DIR

# the time a read answer shows for a half day at an end (KMD: "a time marks a half day")
HALVDAG = "12:00:00"
_DATO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TID = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
# a time that marks no half day: the start of the first day, the end of the last
_HEL_START = {time(0, 0)}
_HEL_SLUT = {time(0, 0), time(23, 59, 59), time(23, 59)}


class Handling(StrEnum):
    INS = "INS"
    MOD = "MOD"
    DEL = "DEL"


@dataclass(frozen=True)
class KmdType:
    """One KMD absence type: the codes of its whole days and of its half days (empty: the same
    code with minutes), and what decides between two codes (`ansaettelse`: the senior schemes;
    `barn`: the care-day schemes)."""

    kmd_type: str
    tekst: str
    koder: tuple[str, ...]
    halvdagskoder: tuple[str, ...]
    valg: str | None


@cache
def kmd_typer() -> dict[str, KmdType]:
    with open(DATA_DIR / "kmd_fravaerstyper.csv", encoding="utf-8", newline="") as f:
        return {r["kmd_type"]: KmdType(r["kmd_type"], r["tekst"], tuple(r["koder"].split()),
                                       tuple(r["halvdagskoder"].split()), r["valg"] or None)
                for r in csv.DictReader(f)}


@cache
def kmd_koder() -> dict[str, str]:
    """Every fixed code → the KMD type a read answers it as (KMD's own for the codes it
    publishes; for the rest, the fixed code itself, documented in DOMAIN.md §12)."""
    with open(DATA_DIR / "kmd_koder.csv", encoding="utf-8", newline="") as f:
        return {r["kode"]: r["kmd_type"] for r in csv.DictReader(f)}


def kmd_type_for(kode: str) -> str:
    return kmd_koder().get(kode, kode)


# ------------------------------------------------------------------ reading the request's strings

@dataclass(frozen=True)
class KmdFravaer:
    """One KMD absence as the request names it, read and checked for form."""

    kmd_type: str
    fra: date
    til: date
    start: time | None = None  # a half day at the start (None: the whole first day)
    slut: time | None = None  # a half day at the end
    barnenummer: int | None = None

    @property
    def halv_start(self) -> bool:
        return self.start is not None

    @property
    def halv_slut(self) -> bool:
        return self.slut is not None


@dataclass(frozen=True)
class KmdAnmodning:
    handling: Handling
    tjenestenummer: str
    ny: KmdFravaer
    original: KmdFravaer | None = None  # MOD: the absence as it is stored


def _tekst(felter: Mapping[str, str | None], navn: str) -> str | None:
    v = felter.get(navn)
    v = v.strip() if v is not None else None
    return v or None


def _laes_dato(felter, navn: str, fejl: list[Meddelelse], kraevet: bool = True) -> date | None:
    v = _tekst(felter, navn)
    if v is None:
        if kraevet:
            fejl.append(meddelelse("F189", navn, navn=navn))
        return None
    try:
        if not _DATO.match(v):
            raise ValueError
        return date.fromisoformat(v)
    except ValueError:
        fejl.append(meddelelse("F183", navn, navn=navn, form="en dato på formen ÅÅÅÅ-MM-DD",
                               vaerdi=v[:40]))
        return None


def _laes_tid(felter, navn: str, fejl: list[Meddelelse]) -> time | None:
    v = _tekst(felter, navn)
    if v is None:
        return None
    try:
        if not _TID.match(v):
            raise ValueError
        return time.fromisoformat(v)
    except ValueError:
        if v in ("24:00:00", "24:00"):  # the end of the day, as some clients write it
            return time(23, 59, 59)
        fejl.append(meddelelse("F183", navn, navn=navn, form="et klokkeslæt på formen tt:mm:ss",
                               vaerdi=v[:40]))
        return None


def _laes_type(felter, navn: str, fejl: list[Meddelelse], koder: Iterable[str]) -> str | None:
    v = _tekst(felter, navn)
    if v is None:
        fejl.append(meddelelse("F189", navn, navn=navn))
        return None
    v = v.upper()
    if v not in kmd_typer() and v not in set(koder):
        fejl.append(meddelelse("F181", navn, type=v[:20]))
        return None
    return v


def _laes_barn(felter, fejl: list[Meddelelse]) -> int | None:
    v = _tekst(felter, "AdditionalData")
    if v is None:
        return None
    if not v.isdigit() or not 0 < int(v) < 1000:
        fejl.append(meddelelse("F183", "AdditionalData", navn="AdditionalData",
                               form="barnets nummer (1–999)", vaerdi=v[:40]))
        return None
    return int(v)


def _fravaer(felter, prefiks: str, fejl: list[Meddelelse], koder: Iterable[str],
             barn: int | None) -> KmdFravaer | None:
    antal = len(fejl)
    kmd_type = _laes_type(felter, f"{prefiks}AbsenceAttendanceType", fejl, koder)
    fra = _laes_dato(felter, f"{prefiks}StartDate", fejl)
    til = _laes_dato(felter, f"{prefiks}EndDate", fejl)
    start = _laes_tid(felter, f"{prefiks}StartTime", fejl)
    slut = _laes_tid(felter, f"{prefiks}EndTime", fejl)
    if len(fejl) > antal or kmd_type is None or fra is None or til is None:
        return None
    if til < fra:
        fejl.append(meddelelse("F186", f"{prefiks}EndDate", fra=fra, til=til))
        return None
    start = None if start in _HEL_START else start
    slut = None if slut in _HEL_SLUT else slut
    if fra == til and start is not None and slut is not None and slut <= start:
        fejl.append(meddelelse("F185", f"{prefiks}EndTime", start=start.isoformat(),
                               slut=slut.isoformat()))
        return None
    return KmdFravaer(kmd_type, fra, til, start, slut, barn)


def laes_anmodning(felter: Mapping[str, str | None], koder: Iterable[str]) -> KmdAnmodning:
    """SetAbsenceAttendance's fields (every one a string in KMD's schema) read and checked for
    form: every problem at once (Afvist). `koder` are the fixed codes a type may also name.
    MOD without the Original fields means the absence at the new dates and type (only its half
    days change); a missing Operation means INS (KMD's default)."""
    fejl: list[Meddelelse] = []
    koder = tuple(koder)
    operation = (_tekst(felter, "Operation") or "INS").upper()
    if operation not in Handling.__members__:
        fejl.append(meddelelse("F182", "Operation", operation=operation[:20]))
    tjenestenummer = _tekst(felter, "PersonnelNumber")
    if tjenestenummer is None:
        fejl.append(meddelelse("F189", "PersonnelNumber", navn="PersonnelNumber"))
    barn = _laes_barn(felter, fejl)
    ny = _fravaer(felter, "", fejl, koder, barn)
    original = None
    if operation == Handling.MOD and ny is not None:
        # each Original field not sent is the new one's
        org = {f"Original{n}": _tekst(felter, f"Original{n}") or _tekst(felter, n)
               for n in ("AbsenceAttendanceType", "StartDate", "EndDate", "StartTime", "EndTime")}
        original = _fravaer(org, "Original", fejl, koder, barn)
    if fejl or tjenestenummer is None or ny is None:  # neither is None without a fejl
        raise Afvist(fejl)
    return KmdAnmodning(Handling(operation), tjenestenummer, ny, original)


def laes_periode(felter: Mapping[str, str | None], kraevet: bool = False
                 ) -> tuple[str, date | None, date | None]:
    """PersonnelNumber, StartDate and EndDate of a read (the dates optional unless `kraevet`)."""
    fejl: list[Meddelelse] = []
    tjenestenummer = _tekst(felter, "PersonnelNumber")
    if tjenestenummer is None:
        fejl.append(meddelelse("F189", "PersonnelNumber", navn="PersonnelNumber"))
    fra = _laes_dato(felter, "StartDate", fejl, kraevet)
    til = _laes_dato(felter, "EndDate", fejl, kraevet)
    if fra is not None and til is not None and til < fra:
        fejl.append(meddelelse("F186", "EndDate", fra=fra, til=til))
    if fejl or tjenestenummer is None:
        raise Afvist(fejl)
    return tjenestenummer, fra, til


# ------------------------------------------------------------------ which code

def seniorkode(aarets_koder: Iterable[str], bank_krediteret: bool) -> tuple[str, str]:
    """SO is 715 (Seniorordning) or 805 (Afh.frih: Senior- og retræteord, the time bank's type 5).
    An employment uses one of them in a calendar year (§4 rule 8; seed 002 §3: "der skal kun
    vælges EN af dem"): the one it already uses that year; else 805 when its time bank type 5 has
    been credited (seed 002 §3: to use 805 "skal der reguleres xx dage med Opsparingsretstype =
    5" first), else 715. Returns the code and the reason (for the advis A034)."""
    koder = set(aarets_koder)
    if "805" in koder:
        return "805", "ansættelsen bruger 805 i forvejen i året"
    if "715" in koder:
        return "715", "ansættelsen bruger 715 i forvejen i året"
    if bank_krediteret:
        return "805", "ansættelsens frihedsbank (opsparingsretstype 5) er krediteret seniordage"
    return "715", "ansættelsen har ingen seniordage i frihedsbanken"


def omsorgskode(foedselsdato: date | None, halv: bool) -> str:
    """OS is 600/605 for a child born or adopted before 1 October 2005, else 610/615 (seed 002
    §8; domain.saerlige_rettigheder). An unknown child gets the new scheme's code: the rules then
    refuse the child itself (F047)."""
    t = kmd_typer()["OS"]
    koder = t.halvdagskoder if halv else t.koder
    return koder[1] if foedselsdato is None or ny_ordning(foedselsdato) else koder[0]


# ------------------------------------------------------------------ one absence as events

@dataclass(frozen=True)
class Del:
    """One event a KMD absence becomes: whole days [fra, til], or one partial day (halv)."""

    fra: date
    til: date
    halv: bool
    minutter: int | None = None  # exact minutes of a one-day absence with both times


def opdel(f: KmdFravaer) -> list[Del]:
    """The events of one KMD absence: a partial day for a half day at each end, and the whole
    days between them (none if there are none). A one-day absence with both times is one partial
    day of exactly that span."""
    if f.fra == f.til:
        if f.start is not None and f.slut is not None:  # both ends half
            span = (f.slut.hour * 60 + f.slut.minute) - (f.start.hour * 60 + f.start.minute)
            return [Del(f.fra, f.til, True, span)]
        return [Del(f.fra, f.til, f.halv_start or f.halv_slut)]
    dele = []
    fra, til = f.fra, f.til
    if f.halv_start:
        dele.append(Del(fra, fra, True))
        fra += timedelta(days=1)
    slut = Del(til, til, True) if f.halv_slut else None
    if slut is not None:
        til -= timedelta(days=1)
    if fra <= til:
        dele.append(Del(fra, til, False))
    if slut is not None:
        dele.append(slut)
    return dele


def kode_for(kmd_type: str, halv: bool, senior: str | None = None,
             foedselsdato: date | None = None) -> tuple[str, bool]:
    """The fixed code of one part and whether it carries minutes: a half day of a type without
    half-day codes of its own is its whole day's code with minutes; a fixed code named as the
    type is itself. `senior` is seniorkode's choice, `foedselsdato` the care day's child's."""
    t = kmd_typer().get(kmd_type)
    if t is None:
        return kmd_type, halv
    if t.valg == "barn":
        return omsorgskode(foedselsdato, halv), False
    if t.valg == "ansaettelse":
        if senior is None:
            raise ValueError(f"KMD-typen {kmd_type} kræver seniorkode's valg")
        return senior, halv
    return t.koder[0], halv


# ------------------------------------------------------------------ our events as KMD absences

@dataclass(frozen=True)
class KmdPost:
    """One KMD absence as a read answers it: its events in date order."""

    kmd_type: str
    haendelser: tuple[Haendelse, ...]
    halv_start: bool
    halv_slut: bool

    @property
    def fra(self) -> date:
        return self.haendelser[0].data.fra

    @property
    def til(self) -> date | None:
        return self.haendelser[-1].data.til

    @property
    def barnenummer(self) -> int | None:
        return self.haendelser[0].data.barnenummer


def delvis(d: HaendelseData) -> bool:
    """A partial day: one day with minutes, or one of the half-day codes."""
    return d.til == d.fra and (d.minutter is not None or d.kode in kmd_typer()["OS"].halvdagskoder)


def _delvis(h: Haendelse) -> bool:
    return delvis(h.data)


# the shapes of one KMD absence, P a partial day and W whole days, in date order (what `opdel`
# makes): adjacent events join only while they keep such a shape
_FORLOEB = {"P", "W", "PW", "WP", "PWP", "PP"}


def saml(haendelser: Iterable[Haendelse]) -> list[KmdPost]:
    """One employment's events as KMD absences: adjacent events of one KMD type and child form one
    absence while their shape is one `opdel` makes (at most one whole-day event, partial days only
    at its ends); every other event is an absence of its own."""
    poster: list[KmdPost] = []
    koe = sorted(haendelser, key=lambda h: (h.data.fra, h.data.slut, h.id))
    brugt: set[str] = set()
    for i, h in enumerate(koe):
        if h.id in brugt:
            continue
        brugt.add(h.id)
        kmd_type = kmd_type_for(h.data.kode)
        led = [h]
        for naeste in koe[i + 1:] if h.data.til is not None else ():
            dagen_efter = led[-1].data.slut + timedelta(days=1)  # not open: its til
            if naeste.data.fra > dagen_efter:
                break
            if (naeste.id in brugt or naeste.data.til is None or naeste.data.fra != dagen_efter
                    or kmd_type_for(naeste.data.kode) != kmd_type
                    or naeste.data.barnenummer != h.data.barnenummer):
                continue
            if "".join("P" if _delvis(x) else "W" for x in (*led, naeste)) not in _FORLOEB:
                break
            led.append(naeste)
            brugt.add(naeste.id)
        poster.append(KmdPost(kmd_type, tuple(led), _delvis(led[0]), len(led) > 1 and _delvis(led[-1])))
    return poster


def find_post(poster: Iterable[KmdPost], f: KmdFravaer) -> KmdPost | None:
    """The stored absence a MOD or DEL names: by its type, start and end date, and its child when
    both name one (an AdditionalData sent with a type that has no child is not stored)."""
    for p in poster:
        if (p.kmd_type == f.kmd_type and p.fra == f.fra and p.til == f.til
                and (f.barnenummer is None or p.barnenummer is None or p.barnenummer == f.barnenummer)):
            return p
    return None


def samme(post: KmdPost | None, datas: list[HaendelseData]) -> bool:
    """Whether the stored absence is exactly the events `datas` (a repeated INS): the same codes,
    days, minutes and child, part for part."""
    if post is None or len(post.haendelser) != len(datas):
        return False
    return all((h.data.kode, h.data.fra, h.data.til, h.data.minutter, h.data.barnenummer)
               == (d.kode, d.fra, d.til, d.minutter, d.barnenummer)
               for h, d in zip(post.haendelser, sorted(datas, key=lambda d: d.fra), strict=True))


def hele_dage_foerst(d: HaendelseData) -> tuple[bool, date]:
    """Sort key: the whole-day part before the partial days. A MOD pairs the old and new parts in
    this order, so the event kept (its id and its log) is the main one."""
    return delvis(d), d.fra
