"""An event read from its row (adapters/db/repository._haendelse_af fills the frozen dataclasses
without their constructors, issue 13): equal to the one the constructors make, field for field,
an open event's stored 9999-12-31 read as open — and every field of the dataclasses filled."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from fravaer.adapters.db.repository import _haendelse_af
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import AABEN_SLUT, Haendelse, HaendelseData


@pytest.mark.parametrize("til,minutter,valgfri,status", [
    (date(2021, 1, 5), None, (None,) * 6, "Godkendt"),
    (AABEN_SLUT, 90, (1, 2021, "bem", "b-id", "AS-1", "X"), "Afventer"),
])
def test_an_event_from_its_row_is_the_constructors_event(til, minutter, valgfri, status):
    oprettet, aendret = datetime(2021, 1, 4, 8, 30), datetime(2021, 2, 1, 9, 0, 0, 123456)
    h = _haendelse_af("h1", 7, 3, "100", date(2021, 1, 4), til, minutter, *valgfri, oprettet, aendret, status)
    forventet = Haendelse("h1", 7, 3, HaendelseData("100", date(2021, 1, 4), til, minutter, *valgfri),
                          oprettet.replace(tzinfo=UTC), aendret.replace(tzinfo=UTC), Status(status))
    assert h == forventet
    assert vars(h) == vars(forventet) and vars(h.data) == vars(forventet.data)
    assert (h.data.til is None) == (til == AABEN_SLUT)
    assert set(vars(h)) == {f.name for f in fields(Haendelse)}
    assert set(vars(h.data)) == {f.name for f in fields(HaendelseData)}


def test_an_unchanged_events_times_are_one_object():
    """Aendret equal to Oprettet (an event never changed) is made once: the same aware time."""
    t = datetime(2021, 1, 4, 8, 30)
    h = _haendelse_af("h1", 7, 1, "100", date(2021, 1, 4), date(2021, 1, 4), None, *(None,) * 6, t, t,
                      "Godkendt")
    assert h.oprettet is h.aendret and h.aendret == t.replace(tzinfo=UTC) and h.aendret.tzinfo is UTC


def test_a_stored_time_read_again_is_the_same_aware_object_and_an_aware_one_is_not_kept():
    """The aware time of a naive stored time is kept between reads (one object for one time); an
    already aware time is made UTC as before, never served for an equal naive one."""
    t = datetime(2021, 3, 4, 8, 30, 15)
    felter = ("100", date(2021, 3, 4), date(2021, 3, 4), None, *(None,) * 6)
    a = _haendelse_af("h1", 7, 1, *felter, t, t, "Godkendt")
    b = _haendelse_af("h2", 7, 1, *felter, datetime(2021, 3, 4, 8, 30, 15), t, "Godkendt")
    assert b.oprettet is a.oprettet and b.oprettet == t.replace(tzinfo=UTC)
    anden_zone = datetime(2021, 3, 4, 9, 30, 15, tzinfo=timezone(timedelta(hours=1)))  # == t as UTC
    c = _haendelse_af("h3", 7, 1, *felter, anden_zone, anden_zone, "Godkendt")
    assert c.oprettet == datetime(2021, 3, 4, 9, 30, 15, tzinfo=UTC) and c.oprettet.tzinfo is UTC
    d = _haendelse_af("h4", 7, 1, *felter, t, t, "Godkendt")
    assert d.oprettet is a.oprettet  # the aware one did not replace it
