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
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.catalogue import standardkatalog
from fravaer.domain.employment import AnsaettelsesIdent
from fravaer.domain.events import HaendelseData
from fravaer.service.demo import indlaes_demo, opret_demobruger
from fravaer.service.haendelser import DANMARK, HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.moedetider import Moedetidstjeneste
from fravaer.soap.schemas import skema
from tests.server import med_sikkerhed

SAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "samples"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
PLADSHOLDER = b"00000000-0000-4000-8000-000000000001"


MOEDETIDER = {"OpretMoedetider", "LaesMoedetider", "RetMoedetider", "SletMoedetider"}
KVOTER = {"HentKvoter", "HentKvoteDetaljer", "RegulerKvote", "FlytFerie"}


def tjeneste_for(krop: bytes) -> str:
    """The service a request goes to (and whose XSD its answer must meet), by its operation;
    FravaerService for anything else, so a request of no known operation still gets an answer."""
    body = etree.fromstring(krop).find(f"{{{SOAP_ENV}}}Body")
    op = etree.QName(body[0]).localname if body is not None and len(body) else ""
    if op in MOEDETIDER:
        return "MoedetidsplanService"
    if op in KVOTER:
        return "KvoteService"
    return "FravaerService"


def _ferieaaret_der_slutter_i_aar() -> int:
    """The ferieår that ends in the current calendar year (ferieår Y can be taken until 31 December
    Y), by the Danish date the server goes by."""
    return datetime.now(DANMARK).year


def _med_ferieaar(krop: bytes, ferieaar: int) -> bytes:
    doc = etree.fromstring(krop)
    for e in doc.iter(f"{{{TNS}}}FraFerieaar"):
        e.text = str(ferieaar)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


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
    operation = etree.QName(etree.fromstring(krop).find(f"{{{SOAP_ENV}}}Body")[0]).localname
    if operation in ("RetMoedetider", "SletMoedetider"):  # the working time must exist
        Moedetidstjeneste(engine).opret(AnsaettelsesIdent("10000001"), [Moedetid(date(2026, 6, 8), 200)],
                                        Bruger("konformitet", {"DEMO": Ret.REGISTRER}))
    if operation in KVOTER and PLADSHOLDER in krop:
        # RegulerKvote/FlytFerie: PLADSHOLDER is the TransaktionsID, a new one on each run
        krop = krop.replace(PLADSHOLDER, str(uuid.uuid4()).encode())
    elif PLADSHOLDER in krop:  # RetHaendelse/SletHaendelse: the event they name must exist
        h = Haendelsestjeneste(engine, standardkatalog()).opret(HaendelseAnmodning(
            AnsaettelsesIdent("10000001"), HaendelseData("500", date(2022, 7, 11), date(2022, 7, 29))),
            Bruger("konformitet", {"DEMO": Ret.REGISTRER})).haendelse
        krop = krop.replace(PLADSHOLDER, h.id.encode())
    if operation == "FlytFerie":
        # Days can be moved from a ferieår only until 31 December of the year it ends, by the
        # server's real clock: the sample's FraFerieaar is replaced by the ferieår that ends this
        # year (whose days beyond 20 of employment 10000001's 25 are all still there to move).
        krop = _med_ferieaar(krop, _ferieaaret_der_slutter_i_aar())
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
