"""MedarbejderService end to end with zeep (wsdl/MedarbejderService.wsdl, every answer checked
against the XSD): one employee with the areas asked for, many, a whole institution in pages, and
changing the communication data."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.service.stamdata import importer
from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient
from tests.server import DEMO_BRUGER, DEMO_KODEORD


class MedarbejderSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("MedarbejderService.xsd")


@pytest.fixture(scope="module")
def medarbejdere(server):
    c = zeep.Client(str(ROD / "wsdl" / "MedarbejderService.wsdl"), plugins=[MedarbejderSkema()],
                    wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    return c.create_service("{urn:fravaer:1}MedarbejderServiceBinding",
                            f"{server.url}/soap/MedarbejderService")


@pytest.fixture(scope="module")
def institution(server):
    """A unit tree and 25 employees at DEMO (the demo user may register there; the other users
    of the security tests may not, so these do not show in their logs)."""
    kode = "DEMO"
    engine = make_engine(server.database_url)
    try:
        importer(engine, laes_csv("enheder", (
            "institution_kode,institution_navn,kode,navn,overordnet_kode\n"
            f"{kode},Demostyrelsen,TOP,Kommunen,\n{kode},Demostyrelsen,SKOLE,Skoleområdet,TOP\n"
            f"{kode},Demostyrelsen,S1,Byskolen,SKOLE\n{kode},Demostyrelsen,ADM,Administrationen,TOP\n").encode()))
        linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                  "ugentlig_arbejdstid,startdato,slutdato,enhed_kode,fornavn,efternavn,email"]
        for i in range(25):
            enhed = "S1" if i % 2 else "ADM"
            linjer.append(f"{kode},Demostyrelsen,1212{60 + i:02d}1234,1,M2{i:05d},0240,1100,1,37,2019-01-01,,"
                          f"{enhed},Navn{i},Efternavn{i},m{i}@eks.dk")
        importer(engine, laes_csv("ansaettelser", "\n".join(linjer).encode()))
    finally:
        engine.dispose()
    return kode


def test_hent_medarbejder_gives_the_areas_asked_for(medarbejdere, institution):
    m = medarbejdere.HentMedarbejder(Ansaettelse={"Tjenestenummer": "M200001"}, Omraade=["Persondata",
                                                                                          "Organisation"])
    assert (m.Persondata.Fornavn, m.Persondata.Foedselsdato) == ("Navn1", date(1961, 12, 12))
    assert [e.Kode for e in m.Organisation.Enhed] == ["TOP", "SKOLE", "S1"]
    assert m.Adresse is None and m.Fravaer is None and m.Arbejdstid is None


def test_hent_medarbejder_with_every_area(server, medarbejdere, institution):
    zeep_klient(server).OpretHaendelse(Ansaettelse={"Tjenestenummer": "M200002"}, FastAarsagskode="100",
                                       FraDato="2025-03-03", TilDato="2025-03-04")
    m = medarbejdere.HentMedarbejder(Ansaettelse={"Tjenestenummer": "M200002"}, FraDato="2025-03-01",
                                     TilDato="2025-03-07")
    assert m.Kommunikation.Email == "m2@eks.dk"
    forhold = m.Ansaettelsesforhold
    assert forhold.Loenform == "1" and forhold.Historik[0].GyldigFra == date(2019, 1, 1)
    assert (m.Arbejdstid.UgentligeMinutter, m.Arbejdstid.Dagsnorm) == (2220, 444)
    assert [d.Minutter for d in m.Moedetidsplaner.Dag] == [0, 0, 444, 444, 444, 444, 444]
    assert [(h.FastAarsagskode, h.Dage) for h in m.Fravaer.Haendelse] == [("100", 2)]


def test_hent_medarbejdere_pages_through_an_institution_and_a_unit(medarbejdere, institution):
    sete, fortsaettelse, sider = [], None, 0
    while True:
        svar = medarbejdere.HentMedarbejdere(Institution=institution, Omraade=["Persondata"], MaksAntal=10,
                                            Fortsaettelse=fortsaettelse)
        sete += [m.Ansaettelse.Tjenestenummer for m in svar.Medarbejder]
        sider += 1
        fortsaettelse = svar.Fortsaettelse
        if fortsaettelse is None:
            break
    egne = [t for t in sete if t.startswith("M2")]
    assert len(egne) == 25 and len(set(sete)) == len(sete) and sider >= 3
    skole = medarbejdere.HentMedarbejdere(Institution=institution, Enhed="SKOLE", Omraade=["Organisation"])
    assert {m.Organisation.Enhed[-1].Kode for m in skole.Medarbejder} == {"S1"}
    assert len(skole.Medarbejder) == 12
    to = medarbejdere.HentMedarbejdere(Ansaettelse=[{"Tjenestenummer": "M200003"},
                                                    {"Tjenestenummer": "10000001"}])
    assert [m.Ansaettelse.Tjenestenummer for m in to.Medarbejder] == ["M200003", "10000001"]


def test_ret_kommunikation_changes_email_and_phone_and_is_idempotent(medarbejdere, institution):
    tid = str(uuid.uuid4())
    m = medarbejdere.RetKommunikation(Ansaettelse={"Tjenestenummer": "M200004"}, Email="ny@eks.dk",
                                      Telefon="+45 12 34 56 78", TransaktionsID=tid)
    assert (m.Kommunikation.Email, m.Kommunikation.Telefon) == ("ny@eks.dk", "+45 12 34 56 78")
    igen = medarbejdere.RetKommunikation(Ansaettelse={"Tjenestenummer": "M200004"}, Email="ny@eks.dk",
                                         Telefon="+45 12 34 56 78", TransaktionsID=tid)
    assert igen.Kommunikation.Email == "ny@eks.dk"
    m = medarbejdere.RetKommunikation(Ansaettelse={"Tjenestenummer": "M200004"}, Telefon="")
    assert (m.Kommunikation.Email, m.Kommunikation.Telefon) == ("ny@eks.dk", None)


@pytest.mark.parametrize("kald, koder", [
    (lambda k: k.RetKommunikation(Ansaettelse={"Tjenestenummer": "10000001"}, Email="ikke en mail"),
     ["F070"]),
    (lambda k: k.HentMedarbejdere(Institution="FINDES-IKKE"), ["F088"]),
    (lambda k: k.HentMedarbejdere(), ["F087"]),
    (lambda k: k.HentMedarbejder(Ansaettelse={"Tjenestenummer": "findes-ikke"}), ["F030"]),
])
def test_faults_name_the_problem(medarbejdere, kald, koder):
    with pytest.raises(zeep.exceptions.Fault) as e:
        kald(medarbejdere)
    assert fejlkoder(e.value) == koder


def test_hent_medarbejder_shows_akko_by_date_and_the_posting(server, medarbejdere, institution):
    engine = make_engine(server.database_url)
    try:
        hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                 "ugentlig_arbejdstid,startdato,akko,postering,gyldig_fra\n")
        for akko, fra in (("15", ""), ("", "2024-05-01")):  # on AKKO 15 until 1 May 2024
            linje = (f"{institution},Demostyrelsen,1412601234,1,M3AKKO,0240,1100,1,37,2019-01-01,"
                     f"{akko},primo,{fra}\n")
            assert importer(engine, laes_csv("ansaettelser", (hoved + linje).encode())).fejl == []
    finally:
        engine.dispose()
    m = medarbejdere.HentMedarbejder(Ansaettelse={"Tjenestenummer": "M3AKKO"},
                                     Omraade=["Ansaettelsesforhold"])
    forhold = m.Ansaettelsesforhold
    assert (forhold.Feriepolitik, forhold.AKKO, forhold.Postering) == ("stat", None, "primo")
    assert [(h.GyldigFra, h.AKKO) for h in forhold.Historik] == [(date(2019, 1, 1), "15"),
                                                                 (date(2024, 5, 1), None)]
    standard = medarbejdere.HentMedarbejder(Ansaettelse={"Tjenestenummer": "M200001"},
                                            Omraade=["Ansaettelsesforhold"])
    assert standard.Ansaettelsesforhold.Postering == "ultimo"  # the state's policy: ultimo
