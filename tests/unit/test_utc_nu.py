"""The service's clock (service/clock.utc_nu): the system clock's second, in UTC, as
datetime.now(UTC) truncated to whole seconds gives it."""

from __future__ import annotations

from datetime import UTC, datetime

from fravaer.service.clock import utc_nu


def test_utc_nu_is_the_clocks_whole_second_in_utc():
    foer = datetime.now(UTC).replace(microsecond=0)
    nu = utc_nu()
    efter = datetime.now(UTC).replace(microsecond=0)
    assert nu.tzinfo is UTC and nu.microsecond == 0
    assert foer <= nu <= efter
