"""Counting a person's absence across employments (domain.optaelling; DOMAIN.md §8, seed 002
"Fravær kan optælles på den enkelte ansatte – på CPR-nummer"): a calendar day counts once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction as F

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid, optael
from fravaer.domain.optaelling import Del, Stykke, kalenderdag, optael_person

FULDTID = Ansaettelse(1, "A", "0101801234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                      date(2020, 1, 1), None)
HALVTID_A = replace(FULDTID, ugentlige_minutter=1110)
HALVTID_B = replace(HALVTID_A, id=2, institution_kode="B", loebenummer=2, tjenestenummer="T2")
JUNI = (date(2026, 6, 1), date(2026, 6, 30))


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize("andele, hele, dag", [
    ([F(1)], [F(1)], F(1)),                       # one employment: its own count
    ([F(1), F(1)], [F(1), F(1)], F(1)),           # two half-time jobs, both absent all day: one day
    ([F(120, 444), F(180, 444)], [F(1), F(1)], F(300, 444)),  # 2 h + 3 h: five hours' worth
    ([F(1), F(120, 444)], [F(1), F(1)], F(1)),    # a whole day and a bit: a whole day
    ([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)], F(1, 2)),  # 24 December in both: half a day
    ([F(2), F(1)], [F(1), F(1)], F(2)),           # 500 and 110 in one job: what that job counts
    ([F(0), F(0)], [F(0), F(0)], F(0)),           # a weekend
    ([F(120, 444), F(0)], [F(0), F(0)], F(120, 444)),  # hours registered on a day off elsewhere
    ([F(1, 2), F(1)], [F(1), F(1)], F(1)),        # half a care day and a whole day
])
def test_one_calendar_day(andele, hele, dag):
    assert kalenderdag(andele, hele) == dag


def _del(a: Ansaettelse, *perioder, fra=JUNI[0], til=JUNI[1]) -> Del:
    tid = Arbejdstid(a)
    return Del(a.id, tid, (Stykke(fra, til, tuple((*p[:3], tid, False) for p in perioder)),))


def test_two_jobs_absent_the_same_days_count_each_day_once():
    # sick 8–12 June 2026 in both half-time jobs; in job A also 15 June
    a = _del(HALVTID_A, (d("2026-06-08"), d("2026-06-15"), None))
    b = _del(HALVTID_B, (d("2026-06-08"), d("2026-06-12"), None))
    o = optael_person([a, b])
    assert o.delsummer[1].dage == 6 and o.delsummer[2].dage == 5
    assert o.dage == 6  # 8–12 June once, 15 June from A
    assert o.minutter == 6 * 222 + 5 * 222  # each employer's lost working time


def test_partial_days_in_two_jobs_add_up_to_at_most_a_day():
    a = _del(HALVTID_A, (d("2026-06-08"), d("2026-06-08"), 120), (d("2026-06-09"), d("2026-06-09"), None))
    b = _del(HALVTID_B, (d("2026-06-08"), d("2026-06-08"), 180), (d("2026-06-09"), d("2026-06-09"), 60))
    o = optael_person([a, b])
    assert o.dage == F(300, 444) + 1
    assert o.minutter == 120 + 222 + 180 + 60


def test_one_employment_counts_as_the_employment_alone():
    perioder = [(d("2026-06-01"), d("2026-06-12"), None), (d("2026-06-15"), d("2026-06-15"), 222),
                (d("2026-06-16"), d("2026-06-28"), 180), (d("2026-06-29"), None, None)]
    o = optael_person([_del(FULDTID, *perioder)])
    tid = Arbejdstid(FULDTID)
    alene = optael([(*p, tid) for p in perioder], *JUNI)
    assert (o.dage, o.minutter) == (alene.dage, alene.minutter) == (o.delsummer[1].dage,
                                                                     o.delsummer[1].minutter)


def test_days_in_different_stretches_of_the_dates_are_counted_in_each():
    # an employment read in two stretches (its own time, and only the reportable before it):
    # each stretch is counted as optael counts it, clipped to the stretch
    tid = Arbejdstid(FULDTID)
    syg = (d("2026-05-25"), d("2026-06-05"), None, tid, False)
    del_ = Del(1, tid, (Stykke(d("2026-05-01"), d("2026-05-31"), (syg,)),
                        Stykke(d("2026-06-01"), d("2026-06-30"), (syg,))))
    # 25 May 2026 is 2. pinsedag and 5 June Grundlovsdag: 8 working days
    assert optael_person([del_]).dage == optael([syg[:4]], d("2026-05-01"), d("2026-06-30")).dage == 8


def test_disjoint_absence_in_two_jobs_simply_adds_up():
    a = _del(HALVTID_A, (d("2026-06-01"), d("2026-06-05"), None))
    b = _del(HALVTID_B, (d("2026-06-08"), d("2026-06-12"), None))
    assert optael_person([a, b]).dage == 4 + 5  # 5 June (Grundlovsdag) is a day off


@pytest.mark.parametrize("start", range(0, 28, 3))
def test_the_total_never_exceeds_the_sum_nor_one_day_per_shared_working_day(start):
    fra = d("2026-06-01") + timedelta(days=start)
    a = _del(HALVTID_A, (d("2026-06-01"), d("2026-06-20"), None))
    b = _del(HALVTID_B, (fra, fra + timedelta(days=10), None))
    o = optael_person([a, b])
    summen = o.delsummer[1].dage + o.delsummer[2].dage
    faelles = sum(Arbejdstid(HALVTID_A).dagsandel(fra + timedelta(days=i)) for i in range(11)
                  if fra + timedelta(days=i) <= d("2026-06-20"))
    assert o.dage == summen - faelles
    assert max(o.delsummer[1].dage, o.delsummer[2].dage) <= o.dage <= summen
