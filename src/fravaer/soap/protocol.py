"""SOAP 1.1 input that refuses DOCTYPEs and validates every request body against schemas/ before
anything else runs; errors become soap:Client faults that name the problem and where it is."""

from __future__ import annotations

import codecs
import functools
import re
from itertools import islice

from lxml import etree
from spyne import Fault
from spyne.protocol.soap import Soap11
from spyne.server.http import HttpTransportContext

from fravaer.adapters.security.wsse import UgyldigToken, find_token, laes_token
from fravaer.domain.meddelelser import meddelelse
from fravaer.service.autentificering import IkkeAutentificeret, LoginOptaget
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.soap.client_address import NOEGLE as KLIENTADRESSE
from fravaer.soap.envelope import del_konvolut, kontroller_konvolut, vores_headere
from fravaer.soap.faults import (
    MAKS_MEDDELELSER,
    SOAP_ENV,
    fault,
    konvolut,
    med_udeladte,
    som_fault_konvolut,
)
from fravaer.soap.request_reader import Laesere, UlaeseligVaerdi
from fravaer.soap.svar import Svartekst
from fravaer.soap.value_limits import kontroller_vaerdier

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XSD_NS = re.compile(r"\{(http://www\.w3\.org/2001/XMLSchema|urn:fravaer:1)\}")
# the encoding named in an XML declaration written in an ASCII-compatible encoding
_ERKLAERET = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]{0,200}?\bencoding\s*=\s*[\"']([^\"']{0,60})[\"']")
# the encodings XML is read in here (Python's codec names)
_TEGNSAET = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
             "utf-32-be", "ascii"}
_TEGNSAET_FAMILIE = re.compile(r"iso8859-\d{1,2}|cp125\d")
# the operations whose login is checked with their work's first round trip (calls.kald makes the
# check after the work when it sent nothing): every one of them goes through calls.kald
_UDSKUDT_LOGIN = frozenset(f"{{urn:fravaer:1}}{navn}" for navn in (
    "OpretHaendelse", "RetHaendelse", "SletHaendelse",
    "HentHaendelser", "SoegHaendelser", "HentAarsagskoder", "HentAfventendeHaendelser",
    "HentHaendelseLog", "HentAendringer", "OptaelFravaer", "HentBoern", "HentBarselssager",
    "HentArbejdsskadesager", "HentKvoter", "HentKvoteDetaljer", "HentMedarbejder",
    "HentMedarbejdere"))
_MAKS_FEJLTEKST = 500  # libxml2 quotes the offending value: a long one is cut
_UKENDT = object()  # _autentificer's `sikkerhed` not given: looked for in the header entries


