"""SOAP faults: faultcode soap:Client or soap:Server, detail FravaerFejl with every Meddelelse."""

from __future__ import annotations

import logging
import uuid

from lxml import etree
from spyne import Fault

from fravaer.domain.meddelelser import Meddelelse, meddelelse
from fravaer.namespaces import SOAP_ENV, TNS
from fravaer.telemetry import fault_skrevet

log = logging.getLogger("fravaer.soap")
# At most this many Meddelelser are answered in one fault (the default of the setting
# FRAVAER_MAKS_MEDDELELSER): one per bad attribute, or per unknown employment of a long list,
# would let a request of some kilobytes get a fault of megabytes.
MAKS_MEDDELELSER = 50


def med_udeladte(meddelelser: list[Meddelelse], i_alt: int, maks: int = MAKS_MEDDELELSER
                 ) -> list[Meddelelse]:
    """The first `maks` of `i_alt` messages, and X008 saying how many were left out."""
    vist = meddelelser[:maks]
    if i_alt <= len(vist):
        return vist
    return [*vist, meddelelse("X008", udeladt=i_alt - len(vist), vist=len(vist))]


def begraenset(meddelelser: list[Meddelelse], maks: int = MAKS_MEDDELELSER) -> list[Meddelelse]:
    """`meddelelser` cut to `maks` and a final X008, unless they are no more (or already so cut)."""
    if len(meddelelser) <= maks or (len(meddelelser) == maks + 1 and meddelelser[-1].kode == "X008"):
        return meddelelser
    return med_udeladte(meddelelser, len(meddelelser), maks)


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
    """`kode` is 'Client', 'Server' or 'MustUnderstand'; the faultstring joins the texts for simple
    clients. The answer is written from `fravaer_meddelelser` (som_fault_konvolut), cut there to
    the setting; spyne's own copy is cut to the default here, so no long list is built twice."""
    vist = begraenset(meddelelser)
    f = Fault(faultcode=kode, faultstring=" | ".join(f"{m.kode}: {m.tekst}" for m in vist),
              detail=detalje(vist))
    f.fravaer_meddelelser = meddelelser
    return f


def konvolut(indhold: etree._Element | None = None) -> etree._Element:
    """A SOAP 1.1 Envelope with a Body (holding `indhold`), declaring only the envelope's namespace,
    as `soap`: the prefix of the README's faultcodes. Every answer and every fault is written so;
    spyne's writer declares a dozen more, the SOAP 1.2 envelope among them, and gSOAP then reads a
    fault as SOAP 1.2 and loses its code and detail."""
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body")
    if indhold is not None:
        body.append(indhold)
    return env


def fault_konvolut(kode: str, meddelelser: list[Meddelelse]) -> etree._Element:
    """The envelope of a fault: faultcode soap:Client or soap:Server, the texts joined for simple
    clients, and FravaerFejl with every Meddelelse as detail."""
    fault_skrevet(kode, [m.kode for m in meddelelser])  # every fault is written here: count it
    env = konvolut()
    f = etree.SubElement(env[0], f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(f, "faultcode").text = f"soap:{kode}"
    etree.SubElement(f, "faultstring").text = " | ".join(f"{m.kode}: {m.tekst}" for m in meddelelser)
    etree.SubElement(f, "detail").append(detalje(meddelelser))
    return env


def som_fault_konvolut(f: Fault, maks: int = MAKS_MEDDELELSER) -> etree._Element:
    """The envelope of any fault spyne holds, with at most `maks` Meddelelser and a final X008.
    One of spyne's own (not raised through `fault`) keeps its Client or Server and gets X002 or
    S002 as its message."""
    hvad = str(f.faultcode).split(".")[0]
    kode = next((k for k in ("Client", "MustUnderstand") if hvad.endswith(k)), "Server")
    meddelelser: list[Meddelelse] | None = getattr(f, "fravaer_meddelelser", None)
    if meddelelser:
        meddelelser = begraenset(meddelelser, maks)
    elif kode != "Server":
        meddelelser = [meddelelse("X002", fejl=f.faultstring)]
    else:  # Server
        reference = uuid.uuid4().hex[:12]
        log.error("fejl fra spyne (%s), reference %s", f.faultcode, reference)
        meddelelser = [meddelelse("S002", reference=reference)]
    return fault_konvolut(kode, meddelelser)


def fault_dokument(kode: str, meddelelser: list[Meddelelse]) -> bytes:
    """A whole SOAP 1.1 fault envelope, for errors found before spyne runs (size, content type)."""
    return etree.tostring(fault_konvolut(kode, meddelelser), xml_declaration=True, encoding="UTF-8")
