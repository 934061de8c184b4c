"""The employment relationship's history (DOMAIN.md §3): which row is in force on a date, and how
far a change from a date reaches."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.domain.ansaettelse import aendringer_fremad, i_kraft

DATOER = [date(2018, 1, 1), date(2025, 3, 1), date(2026, 1, 1)]


@pytest.mark.parametrize("dato, raekke", [
    (date(2017, 6, 1), 0),  # before the first: the first known
    (date(2018, 1, 1), 0), (date(2025, 2, 28), 0),
    (date(2025, 3, 1), 1), (date(2025, 12, 31), 1),
    (date(2026, 1, 1), 2), (date(2030, 1, 1), 2),
])
def test_the_row_in_force_on_a_date(dato, raekke):
    assert i_kraft(DATOER, dato) == raekke


GAMMEL = {"pkat": "0240", "timer": 30}


@pytest.mark.parametrize("aendringer, senere, rettes", [
    # a later row that only plans new hours still carries the old PKAT: it gets the new one
    ({"pkat": "0241"}, [(7, {"pkat": "0240", "timer": 37})], [(7, {"pkat": "0241"})]),
    # a later row that changes the same field ends the reach
    ({"timer": 32}, [(7, {"pkat": "0240", "timer": 37})], []),
    # each field reaches as far as its own next change
    ({"pkat": "0241", "timer": 32}, [(7, {"pkat": "0240", "timer": 30}), (8, {"pkat": "0240", "timer": 37}),
                                    (9, {"pkat": "0300", "timer": 37})],
     [(7, {"pkat": "0241", "timer": 32}), (8, {"pkat": "0241"})]),
    ({"pkat": "0241"}, [], []),
])
def test_a_change_reaches_up_to_the_next_change_of_each_field(aendringer, senere, rettes):
    assert aendringer_fremad(GAMMEL, aendringer, senere) == rettes
