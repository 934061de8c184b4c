"""The service's clock: now in UTC (whole seconds, as stored), and the Danish time zone that
decides which day "today" is."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DANMARK = ZoneInfo("Europe/Copenhagen")


def utc_nu() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
