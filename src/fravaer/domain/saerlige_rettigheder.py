"""Special vacation days, care days and replacement vacation (DOMAIN.md §6.1, §6.3, §6.4)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction

SAERLIGE_FERIEDAGE_PR_AAR = 5
OMSORGSDAGE_PR_BARN = 2
NY_ORDNING_FRA = date(2005, 10, 1)  # children born or adopted from this date: the new scheme
KARENSDAGE_VED_FULD_FERIE = 5
FULD_FERIE = 25
MAKS_ERSTATNINGSFERIE = 20


def saerlige_feriedage_periode(optjeningsaar: int) -> tuple[date, date]:
    """Special days earned in calendar year Y are taken 1 May Y+1 – 30 April Y+2."""
    return date(optjeningsaar + 1, 5, 1), date(optjeningsaar + 2, 4, 30)


def sidste_omsorgsaar(foedselsdato: date) -> int:
    """The last calendar year with care days: "til og med det kalenderår, hvor barnet fylder 7
    år" (seed 002, omsorgsregnskab; DOMAIN.md §6.4) — the child turns 7 in its birth year + 7."""
    return foedselsdato.year + 7


def omsorgsdage(foedselsdato: date, aar: int) -> int:
    """Care days a child gives in calendar year `aar`: 2 a year from the year of birth (or
    adoption) up to and including the year the child turns 7."""
    return OMSORGSDAGE_PR_BARN if foedselsdato.year <= aar <= sidste_omsorgsaar(foedselsdato) else 0


def ny_ordning(foedselsdato: date) -> bool:
    """Children born or adopted from 1 October 2005 belong to the new scheme (codes 610/615),
    older ones to the old (600/605)."""
    return foedselsdato >= NY_ORDNING_FRA


def erstatningsferie(optjent: Fraction, syge_feriedage: Iterable[date], allerede: Fraction = Fraction(0)
                     ) -> Fraction:
    """Replacement days for sickness during vacation (documented, code 110): the first sick
    vacation days of the ferieår are a waiting period of 5 days at full vacation, proportional
    to the days earned (20 earned → 4); the rest are replaced, at most 20 a ferieår."""
    karens = Fraction(KARENSDAGE_VED_FULD_FERIE) * min(optjent, Fraction(FULD_FERIE)) / FULD_FERIE
    dage = Fraction(len(set(syge_feriedage)))
    return max(Fraction(0), min(dage - karens, MAKS_ERSTATNINGSFERIE - allerede))


def arbejdsdage(fra: date, til: date, er_arbejdsdag) -> list[date]:
    return [d for d in (fra + timedelta(days=i) for i in range((til - fra).days + 1)) if er_arbejdsdag(d)]
