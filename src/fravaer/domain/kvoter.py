"""Accounts (regnskaber, DOMAIN.md §6): vacation per ferieår, special vacation days per year of
accrual, care days per child and calendar year, saved care days and the time bank.

An account is a list of postings: credits (accrual, days moved in or out, adjustments, salary
deductions) and uses (afvikling: the days of the events that draw from it, each on its date).
Every balance is computed from the postings at the date asked for, so it is right for any date
without a background job having run. Days are exact fractions; rounding is for presentation."""

from __future__ import annotations

import calendar
import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.datoer import uden
from fravaer.domain.ferieaar import afholdelsesperiode, optjeningsperiode
from fravaer.domain.ferieregnskab import Perioder, Postering, dage_i, optjeninger_i
from fravaer.domain.katalog import Aarsagskode
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG, brok
from fravaer.domain.politik import (
    Feriepolitik,
    IkkeOptjent,
    Stykker,
    optjener_ferie,
    optjener_saerlige_feriedage,
)
from fravaer.domain.saerlige_rettigheder import (
    SAERLIGE_FERIEDAGE_PR_AAR,
    omsorgsdage,
    saerlige_feriedage_periode,
)

EN_DAG = timedelta(days=1)
NUL = Fraction(0)
_DATO = attrgetter("dato")  # a posting's sort key


class KvoteType(StrEnum):
    FERIE = "Ferie"
    SAERLIGE_FERIEDAGE = "SaerligeFeriedage"
    OMSORGSDAGE = "Omsorgsdage"
    FRIHEDSBANK = "Frihedsbank"


class Art(StrEnum):
    OPTJENT = "Optjent"
    OVERFOERT = "Overfoert"  # moved in (+) or out (−): FlytFerie, and 598/599 to the time bank
    REGULERET = "Reguleret"  # RegulerKvote
    LOENTRAEK = "Loentraek"  # unearned days settled as a salary deduction (policy løntræk)
    AFVIKLET = "Afviklet"  # a day (or part) of an event that draws from the account


# the members as plain names: reading one off the class costs a descriptor call (Python 3.11),
# and the balance walks test every posting (a batch of 10,000 registrations: issue 15)
_AFVIKLET, _OVERFOERT = Art.AFVIKLET, Art.OVERFOERT
# likewise the account types, asked of every account of every employment of a HentKvoter
_FERIE, _SAERLIGE, _OMSORG = KvoteType.FERIE, KvoteType.SAERLIGE_FERIEDAGE, KvoteType.OMSORGSDAGE

FERIE_UDEN_LOEN = 2  # ferieretstype 2: "Automatisk uden løn", drawn by code 505
OPSPARINGSDAGE = 1  # omsorgsretstype 1: care days saved from overtime, drawn by 620/630


class Konto(NamedTuple):
    """Which account: its type; the ferieår, the year of accrual of special days or the calendar
    year of care days (None for the running accounts: saved care days and the time bank); the
    retstype of a sub-account; and the child of a care-day account.

    A named tuple, not a frozen dataclass: accounts are dict and cache keys, hashed some forty
    times per employment of a HentKvoter (a dataclass's __hash__ is a Python call; a tuple's is
    not), and as immutable, equal and ordered by their fields."""

    type: KvoteType
    aar: int | None = None
    retstype: int | None = None
    barnenummer: int | None = None

    @property
    def loebende(self) -> bool:
        return self.aar is None

    @property
    def aaret(self) -> int:
        """The year of a dated account (a running account has none: asking is a bug)."""
        if self.aar is None:
            raise ValueError(f"den løbende konto {self.type.name} har intet år")
        return self.aar


class Post(NamedTuple):
    """One posting. A named tuple, not a frozen dataclass: an event posts each of its days, ten
    thousand postings for a HentKvoter of 1,000 employments, and a frozen dataclass's __init__
    (object.__setattr__ per field) costs four times a tuple's; immutable and equal by fields alike."""

    konto: Konto
    dato: date
    art: Art
    dage: Fraction  # credits signed; a use is positive days used
    kilde: str | None = None  # the event's or the adjustment's id
    retstype: int | None = None  # for adjustments: the ferieretstype etc. given
    kode: str | None = None  # for uses: the event's code
    tekst: str = ""
    afventer: bool = False  # a use by an event awaiting approval: planned, never taken (§17)

    @property
    def er_afvikling(self) -> bool:
        return self.art is _AFVIKLET


class Brug(NamedTuple):
    """One event's use of one account, booked whole (HentKvoter's accounts: Regnskab.samlet): the
    sum of the day postings afvikling() would make (`dage`), its first and last day, and those
    days (`dagene`, (day, days used), in date order) for a balance asked inside its span. A
    thousand employments' events cost one record each, not one per day."""

    konto: Konto
    fra: date
    til: date
    dage: Fraction
    dagene: tuple[tuple[date, Fraction], ...]
    kilde: str | None = None
    kode: str | None = None
    afventer: bool = False

    def poster(self) -> list[Post]:
        """The day postings it stands for (as afvikling() makes them)."""
        return [_ny(Post, (self.konto, d, _AFVIKLET, antal, self.kilde, None, self.kode, "", self.afventer))
                for d, antal in self.dagene]


@dataclass(frozen=True)
class Barn:
    barnenummer: int
    foedselsdato: date
    cpr: str | None = None
    fornavn: str | None = None
    efternavn: str | None = None


class Kvote(NamedTuple):
    """An account at a date. A named tuple, not a frozen dataclass (a HentKvoter of 1,000
    employments makes some 3,000: a frozen dataclass's __init__ sets each field through
    object.__setattr__), and what is at disposal is worked out when asked for, not made for every
    quota."""

    konto: Konto
    periode: tuple[date, date]
    afholdelse: tuple[date, date]
    optjent: Fraction = NUL
    overfoert: Fraction = NUL
    reguleret: Fraction = NUL
    loentraek: Fraction = NUL
    afholdt: Fraction = NUL
    planlagt: Fraction = NUL

    @property
    def disponibel(self) -> Fraction:
        """Earned, moved, adjusted and deducted, less taken and planned (an amount left at the
        shared NUL is no term: Fraction's truth test is a Python call, and a 0 adds nothing)."""
        plus = [v for v in (self.overfoert, self.reguleret, self.loentraek) if v is not NUL]
        minus = [v for v in (self.afholdt, self.planlagt) if v is not NUL]
        return summer([self.optjent, *plus], minus) if plus or minus else self.optjent

    @property
    def ret(self) -> Fraction:
        """What can be taken in all: earned, moved and adjusted."""
        return self.optjent + self.overfoert + self.reguleret + self.loentraek