class ValiderendeSoap11(Soap11):
    # whether ASCII bytes named UTF-8 or ASCII are parsed as they are (_laes_dokument): fravaer's
    # services (TjenesteSoap11); the benchmark's echo keeps spyne's decoding
    ascii_som_bytes = False

    def __init__(self, skema: etree.XMLSchema, operationer: set[str], autentificering=None,
                 laesere: Laesere | None = None, maks_meddelelser: int = MAKS_MEDDELELSER,
                 **kwargs):
        super().__init__(validator=None, **kwargs)
        self.operationer = operationer
        self.maks_meddelelser = maks_meddelelser
        self._skema = skema
        self.autentificering = autentificering
        self.laesere = laesere
        self._parser: etree.XMLParser | None = None  # lxml locks a parser while it parses

    def create_in_document(self, ctx, charset=None):
        data = b"".join(ctx.in_string)  # at most max_request_bytes: the transport capped it
        ctx.in_string = [data]
        if b"<!" in data and _DTD.search(data):  # (the search only where it can match: most hold none)
            raise fault("Client", [meddelelse("X003")])
        erklaeret = _ERKLAERET.match(data)
        for navn in (charset, erklaeret and erklaeret.group(1).decode("ascii", "replace")):
            if navn and not _brugbart_tegnsaet(navn):
                raise fault("Client", [meddelelse(
                    "X002", fejl=f"tegnsættet {navn[:40]!r} kan ikke bruges til XML")])
        try:
            synlig = self._laes_dokument(ctx, data, charset)
            if synlig is None:
                super().create_in_document(ctx, charset)
        except etree.XMLSyntaxError as e:
            raise fault("Client", [meddelelse("X002", fejl=e.msg)]) from None
        except (UnicodeError, LookupError) as e:  # UnicodeError: codecs such as 'undefined', 'idna'
            raise fault("Client", [meddelelse("X002", fejl=f"tegnsættet kan ikke læses ({e})")]) from None
        except Fault as e:
            if getattr(e, "fravaer_meddelelser", None):
                raise
            raise fault("Client", [meddelelse("X002", fejl=e.faultstring)]) from None
        rod = ctx.in_document[0] if isinstance(ctx.in_document, tuple) else ctx.in_document
        if not synlig:  # (a DOCTYPE the search above could not see: another encoding's bytes)
            docinfo = rod.getroottree().docinfo
            if docinfo.doctype or docinfo.internalDTD is not None:
                raise fault("Client", [meddelelse("X003")])
        # No SOAP-encoding href="#id" resolution (spyne's resolve_hrefs, run before the schema
        # check, copies elements into the body and fails on a dangling id or a cycle): the
        # services are document/literal, and the schema refuses href in the body.
        ctx.in_document = (rod, {})

    def _laes_dokument(self, ctx, data: bytes, charset: str | None) -> bool | None:
        """spyne's reading of a text/xml POST, without what is not used here: a new parser per
        request and the table of xml:id attributes (SOAP-encoding hrefs, not resolved: see
        below) — half its cost. None for anything else (spyne's own reading answers it). True
        when the document was read as text decoded from the bytes as UTF-8 or ASCII: each of
        its ASCII characters is then the same byte of `data`, so a DOCTYPE in it is one the
        search of the bytes (_DTD) has refused already, and the tree need not be asked."""
        transport = ctx.transport
        if not isinstance(transport, HttpTransportContext) or transport.get_request_method() != "POST":
            return None
        indholdstype = transport.get_request_content_type() or ""
        if indholdstype.split(";", 1)[0].strip().lower() != "text/xml":
            return None
        if self._parser is None:
            self._parser = etree.XMLParser(**self.parser_kwargs)
        synlig = charset is not None and _ascii_som_bytes(charset)
        if synlig and self.ascii_som_bytes and data.isascii():
            # ASCII bytes named UTF-8 or ASCII (most requests): the text spyne would decode is
            # the same bytes, which lxml reads as UTF-8 — or, where the text declares an encoding
            # (lxml refuses it as text), reads as the bytes below: the same tree either way.
            # Read as bytes at once, without the decoding and lxml's search of a text for a
            # declaration (a sixth of the parse, issue 13). (With a declaration the tree is asked
            # for a DOCTYPE, as after the reading below; the search of the bytes saw any anyway.)
            tekst: str | bytes = data
            synlig = not data.startswith(b"<?xml")
        else:
            tekst = data.decode(charset) if charset else data
        try:
            try:
                rod = etree.fromstring(tekst, self._parser)
            except ValueError:  # text with an encoding declaration: as spyne, the bytes again
                if not isinstance(tekst, str) or not charset:
                    raise
                synlig = False  # (read by the encoding it declares)
                rod = etree.fromstring(tekst.encode(charset), self._parser)
        except etree.XMLSyntaxError as e:  # worded as spyne's Fault words it
            raise fault("Client", [meddelelse("X002", fejl=str(e))]) from None
        ctx.in_document = (rod, {})
        return synlig

    def decompose_incoming_envelope(self, ctx, message=Soap11.REQUEST):
        if message is self.REQUEST:
            self._kontroller_konvolut(ctx)
        try:
            self._del_konvolut(ctx, message)
        except Fault as e:
            if getattr(e, "fravaer_meddelelser", None):
                raise
            raise fault("Client", [meddelelse("X006")]) from None
        if message is self.REQUEST and self.autentificering is not None:
            ctx.udc = self._autentificer(ctx)

    def _del_konvolut(self, ctx, message) -> None:
        """The envelope split into header entries and body, and the body judged (validate_body):
        spyne's own decomposition."""
        Soap11.decompose_incoming_envelope(self, ctx, message)

    def _autentificer(self, ctx, vores: list | None = None, tag: str | None = None,
                      sikkerhed=_UKENDT):
        """The caller, from the WS-Security UsernameToken in the header (after the body has
        passed the schema: a malformed request is refused before any database lookup).
        `vores`, `tag`: the header entries meant for us and the body's tag, where the caller has
        them already; `sikkerhed`: their one wsse:Security (None: none), where it has that too."""
        adresse = (getattr(ctx.transport, "req_env", None) or {}).get(KLIENTADRESSE)
        # the writes and the reads check the login with their transaction's first round trip
        # (calls.kald makes the check when the work did not)
        if tag is None and ctx.in_body_doc is not None:
            tag = ctx.in_body_doc.tag
        udskyd = tag in _UDSKUDT_LOGIN
        try:
            if sikkerhed is _UKENDT:
                token = find_token(vores_headere(ctx.in_header_doc) if vores is None else vores)
            else:
                token = None if sikkerhed is None else laes_token(sikkerhed)
            return self.autentificering.autentificer(token, adresse, udskyd=udskyd)
        except UgyldigToken as e:
            raise fault("Client", [meddelelse("W006", "Header", fejl=str(e))]) from None
        except IkkeAutentificeret as e:
            raise fault("Client", [e.meddelelse]) from None
        except LoginOptaget:
            raise fault("Server", [meddelelse("W008", "Header")]) from None
        except LagerUtilgaengeligt:
            raise fault("Server", [meddelelse("S001")]) from None

    def _kontroller_konvolut(self, ctx) -> None:
        """The envelope's structure and headers (soap/envelope.py), on the parsed tree."""
        kontroller_konvolut(ctx.in_document[0] if isinstance(ctx.in_document, tuple) else ctx.in_document)

    def validate_body(self, ctx, message):
        if message is not self.REQUEST:
            return
        body = ctx.in_body_doc
        self._vurder_krop(body, None if body is None else body.tag)

    def _vurder_krop(self, body, tag: str | None) -> None:
        """validate_body's judgement of the body's request element `body` (its tag given: lxml
        builds the text anew at each reading)."""
        if body is None or tag not in self.operationer:
            navn = "(tom)" if body is None else etree.QName(body).localname
            raise fault("Client", [meddelelse("X005", "Body", operation=navn)])
        if not self._skema.validate(body):
            log = self._skema.error_log
            fejl = [meddelelse("X001", _sti(e.path), linje=e.line, fejl=_kort(e.message))
                    for e in islice(log, self.maks_meddelelser)]
            raise fault("Client", med_udeladte(fejl, len(log), self.maks_meddelelser))
        # the operation's own date elements (the XSD's table) where it has a reader; else all
        laesere = self.laesere
        kontroller_vaerdier(body, laesere.at_kontrollere(tag)
                            if laesere is not None and tag in laesere else None)

    def deserialize(self, ctx, message):
        body = ctx.in_body_doc
        self._les(ctx, message, body, None if body is None else body.tag)

    def _les(self, ctx, message, body, tag: str | None) -> None:
        """deserialize of the request element `body` whose tag is `tag`."""
        laesere = self.laesere
        if message is self.REQUEST and laesere is not None and tag is not None and tag in laesere:
            # the validated tree read by the XSD's own table (request_reader.py), not by spyne's types
            _fire(self, "before_deserialize", ctx)
            try:
                ctx.in_object = laesere.laeser(tag)(body)
            except UlaeseligVaerdi as e:
                navn = etree.QName(e.element).localname
                raise fault("Client", [meddelelse(
                    "X001", _sti_til(body, e.element), linje=e.element.sourceline,
                    fejl=_kort(f"Element '{navn}': {e}"))]) from None
            _fire(self, "after_deserialize", ctx)
            return
        super().deserialize(ctx, message)  # a service without readers (the benchmark's echo)


