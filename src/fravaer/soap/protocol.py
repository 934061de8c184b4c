"""SOAP 1.1 input that refuses DOCTYPEs and validates every request body against schemas/ before
anything else runs; errors become soap:Client faults that name the problem and where it is."""

from __future__ import annotations

import re

from lxml import etree
from spyne import Fault
from spyne.protocol.soap import Soap11

from fravaer.domain.messages import meddelelse
from fravaer.soap.faults import fault

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XSD_NS = re.compile(r"\{(http://www\.w3\.org/2001/XMLSchema|urn:fravaer:1)\}")


class ValiderendeSoap11(Soap11):
    def __init__(self, skema: etree.XMLSchema, operationer: set[str], autentificering=None, **kwargs):
        super().__init__(validator=None, **kwargs)
        self.operationer = operationer
        self._skema = skema
        self.autentificering = autentificering

    def create_in_document(self, ctx, charset=None):
        data = b"".join(ctx.in_string)  # at most max_request_bytes: the transport capped it
        ctx.in_string = [data]
        if _DTD.search(data):
            raise fault("Client", [meddelelse("X003")])
        try:
            super().create_in_document(ctx, charset)
        except etree.XMLSyntaxError as e:
            raise fault("Client", [meddelelse("X002", fejl=e.msg)]) from None
        except (UnicodeDecodeError, LookupError) as e:
            raise fault("Client", [meddelelse("X002", fejl=f"tegnsættet kan ikke læses ({e})")]) from None
        except Fault as e:
            if getattr(e, "fravaer_meddelelser", None):
                raise
            raise fault("Client", [meddelelse("X002", fejl=e.faultstring)]) from None
        rod = ctx.in_document[0] if isinstance(ctx.in_document, tuple) else ctx.in_document
        docinfo = rod.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise fault("Client", [meddelelse("X003")])

    def decompose_incoming_envelope(self, ctx, message=Soap11.REQUEST):
        if message is self.REQUEST:
            self._kontroller_konvolut(ctx)
        try:
            super().decompose_incoming_envelope(ctx, message)
        except Fault as e:
            if getattr(e, "fravaer_meddelelser", None):
                raise
            raise fault("Client", [meddelelse("X006")]) from None
        if message is self.REQUEST and self.autentificering is not None:
            ctx.udc = self._autentificer(ctx)

    def _autentificer(self, ctx):
        """The caller, from the WS-Security UsernameToken in the header (after the body has
        passed the schema: a malformed request is refused before any database lookup)."""
        from fravaer.adapters.security.wsse import UgyldigToken, find_token
        from fravaer.service.autentificering import IkkeAutentificeret
        from fravaer.service.errors import LagerUtilgaengeligt

        try:
            return self.autentificering.autentificer(find_token(ctx.in_header_doc))
        except UgyldigToken as e:
            raise fault("Client", [meddelelse("W006", "Header", fejl=str(e))]) from None
        except IkkeAutentificeret as e:
            raise fault("Client", [e.meddelelse]) from None
        except LagerUtilgaengeligt:
            raise fault("Server", [meddelelse("S001")]) from None

    def _kontroller_konvolut(self, ctx) -> None:
        """A SOAP 1.1 Envelope whose Body holds exactly one element, which is not a Fault."""
        rod = ctx.in_document[0] if isinstance(ctx.in_document, tuple) else ctx.in_document
        if rod.tag != f"{{{self.ns_soap_env}}}Envelope":
            raise fault("Client", [meddelelse("X006")])
        body = rod.find(f"{{{self.ns_soap_env}}}Body")
        if body is None:
            raise fault("Client", [meddelelse("X006")])
        elementer = [e for e in body if isinstance(e.tag, str)]
        if len(elementer) != 1 or elementer[0].tag == f"{{{self.ns_soap_env}}}Fault":
            raise fault("Client", [meddelelse("X007", "Body", antal=len(elementer))])

    def validate_body(self, ctx, message):
        if message is not self.REQUEST:
            return
        body = ctx.in_body_doc
        if body is None or body.tag not in self.operationer:
            navn = "(tom)" if body is None else etree.QName(body).localname
            raise fault("Client", [meddelelse("X005", "Body", operation=navn)])
        if not self._skema.validate(body):
            fejl = [meddelelse("X001", _sti(e.path), linje=e.line, fejl=_kort(e.message))
                    for e in self._skema.error_log]
            raise fault("Client", fejl)


def _kort(tekst: str) -> str:
    """lxml's message with the namespaces shortened to what the client wrote."""
    return _XSD_NS.sub("", tekst)


def _sti(sti: str | None) -> str | None:
    """lxml's path of the offending element with namespaces removed: /OpretHaendelse/FraDato."""
    if not sti:
        return None
    sti = re.sub(r"\*\[local-name\(\)='([^']+)'\]", r"\1", sti)
    return re.sub(r"\{[^}]*\}|[a-zA-Z0-9_]+:", "", sti)


class SvarSoap11(Soap11):
    """SOAP 1.1 output that takes an operation's answer as a ready lxml element (see svar.py);
    faults and other answers go through spyne as usual."""

    def serialize(self, ctx, message):
        svar = ctx.out_object[0] if ctx.out_error is None and ctx.out_object else None
        if message is not self.RESPONSE or not isinstance(svar, etree._Element):
            return super().serialize(ctx, message)
        self.event_manager.fire_event("before_serialize", ctx)
        ctx.out_document = etree.Element(f"{{{self.ns_soap_env}}}Envelope",
                                         nsmap={"soap11env": self.ns_soap_env})
        ctx.out_body_doc = etree.SubElement(ctx.out_document, f"{{{self.ns_soap_env}}}Body")
        ctx.out_body_doc.append(svar)
        self.event_manager.fire_event("after_serialize", ctx)