# ---------------------------------------------------------------- which account, when


def ferieaar_for(dato: date) -> int:
    """The ferieår whose accrual period holds `dato` (named by the year it ends in)."""
    return dato.year + 1 if dato.month >= 9 else dato.year


def aabne_ferieaar(fra: date, til: date) -> list[int]:
    """The ferieår whose afholdelsesperiode holds every day of [fra, til], oldest first: two
    between 1 Sep and 31 Dec, else one, and none for a period that crosses a boundary."""
    return list(aabne_ferieaar_i(fra, til))


def haendelsens_ferieaar(kode: Aarsagskode | None, fra: date, til: date | None, ferieaar: int | None
                         ) -> int | None:
    """The ferieår whose account a stored event of `kode` draws on, as its postings are booked
    (tilfoej_haendelser: its own ferieår, else the oldest open on all its days); None for a code
    that draws on no ferieår's account, or an event that goes to none."""
    if kode is None or not kode.traekker_paa_ferieaar:
        return None
    if ferieaar is None and til is not None:
        aabne = aabne_ferieaar_i(fra, til)
        return aabne[0] if aabne else None
    return ferieaar


def ferieaarenes_dage(ferieaar: Iterable[int]) -> tuple[date, date]:
    """The days a stored event without a ferieår of its own lies within when it draws on one of
    these ferieår (haendelsens_ferieaar: the oldest open on all its days, whose afholdelsesperiode
    holds them all): from the first year's period's start to the last's end. One outside them
    draws on another ferieår's account or none."""
    aar = sorted(ferieaar)
    return afholdelsesperiode(aar[0])[0], afholdelsesperiode(aar[-1])[1]


@lru_cache(maxsize=4096)
def aabne_ferieaar_i(fra: date, til: date) -> tuple[int, ...]:
    """aabne_ferieaar as a tuple, kept per period: every vacation judged asks it twice, and a
    batch's events fall on few distinct days (issue 15)."""
    return tuple(y for y in (fra.year, fra.year + 1)
                 if afholdelsesperiode(y)[0] <= fra and til <= afholdelsesperiode(y)[1])


def saerlige_aar_for(dato: date) -> int:
    """The year of accrual whose special days are taken on `dato` (1 May Y+1 – 30 April Y+2)."""
    return dato.year - 1 if dato.month >= 5 else dato.year - 2


