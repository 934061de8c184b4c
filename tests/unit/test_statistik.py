"""Key figures (domain/statistik.py; docs/STATISTIK.md), computed by hand: a full-timer and a
part-timer, holidays in the period, a move between units mid-period, an exempt PKAT, spells by
length, the long-term share and the small groups. Calendar: March 2026 has 22 working days
(no holiday); April 2026 has 19 (skærtorsdag 2, langfredag 3, 2. påskedag 6 April)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.personale import Forhold
from fravaer.domain.statistik import (
    Fravaer,
    Laengde,
    Medarbejder,
    Ophold,
    Optaelling,
    forloebslaengder,
    ophold_af,
    spaend,
)

D = date.fromisoformat
MARTS = (D("2026-03-01"), D("2026-03-31"))


def ans(i: int, ugentlige: int = 2220) -> Ansaettelse:
    return Ansaettelse(i, "INST", f"01018{i:05d}", 1, f"T{i}", "0240", None, Loenform.MAANEDSLOEN,
                       ugentlige, D("2020-01-01"), None)


def medarbejder(i: int, fravaer=(), ugentlige: int = 2220, ophold=None, fra=MARTS[0], til=MARTS[1]):
    ophold = ophold or (Ophold(fra, til, "E1", "0240", ugentlige, False),)
    return Medarbejder(i, Arbejdstid(ans(i, ugentlige)), tuple(ophold), tuple(fravaer))


def syg(fra: str, til: str | None, minutter: int | None = None, type_: str = "a") -> Fravaer:
    return Fravaer(type_, D(fra), D(til) if til else None, minutter)


def tal(medarbejdere, grupperinger=(), mindst=1, fra=MARTS[0], til=MARTS[1]):
    o = Optaelling(fra, til, grupperinger)
    for m in medarbejdere:
        o.tilfoej(m)
    return o.noegletal(mindst)


def test_a_full_timer_and_a_part_timer_in_march():
    # full-timer sick Mon–Fri 2–6 March (5 days, 2,220 min); part-timer (18,5 h: 222 min a day)
    # sick 9–10 March (2 days, 444 min)
    [n] = tal([medarbejder(1, [syg("2026-03-02", "2026-03-06")]),
               medarbejder(2, [syg("2026-03-09", "2026-03-10")], ugentlige=1110)])
    assert n.medarbejdere == 2
    assert n.aarsvaerk == Fraction(3, 2)  # 1 + ½ every day of the month
    assert n.planlagte_dage == 44  # 22 working days each
    assert n.planlagte_timer == Fraction(22 * 444 + 22 * 222, 60)
    assert n.fravaersdage == 7
    assert n.fravaerstimer == Fraction(2220 + 444, 60)  # 44,4 hours
    assert n.dage_pr_aarsvaerk == Fraction(7) / Fraction(3, 2)
    assert n.fravaersprocent == Fraction(100 * 2664, 14652)  # 18,18 %
    assert n.forloeb == 2 and n.medarbejdere_med_fravaer == 2
    assert dict(n.efter_laengde) == {"1-3": 1, "4-14": 1, "15-28": 0, "over 28": 0}
    assert n.langtidsandel == 0 and n.undtagne == 0 and not n.undertrykt


def test_a_partial_day_and_an_open_event_count_as_optaelfravaer_counts_them():
    # 222 minutes on 4 March = ½ day; an open sickness from Wed 25 March counts to the 31st: 5 days
    [n] = tal([medarbejder(1, [syg("2026-03-04", "2026-03-04", 222), syg("2026-03-25", None)])])
    assert n.fravaersdage == Fraction(11, 2)
    assert n.fravaerstimer == Fraction(222 + 5 * 444, 60)
    assert n.forloeb == 2


def test_holidays_in_the_period_cost_nothing_and_a_spell_counts_in_the_month_it_begins():
    # vacation 30 March – 10 April: March 30, 31 (2 days); April 1, 7–10 (5 days: 2, 3, 6 are holidays)
    ferie = Fravaer("ferie", D("2026-03-30"), D("2026-04-10"))
    rows = tal([medarbejder(1, [ferie], til=D("2026-04-30"))], ["Maaned"], fra=MARTS[0], til=D("2026-04-30"))
    marts, april = rows
    assert (marts.maaned, april.maaned) == ("2026-03", "2026-04")
    assert (marts.planlagte_dage, april.planlagte_dage) == (22, 19)
    assert (marts.fravaersdage, april.fravaersdage) == (2, 5)
    assert (marts.forloeb, april.forloeb) == (1, 0)  # one spell of 12 calendar days, begun in March
    assert dict(marts.efter_laengde)["4-14"] == 1
    assert april.medarbejdere_med_fravaer == 1


def test_per_type_every_circular_type_is_listed_and_other_codes_by_their_group():
    rows = tal([medarbejder(1, [syg("2026-03-02", "2026-03-03"), Fravaer("ferie", D("2026-03-09"),
                                                                     D("2026-03-13"))])], ["Type"])
    pr_type = {n.type: n for n in rows}
    assert list(pr_type) == [*"abcdefghi", "ferie"]
    assert pr_type["a"].fravaersdage == 2 and pr_type["ferie"].fravaersdage == 5
    assert pr_type["b"].fravaersdage == 0 and pr_type["b"].forloeb == 0  # a true zero, not suppressed
    assert all(n.planlagte_dage == 22 for n in rows)  # the population is the same in every row


def test_a_move_between_units_mid_period_counts_each_unit_its_own_days():
    historik = [Forhold(D("2020-01-01"), "0240", None, None, "1", 2220, "A", "INST"),
                Forhold(D("2026-03-16"), "0240", None, None, "1", 2220, "B", "INST")]
    ophold = ophold_af(historik, D("2020-01-01"), None, *MARTS, "INST")
    assert [(o.fra, o.til, o.enhed) for o in ophold] == [(D("2026-03-01"), D("2026-03-15"), "A"),
                                                          (D("2026-03-16"), D("2026-03-31"), "B")]
    # sick Thu 12 – Thu 19 March: 12, 13 in A (2 days), 16–19 in B (4 days); one spell, begun in A
    rows = tal([medarbejder(1, [syg("2026-03-12", "2026-03-19")], ophold=ophold)], ["Enhed"])
    a, b = rows
    assert (a.enhed, b.enhed) == ("A", "B")
    assert (a.medarbejdere, b.medarbejdere) == (1, 1)
    assert (a.aarsvaerk, b.aarsvaerk) == (Fraction(15, 31), Fraction(16, 31))
    assert (a.planlagte_dage, b.planlagte_dage) == (10, 12)
    assert (a.fravaersdage, b.fravaersdage) == (2, 4)
    assert (a.forloeb, b.forloeb) == (1, 0)


def test_the_population_follows_the_history_to_another_institution_and_a_pkat():
    historik = [Forhold(D("2020-01-01"), "240", None, None, "1", 2220, "A", "INST"),
                Forhold(D("2026-03-10"), "0553", "0052", None, "1", 1110, "A", "INST"),
                Forhold(D("2026-03-20"), "0553", "0052", None, "1", 1110, "X", "ANDEN")]
    assert [(o.fra, o.til, o.pkat, o.ugentlige_minutter) for o in ophold_af(
        historik, D("2020-01-01"), None, *MARTS, "INST")] == [
        (D("2026-03-01"), D("2026-03-09"), "240", 2220), (D("2026-03-10"), D("2026-03-19"), "0553", 1110)]
    # a PKAT group, compared as numbers; a unit subtree; the employment's own end
    assert [(o.fra, o.til) for o in ophold_af(historik, D("2020-01-01"), None, *MARTS, "INST",
                                              pkat="0240")] == [(D("2026-03-01"), D("2026-03-09"))]
    assert ophold_af(historik, D("2020-01-01"), None, *MARTS, "INST", enheder={"B"}) == ()
    assert [(o.fra, o.til) for o in ophold_af(historik, D("2020-01-01"), D("2026-03-05"), *MARTS,
                                              "INST")] == [(D("2026-03-01"), D("2026-03-05"))]


def test_an_exempt_pkat_is_marked_with_the_predicate_injected():
    historik = [Forhold(D("2020-01-01"), "0553", "0052", None, "1", 2220, "A", "INST")]
    fritaget = ophold_af(historik, D("2020-01-01"), None, *MARTS, "INST",
                         undtaget=lambda f: f.pkat == "0553" and f.klasse == "0052")
    assert [o.undtaget for o in fritaget] == [True]
    rows = tal([medarbejder(1, ophold=fritaget), medarbejder(2)], ["PKAT"])
    assert [(n.pkat, n.medarbejdere, n.undtagne) for n in rows] == [("0240", 1, 0), ("0553", 1, 1)]
    # by default the circular's annex decides: PKAT 0553 with KL 0052 is exempt, with another KL not
    assert [o.undtaget for o in ophold_af(historik, D("2020-01-01"), None, *MARTS, "INST")] == [True]
    anden = [Forhold(D("2020-01-01"), "0553", "0051", None, "1", 2220, "A", "INST")]
    assert [o.undtaget for o in ophold_af(anden, D("2020-01-01"), None, *MARTS, "INST")] == [False]


def test_a_weekend_between_two_sick_periods_makes_one_spell():
    [n] = tal([medarbejder(1, [syg("2026-03-13", "2026-03-13"), syg("2026-03-16", "2026-03-17")])])
    assert n.forloeb == 1 and dict(n.efter_laengde)["4-14"] == 1  # 13–17 March: 5 calendar days
    [n] = tal([medarbejder(1, [syg("2026-03-12", "2026-03-12"), syg("2026-03-16", "2026-03-17")])])
    assert n.forloeb == 2  # Friday 13th was a working day without sickness


def test_the_long_term_share_is_own_sickness_in_spells_over_28_days():
    # 2 Feb – 13 March: 40 calendar days, 30 working days (20 in February, 10 in March);
    # another employee sick 2 days: 30 of 32 days are long-term
    fra, til = D("2026-02-01"), D("2026-03-31")
    [n] = tal([medarbejder(1, [syg("2026-02-02", "2026-03-13")], fra=fra, til=til),
               medarbejder(2, [syg("2026-03-02", "2026-03-03")], fra=fra, til=til)], fra=fra, til=til)
    assert n.fravaersdage == 32
    assert n.langtidsandel == Fraction(100 * 30, 32)
    assert dict(n.efter_laengde) == {"1-3": 1, "4-14": 0, "15-28": 0, "over 28": 1}


@pytest.mark.parametrize("antal, undertrykt", [(4, True), (5, False)])
def test_a_group_of_fewer_than_the_threshold_is_suppressed_not_zero(antal, undertrykt):
    rows = tal([medarbejder(i) for i in range(antal)], ["Type"], mindst=5)
    assert all(n.undertrykt is undertrykt for n in rows)
    if undertrykt:
        assert all(n.medarbejdere is None and n.fravaersdage is None and n.efter_laengde is None
                   for n in rows)
    else:
        assert all(n.fravaersdage == 0 and n.medarbejdere == 5 for n in rows)


@pytest.mark.parametrize("dage, navn", [(1, "1-3"), (3, "1-3"), (4, "4-14"), (14, "4-14"), (15, "15-28"),
                                        (28, "15-28"), (29, "over 28"), (400, "over 28")])
def test_spell_lengths_are_data(dage, navn):
    [la] = [la for la in forloebslaengder() if la.rummer(dage)]
    assert la.navn == navn and la.langtid is (navn == "over 28")


def test_other_spell_lengths_can_be_given():
    laengder = [Laengde("kort", 1, 7, False), Laengde("lang", 8, None, True)]
    o = Optaelling(*MARTS, laengder=laengder)
    o.tilfoej(medarbejder(1, [syg("2026-03-02", "2026-03-13")]))
    [n] = o.noegletal(1)
    assert n.efter_laengde == (("kort", 0), ("lang", 1)) and n.langtidsandel == 100


@pytest.mark.parametrize("fra, til, maaned, kvartal, forventet", [
    ("2026-01-15", "2026-03-10", True, False, [("2026-01-15", "2026-01-31", "2026-01", None),
                                               ("2026-02-01", "2026-02-28", "2026-02", None),
                                               ("2026-03-01", "2026-03-10", "2026-03", None)]),
    ("2025-11-01", "2026-04-30", False, True, [("2025-11-01", "2025-12-31", None, "2025K4"),
                                               ("2026-01-01", "2026-03-31", None, "2026K1"),
                                               ("2026-04-01", "2026-04-30", None, "2026K2")]),
    ("2026-03-20", "2026-04-05", True, True, [("2026-03-20", "2026-03-31", "2026-03", "2026K1"),
                                              ("2026-04-01", "2026-04-05", "2026-04", "2026K2")]),
    ("2026-01-01", "2026-12-31", False, False, [("2026-01-01", "2026-12-31", None, None)]),
])
def test_periods_by_month_and_quarter(fra, til, maaned, kvartal, forventet):
    assert [(str(s.fra), str(s.til), s.maaned, s.kvartal) for s in spaend(D(fra), D(til), maaned, kvartal)] \
        == forventet


def test_registered_working_times_are_never_taken_from_another_employments_pattern():
    # two full-timers alike but for a registered working time of 0 minutes on Mon 2 March for the
    # second: its plan has one day less, and a sickness that day costs it nothing
    plan = Medarbejder(2, Arbejdstid(ans(2), moedetider={D("2026-03-02"): 0}),
                       (Ophold(*MARTS, "E1", "0240", 2220, False),), (syg("2026-03-02", "2026-03-03"),))
    o = Optaelling(*MARTS, ["Enhed"])
    o.tilfoej(medarbejder(1, [syg("2026-03-02", "2026-03-03")]))
    o.tilfoej(plan)
    [n] = o.noegletal(1)
    assert n.planlagte_dage == 22 + 21 and n.fravaersdage == 2 + 1
