"""Vacation accrual under Ferieloven (samtidighedsferie, DOMAIN.md §6.1): 25/12 days per month of
employment, 0,07 day per calendar day in a month of partial employment (at most 25/12), posted
ultimo (the state's practice: for the month, dated its last day) or primo: a policy's default
or the employment's own setting, apart from the rule for unearned vacation (DOMAIN.md §6.2).
Exact fractions throughout."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from fravaer.domain.ferieaar import optjeningsperiode

MAANEDLIG = Fraction(25, 12)
PR_KALENDERDAG = Fraction(7, 100)


class Postering(StrEnum):
    ULTIMO = "ultimo"  # dated the month's last day (SLS posts it on the 1st of the next month)
    PRIMO = "primo"  # dated the month's first day


@dataclass(frozen=True)
class Optjening:
    """One month's accrual posting."""

    dato: date  # the day it counts from
    maaned: date  # the month it is earned in (its first day)
    dage: Fraction


# the stretches of a period in which the employment earns: (from, to or None for open)
Perioder = tuple[tuple[date, date | None], ...]


def dage_i(foerste: date, sidste: date, perioder: Perioder) -> int:
    """Calendar days of [foerste, sidste] inside the stretches (which do not overlap)."""
    dage = 0
    for start, slut in perioder:
        fra, til = max(foerste, start), min(sidste, slut or sidste)
        dage += max(0, (til - fra).days + 1)
    return dage


def maanedens_optjening(aar: int, maaned: int, start: date, slut: date | None) -> Fraction:
    """Days earned in a month: 25/12 for a whole month employed, else 0,07 per calendar day
    employed, at most 25/12."""
    return maanedens_optjening_i(aar, maaned, ((start, slut),))


def maanedens_optjening_i(aar: int, maaned: int, perioder: Perioder) -> Fraction:
    foerste = date(aar, maaned, 1)
    dage_i_maaned = calendar.monthrange(aar, maaned)[1]
    dage = dage_i(foerste, date(aar, maaned, dage_i_maaned), perioder)
    if dage == dage_i_maaned:
        return MAANEDLIG
    return min(MAANEDLIG, PR_KALENDERDAG * dage)


def optjeninger(ferieaar: int, start: date, slut: date | None, postering: Postering = Postering.ULTIMO
                ) -> list[Optjening]:
    """The monthly accrual postings of a ferieår (named by the year it ends in) for employment
    from `start` to `slut` (who earns at all is politik.optjener_ferie's question)."""
    return optjeninger_i(ferieaar, ((start, slut),), postering)


def optjeninger_i(ferieaar: int, perioder: Perioder, postering: Postering = Postering.ULTIMO
                  ) -> list[Optjening]:
    """As optjeninger, for an employment that earns only in some stretches (e.g. monthly pay,
    then hourly pay, then monthly again)."""
    fra, _ = optjeningsperiode(ferieaar)
    poster = []
    for i in range(12):
        aar, maaned = fra.year + (fra.month - 1 + i) // 12, (fra.month - 1 + i) % 12 + 1
        dage = maanedens_optjening_i(aar, maaned, perioder)
        if dage:
            dato = (date(aar, maaned, 1) if postering is Postering.PRIMO
                    else date(aar, maaned, calendar.monthrange(aar, maaned)[1]))
            poster.append(Optjening(dato, date(aar, maaned, 1), dage))
    return poster


def optjent_pr(dato: date, poster: list[Optjening]) -> Fraction:
    """What has been earned (posted) by `dato`."""
    return sum((p.dage for p in poster if p.dato <= dato), Fraction(0))
