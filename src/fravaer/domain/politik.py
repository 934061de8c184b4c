"""Vacation policies (DOMAIN.md §6.2, seed 004) and the employments that get no automatic
accrual (DOMAIN.md §6.1 and §6.3, seed 002 §7.2). All are data: src/fravaer/data/feriepolitikker.csv,
saerlige_feriedage_undtagelser.csv and akko_undtagelser.csv.

Only the *automatic* posting stops: the right itself is untouched, so a manual adjustment
(RegulerKvote) of such an employment counts as for any other (seed 002 §7.3: "Hvis du ikke ønsker,
at ferieretten indlægges automatisk, kan du selv registrere den")."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.ferieregnskab import Postering
from fravaer.paths import DATA_DIR

STANDARDPOLITIK = "stat"


class IkkeOptjent(StrEnum):
    """What happens when vacation is taken before it is earned."""

    ADVIS = "advis"  # the state: allowed, with an advis (ferie på forskud by agreement)
    KUN_OPTJENT = "kun_optjent"  # refused; the balance never goes below 0
    LOENTRAEK = "loentraek"  # allowed; the deficit is deducted from pay that month, balance restarts at 0
    FORSKUD = "forskud"  # allowed as an advance, optionally up to a maximum; later accrual pays it back
    EGEN_FRIDAG = "egen_fridag"  # refused; the rest is registered as an own unpaid day off


@dataclass(frozen=True)
class Feriepolitik:
    navn: str
    postering: Postering  # the policy's default; an employment may set its own (politik_for)
    ikke_optjent: IkkeOptjent
    maks_forskud: Fraction | None
    beskrivelse: str


@lru_cache(maxsize=1)
def feriepolitikker() -> dict[str, Feriepolitik]:
    with open(DATA_DIR / "feriepolitikker.csv", encoding="utf-8", newline="") as f:
        return {r["navn"]: Feriepolitik(r["navn"], Postering(r["postering"]), IkkeOptjent(r["regel"]),
                                        Fraction(r["maks_forskud"]) if r["maks_forskud"] else None,
                                        r["beskrivelse"])
                for r in csv.DictReader(f)}


def politik_for(ansaettelse: Ansaettelse) -> Feriepolitik:
    """The employment's policy, with its own posting (primo/ultimo) when it has one: seed 004
    step 3 sets the posting apart from the rules for unearned vacation (DOMAIN.md §6.2), so any
    rule works with either posting."""
    politikker = feriepolitikker()
    politik = politikker.get(ansaettelse.feriepolitik or STANDARDPOLITIK, politikker[STANDARDPOLITIK])
    if ansaettelse.postering and ansaettelse.postering != politik.postering:
        return replace(politik, postering=Postering(ansaettelse.postering))
    return politik


def _klasser(tekst: str) -> set[int] | None:
    """'62-81 88-89 91' as a set of class numbers; empty: every class."""
    if not tekst.strip():
        return None
    klasser: set[int] = set()
    for del_ in tekst.split():
        fra, _, til = del_.partition("-")
        klasser.update(range(int(fra), int(til or fra) + 1))
    return klasser


@lru_cache(maxsize=1)
def _saerlige_undtagelser() -> dict[int, set[int] | None]:
    with open(DATA_DIR / "saerlige_feriedage_undtagelser.csv", encoding="utf-8", newline="") as f:
        return {int(r["pkat"]): _klasser(r["klasser"]) for r in csv.DictReader(f)}


def _tal(v: str | None) -> int | None:
    return int(v) if v and v.strip().isdigit() else None


@lru_cache(maxsize=1)
def _akko_undtagelser() -> frozenset[int]:
    with open(DATA_DIR / "akko_undtagelser.csv", encoding="utf-8", newline="") as f:
        return frozenset(int(r["akko"]) for r in csv.DictReader(f))


def er_paa_akko(akko: str | None) -> bool:
    """Is a relationship with this AKKO "på AKKO": one of the codes seed 002 §7.2 names ("AKKO
    14-16 og 32", data/akko_undtagelser.csv)? Such a relationship gets no automatic special days,
    and its leftover vacation is not moved automatically at the year's end (seed 002 §7.4)."""
    return _tal(akko) in _akko_undtagelser()


def optjener_ferie(a: Ansaettelse) -> bool:
    """Hourly-paid staff (lønform 3) get no automatic vacation (seed 002 §7.2: "overføres der
    IKKE optjente feriedage for timelønnede (lønform 3)"); the PKAT, class and AKKO lists stop
    only the special days."""
    return a.loenform is not _TIMELOEN


_TIMELOEN = Loenform.TIMELOEN  # read once (an Enum member off its class costs a call: Python 3.11)


def optjener_saerlige_feriedage(a: Ansaettelse) -> bool:
    """No automatic special days for the seed's PKAT list, its PKAT and class table, and the
    AKKO codes (seed 002 §7.2). Hourly pay does not stop them: the seed pairs lønform 3 with
    ferie only ("feriedage for timelønnede (lønform 3) hhv. særlige feriedage for nedenstående
    PKAT og klasser"). A relationship that is several løbenumre: flere_loebenumre."""
    return _saerlige_feriedage(a.akko, a.pkat, a.klasse)


@lru_cache(maxsize=1024)
def _saerlige_feriedage(akko: str | None, pkat_: str | None, klasse_: str | None) -> bool:
    """optjener_saerlige_feriedage by the three fields that decide it (asked for two accounts of
    every employment of a HentKvoter)."""
    if er_paa_akko(akko):
        return False
    pkat = _tal(pkat_)
    if pkat is None or pkat not in _saerlige_undtagelser():
        return True
    klasser = _saerlige_undtagelser()[pkat]
    if klasser is None:
        return False
    klasse = _tal(klasse_)
    return klasse is None or klasse not in klasser


# days as closed stretches [from, to] (date.max: open)
Stykker = tuple[tuple[date, date], ...]


def flere_loebenumre(a: Ansaettelse, andre: list[Ansaettelse]) -> Stykker:
    """The days on which the person has another løbenummer in force in the same løngruppe as
    `a`: seed 002 §7.2 leaves "Registre med flere løbenumre indenfor samme løngruppe" out of the
    automatic special days. Our reading: the automatic run cannot tell which of two concurrent
    jobs with one employer should carry the person's days, so it posts none and a clerk adjusts
    by hand. We keep no løngruppe; what we can know of it is the institution the history places
    each employment in on the day (DOMAIN.md §6.3): two jobs at one institution at once, whatever
    their PKAT (a løngruppe groups an employer's pay registers, not personnel categories). Jobs
    one after the other share no day and keep their accrual; both jobs lose it on shared days."""
    if not andre:  # most: the person's only employment (its løngrupper need not be worked out)
        return ()
    mine = a.loengrupper(a.startdato, a.slutdato or date.max)
    delte = []
    for b in andre:
        if b.cpr != a.cpr or b.loebenummer == a.loebenummer:
            continue
        for b_fra, b_til, gruppe in b.loengrupper(b.startdato, b.slutdato or date.max):
            for fra, til, min_gruppe in mine:
                if gruppe == min_gruppe and max(fra, b_fra) <= min(til, b_til):
                    delte.append((max(fra, b_fra), min(til, b_til)))
    samlet: list[tuple[date, date]] = []
    for fra, til in sorted(delte):
        if samlet and (samlet[-1][1] == date.max or fra <= samlet[-1][1] + timedelta(days=1)):
            samlet[-1] = (samlet[-1][0], max(samlet[-1][1], til))
        else:
            samlet.append((fra, til))
    return tuple(samlet)
