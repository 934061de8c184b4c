"""The Host header against the running server (issue 17 item 4): a foreign or hostile Host leaves
every served WSDL as it is without one, and zeep built from it calls the real server."""

from __future__ import annotations

import http.client

import zeep
from lxml import etree
from zeep.wsse.username import UsernameToken

from tests.server import DEMO_BRUGER, DEMO_KODEORD

SOAP_ADR = "{http://schemas.xmlsoap.org/wsdl/soap/}address"


def _hent(server, sti: str, host: str | None = None) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", sti, headers={"Host": host} if host is not None else {})
        r = conn.getresponse()
        assert r.status == 200
        return r.read()
    finally:
        conn.close()


def test_a_foreign_host_gets_the_servers_own_address_and_zeep_works(server, tmp_path):
    ond = _hent(server, "/soap/FravaerService?wsdl", "ond.example")
    assert ond == _hent(server, "/soap/FravaerService?wsdl")
    adresse = etree.fromstring(ond).find(f".//{SOAP_ADR}").get("location")
    assert adresse == f"{server.url}/soap/FravaerService"
    fil = tmp_path / "FravaerService.wsdl"
    fil.write_bytes(ond)
    klient = zeep.Client(str(fil), wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    assert klient.service.HentAarsagskoder() is not None


def test_an_allowed_loopback_name_is_used(server):
    wsdl = _hent(server, "/soap/KvoteService?wsdl", f"localhost:{server.port}")
    assert (etree.fromstring(wsdl).find(f".//{SOAP_ADR}").get("location")
            == f"http://localhost:{server.port}/soap/KvoteService")


def test_the_root_page_does_not_echo_a_hostile_host(server):
    side = _hent(server, "/", "<script>ond.example")
    # an HTML page (issue 18 item 7): the hostile name is neither written nor made markup
    assert b"ond.example" not in side and b"<script" not in side
    assert f"{server.url}/soap?wsdl".encode() in side
