"""A database that is down: every operation answers a soap:Server fault (S001), nothing else."""

from __future__ import annotations

import io

from lxml import etree

from fravaer.adapters.db.engine import make_engine
from fravaer.config import Indstillinger
from fravaer.soap.wsgi import FravaerApp
from tests.server import sikkerhed

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"


def kald(app, indhold: str) -> tuple[str, etree._Element]:
    krop = (f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:f="{TNS}"><s:Header>{sikkerhed()}</s:Header>'
            f"<s:Body>{indhold}</s:Body></s:Envelope>").encode()
    status = []
    env = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "text/xml; charset=utf-8",
           "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop),
           "PATH_INFO": "/soap/FravaerService", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
           "wsgi.url_scheme": "http", "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1"}
    svar = b"".join(app(env, lambda s, h, exc_info=None: status.append(s)))
    return status[0], etree.fromstring(svar)


def test_every_operation_gets_a_server_fault_while_the_database_is_down():
    app = FravaerApp(Indstillinger(), engine=make_engine("postgresql://postgres@127.0.0.1:1/nede"))
    ans = "<f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer></f:Ansaettelse>"
    hid = "<f:HaendelseID>00000000-0000-4000-8000-000000000001</f:HaendelseID><f:Version>1</f:Version>"
    for indhold in [
        f"<f:OpretHaendelse>{ans}<f:FastAarsagskode>500</f:FastAarsagskode>"
        "<f:FraDato>2024-07-01</f:FraDato></f:OpretHaendelse>",
        f"<f:RetHaendelse>{hid}{ans}<f:FastAarsagskode>500</f:FastAarsagskode>"
        "<f:FraDato>2024-07-01</f:FraDato></f:RetHaendelse>",
        f"<f:SletHaendelse>{hid}</f:SletHaendelse>",
        f"<f:HentHaendelser>{ans}<f:FraDato>2024-07-01</f:FraDato><f:TilDato>2024-07-31</f:TilDato>"
        "</f:HentHaendelser>",
        "<f:HentHaendelseLog><f:FraTidspunkt>2024-07-01T00:00:00Z</f:FraTidspunkt>"
        "<f:TilTidspunkt>2024-07-02T00:00:00Z</f:TilTidspunkt></f:HentHaendelseLog>",
    ]:
        status, svar = kald(app, indhold)
        fault = svar.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
        assert status.startswith("500") and fault is not None, indhold
        assert fault.findtext("faultcode").endswith("Server")
        assert [e.text for e in fault.iter(f"{{{TNS}}}Kode")] == ["S001"]
    # even the catalogue, which needs no database, needs the caller checked against it
    status, svar = kald(app, "<f:HentAarsagskoder/>")
    assert status.startswith("500")
    assert [e.text for e in svar.iter(f"{{{TNS}}}Kode")] == ["S001"]
