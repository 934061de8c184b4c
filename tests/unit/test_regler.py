"""The rules of DOMAIN.md §4 (items 1–8, 12, 13), one table per rule, on the pure domain."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.haendelse import (
    Haendelse,
    HaendelseData,
    daekket_periode,
    foerste_udaekkede_dag,
    relevant_periode,
    vurder_aendring,
    vurder_oprettelse,
    vurder_sletning,
)
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist

KATALOG = standardkatalog()
IDAG = date(2026, 11, 22)
FULDTID = Ansaettelse(1, "I", "0101801234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                      date(2020, 1, 1), None)
HALVTID = replace(FULDTID, ugentlige_minutter=1110)  # 222 minutes a day
OPHOERT = replace(FULDTID, slutdato=date(2024, 12, 31))
_ids = itertools.count(1)
NU = datetime(2026, 1, 1, tzinfo=UTC)


def data(kode: str, fra: str, til: str | None = "", minutter: int | None = None, **andet) -> HaendelseData:
    """til '' means the same day as fra; None an open event."""
    til_dato = date.fromisoformat(fra) if til == "" else (None if til is None else date.fromisoformat(til))
    return HaendelseData(kode, date.fromisoformat(fra), til_dato, minutter, **andet)


def h(*args, **kwargs) -> Haendelse:
    return Haendelse(f"h{next(_ids)}", 1, 1, data(*args, **kwargs), NU, NU)


def opret(ny: HaendelseData, andre=(), ansaettelse=FULDTID) -> list[str]:
    """The codes of the fejl (if refused) or of the advis (if accepted)."""
    try:
        return [m.kode for m in vurder_oprettelse(ny, list(andre), KATALOG, ansaettelse, IDAG)]
    except Afvist as e:
        return [m.kode for m in e.meddelelser]


# ------------------------------------------------------------ rules 1, 2, 5: hours and minutes

@pytest.mark.parametrize("ny, forventet", [
    # day registration: whole day without hours; a part of a day with hours where allowed
    (data("100", "2024-03-04"), []),
    (data("100", "2024-03-04", minutter=120), []),
    (data("500", "2024-03-04", minutter=222), []),
    (data("230", "2024-03-04", minutter=60), []),
    (data("110", "2024-03-04", minutter=60), ["F006", "F013"]),
    (data("400", "2024-03-04", minutter=60), ["F006"]),
    (data("600", "2024-03-04", minutter=60), ["F006"]),
    (data("760", "2024-03-04", minutter=60), ["F006"]),
    (data("155", "2024-03-04"), ["F007"]),
    (data("154", "2024-03-04"), ["F007"]),
    (data("225", "2024-03-04"), ["F007"]),
    (data("405", "2024-03-04"), ["F007"]),
    (data("155", "2024-03-04", minutter=180), []),
    # period registration: no hours, except the reduced-time codes, which must have them
    (data("100", "2024-03-04", "2024-03-08", minutter=120), ["F008"]),
    (data("500", "2024-03-04", "2024-03-08", minutter=120), ["F008"]),
    (data("804", "2024-03-04", "2024-03-08", minutter=120), ["F008"]),
    (data("155", "2024-03-04", "2024-03-15"), ["F009"]),
    (data("154", "2024-03-04", "2024-03-15"), ["F009"]),
    (data("225", "2024-03-04", "2024-03-15"), ["F009"]),
    (data("405", "2024-03-04", "2024-03-15"), ["F009"]),
    (data("155", "2024-03-04", "2024-03-15", minutter=180), []),
    (data("405", "2024-03-04", None, minutter=222), []),
    (data("155", "2024-03-04", None), ["F009"]),
])
def test_hours_and_minutes(ny, forventet):
    assert opret(ny) == forventet


@pytest.mark.parametrize("minutter, forventet", [(1, []), (444, []), (445, ["F012"]), (1440, ["F012"]),
                                                 (0, ["F010"]), (1441, ["F010"]), (24 * 60 + 59, ["F010"])])
def test_the_minutes_of_a_day_are_more_than_0_and_at_most_the_days_plan(minutter, forventet):
    assert opret(data("100", "2024-03-04", minutter=minutter)) == forventet


@pytest.mark.parametrize("ny, forventet", [
    (data("100", "2024-03-09", minutter=60), ["F031"]),           # a Saturday
    (data("804", "2024-03-29", minutter=60), ["F031"]),           # langfredag
    (data("804", "2024-12-24", minutter=60), ["F031"]),           # juleaftensdag: paid day off
    (data("100", "2024-03-09"), []),                              # a whole day is a matter of cost
    (data("155", "2024-03-04", "2024-03-17", minutter=180), []),  # reduced time over weekends
    (data("155", "2024-03-04", "2024-03-17", minutter=445), ["F012"]),
])
def test_no_partial_day_without_planned_work(ny, forventet):
    assert opret(ny) == forventet


def test_registered_working_times_decide_the_days_limit():
    from fravaer.domain.arbejdstid import Arbejdstid

    plan = Arbejdstid(FULDTID, moedetider={date(2024, 3, 9): 300, date(2024, 3, 4): 0})
    def med_plan(ny):
        try:
            return [m.kode for m in vurder_oprettelse(ny, [], KATALOG, FULDTID, IDAG, plan)]
        except Afvist as e:
            return [m.kode for m in e.meddelelser]
    assert med_plan(data("100", "2024-03-09", minutter=300)) == []
    assert med_plan(data("100", "2024-03-09", minutter=301)) == ["F012"]
    assert med_plan(data("100", "2024-03-04", minutter=60)) == ["F031"]


# ------------------------------------------------------------ rules 3, 4, 5: dates and periods

@pytest.mark.parametrize("ny, forventet", [
    (data("500", "2024-03-08", "2024-03-04"), ["F003"]),
    (data("100", "2024-03-08", "2024-03-07"), ["F003"]),
    (data("230", "2024-03-04", "2024-03-05"), ["F004"]),
    (data("231", "2024-03-04", "2024-03-05"), ["F004"]),
    (data("605", "2024-03-04", "2024-03-05"), ["F004"]),
    (data("615", "2024-03-04", "2024-03-05"), ["F004"]),
    (data("630", "2024-03-04", "2024-03-05"), ["F004"]),
    (data("230", "2024-03-04"), []),
    (data("615", "2024-03-04"), []),
])
def test_dates_and_periods(ny, forventet):
    assert opret(ny) == forventet


ABNE = ["100", "130", "140", "150", "154", "155", "220", "225", "400", "405", "420", "440", "760",
        "770", "771"]


@pytest.mark.parametrize("kode", sorted(KATALOG.koder))
def test_only_codes_marked_open_may_omit_til_dato(kode):
    minutter = 180 if kode in ("154", "155", "225", "405") else None
    koder = opret(data(kode, "2024-03-04", None, minutter))
    if kode in ABNE:
        assert "F005" not in koder
    else:
        assert "F005" in koder


# ------------------------------------------------------------ rule 12: only current codes

@pytest.mark.parametrize("ny, forventet", [
    (data("999", "2024-03-04"), ["F001"]),
    (data("000", "2024-03-04"), ["F001"]),
    (data("610", "2005-09-30"), ["F002"]),
    (data("610", "2005-10-03"), []),
])
def test_only_current_codes(ny, forventet):
    ansat = replace(FULDTID, startdato=date(2000, 1, 1))
    assert opret(ny, ansaettelse=ansat) == forventet


# ------------------------------------------------------------ the employment and the references

@pytest.mark.parametrize("ansaettelse, ny, forventet", [
    (FULDTID, data("100", "2019-12-31"), ["F018"]),
    (FULDTID, data("100", "2020-01-01"), []),
    (OPHOERT, data("500", "2024-12-30", "2025-01-03"), ["F018"]),
    (OPHOERT, data("500", "2024-12-30", "2024-12-31"), []),
    (OPHOERT, data("100", "2024-12-30", None), ["F018"]),
])
def test_the_event_lies_within_the_employment(ansaettelse, ny, forventet):
    assert opret(ny, ansaettelse=ansaettelse) == forventet


@pytest.mark.parametrize("ny, forventet", [
    (data("610", "2024-03-04", barnenummer=1), []),
    (data("230", "2024-03-04", barnenummer=2), []),
    (data("100", "2024-03-04", barnenummer=1), ["F016"]),
    (data("500", "2024-03-04", barnenummer=1), ["F016"]),
    (data("500", "2024-03-04", ferieaar=2024), []),
    (data("505", "2023-09-01", ferieaar=2024), []),
    (data("500", "2024-12-31", ferieaar=2024), []),
    (data("500", "2025-01-02", ferieaar=2024), ["F019"]),
    (data("500", "2023-08-31", ferieaar=2024), ["F019"]),
    (data("520", "2024-03-04", ferieaar=2024), ["F017"]),
    (data("100", "2024-03-04", ferieaar=2024), ["F017"]),
])
def test_child_and_vacation_year_references(ny, forventet):
    assert opret(ny) == forventet


# ------------------------------------------------------------ rule 6: simultaneity

@pytest.mark.parametrize("eksisterende, ny, forventet", [
    # whole days of two codes never share a day
    ([h("500", "2024-07-01", "2024-07-19")], data("100", "2024-07-10"), ["F011"]),
    ([h("500", "2024-07-01", "2024-07-19")], data("100", "2024-06-24", "2024-07-01"), ["F011"]),
    ([h("500", "2024-07-01", "2024-07-19")], data("100", "2024-07-19", None), ["F011"]),
    ([h("500", "2024-07-01", "2024-07-19")], data("100", "2024-07-22", None), []),
    ([h("500", "2024-07-01", "2024-07-19")], data("500", "2024-07-05"), ["F011"]),
    ([h("100", "2024-07-01", None)], data("500", "2025-07-07", "2025-07-11"), ["F011"]),
    ([h("100", "2024-07-01", "2024-07-05")], data("500", "2024-07-08", "2024-07-12"), []),
    # a whole day and a partial day do not share a day either
    ([h("100", "2024-07-01")], data("804", "2024-07-01", minutter=60), ["F011"]),
    # partial days may, within the day's planned minutes (444 full time)
    ([h("100", "2024-07-01", minutter=200)], data("804", "2024-07-01", minutter=244), []),
    ([h("100", "2024-07-01", minutter=200)], data("804", "2024-07-01", minutter=245), ["F012"]),
    ([h("100", "2024-07-01", minutter=200), h("804", "2024-07-01", minutter=200)],
     data("500", "2024-07-01", minutter=44), []),
    ([h("100", "2024-07-01", minutter=200), h("804", "2024-07-01", minutter=200)],
     data("500", "2024-07-01", minutter=45), ["F012"]),
    # a reduced-time period with a partial day of another code
    ([h("155", "2024-07-01", "2024-07-12", minutter=180)], data("500", "2024-07-03", minutter=264), []),
    ([h("155", "2024-07-01", "2024-07-12", minutter=180)], data("500", "2024-07-03", minutter=265),
     ["F012"]),
    ([h("500", "2024-07-03", minutter=300)], data("155", "2024-07-01", "2024-07-12", minutter=180),
     ["F012"]),
    ([h("500", "2024-07-15", minutter=300)], data("155", "2024-07-01", "2024-07-12", minutter=180), []),
    # 110 with vacation: allowed (and required)
    ([h("500", "2024-07-01", "2024-07-19")], data("110", "2024-07-03", "2024-07-19"), []),
    ([h("520", "2024-07-01", "2024-07-19")], data("110", "2024-07-03", "2024-07-05"), []),
])
def test_simultaneity(eksisterende, ny, forventet):
    assert opret(ny, eksisterende) == forventet


def test_the_day_limit_follows_the_working_time_fraction():
    eksisterende = [h("100", "2024-07-01", minutter=111)]
    assert opret(data("804", "2024-07-01", minutter=111), eksisterende, HALVTID) == []
    assert opret(data("804", "2024-07-01", minutter=112), eksisterende, HALVTID) == ["F012"]


def test_a_conflict_names_the_other_event_and_the_first_common_day():
    anden = h("500", "2024-07-01", "2024-07-19")
    with pytest.raises(Afvist) as e:
        vurder_oprettelse(data("100", "2024-06-28", "2024-07-02"), [anden], KATALOG, FULDTID, IDAG)
    [m] = e.value.meddelelser
    assert anden.id in m.tekst and "01-07-2024" in m.tekst and m.felt == "FastAarsagskode"


# ------------------------------------------------------------ rule 7: 110 needs a 5xx every day

@pytest.mark.parametrize("eksisterende, ny, forventet", [
    ([], data("110", "2024-07-03", "2024-07-05"), ["F013"]),
    ([h("500", "2024-07-01", "2024-07-04")], data("110", "2024-07-03", "2024-07-05"), ["F013"]),
    ([h("500", "2024-07-01", "2024-07-04"), h("505", "2024-07-05", "2024-07-10")],
     data("110", "2024-07-03", "2024-07-08"), []),
    ([h("500", "2024-07-01", "2024-07-04"), h("500", "2024-07-06", "2024-07-10")],
     data("110", "2024-07-03", "2024-07-08"), ["F013"]),
    ([h("100", "2024-07-01", "2024-07-04")], data("110", "2024-07-03", "2024-07-04"), ["F011", "F013"]),
])
def test_110_needs_vacation_on_every_day(eksisterende, ny, forventet):
    assert opret(ny, eksisterende) == forventet


def test_the_seed_example_is_accepted_in_order():
    # seed 002 §3: 500 on 11–29 July 2022, 110 on 13–29 July, 100 on 1–5 August
    ansat = replace(FULDTID, startdato=date(2015, 1, 1))
    gemt: list[Haendelse] = []
    for ny in (data("500", "2022-07-11", "2022-07-29"), data("110", "2022-07-13", "2022-07-29"),
               data("100", "2022-08-01", "2022-08-05")):
        assert opret(ny, gemt, ansat) == []
        gemt.append(Haendelse(f"s{len(gemt)}", 1, 1, ny, NU, NU))


@pytest.mark.parametrize("ny_ferie, forventet", [
    (None, ["F015"]),                                   # deleting it
    (data("500", "2024-07-01", "2024-07-10"), ["F015"]),  # shortening it under the 110
    (data("500", "2024-06-24", "2024-07-19"), []),        # lengthening it is fine
    (data("100", "2024-07-01", "2024-07-19"), ["F011", "F015"]),  # turning it into sickness
])
def test_the_vacation_under_a_110_cannot_be_taken_away(ny_ferie, forventet):
    ferie = h("500", "2024-07-01", "2024-07-19")
    syg = h("110", "2024-07-08", "2024-07-19")
    try:
        if ny_ferie is None:
            vurder_sletning(ferie, [ferie, syg], KATALOG)
        else:
            vurder_aendring(ferie, ny_ferie, [ferie, syg], KATALOG, FULDTID, IDAG)
        koder = []
    except Afvist as e:
        koder = [m.kode for m in e.meddelelser]
    assert koder == forventet


def test_a_change_is_not_in_conflict_with_itself():
    ferie = h("500", "2024-07-01", "2024-07-19")
    assert vurder_aendring(ferie, data("500", "2024-07-02", "2024-07-19"), [ferie], KATALOG, FULDTID,
                           IDAG) == []


# ------------------------------------------------------------ rule 8: 715/805 and 716/806

@pytest.mark.parametrize("eksisterende, ny, forventet", [
    ([h("715", "2024-02-05")], data("805", "2024-11-04"), ["F014"]),
    ([h("805", "2024-02-05")], data("715", "2024-11-04"), ["F014"]),
    ([h("716", "2024-02-05")], data("806", "2024-11-04"), ["F014"]),
    ([h("806", "2024-02-05")], data("716", "2024-11-04"), ["F014"]),
    ([h("715", "2023-12-29")], data("805", "2024-01-02"), []),
    ([h("715", "2023-12-28", "2024-01-02")], data("805", "2024-11-04"), ["F014"]),
    ([h("715", "2024-02-05")], data("806", "2024-11-04"), []),
    ([h("715", "2024-02-05")], data("715", "2024-11-04"), []),
])
def test_plain_and_time_bank_senior_codes_exclude_each_other_in_a_year(eksisterende, ny, forventet):
    assert opret(ny, eksisterende) == forventet


def test_the_other_events_that_matter():
    # their own days; whole calendar years for the codes of rule 8
    assert relevant_periode(KATALOG, data("500", "2024-03-04")) == (date(2024, 3, 4), date(2024, 3, 4))
    assert relevant_periode(KATALOG, data("500", "2023-12-28", "2024-01-03"), data("500", "2024-05-01")) == (
        date(2023, 12, 28), date(2024, 5, 1))
    assert relevant_periode(KATALOG, data("715", "2024-03-04")) == (date(2024, 1, 1), date(2024, 12, 31))
    assert relevant_periode(KATALOG, data("500", "2024-03-04"), data("806", "2025-01-02")) == (
        date(2024, 1, 1), date(2025, 12, 31))


def test_a_110_in_the_period_widens_it_to_all_its_days():
    periode = (date(2024, 7, 1), date(2024, 7, 10))
    syg = h("110", "2024-07-08", "2024-07-20")
    assert daekket_periode(KATALOG, periode, [h("500", "2024-07-01", "2024-07-10"), syg]) == (
        date(2024, 7, 1), date(2024, 7, 20))
    assert daekket_periode(KATALOG, periode, [h("100", "2024-07-08", "2024-07-20")]) == periode


# ------------------------------------------------------------ rule 13: advis; all problems at once

@pytest.mark.parametrize("ny, forventet", [
    (data("100", "2026-11-23"), ["A001"]),
    (data("155", "2026-12-01", None, minutter=120), ["A001"]),
    (data("100", "2026-11-22"), []),
    (data("500", "2027-07-05", "2027-07-09"), []),
])
def test_advis_for_sickness_in_the_future(ny, forventet):
    assert opret(ny) == forventet


def test_a_rejected_event_yields_all_its_problems():
    koder = opret(data("230", "2019-03-04", "2019-03-06", minutter=2000, ferieaar=2019, barnenummer=3),
                  [h("500", "2019-03-05")], FULDTID)
    assert set(koder) == {"F004", "F010", "F017", "F018", "F011"}


def test_dates_before_fra_stop_the_comparison_with_other_events():
    assert opret(data("500", "2024-07-10", "2024-07-01"), [h("100", "2024-07-05")]) == ["F003"]


# ------------------------------------------------------------ the coverage helper

@pytest.mark.parametrize("daekning, forventet", [
    ([], date(2024, 7, 1)),
    ([data("500", "2024-07-01", "2024-07-10")], None),
    ([data("500", "2024-07-02", "2024-07-10")], date(2024, 7, 1)),
    ([data("500", "2024-07-01", "2024-07-05"), data("500", "2024-07-06", "2024-07-10")], None),
    ([data("500", "2024-07-06", "2024-07-10"), data("500", "2024-07-01", "2024-07-05")], None),
    ([data("500", "2024-07-01", "2024-07-04"), data("500", "2024-07-06", "2024-07-10")],
     date(2024, 7, 5)),
    ([data("500", "2024-06-01", "2024-07-03"), data("500", "2024-07-02", "2024-07-08")],
     date(2024, 7, 9)),
    ([data("100", "2024-06-01", None)], None),
])
def test_first_uncovered_day(daekning, forventet):
    assert foerste_udaekkede_dag(date(2024, 7, 1), date(2024, 7, 10), daekning) == forventet
