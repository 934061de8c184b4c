"""The service's clock: now in UTC (whole seconds, as stored), and the Danish time zone that
decides which day "today" is."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DANMARK = ZoneInfo("Europe/Copenhagen")


def utc_nu() -> datetime:
    """The system clock's second, in UTC: the same object for the same second (immutable), so
    that what is worked out from it by identity — its naive form for the database
    (codec.naiv_utc), its Danish day (dansk_dato), its text — is worked out once a second, not
    once a request; made by one fromtimestamp (now(UTC).replace(microsecond=0), the same time,
    costs three times as much)."""
    global _sekundet
    sekund = int(_tid())
    sidste = _sekundet
    if sidste[0] == sekund:
        return sidste[1]
    nu = _FRA_TIDSSTEMPEL(sekund, UTC)
    _sekundet = (sekund, nu)  # one tuple, swapped whole: safe for threads and greenlets
    return nu


_FRA_TIDSSTEMPEL = datetime.fromtimestamp
_tid = time.time
_sekundet: tuple[int, datetime] = (-1, datetime.min)


def dansk_dato(nu: datetime) -> date:
    """The day `nu` falls on in Denmark. A write asks it of its one `nu` several times (a mass
    registration four times per registration, issue 15): the last answer is kept."""
    global _sidste
    sidste = _sidste
    if sidste[0] is nu:
        return sidste[1]
    dag = nu.astimezone(DANMARK).date()
    _sidste = (nu, dag)  # one tuple, swapped whole: safe for threads and greenlets
    return dag


_sidste: tuple[datetime | None, date] = (None, date.min)
