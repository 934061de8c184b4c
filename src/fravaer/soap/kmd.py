"""The KMD-compatible endpoint (issue 16): KMD's six VACAB operations with KMD's own WSDL files
(wsdl/kmd/, unchanged). spyne defines and dispatches the operations (by the body's element: every
operation shares one soapAction); each request is validated against the schema embedded in its
operation's WSDL, read as the flat list of strings it is, and handed to service/kmd.py. No rule
is decided here.

KMD's habits: a refused request is answered with HTTP 200 and ReturnStatus E (the messages' codes
and Danish texts); only malformed XML and schema violations are SOAP faults (and a database that
does not answer, S001, as everywhere). Who calls is decided before spyne runs, from the HTTP
request (wsgi.py; adapters/security/http_auth.py), and handed over in the environ."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from copy import deepcopy
from functools import cache
from itertools import islice

from lxml import etree
from spyne import AnyXml, Application, ServiceBase, rpc
from spyne.server.wsgi import WsgiApplication

from fravaer.domain.katalog import barselstyper
from fravaer.domain.kmd import kmd_typer
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.paths import WSDL_DIR
from fravaer.service.kmd import KmdTjeneste
from fravaer.soap import kmdsvar
from fravaer.soap.calls import kald
from fravaer.soap.context_release import slip_konteksten
from fravaer.soap.faults import MAKS_MEDDELELSER, fault, med_udeladte
from fravaer.soap.protocol import SvarSoap11, ValiderendeSoap11, _kort, _sti
from fravaer.soap.schemas import sikker_parser

log = logging.getLogger("fravaer.soap")
KMD_NS = kmdsvar.KMD_NS
KMD_DIR = WSDL_DIR / "kmd"
BRUGER_NOEGLE = "fravaer.kmd.bruger"  # the environ key the router puts the caller under
# operation (the WSDL's name and port path) → its request element's stem
OPERATIONER = {
    "SetAbsenceAttendance_OS_SI": "SetAbsenceAttendance",
    "GetAbsenceAttendanceByPeriod_OS_SI": "GetAbsenceAttendanceByPeriod",
    "GetChildren_OS_SI": "GetChildren",
    "GetMaternityCases_OS_SI": "GetMaternityCases",
    "GetReasons_OS_SI": "GetReasons",
    "GetWorkAccidentCases_OS_SI": "GetWorkAccidentCases",
}
_XSD = "{http://www.w3.org/2001/XMLSchema}schema"
# KMD's port address: a default-namespace `address` element of the WSDL's SOAP binding
_ADRESSE = re.compile(rb'(<address location=")[^"]*(")')


@cache
def kmd_wsdl(operation: str) -> bytes | None:
    """wsdl/kmd/<operation>.wsdl as published, or None for an unknown operation."""
    return (KMD_DIR / f"{operation}.wsdl").read_bytes() if operation in OPERATIONER else None


def med_adresse(wsdl: bytes, adresse: str) -> bytes:
    """KMD's file with its port at `adresse` (already XML-escaped: soap/base_address.py) and nothing
    else changed."""
    return _ADRESSE.sub(lambda mo: mo.group(1) + adresse.encode() + mo.group(2), wsdl, count=1)


@cache
def kmd_skema(operation: str) -> etree.XMLSchema:
    """The schema embedded in the operation's WSDL, compiled once (no network, no entities; it
    imports nothing)."""
    indlejret = etree.fromstring(kmd_wsdl(operation), sikker_parser()).find(f".//{_XSD}")
    # a document of its own that keeps every prefix in scope (the types name `p1:`, declared on
    # wsdl:definitions)
    skema = etree.Element(_XSD, dict(indlejret.attrib), nsmap=indlejret.nsmap)
    skema.extend(deepcopy(e) for e in indlejret)
    return etree.XMLSchema(skema)


@cache
def kmd_skemaer() -> dict[str, etree.XMLSchema]:
    """Each request element → its operation's schema."""
    return {f"{{{KMD_NS}}}{stamme}Request_MT": kmd_skema(op) for op, stamme in OPERATIONER.items()}


