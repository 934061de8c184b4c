"""Ferieår under Ferieloven (samtidighedsferie): named, as in SLS, by the calendar year in which
it ends. Ferieår Y accrues 1 Sep Y-1 – 31 Aug Y and can be taken 1 Sep Y-1 – 31 Dec Y."""

from __future__ import annotations

from datetime import date


def optjeningsperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 8, 31)


def afholdelsesperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 12, 31)