class TjenesteSoap11(ValiderendeSoap11):
    """ValiderendeSoap11 of fravaer's own services (the benchmark's echo keeps its parent): a
    request's envelope, once kontroller_konvolut has judged its structure, is split as spyne's
    _from_soap splits it — the header's children, the body's first child — without its two XPath
    queries (a fifth of spyne's own share of HentHaendelser: issue 13), from the parts
    kontroller_konvolut found. ASCII bytes are parsed as they are (ValiderendeSoap11._laes_dokument)."""

    ascii_som_bytes = True

    def direkte_dokument(self, ctx, data: bytes, charset: str | None) -> None:
        """create_in_document of the direct path's request (direct_path.py: a POST of text/xml,
        as FravaerApp checked). Most requests are ASCII bytes named UTF-8 or ASCII, starting
        with their first element and holding no '!': create_in_document would find no DOCTYPE
        or ENTITY (each needs '<!'), no XML declaration (the bytes start with '<' but not
        '<?xml'), a usable charset, and parse the bytes as they are — as here, without its
        searches (two of them a pass over the bytes each) and the tuple of spyne's id table.
        Anything else is create_in_document's."""
        if (b"!" in data or charset is None or not data.isascii() or not data.startswith(b"<")
                or data.startswith(b"<?xml") or not _ascii_som_bytes(charset)):
            ctx.in_string = [data]
            self.create_in_document(ctx, charset)
            return
        parser = self._parser
        if parser is None:
            parser = self._parser = etree.XMLParser(**self.parser_kwargs)
        try:
            ctx.in_document = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:  # as _laes_dokument words it
            raise fault("Client", [meddelelse("X002", fejl=str(e))]) from None

    def decompose_incoming_envelope(self, ctx, message=Soap11.REQUEST):
        """The request's envelope judged, split and its body judged, then the caller
        authenticated, as ValiderendeSoap11 does; what kontroller_konvolut found (the Header, the
        Body, the header entries meant for us) and the request's tag are used as found, not
        looked for again."""
        if message is not self.REQUEST:
            return super().decompose_incoming_envelope(ctx, message)
        rod = ctx.in_document[0] if isinstance(ctx.in_document, tuple) else ctx.in_document
        header, _, vores, anmodning, tag, sikkerhed = del_konvolut(rod)
        ctx.in_document = rod
        ctx.in_header_doc = list(header) if header is not None else None
        ctx.in_body_doc = anmodning  # the one request element: del_konvolut
        ctx.method_request_string = tag
        try:
            self._vurder_krop(anmodning, tag)
        except Fault as e:
            if getattr(e, "fravaer_meddelelser", None):
                raise
            raise fault("Client", [meddelelse("X006")]) from None
        if self.autentificering is not None:
            ctx.udc = self._autentificer(ctx, vores, tag, sikkerhed)
        return None

    def deserialize(self, ctx, message):
        """ValiderendeSoap11's, the request's tag as decompose_incoming_envelope read it (lxml
        builds the text anew at each reading)."""
        body = ctx.in_body_doc
        tag = ctx.method_request_string
        if body is None or not isinstance(tag, str) or message is not self.REQUEST:
            return super().deserialize(ctx, message)
        self._les(ctx, message, body, tag)

    def generate_method_contexts(self, ctx):
        """spyne's, without its copy of the request's context when the operation has one method
        (ours have no auxiliary methods): the context spyne made is the method's."""
        handles = self.get_call_handles(ctx)
        if len(handles) != 1:
            return super().generate_method_contexts(ctx)
        ctx.descriptor = handles[0]
        return [ctx]


