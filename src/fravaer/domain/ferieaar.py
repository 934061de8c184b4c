"""Ferieår under Ferieloven (samtidighedsferie): named, as in SLS, by the calendar year in which
it ends. Ferieår Y accrues 1 Sep Y-1 – 31 Aug Y and can be taken 1 Sep Y-1 – 31 Dec Y."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from fravaer.domain.datoer import FOERSTE_BEREGNINGSDATO, SIDSTE_BEREGNINGSDATO
from fravaer.domain.meddelelser import Afvist, meddelelse


def kontroller_kvotedato(dato: date | None, felt: str = "Dato") -> None:
    """F195 for a quota date outside the dates quotas are computed for (domain.datoer)."""
    if dato is not None and not FOERSTE_BEREGNINGSDATO <= dato <= SIDSTE_BEREGNINGSDATO:
        raise Afvist([meddelelse("F195", felt, dato=dato, fra=FOERSTE_BEREGNINGSDATO,
                                 til=SIDSTE_BEREGNINGSDATO)])


# kept per year: every vacation judged asks for them several times (a batch of 10,000: issue 15)
@lru_cache(maxsize=256)
def optjeningsperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 8, 31)


@lru_cache(maxsize=256)
def afholdelsesperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 12, 31)
