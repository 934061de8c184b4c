"""The real server (`fravaer serve`, gunicorn) on 127.0.0.1 with the demo data, on SQLite and on
PostgreSQL; zeep clients built from wsdl/FravaerService.wsdl that check every answer against the XSD."""

from __future__ import annotations

from pathlib import Path

import pytest
import zeep
from lxml import etree
from zeep.plugins import Plugin
from zeep.wsse.username import UsernameToken

from tests.server import DEMO_BRUGER, DEMO_KODEORD

ROD = Path(__file__).resolve().parents[2]
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"


class SkemaKontrol(Plugin):
    """Every answer's body (or a fault's FravaerFejl) must validate against schemas/."""

    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("FravaerService.xsd")

    def ingress(self, envelope, http_headers, operation):
        body = envelope.find(f"{{{SOAP_ENV}}}Body")[0]
        if body.tag == f"{{{SOAP_ENV}}}Fault":
            detalje = body.find("detail")
            assert detalje is not None and len(detalje) == 1, etree.tostring(body)
            body = detalje[0]
        if not self.skema.validate(body):
            raise AssertionError(f"svaret overholder ikke skemaet: {self.skema.error_log}\n"
                                 f"{etree.tostring(body)[:2000]!r}")
        return envelope, http_headers


def zeep_klient(server, bruger: str = DEMO_BRUGER, kodeord: str = DEMO_KODEORD, digest: bool = False):
    """zeep, built from the WSDL file in wsdl/, pointed at the running server, as `bruger`."""
    c = zeep.Client(str(ROD / "wsdl" / "FravaerService.wsdl"), plugins=[SkemaKontrol()],
                    wsse=UsernameToken(bruger, kodeord, use_digest=digest))
    return c.create_service("{urn:fravaer:1}FravaerServiceBinding", f"{server.url}/soap/FravaerService")


@pytest.fixture
def klient(server):
    return zeep_klient(server)


def fejlkoder(fault: zeep.exceptions.Fault) -> list[str]:
    return [e.text for e in fault.detail.iter(f"{{{TNS}}}Kode")]
