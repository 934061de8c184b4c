"""Employee data and cases at the service layer (issue 6): rights on a person's case follow all
of the person's employments; an employment asked for twice is answered twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.personale import Barselssag, Omraade
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.medarbejdere import Medarbejdertjeneste
from fravaer.service.sager import Sagstjeneste
from fravaer.service.stamdata import importer

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,loenform,ugentlig_arbejdstid,"
         "startdato\n")


def ur():
    return datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def to_ansaettelser(engine):
    """One person employed at A (løbenummer 1) and at B (løbenummer 2)."""
    importer(engine, laes_csv("ansaettelser", (HOVED + "A,Styrelse A,0101801234,1,TA,1,37,2020-01-01\n"
                                               "B,Styrelse B,0101801234,2,TB,1,37,2021-01-01\n").encode()))
    return engine


@pytest.mark.parametrize("rettigheder", [{"A": Ret.LAES, "B": Ret.REGISTRER},
                                         {"A": Ret.REGISTRER, "B": Ret.LAES}])
def test_a_case_can_be_deleted_by_who_may_register_at_any_of_the_persons_employments(
        to_ansaettelser, rettigheder):
    sager = Sagstjeneste(to_ansaettelser, ur)
    alle = Bruger("alle", {"A": Ret.REGISTRER, "B": Ret.REGISTRER})
    sag = sager.opret_barselssag(AnsaettelsesIdent("TA"), Barselssag("", "", 1, "K1", "01", date(2025, 1, 1)),
                                 None, alle)
    kun_laese = Bruger("laeser", {"A": Ret.LAES, "B": Ret.LAES})
    with pytest.raises(Afvist) as e:
        sager.slet_barselssag(sag.id, 1, None, kun_laese)
    assert [m.kode for m in e.value.meddelelser] == ["R001"]  # no right to register
    assert sager.slet_barselssag(sag.id, 1, None, Bruger("hr", rettigheder)) == sag.id


def test_an_employment_asked_for_twice_gets_its_absence_both_times(to_ansaettelser):
    hr = Bruger("hr", {"A": Ret.REGISTRER})
    Haendelsestjeneste(to_ansaettelser, standardkatalog()).opret(
        HaendelseAnmodning(AnsaettelsesIdent("TA"), HaendelseData("100", date(2025, 3, 3), date(2025, 3, 4))),
        hr)
    tjeneste = Medarbejdertjeneste(to_ansaettelser, standardkatalog(), ur)
    samme = [AnsaettelsesIdent("TA"), AnsaettelsesIdent(cpr="0101801234", loebenummer=1)]
    svar, _ = tjeneste.hent_mange(samme, None, None, [Omraade.FRAVAER], date(2025, 1, 1),
                                  date(2025, 12, 31), None, None, hr)
    assert [[h.data.kode for h, _ in m.fravaer] for m in svar] == [["100"], ["100"]]


@pytest.mark.parametrize("anden", [Bruger("laeser", {"A": Ret.LAES, "B": Ret.LAES}),
                                   Bruger("anden", {"C": Ret.REGISTRER})],
                         ids=["read-only", "other-institution"])
def test_a_replayed_case_delete_is_answered_only_to_who_may_delete_it(to_ansaettelser, anden):
    """Issue 17 item 6: as for an unknown case (F083), and nothing changes; a user who may
    register where the id was stored (the deleter's first institution of the person's) gets the
    first answer."""
    from uuid import uuid4

    sager = Sagstjeneste(to_ansaettelser, ur)
    alle = Bruger("alle", {"A": Ret.REGISTRER, "B": Ret.REGISTRER})
    sag = sager.opret_barselssag(AnsaettelsesIdent("TA"), Barselssag("", "", 1, "K1", "01", date(2025, 1, 1)),
                                 None, alle)
    tid = str(uuid4())
    assert sager.slet_barselssag(sag.id, 1, tid, alle) == sag.id
    with pytest.raises(Afvist) as ukendt:
        sager.slet_barselssag(sag.id, 1, None, anden)
    with pytest.raises(Afvist) as gentaget:
        sager.slet_barselssag(sag.id, 1, tid, anden)
    assert [m.kode for m in ukendt.value.meddelelser] == ["F083"]
    assert gentaget.value.meddelelser == ukendt.value.meddelelser
    assert sager.slet_barselssag(sag.id, 1, tid, Bruger("hr", {"A": Ret.REGISTRER})) == sag.id
