"""No soap:Server for a client's mistake (issue 17 item 5): for EVERY operation, requests made from
the XSD's own types (tests/xsd_strategier.py: every element and value the schema allows, its
extremes first) that the schema accepts never get S002 — a value the service cannot handle gets a
soap:Client fault with a code and the field. In process through the whole WSGI application (with
WS-Security), on SQLite with the demo data: fast, and the same code path as over HTTP.
FRAVAER_EGENSKAB_EKSEMPLER sets the examples per operation (default 25)."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from fravaer.config import Indstillinger
from fravaer.service.brugere import gem_bruger
from fravaer.soap.schemas import skema
from fravaer.soap.wsgi import FravaerApp
from tests.conformance.test_samples_xsd import SERVICE_OF
from tests.xsd_strategier import anmodning

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
TNS = "urn:fravaer:1"
EKSEMPLER = int(os.environ.get("FRAVAER_EGENSKAB_EKSEMPLER") or 25)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.demo import indlaes_demo

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('egenskab') / 'e.sqlite'}")
    upgrade(engine)
    indlaes_demo(engine)
    gem_bruger(engine, "egenskab", "egenskab-kodeord", registrer=["DEMO", "DEMO2"], administrator=True)
    yield FravaerApp(Indstillinger(login_frie_forsoeg_bruger=10**9, login_frie_forsoeg_adresse=10**9),
                     engine=engine)
    engine.dispose()


def _konvolut(body: etree._Element) -> bytes:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"s": SOAP_ENV, "f": TNS})
    header = etree.SubElement(env, f"{{{SOAP_ENV}}}Header")
    header.append(etree.fromstring(
        f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>egenskab</wsse:Username>'
        "<wsse:Password>egenskab-kodeord</wsse:Password></wsse:UsernameToken></wsse:Security>"))
    etree.SubElement(env, f"{{{SOAP_ENV}}}Body").append(body)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def kald(app, tjeneste: str, krop: bytes) -> tuple[str, bytes]:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": f"/soap/{tjeneste}", "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "REMOTE_ADDR": "127.0.0.1",
               "CONTENT_TYPE": "text/xml; charset=utf-8", "CONTENT_LENGTH": str(len(krop)),
               "wsgi.input": io.BytesIO(krop)}
    status = []
    svar = b"".join(app(environ, lambda s, h, *a: status.append(s)))
    return status[0], svar


def _koder(svar: bytes) -> tuple[str | None, list[str]]:
    doc = etree.fromstring(svar)
    f = doc.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    if f is None:
        return None, []
    return f.findtext("faultcode"), [k.text for k in f.iter(f"{{{TNS}}}Kode")]


@pytest.mark.parametrize("operation", sorted(SERVICE_OF))
def test_no_request_the_schema_accepts_gets_a_server_fault(app, operation):
    tjeneste = SERVICE_OF[operation]
    xsd = skema(f"{tjeneste}.xsd")

    @settings(max_examples=EKSEMPLER, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.data_too_large])
    @given(st.data())
    def egenskab(data):
        body = data.draw(anmodning(operation).filter(xsd.validate), label="body")
        krop = _konvolut(body)
        status, svar = kald(app, tjeneste, krop)
        faultcode, koder = _koder(svar)
        assert "S002" not in koder and faultcode != "soap:Server", (
            f"{operation}: {status} {koder}\n{etree.tostring(body, pretty_print=True).decode()[:3000]}")
        if faultcode is not None:  # a client fault names what is wrong
            assert faultcode == "soap:Client" and koder, svar[:500]
        else:
            assert status.startswith("200"), (status, svar[:500])

    egenskab()


def _opret(tjnr: str, kode: str, fra: str, til: str | None) -> bytes:
    til = f"<f:TilDato>{til}</f:TilDato>" if til else ""
    return _konvolut(etree.fromstring(
        f'<f:OpretHaendelse xmlns:f="{TNS}"><f:Ansaettelse><f:Tjenestenummer>{tjnr}</f:Tjenestenummer>'
        f"</f:Ansaettelse><f:FastAarsagskode>{kode}</f:FastAarsagskode><f:FraDato>{fra}</f:FraDato>"
        f"{til}</f:OpretHaendelse>"))


def test_an_explicit_tildato_9999_12_31_means_open(app):
    """Decided (issue 17 item 5; docs/SECURITY.md): 9999-12-31 is how an open event is stored and
    how payroll systems write 'no end', so a TilDato of 9999-12-31 is an open event — answered
    without TilDato, and refused as open for a code that cannot be open."""
    status, svar = kald(app, "FravaerService", _opret("10000002", "100", "2034-03-06", "9999-12-31"))
    assert status.startswith("200"), svar[:500]
    haendelse = etree.fromstring(svar).find(f".//{{{TNS}}}Haendelse")
    assert haendelse.find(f"{{{TNS}}}TilDato") is None
    _, aaben = kald(app, "FravaerService", _opret("10000002", "500", "2034-07-03", None))
    _, uendelig = kald(app, "FravaerService", _opret("10000002", "500", "2034-07-03", "9999-12-31"))
    assert _koder(aaben)[1] and _koder(aaben) == _koder(uendelig)


@pytest.mark.parametrize("maks", [5, 50])
def test_a_fault_holds_at_most_the_setting_of_meddelelser_and_then_how_many_more(tmp_path, maks):
    """Issue 17 item 8: 10,000 unknown employments gave a fault of 2.5 MB."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.demo import indlaes_demo

    engine = make_engine(f"sqlite:///{tmp_path / 'f.sqlite'}")
    upgrade(engine)
    indlaes_demo(engine)
    gem_bruger(engine, "egenskab", "egenskab-kodeord", registrer=["DEMO"])
    app = FravaerApp(Indstillinger(maks_meddelelser=maks), engine=engine)
    ansaettelser = "".join(f"<f:Ansaettelse><f:Tjenestenummer>X{i}</f:Tjenestenummer></f:Ansaettelse>"
                           for i in range(10_000))
    krop = _konvolut(etree.fromstring(f'<f:HentKvoter xmlns:f="{TNS}">{ansaettelser}'
                                      "<f:Dato>2026-06-01</f:Dato></f:HentKvoter>"))
    _, svar = kald(app, "KvoteService", krop)
    faultcode, koder = _koder(svar)
    assert faultcode == "soap:Client" and koder == ["F030"] * maks + ["X008"]
    assert f"{10_000 - maks} fejl mere".encode() in svar and len(svar) < 400 * (maks + 1)
    engine.dispose()
