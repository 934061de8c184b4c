"""The aggregate WSDL (wsdl/Fravaer.wsdl, served at /soap?wsdl): every service's binding in one
service, every port at /soap, which answers every operation — so a client generated from all four
WSDLs at once reaches each operation wherever the generator sends it. The services' own addresses
keep answering only their own operations."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
import zeep
from lxml import etree
from zeep.wsse.username import UsernameToken

from tests.conformance.test_samples_xsd import SERVICES
from tests.e2e.test_konvolut import kontroller_fault, kontroller_konvolut
from tests.e2e.test_protocol import envelope, post
from tests.server import DEMO_BRUGER, DEMO_KODEORD, med_sikkerhed

ROD = Path(__file__).resolve().parents[2]
WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
ANS = "<f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer></f:Ansaettelse>"


def hent(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return r.read()


def test_the_aggregate_file_has_one_port_per_binding_and_loads_with_zeep():
    klient = zeep.Client(str(ROD / "wsdl" / "Fravaer.wsdl"), settings=zeep.Settings(strict=True))
    porte = klient.wsdl.services["Fravaer"].ports
    assert {p.binding.name.localname for p in porte.values()} == {f"{s}Binding" for s in SERVICES}
    for navn, operationer in SERVICES.items():
        assert set(porte[f"{navn}Port"].binding.all()) == operationer


def test_the_served_aggregate_puts_every_port_at_soap_and_its_imports_are_served(server):
    wsdl = etree.fromstring(hent(f"{server.url}/soap?wsdl"))
    adresser = {a.get("location") for a in wsdl.iter(f"{{{WSDL_SOAP}}}address")}
    assert adresser == {f"{server.url}/soap"}
    importer = [i.get("location") for i in wsdl.iter(f"{{{WSDL}}}import")]
    assert sorted(importer) == sorted(f"{server.url}/wsdl/{s}.wsdl" for s in SERVICES)
    for url in importer:  # each service's WSDL there: its own address, the shared fault message
        tjeneste = etree.fromstring(hent(url))
        navn = url.rsplit("/", 1)[1].removesuffix(".wsdl")
        assert tjeneste.find(f".//{{{WSDL_SOAP}}}address").get("location") == f"{server.url}/soap/{navn}"
        faelles = tjeneste.find(f"{{{WSDL}}}import").get("location")
        assert faelles == f"{server.url}/wsdl/Faelles.wsdl"
        assert b'<wsdl:message name="FravaerFejl">' in hent(faelles)


def test_a_zeep_client_of_the_served_aggregate_calls_every_service_at_soap(server):
    klient = zeep.Client(f"{server.url}/soap?wsdl", wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    ans = {"Tjenestenummer": "10000001"}
    boern = klient.bind("Fravaer", "FravaerServicePort").HentBoern(Ansaettelse=ans)
    assert [b.Barnenummer for b in boern] == [1, 2]
    kvoter = klient.bind("Fravaer", "KvoteServicePort").HentKvoter(Ansaettelse=[ans], Dato="2026-07-01")
    assert kvoter[0].Ansaettelse.Tjenestenummer == "10000001" and kvoter[0].Kvote
    m = klient.bind("Fravaer", "MedarbejderServicePort").HentMedarbejder(Ansaettelse=ans,
                                                                          Omraade=["Persondata"])
    assert m.Ansaettelse.Tjenestenummer == "10000001"
    uge = klient.bind("Fravaer", "MoedetidsplanServicePort").LaesMoedetider(
        Ansaettelse=ans, FraDato="2026-06-08", TilDato="2026-06-14")
    assert len(uge) == 7
    statistik = klient.bind("Fravaer", "StatistikServicePort").HentFravaersstatistik(
        Institution="DEMO", FraDato="2026-01-01", TilDato="2026-03-31")
    assert [n.FraDato.isoformat() for n in statistik.Noegletal] == ["2026-01-01"]


@pytest.mark.parametrize("krop, kode", [
    (envelope("<f:SletAlt/>"), "X005"),
    (b"<unclosed", "X002"),
    (envelope(""), "X007"),
    (b'<!DOCTYPE x [<!ENTITY a "b">]>' + envelope("<f:HentBoern>&a;</f:HentBoern>"), "X003"),
])
def test_soap_refuses_what_the_services_refuse(server, krop, kode):
    status, svar = post(server, med_sikkerhed(krop) if krop.startswith(b"<s:") else krop, sti="/soap")
    assert status == 500 and kontroller_fault(svar, "Client") == [kode]


def test_each_services_own_address_still_answers_only_its_own_operations(server):
    krop = med_sikkerhed(envelope(f"<f:HentKvoter>{ANS}<f:Dato>2026-07-01</f:Dato></f:HentKvoter>"))
    status, svar = post(server, krop, sti="/soap/FravaerService")
    assert status == 500 and kontroller_fault(svar, "Client") == ["X005"]
    status, svar = post(server, krop, sti="/soap")
    assert status == 200 and etree.QName(kontroller_konvolut(svar)).localname == "HentKvoterSvar"


def test_unknown_wsdl_files_are_not_served(server):
    import urllib.error

    for sti in ("/wsdl/Findes.wsdl", "/wsdl/..%2Fsetup.wsdl", "/soap/Findes?wsdl", "/soap/Fravaer?wsdl",
                "/soap/Faelles?wsdl"):
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(server.url + sti, timeout=30)
        e.value.close()
        assert e.value.code == 404
