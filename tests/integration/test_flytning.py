"""Absence follows the employee (circular, seed 003 §8; docs/RETTIGHEDER.md) and counting per
person (seed 002 "på CPR-nummer"): a person moves from institution A to B, by a new employment
at B or by the same employment moved in its history; counted as a user of A and of B, on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.ansaettelse import AnsaettelsesIdent, PersonIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.stamdata import importer

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
         "ugentlig_arbejdstid,startdato,slutdato,gyldig_fra\n")
CPR = "0101801234"
PERSON = PersonIdent(CPR)
HR = Bruger("hr", {"A": Ret.REGISTRER, "B": Ret.REGISTRER})
A, B, C = Bruger("a", {"A": Ret.LAES}), Bruger("b", {"B": Ret.LAES}), Bruger("c", {"C": Ret.REGISTRER})
AAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))
AAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def ur():
    return datetime(2025, 6, 1, 12, tzinfo=UTC)


def importer_linjer(engine, *linjer: str) -> None:
    r = importer(engine, laes_csv("ansaettelser", (HOVED + "".join(linjer)).encode()), nu=ur)
    assert not r.fejl, r.fejl


def opret(t: Haendelsestjeneste, tjnr: str, kode: str, fra: str, til: str) -> str:
    data = HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(til))
    return t.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), data), HR).haendelse.id


def optael(t, hvem, bruger, periode):
    """(days, minutes, {tjenestenummer: days}, [(tjenestenummer, code)])"""
    o, fundne = t.optael(hvem, *periode, [], bruger)
    return (o.dage, o.minutter, {a.tjenestenummer: x.dage for a, x in o.delsummer.items()},
            [(a.tjenestenummer, h.data.kode) for h, a, _ in fundne])


def koder(e) -> list[tuple[str, str]]:
    return [(m.kode, m.tekst) for m in e.value.meddelelser]


@pytest.fixture
def ny_ansaettelse(engine):
    """Sick 4–8 March 2024 and on leave (760, not reportable) 8–12 April at A; the employment
    at A ends 31 May, a new one at B starts 1 June, sick there 10–11 June."""
    importer_linjer(engine, f"A,Styrelse A,{CPR},1,T1,0240,1100,1,37,2020-01-01,2024-05-31,\n",
                    f"B,Styrelse B,{CPR},2,T2,0240,1100,1,37,2024-06-01,,\n")
    t = Haendelsestjeneste(engine, standardkatalog())
    opret(t, "T1", "100", "2024-03-04", "2024-03-08")
    opret(t, "T1", "760", "2024-04-08", "2024-04-12")
    opret(t, "T2", "100", "2024-06-10", "2024-06-11")
    return t


def test_a_new_employment_at_b_reads_the_reportable_past_at_a(ny_ansaettelse):
    t = ny_ansaettelse
    assert optael(t, PERSON, B, AAR_2024) == (7, 7 * 444, {"T1": 5, "T2": 2},
                                              [("T1", "100"), ("T2", "100")])
    # the old employment on its own, as B sees it: only its reportable absence
    assert optael(t, AnsaettelsesIdent("T1"), B, AAR_2024)[:2] == (5, 5 * 444)


def test_the_old_institution_keeps_its_own_and_learns_nothing_of_the_new(ny_ansaettelse):
    t = ny_ansaettelse
    assert optael(t, PERSON, A, AAR_2024) == (10, 10 * 444, {"T1": 10},
                                              [("T1", "100"), ("T1", "760")])
    with pytest.raises(Afvist) as ukendt:
        t.optael(AnsaettelsesIdent("T2"), *AAR_2024, [], A)
    assert koder(ukendt) == [("F030", "Ansættelsen med tjenestenummer T2 findes ikke.")]


def test_a_person_of_no_institution_of_the_user_is_answered_as_unknown(ny_ansaettelse):
    t = ny_ansaettelse
    svar = []
    for hvem in (PERSON, PersonIdent("0505991234")):
        with pytest.raises(Afvist) as e:
            t.optael(hvem, *AAR_2024, [], C)
        svar.append(koder(e))
    assert svar[0] == svar[1] == [("F030", "Ansættelsen for det angivne CPR-nummer findes ikke.")]


def test_counting_per_person_with_codes_and_a_period(ny_ansaettelse):
    t = ny_ansaettelse
    o, fundne = t.optael(PERSON, date(2024, 3, 6), date(2024, 6, 10), ["100"], HR)
    assert (o.dage, o.minutter) == (4, 4 * 444)  # 6–8 March and 10 June
    assert [h.data.fra for h, _, _ in fundne] == [date(2024, 3, 4), date(2024, 6, 10)]
    with pytest.raises(Afvist) as e:
        t.optael(PERSON, date(2024, 3, 6), date(2024, 3, 5), [], HR)
    assert [m.kode for m in e.value.meddelelser] == ["F003"]


@pytest.fixture
def flyttet(engine):
    """One employment at A from 2020, moved to B by its history on 1 May 2025: sick 3–7 March,
    on leave (760) 7–11 April and sick 28 April – 2 May (across the move) while at A; sick
    12–13 May at B."""
    importer_linjer(engine, f"A,Styrelse A,{CPR},1,T1,0240,1100,1,37,2020-01-01,,\n")
    t = Haendelsestjeneste(engine, standardkatalog())
    opret(t, "T1", "100", "2025-03-03", "2025-03-07")
    opret(t, "T1", "760", "2025-04-07", "2025-04-11")
    opret(t, "T1", "100", "2025-04-28", "2025-05-02")
    importer_linjer(engine, f"B,Styrelse B,{CPR},1,T1,0240,1100,1,37,2020-01-01,,2025-05-01\n")
    opret(t, "T1", "100", "2025-05-12", "2025-05-13")
    return t


@pytest.mark.parametrize("hvem", [PERSON, AnsaettelsesIdent("T1"), AnsaettelsesIdent(cpr=CPR, loebenummer=1)])
def test_the_same_employment_moved_counts_for_b_its_own_time_and_the_reportable_before(flyttet, hvem):
    dage, minutter, _, fundne = optael(flyttet, hvem, B, AAR_2025)
    # 5 + 5 (the one across the move, wholly: before it reportable, after it B's own) + 2
    assert (dage, minutter) == (12, 12 * 444)
    assert [k for _, k in fundne] == ["100", "100", "100"]


@pytest.mark.parametrize("hvem", [PERSON, AnsaettelsesIdent("T1")])
def test_the_same_employment_moved_counts_for_a_its_own_past_only(flyttet, hvem):
    dage, minutter, _, fundne = optael(flyttet, hvem, A, AAR_2025)
    # 5 + 5 (760) + 28–30 April of the sickness across the move; nothing of B's time
    assert (dage, minutter) == (13, 13 * 444)
    assert [k for _, k in fundne] == ["100", "760", "100"]


def test_the_same_employment_moved_is_unknown_to_a_third_institution(flyttet):
    with pytest.raises(Afvist) as e:
        flyttet.optael(AnsaettelsesIdent("T1"), *AAR_2025, [], C)
    assert [m.kode for m in e.value.meddelelser] == ["F030"]


def test_two_employments_absent_the_same_days_count_each_day_once(engine):
    importer_linjer(engine, f"A,Styrelse A,{CPR},1,T1,0240,1100,1,18.5,2024-01-01,,\n",
                    f"A,Styrelse A,{CPR},2,T2,0240,1100,1,18.5,2024-01-01,,\n")
    t = Haendelsestjeneste(engine, standardkatalog())
    opret(t, "T1", "100", "2024-09-02", "2024-09-06")
    opret(t, "T2", "100", "2024-09-04", "2024-09-06")
    dage, minutter, delsummer, _ = optael(t, PERSON, A, AAR_2024)
    assert delsummer == {"T1": 5, "T2": 3}
    assert (dage, minutter) == (5, 8 * 222)  # 2–6 September once; each job's hours


def test_a_planned_move_hands_the_past_over_on_its_day(engine):
    importer_linjer(engine, f"A,Styrelse A,{CPR},1,T1,0240,1100,1,37,2020-01-01,,\n")
    opret(Haendelsestjeneste(engine, standardkatalog()), "T1", "100", "2025-03-03", "2025-03-07")
    # imported 1 June 2025: to B from 1 September
    importer_linjer(engine, f"B,Styrelse B,{CPR},1,T1,0240,1100,1,37,2020-01-01,,2025-09-01\n")

    def paa(dag: date) -> Haendelsestjeneste:
        return Haendelsestjeneste(engine, standardkatalog(), ur=lambda: datetime(*dag.timetuple()[:3], 12,
                                                                                 tzinfo=UTC))

    foer, paa_dagen = paa(date(2025, 8, 31)), paa(date(2025, 9, 1))
    assert optael(foer, PERSON, B, AAR_2025)[:3] == (0, 0, {"T1": 0})
    assert optael(paa_dagen, PERSON, B, AAR_2025)[:3] == (5, 5 * 444, {"T1": 5})
    assert optael(foer, PERSON, A, AAR_2025)[:2] == optael(paa_dagen, PERSON, A, AAR_2025)[:2] == (5, 5 * 444)


# HentHaendelser reads by the same rights as the counting (domain.adgang)

def hentet(t, idents, bruger, periode) -> list[tuple[str, str]]:
    return [(h.data.kode, h.data.fra.isoformat()) for h, _, _ in t.hent(idents, *periode, [], bruger)]


def test_reading_the_moved_employment_as_b_shows_its_own_time_and_the_reportable_before(flyttet):
    assert hentet(flyttet, [AnsaettelsesIdent("T1")], B, AAR_2025) == [
        ("100", "2025-03-03"), ("100", "2025-04-28"), ("100", "2025-05-12")]


def test_reading_the_moved_employment_as_a_shows_its_own_past_only(flyttet):
    assert hentet(flyttet, [AnsaettelsesIdent("T1")], A, AAR_2025) == [
        ("100", "2025-03-03"), ("760", "2025-04-07"), ("100", "2025-04-28")]


def test_reading_the_old_employment_as_the_new_institution_shows_only_the_reportable(ny_ansaettelse):
    t = ny_ansaettelse
    assert hentet(t, [AnsaettelsesIdent("T1"), AnsaettelsesIdent("T2")], B, AAR_2024) == [
        ("100", "2024-03-04"), ("100", "2024-06-10")]
    assert hentet(t, [AnsaettelsesIdent("T1")], A, AAR_2024) == [("100", "2024-03-04"), ("760", "2024-04-08")]
    with pytest.raises(Afvist) as e:  # the old institution learns nothing of the new employment
        t.hent([AnsaettelsesIdent("T2")], *AAR_2024, [], A)
    assert [m.kode for m in e.value.meddelelser] == ["F030"]


def test_reading_an_employment_of_no_institution_of_the_user_names_every_unknown_one(flyttet):
    with pytest.raises(Afvist) as e:
        flyttet.hent([AnsaettelsesIdent("T1"), AnsaettelsesIdent("T9")], *AAR_2025, [], C)
    assert [m.kode for m in e.value.meddelelser] == ["F030", "F030"]
