"""SOAP faults: faultcode soap:Client or soap:Server, detail FravaerFejl with every Meddelelse."""

from __future__ import annotations

from lxml import etree
from spyne import Fault

from fravaer.domain.messages import Meddelelse, meddelelse

TNS = "urn:fravaer:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
# At most this many of a request's schema errors are answered (and logged): one per bad
# attribute would let a 200 kB request get a fault of megabytes.
MAKS_MEDDELELSER = 50


def med_udeladte(meddelelser: list[Meddelelse], i_alt: int) -> list[Meddelelse]:
    """The first MAKS_MEDDELELSER of `i_alt` messages, and X008 saying how many were left out."""
    vist = meddelelser[:MAKS_MEDDELELSER]
    if i_alt <= len(vist):
        return vist
    return [*vist, meddelelse("X008", udeladt=i_alt - len(vist), vist=len(vist))]


def detalje(meddelelser: list[Meddelelse]) -> etree._Element:
    rod = etree.Element(f"{{{TNS}}}FravaerFejl", nsmap={None: TNS})
    for m in meddelelser:
        e = etree.SubElement(rod, f"{{{TNS}}}Meddelelse")
        etree.SubElement(e, f"{{{TNS}}}Kode").text = m.kode
        etree.SubElement(e, f"{{{TNS}}}Alvor").text = m.alvor.value
        etree.SubElement(e, f"{{{TNS}}}Tekst").text = m.tekst
        if m.felt:
            etree.SubElement(e, f"{{{TNS}}}Felt").text = m.felt
    return rod


def fault(kode: str, meddelelser: list[Meddelelse]) -> Fault:
    """`kode` is 'Client' or 'Server'; the faultstring joins the texts for simple clients."""
    tekst = " | ".join(f"{m.kode}: {m.tekst}" for m in meddelelser)
    f = Fault(faultcode=kode, faultstring=tekst, detail=detalje(meddelelser))
    f.fravaer_meddelelser = meddelelser
    return f


def fault_dokument(kode: str, meddelelser: list[Meddelelse]) -> bytes:
    """A whole SOAP 1.1 fault envelope, for errors found before spyne runs (size, content type)."""
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body")
    f = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(f, "faultcode").text = f"soap:{kode}"
    etree.SubElement(f, "faultstring").text = " | ".join(f"{m.kode}: {m.tekst}" for m in meddelelser)
    etree.SubElement(f, "detail").append(detalje(meddelelser))
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")
