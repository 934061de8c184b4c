"""KvoteService end to end with zeep (from wsdl/KvoteService.wsdl, every answer checked against
the XSD): all four operations, vacation and care days registered through FravaerService showing
in the accounts, days and hours, idempotent adjustments, faults."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes, laes_boern
from fravaer.service.stamdata import importer_ansaettelser, importer_boern
from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient
from tests.server import DEMO_BRUGER, DEMO_KODEORD

IDAG = date.today()
DETTE_FERIEAAR = IDAG.year  # the ferieår that ends this year: its days can still be moved


class KvoteSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("KvoteService.xsd")


@pytest.fixture(scope="module")
def kvoter(server):
    c = zeep.Client(str(ROD / "wsdl" / "KvoteService.wsdl"), plugins=[KvoteSkema()],
                    wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    return c.create_service("{urn:fravaer:1}KvoteServiceBinding", f"{server.url}/soap/KvoteService")


def ny_ansaettelse(server, start: str = "2020-01-01", boern: str = "") -> dict:
    """An employment of this test's own in the server's database (the accounts of the demo
    employments are shared by every test)."""
    tjnr = f"K{uuid.uuid4().int % 10**7:07d}"
    cpr = f"0101{uuid.uuid4().int % 100:02d}{uuid.uuid4().int % 10**4:04d}"
    engine = make_engine(server.database_url)
    try:
        importer_ansaettelser(engine, laes(
            ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
             f"ugentlig_arbejdstid,startdato,slutdato\nDEMO,Demostyrelsen,{cpr},1,{tjnr},0240,1100,1,37,"
             f"{start},\n").encode()))
        if boern:
            importer_boern(engine, laes_boern(
                f"foraelder_cpr,barnenummer,foedselsdato\n{cpr},1,{boern}\n".encode()))
    finally:
        engine.dispose()
    return {"Tjenestenummer": tjnr}


def efter_type(svar, type_: str, **noegler):
    return [k for k in svar if k.KvoteType == type_
            and all(getattr(k, n) == v for n, v in noegler.items())]


def test_vacation_registered_shows_in_hent_kvoter_in_days_and_hours(server, kvoter):
    a = ny_ansaettelse(server)
    h = zeep_klient(server).OpretHaendelse(Ansaettelse=a, FastAarsagskode="500", FraDato="2025-06-16",
                                           TilDato="2025-06-20").Haendelse
    assert h.Ferieaar == 2025 and h.Dage == Decimal("5.00")
    [mk] = kvoter.HentKvoter(Ansaettelse=[a], Dato="2025-07-01")
    assert mk.Ansaettelse.Tjenestenummer == a["Tjenestenummer"]
    [ferie] = efter_type(mk.Kvote, "Ferie", PeriodeFra=date(2024, 9, 1))
    # September–June earned (ultimo), 5 days taken
    assert (ferie.Optjent, ferie.Afholdt, ferie.Planlagt, ferie.Disponibel) == (
        Decimal("20.83"), Decimal("5.00"), Decimal("0.00"), Decimal("15.83"))
    assert (ferie.AfholdelseFra, ferie.AfholdelseTil, ferie.Enhed) == (
        date(2024, 9, 1), date(2025, 12, 31), "Dage")
    assert {k.KvoteType for k in mk.Kvote} >= {"Ferie", "SaerligeFeriedage"}
    [timer] = kvoter.HentKvoter(Ansaettelse=[a], Dato="2025-07-01", Enhed="Timer")
    assert efter_type(timer.Kvote, "Ferie", PeriodeFra=date(2024, 9, 1))[0].Afholdt == Decimal("37.00")


def test_hent_kvote_detaljer_shows_the_postings(server, kvoter):
    a = ny_ansaettelse(server)
    h = zeep_klient(server).OpretHaendelse(Ansaettelse=a, FastAarsagskode="500", FraDato="2025-03-03",
                                           TilDato="2025-03-04").Haendelse
    d = kvoter.HentKvoteDetaljer(Ansaettelse=a, KvoteType="Ferie", Dato="2025-04-01")
    assert d.Kvote.PeriodeFra == date(2024, 9, 1)
    assert [(o.Dato, o.Art, o.Antal) for o in d.Optjening][:2] == [
        (date(2024, 9, 30), "Optjent", Decimal("2.08")), (date(2024, 10, 31), "Optjent", Decimal("2.08"))]
    assert len(d.Optjening) == 7
    assert [(x.HaendelseID, x.FastAarsagskode, x.Antal) for x in d.Afvikling] == [
        (h.HaendelseID, "500", Decimal("2.00"))]
    assert d.Erstatningsferie == Decimal("0.00")


def test_reguler_kvote_is_idempotent_and_feeds_the_time_bank(server, kvoter):
    a = ny_ansaettelse(server)
    tid = str(uuid.uuid4())
    foerste = kvoter.RegulerKvote(Ansaettelse=a, KvoteType="Frihedsbank", Periode=2025, Retstype=4,
                                  Dage=Decimal("1.50"), Dato="2025-01-02", TransaktionsID=tid)
    igen = kvoter.RegulerKvote(Ansaettelse=a, KvoteType="Frihedsbank", Periode=2025, Retstype=4,
                               Dage=Decimal("1.50"), Dato="2025-01-02", TransaktionsID=tid)
    assert foerste.Kvote[0].Reguleret == igen.Kvote[0].Reguleret == Decimal("1.50")
    zeep_klient(server).OpretHaendelse(Ansaettelse=a, FastAarsagskode="804", FraDato="2025-02-03",
                                       TilDato="2025-02-03")
    d = kvoter.HentKvoteDetaljer(Ansaettelse=a, KvoteType="Frihedsbank", Retstype=4, Dato="2025-12-31")
    assert (d.Kvote.Reguleret, d.Kvote.Afholdt, d.Kvote.Disponibel) == (
        Decimal("1.50"), Decimal("1.00"), Decimal("0.50"))
    # minutes, and 599: vacation days to the time bank (type 8)
    # (while the ferieår's days can still be taken: the one that ends this year)
    flyt = kvoter.RegulerKvote(Ansaettelse=a, KvoteType="Ferie", Periode=DETTE_FERIEAAR, Retstype=599,
                               Minutter=888)
    assert [(k.KvoteType, k.Retstype, k.Overfoert, k.Reguleret) for k in flyt.Kvote] == [
        ("Ferie", None, Decimal("-2.00"), Decimal("0.00")),
        ("Frihedsbank", 8, Decimal("0.00"), Decimal("2.00"))]


def test_flyt_ferie_moves_days_beyond_20_to_the_next_ferieaar(server, kvoter):
    a = ny_ansaettelse(server)
    fra, til = kvoter.FlytFerie(Ansaettelse=a, FraFerieaar=DETTE_FERIEAAR, Dage=Decimal("3"))
    assert (fra.PeriodeFra, fra.Overfoert) == (date(DETTE_FERIEAAR - 1, 9, 1), Decimal("-3.00"))
    assert (til.PeriodeFra, til.Overfoert) == (date(DETTE_FERIEAAR, 9, 1), Decimal("3.00"))
    with pytest.raises(zeep.exceptions.Fault) as e:
        kvoter.FlytFerie(Ansaettelse=a, FraFerieaar=DETTE_FERIEAAR, Dage=Decimal("3"))
    assert fejlkoder(e.value) == ["F055"]  # only 2 more are beyond 20


def test_care_days_through_fravaer_service_and_their_quota(server, kvoter):
    a = ny_ansaettelse(server, boern="2019-06-14")
    fravaer = zeep_klient(server)
    fravaer.OpretHaendelse(Ansaettelse=a, FastAarsagskode="610", FraDato="2025-03-03", TilDato="2025-03-04",
                           Barnenummer=1)
    with pytest.raises(zeep.exceptions.Fault) as e:
        fravaer.OpretHaendelse(Ansaettelse=a, FastAarsagskode="615", FraDato="2025-03-05",
                               TilDato="2025-03-05", Barnenummer=1)
    assert fejlkoder(e.value) == ["F049"]
    [mk] = kvoter.HentKvoter(Ansaettelse=[a], Dato="2025-12-31")
    [omsorg] = efter_type(mk.Kvote, "Omsorgsdage", Barnenummer=1)
    assert (omsorg.Optjent, omsorg.Afholdt, omsorg.Disponibel) == (Decimal("2.00"), Decimal("2.00"),
                                                                   Decimal("0.00"))


@pytest.mark.parametrize("kald, koder", [
    (lambda k: k.HentKvoter(Ansaettelse=[{"Tjenestenummer": "findes-ikke"}], Dato="2025-01-01"), ["F030"]),
    (lambda k: k.RegulerKvote(Ansaettelse={"Tjenestenummer": "10000001"}, KvoteType="Ferie", Periode=2025,
                              Retstype=7, Dage=Decimal("1")), ["F052"]),
    (lambda k: k.HentKvoteDetaljer(Ansaettelse={"Tjenestenummer": "10000001"}, KvoteType="Frihedsbank",
                                   Dato="2025-01-01"), ["F061"]),
    (lambda k: k.FlytFerie(Ansaettelse={"Tjenestenummer": "10000001"}, FraFerieaar=2020, Dage=Decimal("1")),
     ["F056"]),
])
def test_faults_name_the_problem(kvoter, kald, koder):
    with pytest.raises(zeep.exceptions.Fault) as e:
        kald(kvoter)
    assert e.value.code.endswith("Client") and fejlkoder(e.value) == koder


def test_hent_boern_returns_the_persons_children(server):
    a = ny_ansaettelse(server, boern="2019-06-14")
    [barn] = zeep_klient(server).HentBoern(Ansaettelse=a)
    assert (barn.Barnenummer, barn.Foedselsdato) == (1, date(2019, 6, 14))
    demo = zeep_klient(server).HentBoern(Ansaettelse={"Tjenestenummer": "10000001"})
    assert [(b.Barnenummer, b.Fornavn, b.Foedselsdato) for b in demo] == [
        (1, "Alma", date(2019, 6, 14)), (2, "Bo", date(2023, 2, 1))]
