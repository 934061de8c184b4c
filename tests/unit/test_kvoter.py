"""Accounts (DOMAIN.md §6): the issue's table tests from DOMAIN.md and the seeds, and the rules
that need accounts (§4 items 9–11, policies, care days, the time bank)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import (
    Art,
    Barn,
    Konto,
    KvoteType,
    Post,
    Regnskab,
    aabne_ferieaar,
    afvikling,
    saerlige_aar_for,
)
from fravaer.domain.kvoteregler import (
    Regulering,
    erstatningsferie_for,
    vurder_flytning,
    vurder_regulering,
    vurder_traek,
)
from fravaer.domain.maaleenheder import vis_dage
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.politik import feriepolitikker, optjener_saerlige_feriedage

KATALOG = standardkatalog()
FERIE = KvoteType.FERIE


def ansat(start=date(2020, 1, 1), slut=None, **felter) -> Ansaettelse:
    return Ansaettelse(1, "X", "0101801234", 1, None, felter.pop("pkat", None), None,
                       felter.pop("loenform", Loenform.MAANEDSLOEN), 2220, start, slut, **felter)


def regnskab(a=None, politik="stat", boern=()) -> Regnskab:
    a = a or ansat()
    return Regnskab(a, feriepolitikker()[politik], {b.barnenummer: b for b in boern})


def registrer(r: Regnskab, kode: str, fra: date, til: date, kilde: str = "h", minutter=None, **felter):
    """Judge and (if allowed) post an event; returns the judgement."""
    data = HaendelseData(kode, fra, til, minutter, **felter)
    v = vurder_traek(data, kilde, KATALOG.kode(kode), r, Arbejdstid(r.ansaettelse))
    r.tilfoej(v.poster)
    return v


def koder(v) -> list[str]:
    return [m.kode for m in v.meddelelser]


def afvist(fn, *args, **kw) -> list[str]:
    with pytest.raises(Afvist) as e:
        fn(*args, **kw)
    return [m.kode for m in e.value.meddelelser]


# ---------------------------------------------------------------- accrual


def test_a_full_ferieaar_of_monthly_accrual_is_exactly_25_days():
    r = regnskab()
    k = r.kvote(Konto(FERIE, 2024), date(2024, 8, 31))
    assert k.optjent == 25
    assert r.kvote(Konto(FERIE, 2024), date(2023, 11, 30)).optjent == Fraction(25, 4)  # 3 months: 6,25


def test_an_employee_starting_15_october_earns_17_times_0_07_for_october():
    r = regnskab(ansat(date(2025, 10, 15)))
    k = r.kvote(Konto(FERIE, 2026), date(2025, 10, 31))
    assert k.optjent == Fraction(17 * 7, 100)


@pytest.mark.parametrize("dato, optjent", [
    (date(2025, 9, 29), 0), (date(2025, 9, 30), Fraction(25, 12)), (date(2025, 10, 1), Fraction(25, 12))])
def test_ultimo_posts_the_month_on_its_last_day(dato, optjent):
    assert regnskab(ansat(date(2025, 9, 1))).kvote(Konto(FERIE, 2026), dato).optjent == optjent


def test_primo_posts_the_month_on_its_first_day():
    r = regnskab(ansat(date(2025, 9, 1)), politik="forskud")
    assert r.kvote(Konto(FERIE, 2026), date(2025, 9, 1)).optjent == Fraction(25, 12)


def test_hourly_pay_earns_no_automatic_vacation_but_its_special_days():
    # seed 002 §7.2 pairs lønform 3 with ferie only (the PKAT lists stop the special days)
    r = regnskab(ansat(loenform=Loenform.TIMELOEN))
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == 0
    assert r.kvote(Konto(KvoteType.SAERLIGE_FERIEDAGE, 2023), date(2024, 5, 1)).optjent == 5


@pytest.mark.parametrize("pkat, klasse, optjener", [
    ("0240", None, True), ("240", "62", False), ("240", "61", True), ("80", None, False),
    ("0050", "12", False), (None, None, True)])
def test_the_seeds_pkat_and_class_list_earns_no_special_days(pkat, klasse, optjener):
    assert optjener_saerlige_feriedage(ansat(pkat=pkat, klasse=klasse)) is optjener


def test_special_days_are_5_a_year_taken_from_1_may_next_year():
    r = regnskab()
    k = r.kvote(Konto(KvoteType.SAERLIGE_FERIEDAGE, 2024), date(2025, 5, 1))
    assert (k.optjent, k.afholdelse) == (5, (date(2025, 5, 1), date(2026, 4, 30)))
    assert saerlige_aar_for(date(2025, 4, 30)) == 2023 and saerlige_aar_for(date(2025, 5, 1)) == 2024


# ---------------------------------------------------------------- the seed-004 advance example


def test_the_seed_004_advance_example():
    # one month earned (primo: October's 2,08 at 1 October), 5 days booked in October
    r = regnskab(ansat(date(2025, 10, 1)), politik="forskud")
    v = registrer(r, "500", date(2025, 10, 13), date(2025, 10, 17))
    assert [(m.kode, "2,92" in m.tekst) for m in v.meddelelser] == [("A004", True)]
    konto = Konto(FERIE, 2026)
    # exactly −2,9167, −0,8333 and 1,25; shown rounded down as the seed shows them (DOMAIN.md §4)
    datoer = (date(2025, 10, 31), date(2025, 11, 30), date(2025, 12, 1))
    saldi = [r.kvote(konto, d).disponibel for d in datoer]
    assert saldi == [Fraction(25, 12) - 5, 2 * Fraction(25, 12) - 5, Fraction(5, 4)]
    assert [str(vis_dage(s)) for s in saldi] == ["-2.92", "-0.84", "1.25"]


def test_the_state_default_allows_unearned_vacation_with_an_advis():
    r = regnskab(ansat(date(2025, 10, 1)))
    assert koder(registrer(r, "500", date(2025, 10, 13), date(2025, 10, 17))) == ["A002"]


def test_only_earned_refuses_and_the_balance_never_goes_below_zero():
    r = regnskab(ansat(date(2025, 10, 1)), politik="kun_optjent")
    assert afvist(registrer, r, "500", date(2025, 10, 13), date(2025, 10, 17)) == ["F043"]
    assert koder(registrer(r, "500", date(2025, 10, 13), date(2025, 10, 14))) == []  # 2 of 2,08


def test_own_unpaid_day_off_policy_points_to_code_590_and_590_needs_that_policy():
    r = regnskab(ansat(date(2025, 10, 1)), politik="egen_fridag")
    assert afvist(registrer, r, "500", date(2025, 10, 13), date(2025, 10, 17)) == ["F045"]
    assert koder(registrer(r, "590", date(2025, 10, 13), date(2025, 10, 17))) == []
    assert afvist(registrer, regnskab(), "590", date(2025, 10, 13), date(2025, 10, 13)) == ["F060"]


def test_advance_with_a_maximum():
    r = regnskab(ansat(date(2025, 10, 1)), politik="forskud_5")
    assert koder(registrer(r, "500", date(2025, 10, 6), date(2025, 10, 10), "a")) == ["A004"]  # −2,92
    assert afvist(registrer, r, "500", date(2025, 10, 13), date(2025, 10, 17)) == ["F044"]  # −7,92


def test_salary_deduction_settles_the_deficit_and_restarts_from_zero():
    r = regnskab(ansat(date(2025, 10, 1)), politik="loentraek")
    v = registrer(r, "500", date(2025, 10, 13), date(2025, 10, 17))
    assert [(m.kode, "10-2025" in m.tekst) for m in v.meddelelser] == [("A003", True)]
    konto = Konto(FERIE, 2026)
    oktober = r.kvote(konto, date(2025, 10, 31))
    assert oktober.loentraek == 5 - Fraction(25, 12) and oktober.disponibel == 0
    assert r.kvote(konto, date(2025, 11, 30)).disponibel == Fraction(25, 12)  # not −0,83


# ---------------------------------------------------------------- rule 9: one ferieår per event


def test_two_ferieaar_are_open_from_september_to_december():
    assert aabne_ferieaar(date(2025, 10, 1), date(2025, 10, 3)) == [2025, 2026]
    assert aabne_ferieaar(date(2026, 3, 1), date(2026, 3, 3)) == [2026]
    assert aabne_ferieaar(date(2025, 12, 29), date(2026, 1, 2)) == [2026]


def test_the_old_ferieaar_is_drawn_first_then_the_new():
    r = regnskab()
    # ferieår 2025 has 25 earned; use 23 of them before September
    registrer(r, "500", date(2025, 6, 16), date(2025, 7, 16), "sommer")
    assert r.kvote(Konto(FERIE, 2025), date(2025, 9, 1)).disponibel == 2
    assert registrer(r, "500", date(2025, 9, 1), date(2025, 9, 2), "a").data.ferieaar == 2025
    assert registrer(r, "500", date(2025, 9, 3), date(2025, 9, 3), "b").data.ferieaar == 2026


def test_a_vacation_needing_both_accounts_is_split_where_the_old_days_run_out():
    r = regnskab()
    registrer(r, "500", date(2025, 6, 16), date(2025, 7, 16), "sommer")  # 2 days left in 2025
    with pytest.raises(Afvist) as e:
        registrer(r, "500", date(2025, 9, 1), date(2025, 9, 5))
    [m] = e.value.meddelelser
    assert m.kode == "F040"
    assert "01-09-2025 – 02-09-2025 med Ferieaar 2025 og 03-09-2025 – 05-09-2025 med Ferieaar 2026" in m.tekst
    # naming the new ferieår while the old has days is refused too (seed 002 §4, OBS)
    assert afvist(registrer, r, "500", date(2025, 9, 1), date(2025, 9, 5), ferieaar=2026) == ["F092"]
    # the split as the message says it is accepted
    assert registrer(r, "500", date(2025, 9, 1), date(2025, 9, 2), "a", ferieaar=2025).data.ferieaar == 2025
    assert registrer(r, "500", date(2025, 9, 3), date(2025, 9, 5), "b", ferieaar=2026).data.ferieaar == 2026


def test_a_vacation_across_new_year_with_days_left_in_the_old_year_must_be_split():
    r = regnskab()
    # the old ferieår (2025) ends 31 December and still has days: they must be used first
    assert afvist(registrer, r, "500", date(2025, 12, 29), date(2026, 1, 2)) == ["F040"]
    registrer(r, "500", date(2025, 6, 16), date(2025, 7, 18), "sommer")  # all 25 days used
    assert registrer(r, "500", date(2025, 12, 29), date(2026, 1, 2), "nytaar").data.ferieaar == 2026


def test_a_period_no_ferieaar_can_hold_is_refused():
    r = regnskab(ansat(date(2025, 12, 1)))
    assert afvist(registrer, r, "500", date(2025, 12, 1), date(2027, 1, 4)) == ["F039"]


# ---------------------------------------------------------------- rules 10 and 11


def test_special_days_cannot_span_1_may():
    assert afvist(registrer, regnskab(), "520", date(2025, 4, 28), date(2025, 5, 2)) == ["F041"]


def test_at_most_25_days_of_ferie_med_loen_in_a_ferieaar():
    r = regnskab()
    registrer(r, "500", date(2024, 6, 10), date(2024, 7, 12), "a")  # 25 working days
    assert afvist(registrer, r, "500", date(2024, 8, 5), date(2024, 8, 5)) == ["F042"]


def test_replacement_and_moved_days_raise_the_25_day_limit():
    r = regnskab()
    registrer(r, "500", date(2024, 6, 10), date(2024, 7, 12), "a")
    r.tilfoej([Post(Konto(FERIE, 2024), date(2024, 8, 1), Art.REGULERET, Fraction(2), "r", 9)])
    assert koder(registrer(r, "500", date(2024, 8, 5), date(2024, 8, 6), "b")) == ["A002"]


# ---------------------------------------------------------------- replacement vacation (seed 002)


def test_the_seed_002_replacement_vacation_example():
    r = regnskab()
    registrer(r, "500", date(2022, 7, 11), date(2022, 7, 29), "ferie")
    syg = afvikling("x", KATALOG.kode("500"), date(2022, 7, 13), date(2022, 7, 29), None, 2022, None,
                    Arbejdstid(r.ansaettelse))  # the working days of the 110
    r.sygedage.update(p.dato for p in syg)
    assert r.kvote(Konto(FERIE, 2022), date(2022, 8, 31)).optjent == 25
    assert erstatningsferie_for(r, 2022) == 8


def test_replacement_days_are_at_most_20_a_ferieaar():
    r = regnskab()
    reg = Regulering(FERIE, 2024, 9, Fraction(15), date(2024, 9, 1))
    poster, advis = vurder_regulering(reg, "r1", r)
    assert [m.kode for m in advis] == ["A006"]  # no 110 registered gives them
    r.tilfoej(poster)
    assert afvist(vurder_regulering, replace(reg, dage=Fraction(6)), "r2", r) == ["F053"]


# ---------------------------------------------------------------- care days


BARN_2019 = Barn(1, date(2019, 6, 14))
BARN_2004 = Barn(2, date(2004, 3, 1))


@pytest.mark.parametrize("aar, dage", [(2019, 2), (2023, 2), (2026, 2), (2027, 0)])
def test_a_child_born_in_2019_gives_2_care_days_a_year_up_to_2026(aar, dage):
    r = regnskab(ansat(date(2010, 1, 1)), boern=[BARN_2019])
    assert r.kvote(Konto(KvoteType.OMSORGSDAGE, aar, None, 1), date(aar, 12, 31)).optjent == dage


def _forhold(fra: date, loenform=Loenform.MAANEDSLOEN, minutter=2220) -> Forholdsperiode:
    return Forholdsperiode(fra, None, None, None, loenform, minutter)


def test_accrual_follows_the_pay_form_in_force_each_month_not_todays():
    # monthly pay, hourly pay from 1 January 2024, monthly again from 16 March 2024
    a = replace(ansat(), forloeb=(_forhold(date(2020, 1, 1)), _forhold(date(2024, 1, 1), Loenform.TIMELOEN),
                                  _forhold(date(2024, 3, 16))))
    r = regnskab(a)
    # September–December and April–August whole months, 16 days × 0,07 in March
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == Fraction(225, 12) + Fraction(112, 100)
    # today hourly paid (the last change): the months on monthly pay keep what they earned
    r = regnskab(replace(a, loenform=Loenform.TIMELOEN, forloeb=a.forloeb[:2]))
    assert r.kvote(Konto(FERIE, 2024), date(2024, 8, 31)).optjent == Fraction(100, 12)


def test_a_later_change_of_hours_leaves_the_working_time_of_earlier_days():
    a = replace(ansat(), ugentlige_minutter=1110,
                forloeb=(_forhold(date(2020, 1, 1)), _forhold(date(2025, 7, 1), minutter=1110)))
    tid = Arbejdstid(a)
    assert (tid.minutter(date(2025, 6, 30)), tid.minutter(date(2025, 7, 1))) == (444, 222)
    assert [a.pr(d).ugentlige_minutter for d in (date(2019, 1, 1), date(2025, 6, 30), date(2026, 1, 1))] == [
        2220, 2220, 1110]
    assert [(f, t) for f, t, _ in a.perioder(date(2025, 6, 1), date(2025, 7, 31))] == [
        (date(2025, 6, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 7, 31))]


def test_no_care_days_after_the_employment_ended():
    r = regnskab(ansat(date(2010, 1, 1), date(2024, 6, 30)), boern=[BARN_2019])
    assert r.kvote(Konto(KvoteType.OMSORGSDAGE, 2024, None, 1), date(2024, 12, 31)).optjent == 2
    assert r.kvote(Konto(KvoteType.OMSORGSDAGE, 2025, None, 1), date(2025, 12, 31)).optjent == 0
    assert [k for k in r.konti_i_aar(2025) if k.type is KvoteType.OMSORGSDAGE] == []
    # a child born after the employment ended gives nothing that year
    r = regnskab(ansat(date(2010, 1, 1), date(2024, 6, 30)), boern=[Barn(3, date(2024, 8, 1))])
    assert r.kvote(Konto(KvoteType.OMSORGSDAGE, 2024, None, 3), date(2024, 12, 31)).optjent == 0


def test_care_days_need_a_child_of_the_employee_with_days_left():
    r = regnskab(boern=[BARN_2019, BARN_2004])
    assert afvist(registrer, r, "610", date(2025, 3, 3), date(2025, 3, 3)) == ["F046"]
    assert afvist(registrer, r, "610", date(2025, 3, 3), date(2025, 3, 3), barnenummer=7) == ["F047"]
    assert afvist(registrer, r, "610", date(2010, 3, 3), date(2010, 3, 3), barnenummer=2) == ["F048"]
    assert koder(registrer(r, "615", date(2025, 3, 3), date(2025, 3, 3), "a", barnenummer=1)) == []
    assert koder(registrer(r, "610", date(2025, 3, 4), date(2025, 3, 4), "b", barnenummer=1)) == []
    assert afvist(registrer, r, "610", date(2025, 3, 5), date(2025, 3, 5), barnenummer=1) == ["F049"]
    assert koder(registrer(r, "615", date(2025, 3, 5), date(2025, 3, 5), "d", barnenummer=1)) == []
    # a new calendar year, new days
    assert koder(registrer(r, "610", date(2026, 1, 5), date(2026, 1, 6), "c", barnenummer=1)) == []
    # a half day on a day off is refused (Saturday 10 January 2026)
    assert afvist(registrer, r, "615", date(2026, 1, 10), date(2026, 1, 10), barnenummer=1) == ["F091"]
    # born 2019: turns 7 in 2026, the last year with days
    assert afvist(registrer, r, "610", date(2027, 1, 5), date(2027, 1, 5), barnenummer=1) == ["F095"]


# ---------------------------------------------------------------- time bank and moves


def test_the_time_bank_holds_only_what_is_saved():
    r = regnskab()
    assert afvist(registrer, r, "804", date(2025, 3, 3), date(2025, 3, 3)) == ["F050"]
    poster, _ = vurder_regulering(Regulering(KvoteType.FRIHEDSBANK, 2025, 4, Fraction(1), date(2025, 1, 2)),
                                  "r", r)
    r.tilfoej(poster)
    assert koder(registrer(r, "804", date(2025, 3, 3), date(2025, 3, 3))) == []
    k = r.kvote(Konto(KvoteType.FRIHEDSBANK, None, 4), date(2026, 2, 1))
    assert (k.overfoert, k.reguleret, k.afholdt, k.disponibel) == (0, 0, 0, 0)  # carried as 1 − 1


def test_599_moves_vacation_days_to_the_time_bank_type_8():
    r = regnskab()
    poster, _ = vurder_regulering(Regulering(FERIE, 2024, 599, Fraction(3), date(2024, 9, 2)), "m", r)
    r.tilfoej(poster)
    assert r.kvote(Konto(FERIE, 2024), date(2024, 9, 2)).disponibel == 22
    assert r.kvote(Konto(KvoteType.FRIHEDSBANK, None, 8), date(2024, 9, 2)).disponibel == 3
    # like moving to the next ferieår: only the days beyond 20 (25 − 20 − 3 saved = 2 more)
    assert afvist(vurder_regulering, Regulering(FERIE, 2024, 599, Fraction(3), date(2024, 9, 2)), "n",
                  r) == ["F055"]
    poster, _ = vurder_regulering(Regulering(FERIE, 2024, 599, Fraction(2), date(2024, 12, 31)), "o", r)
    # and only while the days can be taken: the ferieår 2024 ends its period on 31 December 2024
    assert afvist(vurder_regulering, Regulering(FERIE, 2025, 599, Fraction(1), date(2026, 1, 2)), "p",
                  r) == ["F090"]
    # nor when the request is dated back into the period after it ended
    assert afvist(vurder_regulering, Regulering(FERIE, 2025, 599, Fraction(1), date(2025, 12, 1)), "q",
                  r, date(2026, 1, 2)) == ["F090"]


def test_598_saves_special_days_while_they_can_be_taken_and_no_more_than_are_left():
    r = regnskab()
    saerlige = KvoteType.SAERLIGE_FERIEDAGE
    poster, _ = vurder_regulering(Regulering(saerlige, 2023, 598, Fraction(5), date(2025, 4, 30)), "s", r)
    r.tilfoej(poster)
    assert r.kvote(Konto(KvoteType.FRIHEDSBANK, None, 9), date(2025, 4, 30)).disponibel == 5
    assert afvist(vurder_regulering, Regulering(saerlige, 2023, 598, Fraction(1), date(2025, 4, 30)), "t",
                  r) == ["F054"]
    assert afvist(vurder_regulering, Regulering(saerlige, 2023, 598, Fraction(1), date(2025, 5, 1)), "u",
                  r) == ["F090"]


def test_only_days_beyond_20_can_be_moved_to_the_next_ferieaar_and_only_by_31_december():
    r = regnskab()
    registrer(r, "500", date(2024, 6, 10), date(2024, 6, 21), "a")  # 10 taken, 15 left
    assert afvist(vurder_flytning, 2024, Fraction(6), "f", r, date(2024, 11, 1)) == ["F055"]
    poster = vurder_flytning(2024, Fraction(5), "f", r, date(2024, 11, 1))
    r.tilfoej(poster)
    assert r.kvote(Konto(FERIE, 2025), date(2024, 11, 1)).overfoert == 5
    assert r.kvote(Konto(FERIE, 2024), date(2024, 11, 1)).disponibel == 10
    assert afvist(vurder_flytning, 2024, Fraction(1), "g", r, date(2025, 1, 2)) == ["F056"]


def test_days_not_yet_earned_cannot_be_moved():
    r = regnskab()
    assert afvist(vurder_flytning, 2024, Fraction(1), "f", r, date(2024, 3, 1)) == ["F055"]  # 12,50 earned


def test_the_quotas_of_a_year_leave_out_accounts_from_before_the_employment():
    r = regnskab(ansat(date(2025, 10, 1)), boern=[BARN_2019])
    konti = r.konti_i_aar(2026)
    assert Konto(FERIE, 2026) in konti and Konto(FERIE, 2027) in konti
    assert Konto(KvoteType.SAERLIGE_FERIEDAGE, 2024) not in konti  # earned before she started
    assert Konto(KvoteType.SAERLIGE_FERIEDAGE, 2025) in konti
    assert Konto(KvoteType.OMSORGSDAGE, 2026, None, 1) in konti


def test_the_accounts_of_an_events_postings_are_each_once_in_order():
    """vurder_saldo's accounts: one account (most events, the same object) as the set and sort of
    its postings give them, and several (across 1 May, an account object made anew) sorted once."""
    from fravaer.domain.kvoteregler import _kontiene

    def post(konto: Konto, dag: date) -> Post:
        return Post(konto, dag, Art.AFVIKLET, Fraction(1), "h")

    aar24, aar25 = Konto(FERIE, 2024), Konto(FERIE, 2025)
    enkelt = [post(aar24, date(2025, 3, 3)), post(aar24, date(2025, 3, 4))]
    tilbage = [post(aar25, date(2025, 3, 3)), post(Konto(FERIE, 2024), date(2025, 3, 4)),
               post(aar25, date(2025, 3, 5))]
    for poster in ([], enkelt, tilbage, list(reversed(tilbage))):
        assert _kontiene(poster) == sorted({p.konto for p in poster})
    assert _kontiene(tilbage) == [aar24, aar25]
