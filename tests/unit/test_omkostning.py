"""What an event costs in working days, minutes and calendar days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.arbejdstid import Arbejdstid, omkostning
from fravaer.domain.kalender import Kalender, SaerdagRegel
from fravaer.domain.maaleenheder import vis_dage

FULDTID = Ansaettelse(1, "I", "0101801234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                      date(2020, 1, 1), None)
TREDIVE_TIMER = replace(FULDTID, ugentlige_minutter=30 * 60)


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize("ansaettelse, minutter_pr_dag", [(FULDTID, 444), (TREDIVE_TIMER, 360)])
def test_easter_vacation_2026_costs_7_working_days(ansaettelse, minutter_pr_dag):
    # Monday 30 March – Friday 10 April 2026: skærtorsdag, langfredag, 2. påskedag are holidays
    o = omkostning(d("2026-03-30"), d("2026-04-10"), None, Arbejdstid(ansaettelse))
    assert (o.dage, o.minutter, o.kalenderdage) == (7, 7 * minutter_pr_dag, 12)


def test_a_reduced_time_period_costs_its_hours_on_each_working_day():
    # 155 for two weeks, 3 hours a day: 10 working days × 180 minutes
    o = omkostning(d("2026-06-08"), d("2026-06-19"), 180, Arbejdstid(FULDTID))
    assert (o.minutter, o.kalenderdage) == (1800, 12)
    # Kristi himmelfartsdag (14 May 2026) is not a working day
    o = omkostning(d("2026-05-11"), d("2026-05-22"), 180, Arbejdstid(FULDTID))
    assert o.minutter == 9 * 180


@pytest.mark.parametrize("minutter, vist", [(444, "1.00"), (222, "0.50"), (510, "1.14")])
def test_a_partial_day_costs_its_minutes_in_444ths(minutter, vist):
    o = omkostning(d("2026-05-04"), d("2026-05-04"), minutter, Arbejdstid(FULDTID))
    assert o.minutter == minutter and vis_dage(o.dage) == Decimal(vist)


@pytest.mark.parametrize("ansaettelse, dag, dage, minutter", [
    (FULDTID, "2026-05-04", Fraction(1, 2), 222),  # a whole working day: half of it
    (TREDIVE_TIMER, "2026-05-04", Fraction(1, 2), 180),  # half of the part-timer's day
    (FULDTID, "2025-12-24", Fraction(1, 2), 222),  # a half working day: all of it
    (FULDTID, "2026-05-09", 0, 0),  # a Saturday: nothing
])
def test_a_half_care_day_costs_half_the_days_working_time(ansaettelse, dag, dage, minutter):
    tid = Arbejdstid(ansaettelse, Kalender(saerdage={"12-24": SaerdagRegel.HALV}))
    o = omkostning(d(dag), d(dag), None, tid, halv=True)
    assert (o.dage, o.minutter, o.kalenderdage) == (dage, minutter, 1)


def test_special_days_and_registered_working_times():
    # 24 Dec is off by default; as a half day it counts as half a day and half the minutes
    jul = (d("2025-12-22"), d("2025-12-24"))
    assert omkostning(*jul, None, Arbejdstid(FULDTID)).dage == 2
    halv = Arbejdstid(FULDTID, Kalender(saerdage={"12-24": SaerdagRegel.HALV}))
    o = omkostning(*jul, None, halv)
    assert (o.dage, o.minutter) == (Fraction(5, 2), 2 * 444 + 222)
    # a registered working time wins: work on a Saturday, none on a Monday
    plan = Arbejdstid(FULDTID, moedetider={d("2026-05-09"): 300, d("2026-05-11"): 0})
    o = omkostning(d("2026-05-08"), d("2026-05-11"), None, plan)
    assert (o.dage, o.minutter) == (2, 444 + 300)


def test_an_open_event_has_no_cost_yet():
    assert omkostning(d("2026-05-04"), None, None, Arbejdstid(FULDTID)) is None


def test_counting_clips_each_event_to_the_period():
    from fravaer.domain.arbejdstid import optael

    tid = Arbejdstid(FULDTID)
    perioder = [
        (d("2026-06-01"), d("2026-06-12"), None, tid),   # vacation over the period's start
        (d("2026-06-15"), d("2026-06-15"), 222, tid),    # half a day
        (d("2026-06-16"), d("2026-06-28"), 180, tid),    # reduced time past the period's end
        (d("2026-06-29"), None, None, tid),              # open sickness, counted to the end
    ]
    o = optael(perioder, d("2026-06-08"), d("2026-06-21"))
    # 8–12 June: 5 days; 15 June: 222 min; 16–19 June: 4 × 180 min; the open one starts later
    assert o.minutter == 5 * 444 + 222 + 4 * 180
    assert o.dage == 5 + Fraction(222, 444) + Fraction(4 * 180, 444)
    assert optael(perioder, d("2026-06-20"), d("2026-06-21")).minutter == 0  # a weekend
    assert optael(perioder, d("2026-06-29"), d("2026-07-03")).dage == 5


def test_a_part_time_pattern_with_a_fixed_weekly_day_off():
    # 29.6 hours over four days: Fridays off, full 444-minute days on the others
    fire_dage = replace(FULDTID, ugentlige_minutter=4 * 444, fast_fridag=4)
    o = omkostning(d("2026-06-08"), d("2026-06-14"), None, Arbejdstid(fire_dage))
    assert (o.dage, o.minutter) == (4, 4 * 444)
    assert Arbejdstid(fire_dage).minutter(d("2026-06-12")) == 0


def test_a_whole_day_costs_its_dagsandel_and_minutes_and_equal_costs_are_one_object():
    """Arbejdstid.hel_dag (a one-day event's cost) is dagsandel and minutter of the day; days
    that cost alike share one (immutable) Omkostning, which the answer writes once."""
    fire_dage = replace(FULDTID, ugentlige_minutter=4 * 444, fast_fridag=4)
    halvjul = Kalender(saerdage={"12-24": SaerdagRegel.HALV}, ekstra_fridage=frozenset({d("2025-12-29")}))
    planer = [Arbejdstid(FULDTID), Arbejdstid(TREDIVE_TIMER, halvjul), Arbejdstid(fire_dage),
              Arbejdstid(FULDTID, moedetider={d("2025-12-20"): 300, d("2025-12-22"): 0,
                                              d("2025-12-23"): 444}),
              # hours that changed on 2025-12-24 (hel_dag takes the day's norm from its history)
              Arbejdstid(replace(FULDTID, forloeb=(
                  Forholdsperiode(date(2020, 1, 1), None, None, None, Loenform.MAANEDSLOEN, 2220),
                  Forholdsperiode(date(2025, 12, 24), None, None, None, Loenform.MAANEDSLOEN, 1110))))]
    set_: dict[tuple, object] = {}  # across the plans too: one object per cost in the process
    for tid in planer:
        for i in range(16):  # a weekend, 24 December, holidays, an extra day off, registered times
            dag = d("2025-12-18") + (d("2025-12-19") - d("2025-12-18")) * i
            o = tid.hel_dag(dag)
            assert (o.dage, o.minutter, o.kalenderdage) == (tid.dagsandel(dag), tid.minutter(dag), 1)
            assert omkostning(dag, dag, None, tid) is o
            assert set_.setdefault((o.dage, o.minutter), o) is o  # equal costs: the same object


def _dag_for_dag(tid: Arbejdstid, fra: date, til: date) -> list[tuple[date, Fraction]]:
    ud = []
    while fra <= til:
        if tid.dagsandel(fra):
            ud.append((fra, tid.dagsandel(fra)))
        fra += timedelta(days=1)
    return ud


@pytest.mark.parametrize("kalender", [Kalender(), Kalender(saerdage={"12-24": SaerdagRegel.HALV,
                                                                     "12-31": SaerdagRegel.FRI},
                                                            ekstra_fridage=frozenset({d("2025-06-13")}))])
@pytest.mark.parametrize("fast_fridag", [None, 4])
@pytest.mark.parametrize("fra, til", [("2025-06-09", "2025-06-20"), ("2025-12-20", "2026-01-06"),
                                      ("2025-04-17", "2025-04-17"), ("2025-06-14", "2025-06-15"),
                                      ("2025-06-20", "2025-06-09"), ("2024-12-23", "2027-01-04")])
def test_the_days_of_a_period_from_the_calendars_year_table_are_those_asked_day_by_day(
        kalender, fast_fridag, fra, til):
    # dagsandele reads a table of the year made once; it must give what dagsandel gives per day
    # (holidays, half and free special days, extra days off, the fixed day off, across years)
    tid = Arbejdstid(replace(FULDTID, fast_fridag=fast_fridag), kalender)
    ventet = _dag_for_dag(tid, d(fra), d(til))
    assert tid.dagsandele(d(fra), d(til)) == ventet
    assert tid.dagsandele(d(fra), d(til)) == ventet  # and again, from the table
    # with registered working times, which win over the calendar on their days
    med = Arbejdstid(tid.ansaettelse, kalender, {d(fra): 0, d(til) + timedelta(days=-1): 60})
    assert med.dagsandele(d(fra), d(til)) == _dag_for_dag(med, d(fra), d(til))


@pytest.mark.parametrize("ansaettelse", [
    FULDTID, replace(FULDTID, fast_fridag=4),
    replace(FULDTID, forloeb=(Forholdsperiode(date(2020, 1, 1), None, None, None, Loenform.MAANEDSLOEN,
                                              2220),))])
def test_a_working_time_made_without_its_init_is_the_same(ansaettelse):
    """Arbejdstid.af (HentKvoter's thousand, without the dataclass's __init__) makes what
    Arbejdstid(...) makes: every field, the cached ones too, and the same costs."""
    kalender = Kalender()
    for moedetider in ({}, {date(2025, 3, 4): 120}):
        hurtig, almindelig = (Arbejdstid.af(ansaettelse, kalender, moedetider),
                              Arbejdstid(ansaettelse, kalender, moedetider))
        assert vars(hurtig) == vars(almindelig) and hurtig == almindelig
        for dag in (date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 7), date(2025, 4, 18)):
            assert hurtig.hel_dag(dag) == almindelig.hel_dag(dag)
            assert hurtig.dagsandel(dag) == almindelig.dagsandel(dag)


@pytest.mark.parametrize("ansaettelse", [
    FULDTID, replace(FULDTID, forloeb=(Forholdsperiode(date(2020, 1, 1), None, None, None,
                                                       Loenform.MAANEDSLOEN, 1800),))])
def test_the_working_time_a_write_reads_is_the_employments_over_its_days(ansaettelse):
    """service.omkostninger.arbejdstid_for (every write's, made without the dataclass's __init__):
    the institution's calendar and the registered minutes of the days asked, as Arbejdstid(...)."""
    from types import SimpleNamespace

    from fravaer.domain.arbejdstid import Moedetid
    from fravaer.service.omkostninger import arbejdstid_for

    kalender = Kalender({"12-24": SaerdagRegel.HALV})
    spurgt = []

    def i_perioden(aid, fra, til):
        spurgt.append((aid, fra, til))
        return {date(2025, 3, 4): Moedetid(date(2025, 3, 4), 120)}

    uow = SimpleNamespace(kalendere=SimpleNamespace(for_institution=lambda kode, fra, til: kalender),
                          moedetider=SimpleNamespace(i_perioden=i_perioden))
    tid = arbejdstid_for(uow, ansaettelse, date(2025, 3, 3), date(2025, 3, 7))
    ventet = Arbejdstid(ansaettelse, kalender, {date(2025, 3, 4): 120})
    assert spurgt == [(ansaettelse.id, date(2025, 3, 3), date(2025, 3, 7))]
    assert vars(tid) == vars(ventet) and tid == ventet
    assert [tid.minutter(date(2025, 3, d)) for d in range(3, 8)] == \
        [ventet.minutter(date(2025, 3, d)) for d in range(3, 8)]
