"""FravaerService's new operations end to end with zeep: maternity cases (create, read, change,
delete), work-injury cases (create, read), leave reasons of an institution, and events that
refer to a child, a case or a leave reason — of the person's own, or refused."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import zeep

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.service.stamdata import importer
from tests.e2e.conftest import fejlkoder, zeep_klient

NAVNE = {"DEMO": "Demostyrelsen", "DEMO2": "Demokommunen"}  # as in the demo data: not to be renamed


def ny_person(server, institution: str = "DEMO", aarsager: str = "") -> dict:
    """An employment of a person of this test's own (cases belong to the person)."""
    tjnr = f"S{uuid.uuid4().int % 10**7:07d}"
    cpr = f"0202{uuid.uuid4().int % 100:02d}{uuid.uuid4().int % 10**4:04d}"
    engine = make_engine(server.database_url)
    try:
        importer(engine, laes_csv("ansaettelser", (
            "institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
            f"ugentlig_arbejdstid,startdato,slutdato\n{institution},{NAVNE[institution]},{cpr},1,{tjnr},0240,1100,1,"
            "37,2020-01-01,\n").encode()))
        boern = f"foraelder_cpr,barnenummer,foedselsdato\n{cpr},1,2021-05-05\n"
        importer(engine, laes_csv("boern", boern.encode()))
        if aarsager:
            fil = "institution_kode,kode,tekst,med_loen\n" + aarsager
            importer(engine, laes_csv("aarsager", fil.encode()))
    finally:
        engine.dispose()
    return {"Tjenestenummer": tjnr}


def test_maternity_cases_create_read_change_delete(server):
    f = zeep_klient(server)
    a = ny_person(server)
    sag = f.OpretBarselssag(Ansaettelse=a, Noegle="B-1", Type="01", GyldigFra="2025-02-01",
                            ForventetFoedsel="2025-03-15", Anmeldt="2024-12-01")
    assert (sag.Version, sag.Typetekst, sag.ForventetFoedsel) == (1, "Graviditet og fødsel (moderen)",
                                                                  date(2025, 3, 15))
    [hentet] = f.HentBarselssager(Ansaettelse=a)
    assert hentet.BarselssagID == sag.BarselssagID
    rettet = f.RetBarselssag(BarselssagID=sag.BarselssagID, Version=1, Ansaettelse=a, Noegle="B-1", Type="01",
                             GyldigFra="2025-02-01", GyldigTil="2026-01-31", FaktiskFoedsel="2025-03-17")
    assert (rettet.Version, rettet.FaktiskFoedsel) == (2, date(2025, 3, 17))
    assert f.HentBarselssager(Ansaettelse=a, FraDato="2027-01-01") == []
    with pytest.raises(zeep.exceptions.Fault) as e:
        f.SletBarselssag(BarselssagID=sag.BarselssagID, Version=1)
    assert fejlkoder(e.value) == ["F020"]
    assert f.SletBarselssag(BarselssagID=sag.BarselssagID, Version=2) == sag.BarselssagID
    assert f.HentBarselssager(Ansaettelse=a) == []


def test_an_event_may_name_the_persons_own_case_and_child_only(server):
    f = zeep_klient(server)
    a, b = ny_person(server), ny_person(server)
    egen = f.OpretBarselssag(Ansaettelse=a, Noegle="B", Type="01", GyldigFra="2025-02-01")
    fremmed = f.OpretBarselssag(Ansaettelse=b, Noegle="B", Type="01", GyldigFra="2025-02-01")
    h = f.OpretHaendelse(Ansaettelse=a, FastAarsagskode="400", FraDato="2025-03-01", TilDato="2025-06-30",
                         BarselssagID=egen.BarselssagID, Barnenummer=1).Haendelse
    assert h.BarselssagID == egen.BarselssagID
    forsoeg = [
        ({"FastAarsagskode": "400", "BarselssagID": fremmed.BarselssagID}, ["F075"]),
        ({"FastAarsagskode": "230", "Barnenummer": 7}, ["F047"]),
        ({"FastAarsagskode": "100", "BarselssagID": egen.BarselssagID}, ["F074"]),
        ({"FastAarsagskode": "220"}, ["F079"]),
    ]
    for felter, koder in forsoeg:
        with pytest.raises(zeep.exceptions.Fault) as e:
            f.OpretHaendelse(Ansaettelse=a, FraDato="2025-08-04", TilDato="2025-08-04", **felter)
        assert e.value.code.endswith("Client") and fejlkoder(e.value) == koder
    with pytest.raises(zeep.exceptions.Fault) as e:  # a case events refer to stays
        f.SletBarselssag(BarselssagID=egen.BarselssagID, Version=1)
    assert fejlkoder(e.value) == ["F085"]


