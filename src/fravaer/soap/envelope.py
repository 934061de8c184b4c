"""The SOAP 1.1 envelope's structure, judged on the parsed tree before anything reads it (issue 17
item 7): at most one Header, before exactly one Body, and nothing else (WS-I Basic Profile 1.1,
R1011: nothing after the Body); the Body holds one request; of the header entries meant for us
(no soap:actor, or the actor 'next'), one wsse:Security at most (WSS 1.0: one per actor), and
none with mustUnderstand="1" that we do not process (SOAP 1.1 §4.2.3: a MustUnderstand fault).
Entries for other actors are left alone: neither processed nor judged."""

from __future__ import annotations

from lxml import etree

from fravaer.adapters.security.wsse import WSSE
from fravaer.domain.meddelelser import meddelelse
from fravaer.soap.faults import SOAP_ENV, fault

ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"
_ENVELOPE, _HEADER, _BODY = (f"{{{SOAP_ENV}}}{n}" for n in ("Envelope", "Header", "Body"))
_ACTOR, _MUST = f"{{{SOAP_ENV}}}actor", f"{{{SOAP_ENV}}}mustUnderstand"
_SECURITY = f"{{{WSSE}}}Security"
_FAULT = f"{{{SOAP_ENV}}}Fault"
_FORSTAAET = {_SECURITY}  # the header entries this service processes
_MAKS_NAVN = 200


_TIL_OS = (None, ACTOR_NEXT)  # the soap:actor values of an entry meant for this service


def til_os(entry) -> bool:
    """Whether a header entry is meant for this service (the ultimate receiver)."""
    return entry.get(_ACTOR) in _TIL_OS


def vores_headere(header) -> list:
    """The header entries meant for us (what the WS-Security reading may look at)."""
    return [] if header is None else [e for e in header if isinstance(e.tag, str) and til_os(e)]


def kontroller_konvolut(rod) -> tuple:
    """Raises the fault for an envelope that breaks the rules above; for a good one returns what
    it found: the Header (or None), the Body and the header entries meant for us (vores_headere),
    so that the protocol need not look for them again."""
    return del_konvolut(rod)[:3]


def del_konvolut(rod) -> tuple:
    """kontroller_konvolut's judgement, returning also the Body's first child (its one request
    element, unless a comment comes before it), that child's tag, and the one wsse:Security
    entry meant for us (or None: what wsse.find_token would find among them). Each child's tag
    is read once (lxml builds the text anew at each reading)."""
    if rod.tag != _ENVELOPE:
        raise fault("Client", [meddelelse("X006")])
    dele, tags = [], []
    for e in rod:
        tag = e.tag
        if isinstance(tag, str):
            dele.append(e)
            tags.append(tag)
    if _BODY not in tags:  # no SOAP message at all
        raise fault("Client", [meddelelse("X006")])
    if tags != [_BODY] and tags != [_HEADER, _BODY]:
        navne = [_navn(e) for e in dele[:10]]
        raise fault("Client", [meddelelse("X009", "Envelope", fundet=", ".join(navne) or "intet")])
    header = dele[0] if len(dele) == 2 else None
    ikke_forstaaet, sikkerhed = [], 0
    # vores_headere(header) and the judging of each in one walk, each entry's tag read once
    vores: list = []
    sikkerheden = None
    for e in () if header is None else header:
        tag = e.tag
        if not isinstance(tag, str) or e.get(_ACTOR) not in _TIL_OS:
            continue
        vores.append(e)
        maa = e.get(_MUST)
        if maa not in (None, "0", "1"):
            raise fault("Client", [meddelelse("X011", "Header", header=_navn(e), vaerdi=maa[:20])])
        if tag == _SECURITY:
            sikkerhed += 1
            sikkerheden = e
        elif maa == "1":
            ikke_forstaaet.append(meddelelse("X010", "Header", header=_navn(e)))
    if ikke_forstaaet:
        raise fault("MustUnderstand", ikke_forstaaet)
    if sikkerhed > 1:
        raise fault("Client", [meddelelse("W009", "Header", antal=sikkerhed)])
    body = dele[-1]
    foerste = foerste_tag = element_tag = None  # body[0] (what the protocol reads) and its tag
    antal = 0
    for e in body:
        tag = e.tag
        if foerste is None:
            foerste, foerste_tag = e, tag
        if isinstance(tag, str):
            antal += 1
            element_tag = tag
    if antal != 1 or element_tag == _FAULT:
        raise fault("Client", [meddelelse("X007", "Body", antal=antal)])
    return header, body, vores, foerste, foerste_tag, sikkerheden


def _navn(e) -> str:
    """{namespace}local, as the client can find it, bounded."""
    q = etree.QName(e)
    navn = f"{{{q.namespace}}}{q.localname}" if q.namespace else q.localname
    return navn if len(navn) <= _MAKS_NAVN else navn[:_MAKS_NAVN] + "…"
