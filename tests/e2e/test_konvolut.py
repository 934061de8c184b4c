"""Faults are written like answers, in every byte: SOAP 1.1 only, declaring only the namespaces they
use, faultcode soap:Client / soap:Server with the envelope's own prefix, FravaerFejl as detail — on
every path a fault can take (authentication, schema, business, the HTTP edge, size, spyne's own)."""

from __future__ import annotations

import re
import uuid

import pytest
from lxml import etree
from spyne import Fault

from fravaer.domain.meddelelser import meddelelse
from fravaer.soap.faults import fault, fault_dokument, som_fault_konvolut
from fravaer.soap.schemas import skema
from tests.e2e.test_protocol import HOVED, envelope, post
from tests.server import med_sikkerhed

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TNS = "urn:fravaer:1"
ERKLAERING = re.compile(rb'xmlns(?::([A-Za-z0-9_.-]+))?="([^"]*)"')


def kontroller_konvolut(krop: bytes) -> etree._Element:
    """The checks a strict SOAP 1.1 client (gSOAP) depends on; returns the Body's element."""
    assert SOAP12.encode() not in krop, krop[:400]
    doc = etree.fromstring(krop)
    assert doc.tag == f"{{{SOAP11}}}Envelope" and doc.prefix == "soap"
    brugt = {etree.QName(e).namespace for e in doc.iter(etree.Element)} - {None}
    erklaeret = [(p and p.decode(), ns.decode()) for p, ns in ERKLAERING.findall(krop)]
    assert {ns for _, ns in erklaeret} <= brugt, f"unused declarations: {erklaeret}"
    assert len(erklaeret) == len(set(erklaeret)), f"a namespace declared twice: {erklaeret}"
    body = doc.find(f"{{{SOAP11}}}Body")
    assert body is not None and len(body) == 1 and len(doc) == 1
    return body[0]


def kontroller_fault(krop: bytes, kode: str) -> list[str]:
    """A SOAP 1.1 fault with faultcode soap:<kode>, a faultstring and a FravaerFejl detail that
    meets the schema; returns its message codes."""
    f = kontroller_konvolut(krop)
    assert f.tag == f"{{{SOAP11}}}Fault"
    assert [etree.QName(e).text for e in f] == ["faultcode", "faultstring", "detail"]
    assert f.findtext("faultcode") == f"soap:{kode}"
    assert f.nsmap["soap"] == SOAP11
    detalje = f.find("detail")
    assert len(detalje) == 1 and skema("FravaerService.xsd").validate(detalje[0])
    koder = [k.text for k in detalje.iter(f"{{{TNS}}}Kode")]
    assert f.findtext("faultstring").startswith(f"{koder[0]}: ")
    return koder


def _hent_boern(tjenestenummer: str) -> bytes:
    return envelope(f"<f:HentBoern><f:Ansaettelse><f:Tjenestenummer>{tjenestenummer}</f:Tjenestenummer>"
                    "</f:Ansaettelse></f:HentBoern>")


@pytest.mark.parametrize("navn, krop, hoved, status, kode", [
    ("authentication", _hent_boern("10000001"), HOVED, 500, "W001"),
    ("wrong password", med_sikkerhed(_hent_boern("10000001"), kodeord="forkert"), HOVED, 500, "W002"),
    ("schema", med_sikkerhed(_hent_boern("x" * 30)), HOVED, 500, "X001"),
    ("not XML", b"<unclosed", HOVED, 500, "X002"),
    ("DOCTYPE", b'<!DOCTYPE x [<!ENTITY a "b">]>' + _hent_boern("&a;"), HOVED, 500, "X003"),
    ("unknown operation", med_sikkerhed(envelope("<f:SletAlt/>")), HOVED, 500, "X005"),
    ("content type", _hent_boern("1"), {"Content-Type": "application/soap+xml"}, 415, "X006"),
    ("size", envelope("<f:HentBoern><!--" + "x" * (1024 * 1024) + "--></f:HentBoern>"), HOVED, 413,
     "X004"),
])
def test_every_client_fault_path_writes_a_soap11_fault_with_only_used_namespaces(
        server, navn, krop, hoved, status, kode):
    faktisk, svar = post(server, krop, hoved)
    assert faktisk == status
    assert kontroller_fault(svar, "Client") == [kode]


def test_a_business_fault_is_a_soap11_client_fault_with_its_fravaerfejl(server):
    krop = med_sikkerhed(envelope(
        "<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer></f:Ansaettelse>"
        "<f:FastAarsagskode>999</f:FastAarsagskode><f:FraDato>2026-03-02</f:FraDato></f:OpretHaendelse>"))
    status, svar = post(server, krop)
    assert status == 500
    assert "F001" in kontroller_fault(svar, "Client")


def test_a_get_on_an_operation_address_is_a_soap11_fault(server):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{server.url}/soap/FravaerService", timeout=30)
    with e.value as svar:
        assert svar.code == 405 and kontroller_fault(svar.read(), "Client") == ["X006"]


def test_answers_declare_only_what_they_use_too(server):
    status, svar = post(server, med_sikkerhed(_hent_boern("10000001")))
    assert status == 200
    assert etree.QName(kontroller_konvolut(svar)).localname == "HentBoernSvar"


@pytest.mark.parametrize("f, kode, koder", [
    (fault("Server", [meddelelse("S001")]), "Server", ["S001"]),
    (fault("Client", [meddelelse("F001", kode="999")]), "Client", ["F001"]),
    # spyne's own faults (not raised through `fault`): Client or Server kept, our detail added
    (Fault("Server", "Internal Error"), "Server", ["S002"]),
    (Fault("Client.ResourceNotFound", "x"), "Client", ["X002"]),
    (Fault("soap11env:Client", "x"), "Client", ["X002"]),
])
def test_every_fault_spyne_holds_is_written_as_ours(f, kode, koder):
    krop = etree.tostring(som_fault_konvolut(f), xml_declaration=True, encoding="UTF-8")
    assert kontroller_fault(krop, kode) == koder


def test_a_fault_written_before_spyne_runs_is_the_same():
    reference = uuid.uuid4().hex[:12]
    krop = fault_dokument("Server", [meddelelse("S002", reference=reference)])
    assert kontroller_fault(krop, "Server") == ["S002"] and reference.encode() in krop


def test_a_mustunderstand_fault_is_written_like_every_other(server):
    """SOAP 1.1 §4.2.3: faultcode soap:MustUnderstand for a header meant for us that we do not
    process (issue 17 item 7); the detail names it, as every fault's does."""
    krop = med_sikkerhed(_hent_boern("10000001"))
    doc = etree.fromstring(krop)
    etree.SubElement(doc.find(f"{{{SOAP11}}}Header"), "{urn:eksempel}Krav",
                     {f"{{{SOAP11}}}mustUnderstand": "1"})
    status, svar = post(server, etree.tostring(doc))
    assert status == 500
    assert kontroller_fault(svar, "MustUnderstand") == ["X010"]
    assert b"{urn:eksempel}Krav" in svar