def _fire(protokol, navn: str, ctx) -> None:
    """The protocol's event manager's fire_event, where it has a listener for the event (spyne's
    makes an empty ordered set to loop over when it has none: every request, several times)."""
    handlers = protokol.event_manager.handlers.get(navn)
    if handlers:
        for h in handlers:
            h(ctx)


@functools.lru_cache(maxsize=64)  # every request names its charset (a few in use): looked up once
def _brugbart_tegnsaet(navn: str) -> bool:
    """Whether `navn` is an encoding XML is read in here: UTF-8/16/32, ASCII, ISO 8859, Windows
    125x. Python's codecs also hold 'undefined', 'idna', 'punycode' and the like, which are no
    document encodings, and UTF-7, which spells markup in bytes the DOCTYPE check cannot see."""
    try:
        kanonisk = codecs.lookup(navn).name
    except (LookupError, ValueError):
        return False
    return kanonisk in _TEGNSAET or _TEGNSAET_FAMILIE.fullmatch(kanonisk) is not None


@functools.lru_cache(maxsize=64)
def _ascii_som_bytes(navn: str) -> bool:
    """Whether text decoded in this encoding has each ASCII character from the same single byte
    (UTF-8, ASCII; an encoding Python does not know: False, the decoding fails anyway)."""
    try:
        return codecs.lookup(navn).name in ("utf-8", "ascii")
    except (LookupError, ValueError):
        return False


