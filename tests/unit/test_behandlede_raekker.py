"""read_ahead._behandlet: a read's rows through their columns' result processors, row by row
for a few rows and column by column for many (issue 13) — the same values either way, each
date or time text read as SQLAlchemy reads it on SQLite, the same object for the same text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.engine.processors import str_to_date, str_to_datetime

from fravaer.adapters.db import read_ahead
from fravaer.adapters.db.read_ahead import _behandlet, dato_af_tekst, tid_af_tekst


def _raekker(n: int) -> list[tuple]:
    return [(f"id{i}", i, f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", None if i % 3 else "9999-12-31",
             f"2025-03-0{1 + i % 9} 12:{i % 60:02d}:00.000000", i % 2)
            for i in range(n)]


_PROCESSORER = ((2, dato_af_tekst), (3, dato_af_tekst), (4, tid_af_tekst), (5, bool))


def _forventet(raekker: list[tuple]) -> list[tuple]:
    return [(a, b, str_to_date(c), None if d is None else str_to_date(d), str_to_datetime(e), bool(f))
            for a, b, c, d, e, f in raekker]


@pytest.mark.parametrize("n", [0, 1, 3, read_ahead._KOLONNEVIS_FRA - 1, read_ahead._KOLONNEVIS_FRA, 500])
def test_rows_as_sqlalchemy_reads_them(n):
    raekker = _raekker(n)
    svar = _behandlet(_PROCESSORER, raekker)
    assert svar == _forventet(raekker)
    assert all(type(r) is tuple for r in svar)


def test_many_rows_and_few_alike(monkeypatch):
    raekker = _raekker(200)
    kolonnevis = _behandlet(_PROCESSORER, raekker)
    monkeypatch.setattr(read_ahead, "_KOLONNEVIS_FRA", 10**9)
    raekkevis = _behandlet(_PROCESSORER, raekker)
    assert kolonnevis == raekkevis
    # the same date and time objects, held by the caches
    assert all(x is y for r, s in zip(kolonnevis, raekkevis, strict=True)
               for x, y in zip(r[2:5], s[2:5], strict=True))


def test_the_same_object_for_the_same_text():
    tekst = "2031-07-04"
    assert dato_af_tekst(tekst) is dato_af_tekst(tekst) == date(2031, 7, 4)
    assert tid_af_tekst("2031-07-04 01:02:03.000004") == datetime(2031, 7, 4, 1, 2, 3, 4)
    assert dato_af_tekst(None) is None and tid_af_tekst(None) is None


def test_rows_without_processors_are_the_rows_read():
    raekker = _raekker(20)
    assert _behandlet(None, raekker) is raekker


def test_a_null_is_found_without_a_call_also_after_the_cache_was_emptied(monkeypatch):
    husk = read_ahead._Husk(str_to_date)
    kaldt = []
    monkeypatch.setattr(husk, "_laes", lambda t: kaldt.append(t) or str_to_date(t))
    assert None in husk and husk[None] is None
    for i in range(8191):  # fills it (NULL's place counted): the next new text empties it first
        husk[f"{1000 + i:04d}-01-01"]
    assert len(husk) == 8192
    assert husk["2999-12-31"] == date(2999, 12, 31) and len(husk) == 2
    assert None in husk and husk[None] is None
    assert len(kaldt) == 8192 and None not in kaldt