class KmdSoap11(ValiderendeSoap11):
    """SOAP 1.1 input as the native services', validated against the operation's own KMD schema;
    the caller comes from the router (HTTP), not from a WS-Security header."""

    def __init__(self, **kwargs):
        super().__init__(None, set(kmd_skemaer()), None, **kwargs)

    def decompose_incoming_envelope(self, ctx, message=ValiderendeSoap11.REQUEST):
        super().decompose_incoming_envelope(ctx, message)
        if message is self.REQUEST:
            ctx.udc = ctx.transport.req_env.get(BRUGER_NOEGLE)

    def validate_body(self, ctx, message):
        if message is not self.REQUEST:
            return
        body = ctx.in_body_doc
        skema = kmd_skemaer().get(body.tag) if body is not None else None
        if skema is None:
            navn = "(tom)" if body is None else etree.QName(body).localname
            raise fault("Client", [meddelelse("X005", "Body", operation=navn)])
        if not skema.validate(body):
            fejl = skema.error_log
            raise fault("Client", med_udeladte(
                [meddelelse("X001", _sti(e.path), linje=e.line, fejl=_kort(e.message))
                 for e in islice(fejl, MAKS_MEDDELELSER)], len(fejl)))


def felter(ctx) -> dict[str, str | None]:
    """The request's fields: KMD's messages are one level of strings, validated by now."""
    return {etree.QName(e).localname: e.text for e in ctx.in_body_doc if isinstance(e.tag, str)}


def _kald(ctx, arbejde: Callable, afvist: Callable[[list], etree._Element]) -> etree._Element:
    """Run a use case as the native services do (calls.kald), but a refusal becomes KMD's E
    answer (HTTP 200)."""
    def som_e(e: Afvist) -> etree._Element:
        log.info("%s afvist: E %s", ctx.method_request_string.rsplit("}", 1)[-1],
                 ",".join(m.kode for m in e.meddelelser[:20]))
        return afvist(e.meddelelser)

    return kald(ctx, lambda: arbejde(ctx.app.fravaer_kmd, felter(ctx), ctx.udc), som_e)


def _saet(t: KmdTjeneste, f, bruger):
    return kmdsvar.saet([], t.saet_fravaer(f, bruger))


def _fravaer(t: KmdTjeneste, f, bruger):
    tekster = {k: v.tekst for k, v in kmd_typer().items()} | {
        k.kode: k.navn for k in t.h.katalog.koder.values()}
    return kmdsvar.fravaer([], t.fravaer(f, bruger), tekster)


def _boern(t: KmdTjeneste, f, bruger):
    return kmdsvar.boern([], t.boern(f, bruger))


def _barselssager(t: KmdTjeneste, f, bruger):
    return kmdsvar.barselssager([], f.get("PersonnelNumber"), t.barselssager(f, bruger), barselstyper())


def _aarsager(t: KmdTjeneste, f, bruger):
    return kmdsvar.aarsager([], t.aarsager(f, bruger))


def _arbejdsskadesager(t: KmdTjeneste, f, bruger):
    return kmdsvar.arbejdsskadesager([], f.get("PersonnelNumber"), t.arbejdsskadesager(f, bruger))


def _operation(stamme: str):
    return dict(_body_style="bare", _in_message_name=f"{stamme}Request_MT",
                _out_message_name=f"{stamme}Response_MT", _returns=AnyXml)


class KmdService(ServiceBase):
    """The six operations, named as KMD's WSDLs name them. The body is read from the validated
    tree (`felter`), not from spyne's argument."""

    @rpc(AnyXml, **_operation("SetAbsenceAttendance"))
    def SetAbsenceAttendance_OS_SI(ctx, _):
        return _kald(ctx, _saet, kmdsvar.saet)

    @rpc(AnyXml, **_operation("GetAbsenceAttendanceByPeriod"))
    def GetAbsenceAttendanceByPeriod_OS_SI(ctx, _):
        return _kald(ctx, _fravaer, kmdsvar.fravaer)

    @rpc(AnyXml, **_operation("GetChildren"))
    def GetChildren_OS_SI(ctx, _):
        return _kald(ctx, _boern, kmdsvar.boern)

    @rpc(AnyXml, **_operation("GetMaternityCases"))
    def GetMaternityCases_OS_SI(ctx, _):
        return _kald(ctx, _barselssager, kmdsvar.barselssager)

    @rpc(AnyXml, **_operation("GetReasons"))
    def GetReasons_OS_SI(ctx, _):
        return _kald(ctx, _aarsager, kmdsvar.aarsager)

    @rpc(AnyXml, **_operation("GetWorkAccidentCases"))
    def GetWorkAccidentCases_OS_SI(ctx, _):
        return _kald(ctx, _arbejdsskadesager, kmdsvar.arbejdsskadesager)


def kmd_wsgi(tjeneste: KmdTjeneste, max_bytes: int) -> WsgiApplication:
    app = Application([KmdService], tns=KMD_NS, name="KMD_LPT_VACAB",
                      in_protocol=KmdSoap11(), out_protocol=SvarSoap11(cleanup_namespaces=False))
    app.fravaer_kmd = tjeneste
    app.event_manager.add_listener("method_context_closed", slip_konteksten)
    return WsgiApplication(app, max_content_length=max_bytes)