def _sti_til(body, element) -> str | None:
    """/OpretHaendelse/FraDato: the element's path from the operation down, as _sti gives it."""
    if body is None or element is None:
        return None
    led = [element, *element.iterancestors()]
    led = led[:led.index(body) + 1] if body in led else led[:1]
    return "/" + "/".join(etree.QName(e).localname for e in reversed(led))


def _kort(tekst: str) -> str:
    """lxml's message with the namespaces shortened to what the client wrote, and bounded."""
    tekst = _XSD_NS.sub("", tekst)
    return tekst if len(tekst) <= _MAKS_FEJLTEKST else tekst[:_MAKS_FEJLTEKST] + " …"


def _sti(sti: str | None) -> str | None:
    """lxml's path of the offending element with namespaces removed: /OpretHaendelse/FraDato."""
    if not sti:
        return None
    sti = re.sub(r"\*\[local-name\(\)='([^']+)'\]", r"\1", sti)
    return re.sub(r"\{[^}]*\}|[a-zA-Z0-9_]+:", "", sti)


# the envelope around an answer written as text: what lxml writes around the answer's element
_FOER_SVAR = (b"<?xml version='1.0' encoding='UTF-8'?>\n"
              b'<soap:Envelope xmlns:soap="' + SOAP_ENV.encode() + b'"><soap:Body>')
_EFTER_SVAR = b"</soap:Body></soap:Envelope>"


class SvarSoap11(Soap11):
    """SOAP 1.1 output written by us, declaring only the namespaces used: an operation's answer as
    ready text (svar.Svartekst) or a ready lxml element (see svar.py), and every fault (see
    faults.py), with at most `maks_meddelelser` Meddelelser."""

    def __init__(self, maks_meddelelser: int = MAKS_MEDDELELSER, **kwargs):
        super().__init__(**kwargs)
        self.maks_meddelelser = maks_meddelelser

    @staticmethod
    def _tekstsvar(ctx) -> Svartekst | None:
        svar = ctx.out_object[0] if ctx.out_error is None and ctx.out_object else None
        return svar if isinstance(svar, Svartekst) else None

    def serialize(self, ctx, message):
        svar = ctx.out_object[0] if ctx.out_error is None and ctx.out_object else None
        if message is self.RESPONSE and isinstance(svar, Svartekst):
            # no tree: create_out_string writes the text into the envelope
            _fire(self, "before_serialize", ctx)
            _fire(self, "after_serialize", ctx)
            return
        if message is not self.RESPONSE or (ctx.out_error is None and not isinstance(svar, etree._Element)):
            return super().serialize(ctx, message)
        _fire(self, "before_serialize", ctx)
        if ctx.out_error is not None:
            ctx.out_document = som_fault_konvolut(ctx.out_error, self.maks_meddelelser)
        else:
            ctx.out_document = konvolut(svar)
        ctx.out_body_doc = ctx.out_document[0]
        _fire(self, "after_serialize", ctx)

    def create_out_string(self, ctx, charset=None):
        svar = self._tekstsvar(ctx)
        if svar is None:
            return super().create_out_string(ctx, charset)
        ctx.out_string = [b"".join((_FOER_SVAR, svar.data, _EFTER_SVAR))]

    # the same bytes without spyne's context, for the direct path (direct_path.py)

    def svar_tekst(self, svar) -> bytes:
        """The whole answer to an operation's result: ready text or an lxml element, the two
        kinds the services return (anything else is a TypeError: a server fault)."""
        if isinstance(svar, Svartekst):
            return b"".join((_FOER_SVAR, svar.data, _EFTER_SVAR))
        if isinstance(svar, etree._Element):
            return self._dokument_tekst(konvolut(svar))
        raise TypeError(f"svaret er {type(svar).__name__}, ikke Svartekst eller et lxml-element")

    def fault_tekst(self, f: Fault) -> bytes:
        """The whole answer to a fault, as serialize and create_out_string write it."""
        return self._dokument_tekst(som_fault_konvolut(f, self.maks_meddelelser))

    def _dokument_tekst(self, dokument: etree._Element) -> bytes:
        """A document as spyne's create_out_string writes it (XmlDocument's)."""
        return etree.tostring(dokument, encoding=self.encoding, pretty_print=self.pretty_print,
                              xml_declaration=self.xml_declaration)
