"""Master data the rules need: institutions and employments (DOMAIN.md §3)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from fravaer.domain.maaleenheder import MINUTTER_PR_FULDTIDSUGE


class Loenform(StrEnum):
    MAANEDSLOEN = "1"
    TIMELOEN = "3"


@dataclass(frozen=True)
class AnsaettelsesIdent:
    """How a client names an employment: tjenestenummer (KMD) or CPR + løbenummer (SLS)."""

    tjenestenummer: str | None = None
    cpr: str | None = None
    loebenummer: int | None = None

    @property
    def fuldstaendig(self) -> bool:
        return bool(self.tjenestenummer) or (bool(self.cpr) and self.loebenummer is not None)

    def vis(self) -> str:
        """A description safe for texts and logs: never the CPR number."""
        if self.tjenestenummer:
            return f"med tjenestenummer {self.tjenestenummer}"
        return f"med løbenummer {self.loebenummer} for det angivne CPR-nummer"


@dataclass(frozen=True)
class PersonIdent:
    """A person by CPR number: all of the person's employments (counting per person, seed 002)."""

    cpr: str

    def vis(self) -> str:
        """As AnsaettelsesIdent.vis: never the CPR number itself."""
        return "for det angivne CPR-nummer"


@dataclass(frozen=True)
class Institution:
    id: int
    kode: str
    navn: str


@dataclass(frozen=True)
class Forholdsperiode:
    """The employment relationship as it was from a date (its history, ansættelseshistorik)."""

    gyldig_fra: date
    pkat: str | None
    klasse: str | None
    stiko: str | None
    loenform: Loenform
    ugentlige_minutter: int
    # SLS's AKKO (a code that stops pay, e.g. on leave or after leaving), by date: some values
    # stop the automatic posting of special days (politik.er_paa_akko; DOMAIN.md §6.3, seed 002 §7.2)
    akko: str | None = None
    # the institution the row places it in (None: the employment's own); løngruppe by date
    institution_kode: str | None = None


def samme_kode(a: str | None, b: str | None) -> bool:
    """Two PKAT, STIKO or KL codes alike: they are numbers, written with or without leading zeros
    (PKAT 0240 is PKAT 240, as the seed's lists write it); anything else compares as written."""
    if a is not None and b is not None and a.strip().isdigit() and b.strip().isdigit():
        return int(a) == int(b)
    return a == b


def i_kraft(datoer: Sequence[date], dato: date) -> int:
    """Which of a history's rows (by their sorted gyldig_fra) is in force on `dato`: the last one
    from before it; before the first, the first (the earliest relationship known)."""
    return max(bisect_right(datoer, dato) - 1, 0)


def aendringer_fremad(gammel: Mapping[str, object], aendringer: Mapping[str, object],
                      senere: Sequence[tuple[int, Mapping[str, object]]]
                      ) -> list[tuple[int, dict[str, object]]]:
    """A change of some fields from a date holds up to the next recorded change of each: of the
    later rows (in date order), those that still carry a field's old value get the new one; a
    row that changes the field ends its reach. Returns (row, fields to set) for the rows touched."""
    boelge, svar = dict(aendringer), []
    for noegle, raekke in senere:
        boelge = {k: v for k, v in boelge.items() if raekke[k] == gammel[k]}
        if not boelge:
            break
        svar.append((noegle, dict(boelge)))
    return svar


