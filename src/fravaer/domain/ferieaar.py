"""Ferieår under Ferieloven (samtidighedsferie): named, as in SLS, by the calendar year in which
it ends. Ferieår Y accrues 1 Sep Y-1 – 31 Aug Y and can be taken 1 Sep Y-1 – 31 Dec Y."""

from __future__ import annotations

from datetime import date

from fravaer.domain.messages import Afvist, meddelelse

# The dates a quota is computed for: a date's ferieår reach into the year before and after it,
# and Python's dates end with the years 1 and 9999 (issue 17 item 5: HentKvoter with Dato
# 9999-12-31 was a server error). Outside, F195 names the field.
FOERSTE_KVOTEDATO, SIDSTE_KVOTEDATO = date(2, 1, 1), date(9998, 12, 31)


def kontroller_kvotedato(dato: date | None, felt: str = "Dato") -> None:
    if dato is not None and not FOERSTE_KVOTEDATO <= dato <= SIDSTE_KVOTEDATO:
        raise Afvist([meddelelse("F195", felt, dato=dato, fra=FOERSTE_KVOTEDATO, til=SIDSTE_KVOTEDATO)])


def optjeningsperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 8, 31)


def afholdelsesperiode(ferieaar: int) -> tuple[date, date]:
    return date(ferieaar - 1, 9, 1), date(ferieaar, 12, 31)
