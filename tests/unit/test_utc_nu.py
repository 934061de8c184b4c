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


def test_utc_nu_is_one_object_within_a_second_and_a_new_one_the_next(monkeypatch):
    import fravaer.service.clock as clock

    tider = iter([1_700_000_000.2, 1_700_000_000.9, 1_700_000_001.0])
    monkeypatch.setattr(clock, "_tid", lambda: next(tider))
    a, b, c = utc_nu(), utc_nu(), utc_nu()
    assert a is b and a == datetime.fromtimestamp(1_700_000_000, UTC)
    assert c == datetime.fromtimestamp(1_700_000_001, UTC) and c.tzinfo is UTC
