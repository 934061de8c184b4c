"""The HTTP and SOAP edges: the served WSDL, hostile and malformed requests, a second client."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

import pytest
from lxml import etree

from tests.server import DEMO_BRUGER, DEMO_KODEORD, med_sikkerhed

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
HOVED = {"Content-Type": "text/xml; charset=utf-8"}


def post(server, krop: bytes, hoved=HOVED, sti="/soap/FravaerService") -> tuple[int, bytes]:
    req = urllib.request.Request(server.url + sti, data=krop, headers=hoved, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def fault(krop: bytes) -> tuple[str, list[str]]:
    doc = etree.fromstring(krop)
    f = doc.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert f is not None, krop[:500]
    return f.findtext("faultcode"), [e.text for e in f.iter(f"{{{TNS}}}Kode")]


def envelope(indhold: str) -> bytes:
    return (f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:f="{TNS}"><s:Body>{indhold}</s:Body>'
            "</s:Envelope>").encode()


def test_served_wsdl_has_the_servers_address(server):
    with urllib.request.urlopen(f"{server.url}/soap/FravaerService?wsdl") as r:
        wsdl = etree.fromstring(r.read())
    adresse = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address").get("location")
    assert adresse == f"{server.url}/soap/FravaerService"
    imp = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}import").get("schemaLocation")
    with urllib.request.urlopen(imp) as r:
        assert b'targetNamespace="urn:fravaer:1"' in r.read()


@pytest.mark.parametrize("krop, kode", [
    (b'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + envelope("<f:HentAarsagskoder><f:Type>&x;</f:Type></f:HentAarsagskoder>"), "X003"),
    (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
     + envelope("<f:HentAarsagskoder><f:Type>&b;</f:Type></f:HentAarsagskoder>"), "X003"),
    (b"\x00\xff garbage", "X002"),
    (b"<unclosed", "X002"),
    (envelope("<f:SletAlt/>"), "X005"),
    (envelope("<f:HentAarsagskoder><f:Type>Ferie</f:Type></f:HentAarsagskoder>"), "X001"),
    (b'<x:Envelope xmlns:x="urn:other"><x:Body/></x:Envelope>', "X006"),
    (envelope(""), "X007"),
    (envelope("<f:HentAarsagskoder/><f:HentAarsagskoder/>"), "X007"),
    (f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><s:Fault><faultcode>s:Client</faultcode>'
     "<faultstring>x</faultstring></s:Fault></s:Body></s:Envelope>".encode(), "X007"),
    (f'<s:Envelope xmlns:s="{SOAP_ENV}"/>'.encode(), "X006"),
])
def test_hostile_and_malformed_requests_get_client_faults(server, krop, kode):
    status, svar = post(server, krop)
    faultcode, koder = fault(svar)
    assert status >= 400 and faultcode.endswith("Client")
    if kode:
        assert kode in koder


def test_deep_nesting_is_refused(server):
    dyb = "<f:Type>" * 5000 + "Fravaer" + "</f:Type>" * 5000
    status, svar = post(server, envelope(f"<f:HentAarsagskoder>{dyb}</f:HentAarsagskoder>"))
    assert status >= 400 and fault(svar)[0].endswith("Client")


def test_a_body_over_one_mebibyte_is_refused(server):
    stor = envelope("<f:HentAarsagskoder><!--" + "x" * (1024 * 1024) + "--></f:HentAarsagskoder>")
    status, svar = post(server, stor)
    assert status == 413 and fault(svar) == ("soap:Client", ["X004"])


def test_a_chunked_request_within_the_limit_is_answered(server):
    krop = med_sikkerhed(envelope("<f:HentAarsagskoder><f:Type>Fravaer</f:Type></f:HentAarsagskoder>"))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", "/soap/FravaerService", body=[krop[:100], krop[100:]],
                     headers={**HOVED, "Transfer-Encoding": "chunked"}, encode_chunked=True)
        r = conn.getresponse()
        assert r.status == 200 and b"HentAarsagskoderSvar" in r.read()
    finally:
        conn.close()


def test_schema_errors_are_answered_50_at_a_time(server):
    attributter = " ".join(f'a{i}=""' for i in range(60))
    status, svar = post(server, envelope(f"<f:HentAarsagskoder {attributter}/>"))
    faultcode, koder = fault(svar)
    assert status == 500 and faultcode.endswith("Client")
    assert koder == ["X001"] * 50 + ["X008"]
    assert "10 fejl mere" in etree.fromstring(svar).findtext(".//faultstring")


def test_soap_12_and_wrong_content_type_are_refused(server):
    status, svar = post(server, envelope("<f:HentAarsagskoder/>"),
                        {"Content-Type": "application/soap+xml; charset=utf-8"})
    assert status == 415 and fault(svar) == ("soap:Client", ["X006"])


def test_a_second_client_library_suds_works_from_the_served_wsdl(server):
    from suds.client import Client
    from suds.wsse import Security, UsernameToken

    c = Client(f"{server.url}/soap/FravaerService?wsdl", cache=None)
    sikkerhed = Security()
    sikkerhed.tokens.append(UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    c.set_options(wsse=sikkerhed)
    ans = c.factory.create("{urn:fravaer:1}AnsaettelseType")
    ans.Tjenestenummer = "10000004"
    svar = c.service.OpretHaendelse(Ansaettelse=ans, FastAarsagskode="500", FraDato="2022-07-04",
                                    TilDato="2022-07-08")
    hid = svar.Haendelse.HaendelseID
    fundne = c.service.HentHaendelser(Ansaettelse=[ans], FraDato="2022-07-01", TilDato="2022-07-31")
    assert [h.HaendelseID for h in fundne] == [hid]
    rettet = c.service.RetHaendelse(HaendelseID=hid, Version=1, Ansaettelse=ans,
                                    FastAarsagskode="500", FraDato="2022-07-04", TilDato="2022-07-06")
    assert int(rettet.Haendelse.Version) == 2
    assert c.service.SletHaendelse(HaendelseID=hid, Version=2) == hid
