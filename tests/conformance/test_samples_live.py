"""Every sample under schemas/samples/ gets the answer its folder promises from the running
server: a valid request a successful answer of the right element, an invalid one a soap:Client
fault naming the schema problem. Each valid sample meets the demo data and nothing else."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.tables import Base
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import saerlige_aar_for
from fravaer.domain.personale import Arbejdsskadesag, Barselssag
from fravaer.service import egne_typer
from fravaer.service.clock import DANMARK
from fravaer.service.demo import indlaes_demo, opret_demobruger
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.moedetider import Moedetidstjeneste
from fravaer.soap.schemas import skema
from tests.server import med_sikkerhed

SAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "samples"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
PLADSHOLDER = b"00000000-0000-4000-8000-000000000001"


MOEDETIDER = {"OpretMoedetider", "LaesMoedetider", "RetMoedetider", "SletMoedetider"}
KVOTER = {"HentKvoter", "HentKvoteDetaljer", "RegulerKvote", "FlytFerie", "OverfoerRestferie"}
MEDARBEJDERE = {"HentMedarbejder", "HentMedarbejdere", "RetKommunikation"}
STATISTIK = {"HentKvartalsindberetning", "HentFravaersstatistik"}
LOEN = {"HentLoenlinjer", "LukLoenperiode"}
# operations whose PLADSHOLDER is a TransaktionsID (a new one on each run), not an event's id
NY_TRANSAKTION = KVOTER | {"RetKommunikation"}
# operations that need a maternity case: PLADSHOLDER (if any) is its BarselssagID, its Version 1
MED_BARSELSSAG = {"HentBarselssager", "RetBarselssag", "SletBarselssag"}
KONFORMITET = Bruger("konformitet", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})


def tjeneste_for(krop: bytes) -> str:
    """The service a request goes to (and whose XSD its answer must meet), by its operation;
    FravaerService for anything else, so a request of no known operation still gets an answer."""
    body = etree.fromstring(krop).find(f"{{{SOAP_ENV}}}Body")
    op = etree.QName(body[0]).localname if body is not None and len(body) else ""
    if op in MOEDETIDER:
        return "MoedetidsplanService"
    if op in KVOTER:
        return "KvoteService"
    if op in MEDARBEJDERE:
        return "MedarbejderService"
    if op in STATISTIK:
        return "StatistikService"
    if op in LOEN:
        return "LoenService"
    return "FravaerService"


def _ferieaaret_der_slutter_i_aar() -> int:
    """The ferieår that ends in the current calendar year (ferieår Y can be taken until 31 December
    Y), by the Danish date the server goes by."""
    return datetime.now(DANMARK).year


def _med_ferieaar(krop: bytes, ferieaar: int) -> bytes:
    return _med_felt(krop, "FraFerieaar", ferieaar)


def _med_felt(krop: bytes, navn: str, vaerdi: int | str) -> bytes:
    doc = etree.fromstring(krop)
    for e in doc.iter(f"{{{TNS}}}{navn}"):
        e.text = str(vaerdi)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def _uden_dato(krop: bytes) -> bytes:
    doc = etree.fromstring(krop)
    for e in list(doc.iter(f"{{{TNS}}}Dato")):
        e.getparent().remove(e)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def _aaret_der_kan_afholdes_nu(request: etree._Element) -> int:
    """Special days (598): the year of accrual taken now; vacation (599): the ferieår ending this year."""
    idag = datetime.now(DANMARK).date()
    return saerlige_aar_for(idag) if request.findtext(f"{{{TNS}}}Retstype") == "598" else idag.year


def _ansaettelse(request: etree._Element) -> AnsaettelsesIdent:
    """The employment the request names (its first Ansaettelse)."""
    a = request.find(f"{{{TNS}}}Ansaettelse")
    loebenummer = a.findtext(f"{{{TNS}}}Loebenummer")
    return AnsaettelsesIdent(a.findtext(f"{{{TNS}}}Tjenestenummer"), a.findtext(f"{{{TNS}}}CPRNummer"),
                             int(loebenummer) if loebenummer is not None else None)


def _opret_barselssag(engine, ident: AnsaettelsesIdent) -> str:
    """A maternity case of the person (Version 1), its id."""
    sag = Barselssag("", "", 0, "BARSEL-2022-0001", "01", date(2022, 3, 1), date(2023, 2, 28),
                     forventet_foedsel=date(2022, 4, 15))
    return Haendelsestjeneste(engine, standardkatalog()).sager.opret_barselssag(
        ident, sag, None, KONFORMITET).id


def _opret_arbejdsskadesag(engine, ident: AnsaettelsesIdent, sagsnummer: str, ulykkesdato: date) -> None:
    Haendelsestjeneste(engine, standardkatalog()).sager.opret_arbejdsskadesag(
        ident, Arbejdsskadesag("", sagsnummer, ulykkesdato, "Konformitetstest"), None, KONFORMITET)


def post(server, krop: bytes) -> tuple[int, etree._Element]:
    req = urllib.request.Request(f"{server.url}/soap/{tjeneste_for(krop)}", data=krop, method="POST",
                                 headers={"Content-Type": "text/xml; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, etree.fromstring(r.read())
    except urllib.error.HTTPError as e:
        return e.code, etree.fromstring(e.read())


def _nulstil(engine) -> None:
    with engine.begin() as c:
        for tabel in reversed(Base.metadata.sorted_tables):
            c.execute(tabel.delete())
    indlaes_demo(engine)
    opret_demobruger(engine, digest=True)


@pytest.fixture
def ren_server(server):
    """The session's server with its database reset to just the demo data (before and after:
    other tests share the server)."""
    engine = make_engine(server.database_url)
    _nulstil(engine)
    yield server, engine
    _nulstil(engine)
    engine.dispose()


@pytest.mark.parametrize("fil", sorted((SAMPLES / "valid").glob("*.xml")), ids=lambda p: p.stem)
def test_valid_sample_is_answered(ren_server, fil):
    server, engine = ren_server
    krop = fil.read_bytes()
    request = etree.fromstring(krop).find(f"{{{SOAP_ENV}}}Body")[0]
    operation = etree.QName(request).localname
    if operation in ("RetMoedetider", "SletMoedetider"):  # the working time must exist
        Moedetidstjeneste(engine).opret(AnsaettelsesIdent("10000001"), [Moedetid(date(2026, 6, 8), 200)],
                                        KONFORMITET)
    if operation in MED_BARSELSSAG:
        # HentBarselssager has a case to answer with; RetBarselssag/SletBarselssag: PLADSHOLDER is
        # the BarselssagID of the case they name (Version 1)
        # (SletBarselssag names no employment: the case is 10000002's, as in the other samples)
        ident = _ansaettelse(request) if operation != "SletBarselssag" else AnsaettelsesIdent("10000002")
        krop = krop.replace(PLADSHOLDER, _opret_barselssag(engine, ident).encode())
    if operation == "HentArbejdsskadesager":  # a case to answer with
        _opret_arbejdsskadesag(engine, _ansaettelse(request), "AES-2022-000001", date(2022, 3, 14))
    sagsnummer = request.findtext(f"{{{TNS}}}Arbejdsskadesag")
    if operation in ("OpretHaendelse", "RetHaendelse") and sagsnummer is not None:
        # 220/225: the work-injury case the event names must be the person's, from before the event
        _opret_arbejdsskadesag(engine, _ansaettelse(request), sagsnummer,
                               date.fromisoformat(request.findtext(f"{{{TNS}}}FraDato")))
    if operation in NY_TRANSAKTION and PLADSHOLDER in krop:
        # RegulerKvote/FlytFerie/RetKommunikation: PLADSHOLDER is the TransaktionsID, a new one on each run
        krop = krop.replace(PLADSHOLDER, str(uuid.uuid4()).encode())
    elif PLADSHOLDER in krop and operation in ("GodkendHaendelse", "AfvisHaendelse"):
        # a pending event, registered by another user than the demo user who decides on it
        egne_typer.saet_godkendelse(engine, standardkatalog(), "DEMO", "500", True, "konformitet")
        h = Haendelsestjeneste(engine, standardkatalog()).opret(HaendelseAnmodning(
            AnsaettelsesIdent("10000001"), HaendelseData("500", date(2022, 7, 11), date(2022, 7, 29))),
            KONFORMITET).haendelse
        krop = krop.replace(PLADSHOLDER, h.id.encode()).replace(b"<frv:Version>2<", b"<frv:Version>1<")
    elif PLADSHOLDER in krop:  # RetHaendelse/SletHaendelse: the event they name must exist
        h = Haendelsestjeneste(engine, standardkatalog()).opret(HaendelseAnmodning(
            AnsaettelsesIdent("10000001"), HaendelseData("500", date(2022, 7, 11), date(2022, 7, 29))),
            KONFORMITET).haendelse
        krop = krop.replace(PLADSHOLDER, h.id.encode())
    if operation == "RegulerKvote" and request.findtext(f"{{{TNS}}}Retstype") in ("598", "599"):
        # a move to the time bank only while the days can be taken, by the server's clock: the
        # year open today, as of today
        krop = _uden_dato(_med_felt(krop, "Periode", _aaret_der_kan_afholdes_nu(request)))
    if operation == "FlytFerie" and request.findtext(f"{{{TNS}}}KvoteType") == "SaerligeFeriedage":
        # special days move until their period of taking ends (30 April): the year taken now
        krop = _med_ferieaar(krop, saerlige_aar_for(datetime.now(DANMARK).date()))
    elif operation == "FlytFerie":
        # Days can be moved from a ferieår only until 31 December of the year it ends, by the
        # server's real clock: the sample's FraFerieaar is replaced by the ferieår that ends this
        # year (whose days beyond 20 of employment 10000001's 25 are all still there to move).
        krop = _med_ferieaar(krop, _ferieaaret_der_slutter_i_aar())
    if operation == "OverfoerRestferie":
        # the transfer of the ferieår that ends this year, made between the end of its accrual
        # (31 August) and 31 December, by the server's real clock
        aar = _ferieaaret_der_slutter_i_aar()
        krop = _med_felt(_med_felt(krop, "Ferieaar", aar), "Dato",
                         max(datetime.now(DANMARK).date(), date(aar, 9, 1)).isoformat())
    status, svar = post(server, med_sikkerhed(krop))
    body = svar.find(f"{{{SOAP_ENV}}}Body")[0]
    assert status == 200, etree.tostring(body)
    assert body.tag == f"{{{TNS}}}{operation}Svar"
    xsd = skema(f"{tjeneste_for(krop)}.xsd")
    assert xsd.validate(body), xsd.error_log


@pytest.mark.parametrize("fil", sorted((SAMPLES / "invalid").glob("*.xml")), ids=lambda p: p.stem)
def test_invalid_sample_gets_a_client_fault(server, fil):
    status, svar = post(server, fil.read_bytes())
    fault = svar.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert status == 500 and fault is not None
    assert fault.findtext("faultcode").endswith("Client")
    koder = {e.text for e in fault.iter(f"{{{TNS}}}Kode")}
    assert koder and koder <= {"X001", "X005"}, koder
    if "X001" in koder:  # a schema fault says where: the element's path
        assert any(e.text for e in fault.iter(f"{{{TNS}}}Felt"))