def perioder(konto: Konto, dato: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(accrual period, period of taking) of an account; a running account is shown per calendar
    year of `dato`."""
    if konto.aar is not None:
        return _kontoens_perioder(konto)
    return _aarets_perioder(dato.year)


@lru_cache(maxsize=1024)
def _kontoens_perioder(konto: Konto) -> tuple[tuple[date, date], tuple[date, date]]:
    """An account of a year: its periods do not depend on the date (asked for every account shown)."""
    if konto.type is KvoteType.FERIE:
        return optjeningsperiode(konto.aaret), afholdelsesperiode(konto.aaret)
    if konto.type is KvoteType.SAERLIGE_FERIEDAGE:
        return (date(konto.aaret, 1, 1), date(konto.aaret, 12, 31)), saerlige_feriedage_periode(konto.aaret)
    return _aarets_perioder(konto.aaret)


@lru_cache(maxsize=64)  # one pair of tuples per year: a running account's quotas share them
def _aarets_perioder(aar: int) -> tuple[tuple[date, date], tuple[date, date]]:
    return (date(aar, 1, 1), date(aar, 12, 31)), (date(aar, 1, 1), date(aar, 12, 31))


# ---------------------------------------------------------------- credits from master data


def _maanedens_saerlige(aar: int, maaned: int, perioder: Perioder) -> Fraction:
    """5/12 day for a whole month employed, in proportion to the calendar days otherwise."""
    dage_i_maaned = calendar.monthrange(aar, maaned)[1]
    dage = dage_i(date(aar, maaned, 1), date(aar, maaned, dage_i_maaned), perioder)
    return Fraction(SAERLIGE_FERIEDAGE_PR_AAR, 12) * Fraction(dage, dage_i_maaned)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the series are shared
class Optjeningsserie:
    """An account's automatic credits in date order, with running totals: what is earned by a
    date is one bisection."""

    poster: tuple[Post, ...]
    datoer: tuple[date, ...]
    i_alt: tuple[Fraction, ...]

    @cached_property
    def naevner(self) -> int:
        """The running totals' common denominator (asked by every event judged against the series)."""
        return math.lcm(*(t.denominator for t in self.i_alt)) if self.i_alt else 1

    def til(self, dato: date) -> Fraction:
        i = bisect_right(self.datoer, dato)
        return self.i_alt[i - 1] if i else NUL


def optjening(konto: Konto, a: Ansaettelse, politik: Feriepolitik, boern: dict[int, Barn],
              flere_loebenumre: Stykker = ()) -> Optjeningsserie:
    """The automatic credits of an account. Only what decides them is the key of a shared cache:
    a thousand employments in whole months of the same year share one series. Special days are
    not posted automatically on the days the person has another løbenummer in the same løngruppe
    (`flere_loebenumre`, politik.flere_loebenumre)."""
    type_, barnenummer = konto.type, konto.barnenummer
    if not a.forloeb and not flere_loebenumre:
        return _uaendret(konto, a, boern, optjener_ferie(a) if type_ is _FERIE else False,
                         optjener_saerlige_feriedage(a) if type_ is _SAERLIGE else False, politik.postering)
    if _kun_poster(konto):
        return _TOM
    start, slut = _i_perioden(konto, a.startdato, a.slutdato)
    barn = boern.get(barnenummer) if barnenummer is not None else None
    if type_ is _FERIE:
        optjenende = _optjenende(a, start, slut, optjener_ferie)  # retstype None: checked above
    elif type_ is _SAERLIGE:
        optjenende = _optjenende(a, start, slut, optjener_saerlige_feriedage, flere_loebenumre)
    else:
        # care days need the employment in force in the year (not after it ended)
        optjenende = ((start, slut),) if barn is not None and (slut is None or slut >= start) else ()
    if not optjenende:
        return _TOM
    return _optjening(konto, optjenende, politik.postering, barn.foedselsdato if barn else None)


def _uaendret(konto: Konto, a: Ansaettelse, boern: dict[int, Barn], ferie: bool, saerlige: bool,
              postering: Postering) -> Optjeningsserie:
    """optjening() of an account of an employment whose relationship never changed (most) and
    that has no other løbenummer, given whether it earns vacation and special days
    (`ferie`, `saerlige`: asked once per employment of a HentKvoter, not per account): the
    series hangs on these few values alone, one cache lookup."""
    type_, barnenummer = konto.type, konto.barnenummer
    barn = boern.get(barnenummer) if barnenummer is not None else None
    optjener = ferie if type_ is _FERIE else saerlige if type_ is _SAERLIGE else barn is not None
    return _uaendret_optjening(konto, a.startdato, a.slutdato, optjener, postering,
                               barn.foedselsdato if barn is not None else None)


@lru_cache(maxsize=4096)
def _uaendret_optjening(konto: Konto, startdato: date, slutdato: date | None, optjener: bool,
                        postering: Postering, foedselsdato: date | None) -> Optjeningsserie:
    """optjening() of an employment whose relationship never changed and that has no other
    løbenummer: whether it earns in the account (for care days: whether it has the child) is
    `optjener`; the stretch is its own, cut to the account's period."""
    if _kun_poster(konto):
        return _TOM
    start, slut = _i_perioden(konto, startdato, slutdato)
    if konto.type is _FERIE or konto.type is _SAERLIGE:
        optjenende = ((start, slut),) if optjener else ()
    else:  # care days need the employment in force in the year (not after it ended)
        optjenende = ((start, slut),) if optjener and (slut is None or slut >= start) else ()
    if not optjenende:
        return _TOM
    return _optjening(konto, optjenende, postering, foedselsdato)


def _i_perioden(konto: Konto, startdato: date, slutdato: date | None) -> tuple[date, date | None]:
    """An employment's stretch cut to the account's accrual period (start past the period's end
    when the employment begins after it; the end before the period's start when it ended before)."""
    fra, til = _optjeningsperiode(konto) if konto.aar is not None else (date.min, date.min)
    start = min(max(startdato, fra), til + EN_DAG)
    slut = None if slutdato is None or slutdato >= til else max(slutdato, fra - EN_DAG)
    return start, slut


@lru_cache(maxsize=8192)
def _aarets_grenser(aar: int, startdato: date, slutdato: date | None) -> tuple[date, date | None]:
    """An employment's stretch cut (as _i_perioden cuts it) to the span of the accrual periods of
    the accounts of calendar year `aar` (_aarets_spaend). Every account of the year lies within
    it, and cutting to the span and then to the account's own period is cutting to the latter, so
    its accrual series is the same for the cut dates: employments that began before the span or
    end after it (most) share one cached series (_uaendret_optjening), not one each."""
    fra, til = _aarets_spaend(aar)
    start = min(max(startdato, fra), til + EN_DAG)
    slut = None if slutdato is None or slutdato >= til else max(slutdato, fra - EN_DAG)
    return start, slut


@lru_cache(maxsize=64)
def _aarets_spaend(aar: int) -> tuple[date, date]:
    """From the first day to the last of the accrual periods of the accounts konti_i_aar(aar) can
    hold that have one: the year's ferieår and special days' years, and its care days (the
    calendar year)."""
    perioder_ = [p for _, p in _aarets_konti(aar)] + [_aarets_perioder(aar)[0]]
    return min(f for f, _ in perioder_), max(t for _, t in perioder_)


def _kun_poster(konto: Konto) -> bool:
    """The running accounts and ferie uden løn are credited by postings only."""
    return (konto.aar is None and konto.barnenummer is None) or (
        konto.type is _FERIE and konto.retstype is not None)


@lru_cache(maxsize=1024)
def _optjeningsperiode(konto: Konto) -> tuple[date, date]:
    return perioder(konto, date.min)[0]


def _optjenende(a: Ansaettelse, start: date, slut: date | None, optjener, ikke: Stykker = ()) -> Perioder:
    """The stretches of [start, slut] in which the relationship then in force earns (pay form,
    PKAT, class and AKKO as they were, not as they are now), less the days `ikke`."""
    if not a.forloeb and not ikke:  # the relationship never changed: one stretch or none
        return ((start, slut),) if optjener(a) else ()
    stykker: list[tuple[date, date | None]] = []
    for fra_, til_, da in a.perioder(start, slut or date.max):
        if not optjener(da):
            continue
        for fra, til in uden(fra_, til_, ikke):
            if stykker and stykker[-1][1] is not None and stykker[-1][1] + EN_DAG == fra:
                fra = stykker.pop()[0]
            stykker.append((fra, None if til == date.max else til))
    return tuple(stykker)


@lru_cache(maxsize=4096)
def _optjening(konto: Konto, optjenende: Perioder, postering: Postering,
               foedselsdato: date | None) -> Optjeningsserie:
    poster: list[Post] = []
    if konto.type is KvoteType.FERIE:
        poster = [Post(konto, o.dato, Art.OPTJENT, o.dage, tekst=f"Optjent {o.maaned:%m-%Y}")
                  for o in optjeninger_i(konto.aaret, optjenende, postering)]
    elif konto.type is KvoteType.SAERLIGE_FERIEDAGE:
        for maaned in range(1, 13):
            dage = _maanedens_saerlige(konto.aaret, maaned, optjenende)
            if dage:
                sidste = date(konto.aaret, maaned, calendar.monthrange(konto.aaret, maaned)[1])
                poster.append(Post(konto, sidste, Art.OPTJENT, dage, tekst=f"Optjent {sidste:%m-%Y}"))
    elif konto.type is KvoteType.OMSORGSDAGE and foedselsdato is not None:
        start, slut = optjenende[0]
        aar = konto.aaret
        fra = max(date(aar, 1, 1), foedselsdato, start)
        if omsorgsdage(foedselsdato, aar) and fra.year == aar and (slut is None or fra <= slut):
            poster = [Post(konto, fra, Art.OPTJENT, Fraction(omsorgsdage(foedselsdato, aar)),
                           tekst=f"Barn {konto.barnenummer}")]
    return _serie(poster)


def _serie(poster: list[Post]) -> Optjeningsserie:
    i_alt, total = [], NUL
    for p in poster:
        total += p.dage
        i_alt.append(total)
    return Optjeningsserie(tuple(poster), tuple(p.dato for p in poster), tuple(i_alt))


_TOM = Optjeningsserie((), (), ())


# ---------------------------------------------------------------- uses from events


def dagstraek(fra: date, til: date, minutter: int | None, arbejdstid: Arbejdstid
              ) -> list[tuple[date, Fraction]]:
    """An event's use day by day, in days: a whole day costs the day's share of a working day
    (1, ½ on a half holiday, 0 off work); a partial day its minutes over 444; a reduced-time
    period its minutes on each working day."""
    if minutter is None:
        return arbejdstid.dagsandele(fra, til)
    dage = [fra + EN_DAG * i for i in range((til - fra).days + 1)]
    if fra == til:
        return [(fra, brok(minutter, MINUTTER_PR_DAG))]
    return [(d, brok(minutter, MINUTTER_PR_DAG)) for d in dages_arbejdsdage(dage, arbejdstid)]


def dages_arbejdsdage(dage: list[date], arbejdstid: Arbejdstid) -> list[date]:
    return [d for d in dage if arbejdstid.minutter(d) > 0]


def konto_for_traek(traekker_paa: str, dato: date, ferieaar: int | None, barnenummer: int | None
                    ) -> Konto | None:
    """The account a day of an event of a code drawing on `traekker_paa` is posted to."""
    if traekker_paa == "ferie_med_loen":
        return Konto(KvoteType.FERIE, ferieaar)
    if traekker_paa == "ferie_uden_loen":
        return Konto(KvoteType.FERIE, ferieaar, FERIE_UDEN_LOEN)
    if traekker_paa == "saerlige_feriedage":
        return Konto(KvoteType.SAERLIGE_FERIEDAGE, saerlige_aar_for(dato))
    if traekker_paa in ("omsorg", "omsorg_halv"):
        return Konto(KvoteType.OMSORGSDAGE, dato.year, None, barnenummer)
    if traekker_paa == "omsorg_opsparing":
        return Konto(KvoteType.OMSORGSDAGE, None, OPSPARINGSDAGE)
    if traekker_paa.startswith("frihedsbank_"):
        return Konto(KvoteType.FRIHEDSBANK, None, int(traekker_paa.rsplit("_", 1)[1]))
    return None


def afvikling(kilde: str, kode: Aarsagskode, fra: date, til: date | None, minutter: int | None,
              ferieaar: int | None, barnenummer: int | None, arbejdstid: Arbejdstid) -> list[Post]:
    """The postings of an event of a code that draws from an account (none for an open event:
    its cost is not known until it is closed)."""
    # each Post made by tuple.__new__ with every field given: the same tuple as Post(...) without
    # its Python-level __new__ (ten postings per employment of a HentKvoter)
    kodens = kode.kode
    return [_ny(Post, (konto, d, _AFVIKLET, antal, kilde, None, kodens, "", False))
            for konto, dage in _pr_konto(kode, fra, til, minutter, ferieaar, barnenummer, arbejdstid)
            for d, antal in dage]


def brug(kode: Aarsagskode, fra: date, til: date | None, minutter: int | None, ferieaar: int | None,
         barnenummer: int | None, arbejdstid: Arbejdstid) -> list[Brug]:
    """afvikling() booked per account the event draws from, not per day: a Brug for each run of
    its days that goes to one account (most events: one), without the event's id and awaiting
    flag (Brug._replace them, or share the records among events alike: a batch's)."""
    return [_brugen(konto, dage, kode.kode)
            for konto, dage in _pr_konto(kode, fra, til, minutter, ferieaar, barnenummer, arbejdstid)]


def _pr_konto(kode: Aarsagskode, fra: date, til: date | None, minutter: int | None,
              ferieaar: int | None, barnenummer: int | None, arbejdstid: Arbejdstid
              ) -> list[tuple[Konto, list[tuple[date, Fraction]]]]:
    """The days an event of a drawing code uses (day, days used), in date order, in runs by the
    account each goes to (none for an open event, or a day without an account)."""
    if not kode.traekker_paa or til is None:
        return []
    dage = _dagene(kode, fra, til, minutter, arbejdstid)
    if not dage:
        return []
    traek = kode.traekker_paa
    # the account changes at most with the year (and 1 May): days whose first and last share
    # that key all go to one account (most events), in one run
    foerste, sidste = dage[0][0], dage[-1][0]
    if foerste.year == sidste.year and (foerste.month >= 5) == (sidste.month >= 5):
        konto = _traekkonto(traek, foerste, ferieaar, barnenummer)
        return [] if konto is None else [(konto, dage)]
    stykker: list[tuple[Konto | None, list[tuple[date, Fraction]]]] = []
    forrige = None
    for d, antal in dage:
        noegle = (d.year, d.month >= 5)
        if noegle != forrige:
            forrige = noegle
            stykker.append((_traekkonto(traek, d, ferieaar, barnenummer), []))
        stykker[-1][1].append((d, antal))
    return [(konto, ds) for konto, ds in stykker if konto is not None]


def _dagene(kode: Aarsagskode, fra: date, til: date, minutter: int | None, arbejdstid: Arbejdstid
            ) -> list[tuple[date, Fraction]]:
    """(day, days used) of each day an event of a drawing code uses, in date order."""
    if kode.halv_dag:
        return [(fra, arbejdstid.halv_dagsandel(fra))]
    if minutter is None:  # whole days (most): dagstraek's first case, one call fewer
        return arbejdstid.dagsandele(fra, til)
    return dagstraek(fra, til, minutter, arbejdstid)


def _brugen(konto: Konto, dage: list[tuple[date, Fraction]], kode: str) -> Brug:
    return Brug(konto, dage[0][0], dage[-1][0], summer([antal for _, antal in dage]), tuple(dage), None, kode)


_ny = tuple.__new__


def _traekkonto(traek: str, dato: date, ferieaar: int | None, barnenummer: int | None) -> Konto | None:
    """konto_for_traek, but none for vacation without a ferieår (no account to post it to). The
    account depends on the day by its year and whether it is from 1 May on (saerlige_aar_for):
    one cache lookup for every event of a HentKvoter's thousand employments."""
    return _traekkonto_i(traek, dato.year, dato.month >= 5, ferieaar, barnenummer)


@lru_cache(maxsize=1024)
def _traekkonto_i(traek: str, aar: int, fra_maj: bool, ferieaar: int | None, barnenummer: int | None
                  ) -> Konto | None:
    konto = konto_for_traek(traek, date(aar, 5 if fra_maj else 1, 1), ferieaar, barnenummer)
    return None if konto is not None and konto.type is _FERIE and konto.aar is None else konto


# ---------------------------------------------------------------- the employment's accounts


@dataclass
class Regnskab:
    """An employment's accounts: its automatic credits (computed when first needed) and the
    stored adjustments and the uses of its events: as day postings, or (`brug`, HentKvoter's
    read) one Brug per event and account. The balances come out the same; the rules that walk an
    account's days (egne_poster, konto_poster) need the day postings."""

    ansaettelse: Ansaettelse
    politik: Feriepolitik
    boern: dict[int, Barn] = field(default_factory=dict)
    poster: list[Post] = field(default_factory=list)  # adjustments and uses
    sygedage: set[date] = field(default_factory=set)  # working days with a 110 (sick during vacation)
    flere_loebenumre: Stykker = ()  # days with another løbenummer in the same løngruppe
    brug: list[Brug] = field(default_factory=list)  # uses booked per event (HentKvoter's read)
    _pr_konto: dict[Konto, list[Post]] | None = None
    _brugt: dict[Konto, list[Brug]] | None = None

    def tilfoej(self, poster: Iterable[Post]) -> None:
        self.poster.extend(poster)
        self._pr_konto = None

    def tilfoej_brug(self, brug: Iterable[Brug]) -> None:
        self.brug.extend(brug)
        self._pr_konto = None

    def uden(self, kilde: str) -> Regnskab:
        """The accounts without the postings of one event (to judge a change of it)."""
        return Regnskab(self.ansaettelse, self.politik, self.boern,
                        [p for p in self.poster if p.kilde != kilde], self.sygedage, self.flere_loebenumre,
                        [b for b in self.brug if b.kilde != kilde])

    def egne_poster(self, konto: Konto) -> list[Post]:
        """The account's stored adjustments and its uses (not the automatic credits)."""
        if self.brug:  # the uses are not day postings here: an answer without them would be wrong
            raise ValueError("et regnskab med brug pr. hændelse har ikke dagenes posteringer")
        return self._konti().get(konto, [])

    def _konti(self) -> dict[Konto, list[Post]]:
        """The stored postings per account (built once: a thousand employments ask six times each)."""
        if self._pr_konto is None:
            pr: dict[Konto, list[Post]] = {}
            # an event's days mostly go to one account, the same object (cached): a run of them
            # looked up once (a Konto's hash is a tuple's, made anew at every lookup)
            sidste: Konto | None = None
            ps: list[Post] = []
            for p in self.poster:
                konto = p.konto
                if konto is not sidste:
                    sidste = konto
                    funden = pr.get(konto)
                    if funden is None:
                        funden = pr[konto] = []
                    ps = funden
                ps.append(p)
            brugt: dict[Konto, list[Brug]] = {}
            for b in self.brug:  # an account with only uses is one of the stored accounts too
                funden_brug = brugt.get(b.konto)
                if funden_brug is None:
                    funden_brug = brugt[b.konto] = []
                    if b.konto not in pr:
                        pr[b.konto] = []
                funden_brug.append(b)
            self._pr_konto, self._brugt = pr, brugt
        return self._pr_konto

    def optjening(self, konto: Konto) -> Optjeningsserie:
        return optjening(konto, self.ansaettelse, self.politik, self.boern, self.flere_loebenumre)

    def konto_poster(self, konto: Konto) -> list[Post]:
        """Every posting of the account in date order, the automatic credits included."""
        return sorted([*self.optjening(konto).poster, *self.egne_poster(konto)], key=_DATO)

    def kvote(self, konto: Konto, dato: date) -> Kvote:
        egne = self._konti()
        return opgoer(konto, self.optjening(konto), egne.get(konto, []), dato, self.politik,
                      self._brugt.get(konto, _INGEN_BRUG) if self._brugt else _INGEN_BRUG)

    def kvoter_i_aar(self, dato: date, husk: dict[tuple, Any] | None = None) -> list[Kvote]:
        """kvote() at `dato` of every account of konti_i_aar(dato.year), in its order (HentKvoter,
        for each employment): each account's accrual series and quota in one pass, the stored
        postings per account and the fields looked up once.

        `husk`: a read's quotas shared among its employments, when their uses are booked per
        event. An account with the same accrual series (a shared object), uses whose days are the
        same objects (a read's alike events share them: tilfoej_haendelser's priser) and stored
        postings alike in what opgoer reads of them (day, kind, awaiting, days: an adjustment's id
        is its own) has the same quota, kept in `husk` by these: one object for a thousand
        employments, and its answer's text written once (kvotesvar). The ids stay valid while
        `husk` lives: the read's accounts hold every day list (the caller's care).

        An employment whose relationship never changed and that has no other løbenummer (most)
        has its whole list kept in `husk` too, by all that decides it (_aarets_noegle): a batch's
        employments alike in it are one lookup each, not a pass over every account."""
        a = self.ansaettelse
        if husk is not None and self.brug and not a.forloeb and not self.flere_loebenumre \
                and self.politik.ikke_optjent is not _LOENTRAEK:
            noegle = self._aarets_noegle(dato)
            kvoter: list[Kvote] | None = husk.get(noegle)
            if kvoter is None:
                kvoter = husk[noegle] = self._kvoter_i_aar(dato, husk, noegle)
            return list(kvoter)  # (a list of its own: the caller's, as _kvoter_i_aar's is)
        return self._kvoter_i_aar(dato, husk)

    def _aarets_noegle(self, dato: date) -> tuple:
        """What decides kvoter_i_aar(dato) of an employment whose relationship never changed,
        without another løbenummer and not on løntræk, whose uses are booked per event (Brug):
        the date; the employment's dates cut to the year's accrual periods (_aarets_grenser:
        they decide which of the year's accounts it has, whether it was employed in the year,
        and each account's accrual); whether it earns vacation and special days and the
        policy's posting; what each child gives in the year (_barnets_aar: two children born
        before the year with the same days give the same care-day account and accrual),
        asked only when employed in the year; each stored posting's account and what opgoer
        reads of it (day, kind, awaiting, days); and each use by its id (a Brug is immutable, and
        held by the accounts while `husk` lives; a read without the events' ids books alike
        events' uses as one object: tilfoej_haendelser's priser; alike ones of other objects are
        only another key). Each in its order (equal lists in another order
        are only another key)."""
        a = self.ansaettelse
        aar = dato.year
        start, slut = _aarets_grenser(aar, a.startdato, a.slutdato)
        boern = self.boern
        barnene: tuple | None = None
        if boern and start.year <= aar and (slut is None or slut.year >= aar):  # (as _konti_i_aar)
            if len(boern) == 1:
                for nr, barn in boern.items():
                    barnene = _barnets_aar(aar, nr, barn.foedselsdato)
            else:
                barnene = tuple([_barnets_aar(aar, nr, b.foedselsdato) for nr, b in boern.items()])
        poster: list = []
        for p in self.poster:  # (a loop, not a comprehension: its frame costs more than one item)
            dage: Any = p.dage  # (its two slots read directly: a Fraction's hash is a Python call)
            poster.append((p.konto, p.dato, p.art, p.afventer, dage._numerator, dage._denominator))
        # (_kvoter_i_aar reads fields 1 to 5 by these places)
        return (dato, start, slut, optjener_ferie(a), optjener_saerlige_feriedage(a), self.politik.postering,
                barnene, tuple(poster), tuple(map(id, self.brug)))

    def _kvoter_i_aar(self, dato: date, husk: dict[tuple, Any] | None, noegle: tuple | None = None
                      ) -> list[Kvote]:
        """kvoter_i_aar, each account by itself; `noegle`, the employment's _aarets_noegle(dato)
        when made (its cut dates and earning flags not asked again)."""
        egne = self._konti()
        brugt = self._brugt or _INGEN_KONTI
        a, politik, boern, flere = self.ansaettelse, self.politik, self.boern, self.flere_loebenumre
        aar = dato.year
        konti = self._konti_i_aar(aar, egne)
        loentraek = politik.ikke_optjent is _LOENTRAEK
        if not brugt or loentraek:  # (day postings: a single employment's; løntræk walks the days)
            husk = None
        uaendret = not a.forloeb and not flere
        if uaendret:
            # the relationship never changed (most): optjening()'s way for it, whether the
            # employment earns vacation and special days asked once, not for each account, and
            # its dates cut to the year's accrual periods once (_aarets_grenser)
            if noegle is not None:
                _, start, slut, ferie, saerlige, postering, *_ = noegle
            else:
                ferie, saerlige = optjener_ferie(a), optjener_saerlige_feriedage(a)
                postering = politik.postering
                start, slut = _aarets_grenser(aar, a.startdato, a.slutdato)
            # the year's four accounts' series in one lookup, not one each (_aarets_serier)
            serier = _aarets_serier(aar, start, slut, ferie, saerlige, postering)
        ud = []
        for k in konti:
            if not uaendret:
                serie = optjening(k, a, politik, boern, flere)
            elif (fundet := serier.get(k)) is not None:
                serie = fundet
            elif k.type is _FERIE:
                serie = _uaendret_optjening(k, start, slut, ferie, postering, None)
            elif k.type is _SAERLIGE:
                serie = _uaendret_optjening(k, start, slut, saerlige, postering, None)
            else:
                nr = k.barnenummer
                barn = boern.get(nr) if nr is not None else None
                serie = (_uaendret_optjening(k, start, slut, False, postering, None) if barn is None else
                         _uaendret_optjening(k, start, slut, True, postering, barn.foedselsdato))
            poster = egne.get(k, _INGEN_POSTER)
            brug = brugt.get(k)
            if brug is None and not poster and not loentraek:  # accrual alone: opgoer's first way
                ud.append(_kun_optjening(k, serie, dato))
                continue
            if husk is None:
                ud.append(opgoer(k, serie, poster, dato, politik, brug or _INGEN_BRUG))
                continue
            brugen: tuple | None = None
            if brug is not None and len(brug) == 1:  # most: one event's use
                b = brug[0]
                brugen = (id(b.dagene), b.afventer)
            elif brug is not None:
                brugene = []  # (a loop, not a comprehension: its frame cost more than its items)
                for b in brug:
                    brugene.append((id(b.dagene), b.afventer))
                brugen = tuple(brugene)
            # a stored posting by what opgoer reads of it (an adjustment's id is its own); one
            # (most) without a comprehension's frame
            ens: tuple | None = None
            if len(poster) == 1:
                p = poster[0]
                ens = ((p.dato, p.art, p.afventer, *p.dage.as_integer_ratio()),)
            elif poster:
                ens = tuple([(p.dato, p.art, p.afventer, *p.dage.as_integer_ratio()) for p in poster])
            noegle = (k, serie, dato, brugen, ens)
            kvote = husk.get(noegle)
            if kvote is None:
                kvote = husk[noegle] = opgoer(k, serie, poster, dato, politik, brug or _INGEN_BRUG)
            ud.append(kvote)
        return ud

    def konti_i_aar(self, aar: int) -> list[Konto]:
        """Every account that can be taken from in calendar year `aar`: the ferieår open in it,
        the special days' years open in it, each child's care days, and the running accounts
        that have postings."""
        return self._konti_i_aar(aar, self._konti())

    def _konti_i_aar(self, aar: int, egne: dict[Konto, list[Post]]) -> list[Konto]:
        start, slut = self.ansaettelse.startdato, self.ansaettelse.slutdato
        aarets = _aarets_konti_for(aar, start, slut)
        if egne and len(aarets) < 4:  # one of the year's four outside the employment, with postings?
            konti = [k for k, _ in _aarets_konti(aar) if k in egne or k in aarets]
        else:
            konti = list(aarets)
        boern = self.boern
        if boern and start.year <= aar and (slut is None or slut.year >= aar):  # employed in `aar`
            for nr in sorted(boern) if len(boern) > 1 else boern:
                konto = _barnets_kvote(aar, nr, boern[nr].foedselsdato)
                if konto is not None:
                    konti.append(konto)
        if egne:
            uden_loen, loebende = [], []
            for k in egne:  # one pass over the stored accounts (a use's or an adjustment's)
                if k.aar is None:
                    loebende.append(k)
                elif k.type is _FERIE and k.retstype is not None and aar <= k.aar <= aar + 1:
                    uden_loen.append(k)
            if uden_loen:
                konti += sorted(uden_loen)
            if loebende:
                konti += sorted(loebende) if len(loebende) > 1 else loebende
        return konti

    def ansat_i(self, periode: tuple[date, date]) -> bool:
        """Was the employment in force some day of `periode`?"""
        a = self.ansaettelse
        return a.startdato <= periode[1] and (a.slutdato is None or a.slutdato >= periode[0])


_INGEN_POSTER: list[Post] = []  # an account without stored postings (only read, never changed)
_INGEN_BRUG: list[Brug] = []  # likewise without uses booked per event
_INGEN_KONTI: dict[Konto, list[Brug]] = {}


@lru_cache(maxsize=4096)
def _aarets_konti_for(aar: int, start: date, slut: date | None) -> tuple[Konto, ...]:
    """The accounts of _aarets_konti(aar) whose accrual period the employment [start, slut]
    touches: a batch's employments mostly share their start, one lookup each."""
    return tuple(k for k, (fra, til) in _aarets_konti(aar) if start <= til and (slut is None or slut >= fra))


@lru_cache(maxsize=4096)
def _barnets_aar(aar: int, barnenummer: int, foedselsdato: date) -> tuple:
    """What a child gives its parent's accounts in calendar year `aar` (Regnskab._aarets_noegle):
    its number, its care days that year and the first day they are earned from (a child born
    before the year: 1 January); no days, no account. Children alike in these have the same
    care-day account (_barnets_kvote) and accrual (_optjening) in the year."""
    antal = omsorgsdage(foedselsdato, aar)
    return (barnenummer, antal, max(date(aar, 1, 1), foedselsdato)) if antal else (barnenummer, 0)


@lru_cache(maxsize=4096)
def _barnets_kvote(aar: int, barnenummer: int, foedselsdato: date) -> Konto | None:
    """The child's care-day account of `aar`, None when it gives none that year: one object for
    a batch's alike children (a Konto made once, and its quotas' text written once)."""
    return Konto(_OMSORG, aar, None, barnenummer) if omsorgsdage(foedselsdato, aar) else None



@lru_cache(maxsize=4096)
def _aarets_serier(aar: int, start: date, slut: date | None, ferie: bool, saerlige: bool,
                   postering: Postering) -> dict[Konto, Optjeningsserie]:
    """_uaendret_optjening of each of the ferieår and special days' years of _aarets_konti(aar),
    by its account, for an employment's dates cut to the year (_aarets_grenser) and whether it
    earns vacation and special days: the four of a HentKvoter's employment in one lookup. Only
    read (shared by every employment alike)."""
    return {k: _uaendret_optjening(k, start, slut, ferie if k.type is _FERIE else saerlige, postering, None)
            for k, _ in _aarets_konti(aar)}


@lru_cache(maxsize=256)
def _aarets_konti(aar: int) -> tuple[tuple[Konto, tuple[date, date]], ...]:
    """The ferieår and special days' years open in calendar year `aar`, with their accrual periods."""
    return tuple((k, perioder(k, date.min)[0]) for k in (
        Konto(KvoteType.FERIE, aar), Konto(KvoteType.FERIE, aar + 1),
        Konto(KvoteType.SAERLIGE_FERIEDAGE, aar - 2), Konto(KvoteType.SAERLIGE_FERIEDAGE, aar - 1)))


def opgoer(konto: Konto, optjening: Optjeningsserie, poster: list[Post], dato: date,
           politik: Feriepolitik, brug: list[Brug] = _INGEN_BRUG) -> Kvote:
    """The account at `dato`: credits posted by then, uses taken by then (afholdt) and after
    (planlagt); the uses of an event awaiting approval are planned whatever their date. A running
    account is shown for the calendar year of `dato`, what it held at the
    end of the year before as Overfoert. `brug`: uses booked per event, counted as their days
    would be (a whole event on one side of `dato` and of the year's start as its sum)."""
    loentraek_politik = politik.ikke_optjent is _LOENTRAEK
    if brug and loentraek_politik:  # løntræk walks the days month by month: the day postings
        poster = [*poster, *(p for b in brug for p in b.poster())]
        brug = _INGEN_BRUG
    if not poster and not brug and not loentraek_politik:  # most accounts: only their accrual, shared
        return _kun_optjening(konto, optjening, dato)
    periode, afholdelse = perioder(konto, dato)
    overfoert, overfoert_ud, reguleret, afholdt, planlagt = [], [], [], [], []
    loebende = konto.aar is None
    aarsstart = date(dato.year, 1, 1) if loebende else dato  # asked only of a running account
    for p in poster:
        if p.art is _AFVIKLET:
            if loebende and p.dato < aarsstart:
                overfoert_ud.append(p.dage)
            elif p.dato <= dato and not p.afventer:
                afholdt.append(p.dage)
            else:
                planlagt.append(p.dage)
        elif p.dato > dato:
            continue
        elif (loebende and p.dato < aarsstart) or p.art is _OVERFOERT:
            overfoert.append(p.dage)
        else:
            reguleret.append(p.dage)
    for b in brug:
        if loebende and b.fra < aarsstart:
            if b.til < aarsstart:
                overfoert_ud.append(b.dage)
                continue
        elif b.afventer or b.fra > dato:
            planlagt.append(b.dage)
            continue
        elif b.til <= dato:
            afholdt.append(b.dage)
            continue
        for d, antal in b.dagene:  # the span holds a boundary: day by day, as the postings go
            if loebende and d < aarsstart:
                overfoert_ud.append(antal)
            elif d <= dato and not b.afventer:
                afholdt.append(antal)
            else:
                planlagt.append(antal)
    loentraek = NUL
    if loentraek_politik and konto == Konto(KvoteType.FERIE, konto.aar):
        alle = sorted([*optjening.poster, *poster], key=lambda p: p.dato)
        loentraek = summer(loentraek_pr_maaned(alle, afholdelse[0], dato).values())
    # every field given: the tuple as Kvote(...) makes it, without its Python-level __new__; a
    # list of none or one needs no summer() (most accounts' most amounts), written out: four
    # calls saved per account with postings of every employment
    return _ny(Kvote, (
        konto, periode, afholdelse, optjening.til(dato),
        summer(overfoert, overfoert_ud) if overfoert_ud else (
            (overfoert[0] if len(overfoert) == 1 else summer(overfoert)) if overfoert else NUL),
        (reguleret[0] if len(reguleret) == 1 else summer(reguleret)) if reguleret else NUL,
        loentraek,
        (afholdt[0] if len(afholdt) == 1 else summer(afholdt)) if afholdt else NUL,
        (planlagt[0] if len(planlagt) == 1 else summer(planlagt)) if planlagt else NUL))


_LOENTRAEK = IkkeOptjent.LOENTRAEK  # read once (an Enum member off its class costs a call)


@lru_cache(maxsize=8192)
def _kun_optjening(konto: Konto, optjening: Optjeningsserie, dato: date) -> Kvote:
    periode, afholdelse = perioder(konto, dato)
    return Kvote(konto, periode, afholdelse, optjening.til(dato))


def summer(plus, minus=()) -> Fraction:
    """Σ plus − Σ minus, added in integers over a running common denominator and reduced once
    (Fraction's own addition reduces at every step; most amounts are whole or half days, so the
    denominator seldom changes: no table of denominators, 6,000 sums in a HentKvoter of 1,000)."""
    if not plus and not minus:
        return NUL
    taeller, naevner = heltalssum(plus, minus)
    if naevner == 1 and 0 <= taeller < _FAA:  # a few whole days (most sums): a Fraction made once
        return _HELE[taeller]
    return brok(taeller, naevner)


def heltalssum(plus, minus=()) -> tuple[int, int]:
    """summer's sum as (numerator, denominator > 0), not reduced: for a comparison that needs no
    Fraction made (every vacation registration compares its ferieår's days with the limit)."""
    taeller, naevner = 0, 1
    for b in plus:
        t, n = b.as_integer_ratio()  # one call, not two properties
        if n == naevner:
            taeller += t
        else:
            faelles = naevner * n // math.gcd(naevner, n)
            taeller = taeller * (faelles // naevner) + t * (faelles // n)
            naevner = faelles
    for b in minus:
        t, n = b.as_integer_ratio()
        if n == naevner:
            taeller -= t
        else:
            faelles = naevner * n // math.gcd(naevner, n)
            taeller = taeller * (faelles // naevner) - t * (faelles // n)
            naevner = faelles
    return taeller, naevner


# the whole days 0 (NUL itself) to _FAA − 1 (a new Fraction costs more than the sum of a few)
_FAA = 400
_HELE = (NUL, *(Fraction(i) for i in range(1, _FAA)))


def _maanedsslut(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def loentraek_pr_maaned(poster: list[Post], fra: date, til: date) -> dict[date, Fraction]:
    """Policy løntræk: at the end of each month (from `fra`, up to `til`) a negative balance is
    settled as a salary deduction and the balance starts again from 0 (seed 004, rule 2)."""
    maaneder: dict[date, Fraction] = {}
    saldo = NUL
    poster = sorted(poster, key=lambda p: p.dato)
    i = 0
    slut = _maanedsslut(fra)
    while slut <= til:
        while i < len(poster) and poster[i].dato <= slut:
            p = poster[i]
            saldo += -p.dage if p.er_afvikling else p.dage
            i += 1
        if saldo < 0:
            maaneder[date(slut.year, slut.month, 1)] = -saldo
            saldo = NUL
        slut = _maanedsslut(slut + EN_DAG)
    return maaneder


def laveste_saldo(poster: list[Post], fra: date, optjening: Optjeningsserie | None = None
                  ) -> tuple[Fraction, date | None]:
    """The lowest balance from `fra` on, counting credits posted by each day and uses on or
    before it (vacation may not be used before it is earned), and the first day it is reached.
    `optjening`, the account's automatic credits, counts as if its postings came first in
    `poster`: they are credits only, so the balance after a use is what they have earned by its
    day (one bisection) plus the rest, and they are neither copied nor sorted for every event."""
    # exact, in whole multiples of 1/fællesnævner: integer sums cost a twentieth of Fraction's,
    # and every vacation registration walks its account (mass registration: issue 15)
    # each posting's fields read once, in the order (day, credits before uses, as given)
    # (as_integer_ratio: one call, where Fraction's numerator and denominator are a property each)
    raekker = sorted([(p.dato, p.art is _AFVIKLET, i, *p.dage.as_integer_ratio())
                      for i, p in enumerate(poster)])
    serie = optjening if optjening is not None and optjening.poster else None
    faellesnaevner = math.lcm(*{r[4] for r in raekker}, serie.naevner if serie is not None else 1)
    saldo = 0
    laveste, dag = None, None
    for dato, afvikling, _, taeller, naevner in raekker:
        dele = taeller * (faellesnaevner // naevner)
        saldo += -dele if afvikling else dele
        if afvikling and dato >= fra:
            if serie is not None:
                ot, on = serie.til(dato).as_integer_ratio()
                med = saldo + ot * (faellesnaevner // on)
            else:
                med = saldo
            if laveste is None or med < laveste:
                laveste, dag = med, dato
    if laveste is None:
        if serie is not None:
            it, in_ = serie.i_alt[-1].as_integer_ratio()
            saldo += it * (faellesnaevner // in_)
        laveste = saldo
    return brok(laveste, faellesnaevner), dag