def test_work_injury_cases_and_the_events_that_need_them(server):
    f = zeep_klient(server)
    a = ny_person(server)
    sag = f.OpretArbejdsskadesag(Ansaettelse=a, Sagsnummer="AS-77", Ulykkesdato="2025-04-02",
                                 Beskrivelse="Faldt på trappen")
    assert (sag.Sagsnummer, sag.Ulykkesdato) == ("AS-77", date(2025, 4, 2))
    assert [s.Sagsnummer for s in f.HentArbejdsskadesager(Ansaettelse=a)] == ["AS-77"]
    assert f.HentArbejdsskadesager(Ansaettelse=a, TilDato="2025-01-01") == []
    with pytest.raises(zeep.exceptions.Fault) as e:
        f.OpretArbejdsskadesag(Ansaettelse=a, Sagsnummer="AS-77", Ulykkesdato="2025-04-02")
    assert fejlkoder(e.value) == ["F086"]
    h = f.OpretHaendelse(Ansaettelse=a, FastAarsagskode="220", FraDato="2025-04-03", TilDato="2025-04-04",
                         Arbejdsskadesag="AS-77").Haendelse
    assert h.Arbejdsskadesag == "AS-77"
    with pytest.raises(zeep.exceptions.Fault) as e:  # before the accident
        f.OpretHaendelse(Ansaettelse=a, FastAarsagskode="220", FraDato="2025-03-03", TilDato="2025-03-03",
                         Arbejdsskadesag="AS-77")
    assert fejlkoder(e.value) == ["F078"]


def test_leave_needs_a_reason_of_the_institutions_list(server):
    f = zeep_klient(server)
    a = ny_person(server)
    standard = f.HentAarsagskoder(Type="TjenestefriUdenLoen", Ansaettelse=a)
    assert standard and all(x.Type == "TjenestefriUdenLoen" for x in standard)
    kode = standard[0].Kode
    h = f.OpretHaendelse(Ansaettelse=a, FastAarsagskode="771", FraDato="2025-09-01", TilDato="2025-09-30",
                         Tjenestefriaarsag=kode).Haendelse
    assert h.Tjenestefriaarsag == kode
    for felter, koder in [({"FastAarsagskode": "771"}, ["F082"]),
                          ({"FastAarsagskode": "770", "Tjenestefriaarsag": kode}, ["F081"]),
                          ({"FastAarsagskode": "100", "Tjenestefriaarsag": kode}, ["F080"])]:
        with pytest.raises(zeep.exceptions.Fault) as e:
            f.OpretHaendelse(Ansaettelse=a, FraDato="2025-10-06", TilDato="2025-10-06", **felter)
        assert fejlkoder(e.value) == koder


def test_an_institution_with_its_own_list_uses_it(server):
    f = zeep_klient(server)
    a = ny_person(server, "DEMO2", "DEMO2,EGEN1,Kommunens egen orlov,N\nDEMO2,EGEN2,Velfærdsdag,J\n")
    egne = f.HentAarsagskoder(Type="TjenestefriUdenLoen", Ansaettelse=a)
    assert [(x.Kode, x.Tekst) for x in egne] == [("EGEN1", "Kommunens egen orlov")]
    # (no event is stored at DEMO2 here: the security tests read DEMO2's log in this session)
    with pytest.raises(zeep.exceptions.Fault) as e:  # the default list's codes are not the institution's
        f.OpretHaendelse(Ansaettelse=a, FastAarsagskode="771", FraDato="2025-09-02", TilDato="2025-09-02",
                         Tjenestefriaarsag=f.HentAarsagskoder(Type="TjenestefriUdenLoen")[0].Kode)
    assert fejlkoder(e.value) == ["F081"]
