"""The service's clock: now in UTC (whole seconds, as stored), and the Danish time zone that
decides which day "today" is."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DANMARK = ZoneInfo("Europe/Copenhagen")


def utc_nu() -> datetime:
    # the second of the system clock made UTC in one call (now(UTC).replace(microsecond=0), the
    # same time, costs three times as much: every request asks twice)
    return _FRA_TIDSSTEMPEL(int(_tid()), UTC)


_FRA_TIDSSTEMPEL = datetime.fromtimestamp
_tid = time.time


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
