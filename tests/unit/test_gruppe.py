"""Who a group of employments named without naming anyone holds on a day (domain.gruppe; seed
002 §12: "hændelser på en given PKAT/KL – dvs. uden at oplyse CPR-nr. og løbenummer"), the rule
the særregler's group events and mass registration for a group share (DOMAIN.md §5.3, §10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.gruppe import Gruppe, i_pkat

A = Ansaettelse(1, "I", "0101801234", 1, "T1", "0240", None, Loenform.MAANEDSLOEN, 2220,
                date(2020, 1, 1), None, klasse="52")
DAG = date(2026, 12, 28)


def _forhold(fra: str, pkat: str, klasse: str | None = None) -> Forholdsperiode:
    return Forholdsperiode(date.fromisoformat(fra), pkat, klasse, None, Loenform.MAANEDSLOEN, 2220)


@pytest.mark.parametrize("a, pkat, klasse, forventet", [
    (A, None, None, True),  # no PKAT: everyone in force
    (A, "0240", None, True),
    (A, "240", None, True),  # compared as numbers (samme_kode)
    (A, "0172", None, False),
    (A, "0240", "52", True),
    (A, "0240", "052", True),
    (A, "0240", "53", False),
    (replace(A, startdato=DAG), None, None, True),
    (replace(A, startdato=date(2026, 12, 29)), None, None, False),  # begins after the day
    (replace(A, slutdato=date(2026, 12, 27)), None, None, False),  # ended before it
    (replace(A, slutdato=DAG), "0240", None, True),
    # the history's PKAT on the day, not today's
    (replace(A, pkat="0172", forloeb=(_forhold("2020-01-01", "0240", "52"), _forhold("2027-01-01", "0172"))),
     "0240", "52", True),
    (replace(A, forloeb=(_forhold("2020-01-01", "0172"), _forhold("2026-12-29", "0240"))),
     "0240", None, False),
])
def test_in_force_with_the_pkat_and_kl_of_the_day(a, pkat, klasse, forventet):
    assert i_pkat(a, DAG, pkat, klasse) is forventet
    assert Gruppe("I", None, pkat, klasse).omfatter(a, DAG) is forventet


@pytest.mark.parametrize("gruppe, tekst", [
    (Gruppe("I"), "institution I"),
    (Gruppe("I", "HR"), "institution I, enhed HR"),
    (Gruppe("I", "HR", "0240", "52"), "institution I, enhed HR, PKAT 0240 KL 52"),
    (Gruppe("I", pkat="0240"), "institution I, PKAT 0240"),
])
def test_a_group_is_shown_as_named(gruppe, tekst):
    assert gruppe.vis() == tekst