@dataclass(frozen=True)
class Ansaettelse:
    id: int
    institution_kode: str
    cpr: str
    loebenummer: int
    tjenestenummer: str | None
    pkat: str | None
    stiko: str | None
    loenform: Loenform
    ugentlige_minutter: int  # 37 hours = 2220
    startdato: date
    slutdato: date | None
    fast_fridag: int | None = None  # a part-time pattern's weekly day off, 0 = Monday … 4 = Friday
    klasse: str | None = None  # KL, the pay class within the PKAT
    feriepolitik: str | None = None  # None: the state's default policy
    enhed_id: int | None = None  # the organisational unit it is placed in
    # the relationship over time, by gyldig_fra; empty when it never changed (then the fields
    # above hold on every date)
    forloeb: tuple[Forholdsperiode, ...] = ()
    akko: str | None = None  # the AKKO in force today (the history has it by date)
    # posting of the monthly accrual, primo or ultimo; None: the vacation policy's (DOMAIN.md §6.2)
    postering: str | None = None

    @property
    def dagsnorm(self) -> int:
        """Planned minutes of a normal working day without a schedule: 444 × working-time
        fraction; with a fixed weekly day off, the week's minutes over the four other days."""
        return self._dagsnorm(self.ugentlige_minutter)

    def _dagsnorm(self, ugentlige_minutter: int) -> int:
        if self.fast_fridag is not None:
            return ugentlige_minutter // 4
        return ugentlige_minutter * 444 // MINUTTER_PR_FULDTIDSUGE

    def dagsnorm_pr(self, dato: date) -> int:
        """The day's norm under the working time in force on `dato`: a past absence keeps the
        hours it had when a later change of working time is imported."""
        if not self.forloeb:
            return self.dagsnorm
        return self._dagsnorm(self._periode(dato).ugentlige_minutter)

    def _periode(self, dato: date) -> Forholdsperiode:
        return self.forloeb[i_kraft([p.gyldig_fra for p in self.forloeb], dato)]

    def med_forloeb(self, forloeb: tuple[Forholdsperiode, ...]) -> Ansaettelse:
        """dataclasses.replace(self, forloeb=forloeb) without its field-by-field rebuilding
        through __init__ (every write finds its employment with its history): the class has no
        __post_init__, so the fields are copied as they are."""
        ny = object.__new__(Ansaettelse)
        d = ny.__dict__
        d.update(self.__dict__)
        d["forloeb"] = forloeb
        return ny

    def pr(self, dato: date) -> Ansaettelse:
        """The employment with the relationship (PKAT, class, STIKO, pay form, hours) of `dato`."""
        if not self.forloeb:
            return self
        p = self._periode(dato)
        return replace(self, pkat=p.pkat, klasse=p.klasse, stiko=p.stiko, loenform=p.loenform,
                       ugentlige_minutter=p.ugentlige_minutter, akko=p.akko, forloeb=())

    def perioder(self, fra: date, til: date) -> list[tuple[date, date, Ansaettelse]]:
        """[fra, til] cut where the relationship changed, each piece with the employment as it
        was then."""
        if not self.forloeb:
            return [(fra, til, self)]
        return [(s, e, self.pr(s)) for s, e in self._stykker(fra, til)]

    def _stykker(self, fra: date, til: date) -> list[tuple[date, date]]:
        skift = sorted({p.gyldig_fra for p in self.forloeb if fra < p.gyldig_fra <= til})
        starter = [fra, *skift]
        slutter = [d - timedelta(days=1) for d in skift] + [til]
        return list(zip(starter, slutter, strict=True))

    def loengrupper(self, fra: date, til: date) -> list[tuple[date, date, str]]:
        """[fra, til] cut where the relationship changed, each piece with the institution the
        employment was placed in then (its løngruppe: politik.flere_loebenumre)."""
        if not self.forloeb:
            return [(fra, til, self.institution_kode)]
        return [(s, e, self._periode(s).institution_kode or self.institution_kode)
                for s, e in self._stykker(fra, til)]

    def ident(self) -> AnsaettelsesIdent:
        return AnsaettelsesIdent(self.tjenestenummer, self.cpr, self.loebenummer)


def gyldigt_cpr(cpr: str) -> bool:
    """Ten digits whose first six are a date DDMMYY in the century the seventh digit gives
    (modulus 11 is not required since 2007)."""
    if len(cpr) != 10 or not cpr.isdigit():
        return False
    try:
        foedselsdato_fra_cpr(cpr)
    except ValueError:
        return False
    return True


def foedselsdato_fra_cpr(cpr: str) -> date:
    """The birth date in a CPR number: DDMMYY, the century from the seventh digit (CPR office's
    table: 0–3 → 1900s; 4 and 9 → 2000s up to year 36, else 1900s; 5–8 → 2000s up to 57, else 1800s)."""
    dd, mm, yy, syvende = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if syvende <= 3:
        aarhundrede = 1900
    elif syvende in (4, 9):
        aarhundrede = 2000 if yy <= 36 else 1900
    else:
        aarhundrede = 2000 if yy <= 57 else 1800
    return date(aarhundrede + yy, mm, dd)
