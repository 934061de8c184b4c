"""The WSGI application: the static WSDL (address filled in), the XSD files, and the SOAP services.
Size and content type are checked before spyne sees a byte."""

from __future__ import annotations

import functools
import io
import logging
import re
import sys
import uuid
from urllib.parse import parse_qs

from lxml import etree
from spyne import Application
from spyne.server.wsgi import WsgiApplication
from sqlalchemy import Engine, text

from fravaer.adapters.security.http_auth import Certifikat, Legitimationslaeser, UgyldigLegitimation
from fravaer.bootstrap import byg_tjenester
from fravaer.config import Indstillinger
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import meddelelse
from fravaer.paths import SCHEMA_DIR
from fravaer.service.autentificering import IkkeAutentificeret, glem_udestaaende
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.soap import front_page
from fravaer.soap.base_address import Adresser
from fravaer.soap.client_address import NOEGLE as KLIENTADRESSE
from fravaer.soap.client_address import betroede_net, klientadresse
from fravaer.soap.context_release import slip_konteksten
from fravaer.soap.direct_path import KROP, DirekteVej
from fravaer.soap.faults import MAKS_MEDDELELSER, SOAP_ENV, TNS, fault_dokument
from fravaer.soap.fravaer_service import FravaerService
from fravaer.soap.kmd import BRUGER_NOEGLE, OPERATIONER, kmd_wsdl, kmd_wsgi, med_adresse
from fravaer.soap.kvote_service import KvoteService
from fravaer.soap.loen_service import LoenService
from fravaer.soap.medarbejder_service import MedarbejderService
from fravaer.soap.moedetidsplan_service import MoedetidsplanService
from fravaer.soap.protocol import SvarSoap11, TjenesteSoap11
from fravaer.soap.request_reader import laesere
from fravaer.soap.schemas import skema
from fravaer.soap.statistik_service import StatistikService, Statistiktjenester
from fravaer.soap.wsdl_files import SAMLET, adresse_for, med_adresser, wsdl_fil

log = logging.getLogger("fravaer.soap")
_XSD_NAVN = re.compile(r"^[A-Za-z0-9_]+\.xsd$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def daemp_spyne_logning() -> None:
    """spyne logs whole request bodies (CPR numbers) and client faults with tracebacks."""
    logging.getLogger("spyne").setLevel(logging.CRITICAL)


def undgaa_spynes_gc() -> None:
    """spyne runs a full gc.collect() after a request at most once a second, for file uploads we
    do not take; with SQLAlchemy and the schemas loaded that is a 60 ms pause per second per
    process. Python's own generational collector is left to do its work."""
    import spyne.const

    spyne.const.MIN_GC_INTERVAL = float("inf")


class Tjeneste:
    """One SOAP service: its spyne application, its WSDL file and the operations it accepts."""

    def __init__(self, navn: str, klasse, skemafil: str, use_cases, max_bytes: int, autentificering,
                 maks_meddelelser: int = MAKS_MEDDELELSER):
        self.navn = navn
        self.skemafil = skemafil
        self.operationer = operationer = {f"{{{TNS}}}{op}" for op in klasse.public_methods}
        laes = laesere(skemafil)
        for op in operationer:  # every request reader built now: an XSD it cannot read fails here
            laes.laeser(op)
        app = Application([klasse], tns=TNS, name=navn,
                          in_protocol=TjenesteSoap11(skema(skemafil), operationer, autentificering, laes,
                                                     maks_meddelelser),
                          out_protocol=SvarSoap11(maks_meddelelser, cleanup_namespaces=False))
        app.fravaer_tjenester = {klasse.__name__: use_cases}
        app.event_manager.add_listener("method_exception_object", _log_fejl)
        app.event_manager.add_listener("method_call", _merk_operation)
        app.event_manager.add_listener("method_context_closed", slip_konteksten)
        self.wsgi = WsgiApplication(app, max_content_length=max_bytes)
        # a POST answered without spyne's request pipeline (direct_path.py), unless the service
        # needs spyne's own
        self.besvar = DirekteVej.for_(self.wsgi) or self.wsgi.handle_rpc


_MAKS_LOGKODER = 20


def _merk_operation(ctx) -> None:
    """The operation's name for the latency metric (telemetry.py), which reads it from environ."""
    req_env = getattr(ctx.transport, "req_env", None)
    if req_env is not None and ctx.method_request_string:
        req_env["fravaer.operation"] = ctx.method_request_string.rsplit("}", 1)[-1]


def _log_fejl(ctx) -> None:
    koder = [m.kode for m in getattr(ctx.out_error, "fravaer_meddelelser", []) or []]
    # one line of bounded length, however many messages the fault holds
    vist = ",".join(koder[:_MAKS_LOGKODER]) + (
        f",... ({len(koder)} i alt)" if len(koder) > _MAKS_LOGKODER else "")
    navn = ctx.method_request_string or "?"
    log.info("%s afvist: %s %s", navn.rsplit("}", 1)[-1],
             getattr(ctx.out_error, "faultcode", "?"), vist)


class FravaerApp:
    def __init__(self, indstillinger: Indstillinger, engine: Engine | None = None,
                 katalog: Katalog | None = None):
        daemp_spyne_logning()
        undgaa_spynes_gc()
        self.indstillinger = indstillinger
        self.adresser = Adresser(indstillinger)
        uc = byg_tjenester(indstillinger, engine, katalog)  # the wiring lives in fravaer/bootstrap.py
        self.engine = uc.engine
        self.haendelser = uc.haendelser
        maks, auth, n = indstillinger.max_request_bytes, uc.autentificering, indstillinger.maks_meddelelser
        self._betroede_proxyer = betroede_net(indstillinger.betroede_proxyer)
        self.tjenester = {
            "FravaerService": Tjeneste("FravaerService", FravaerService, "FravaerService.xsd",
                                       uc.haendelser,
                                       max(maks, indstillinger.max_masse_request_bytes), auth, n),
            "MoedetidsplanService": Tjeneste("MoedetidsplanService", MoedetidsplanService,
                                             "MoedetidsplanService.xsd", uc.moedetider, maks, auth, n),
            "KvoteService": Tjeneste("KvoteService", KvoteService, "KvoteService.xsd", uc.kvoter, maks,
                                     auth, n),
            "MedarbejderService": Tjeneste("MedarbejderService", MedarbejderService,
                                           "MedarbejderService.xsd", uc.medarbejdere, maks, auth, n),
            "LoenService": Tjeneste("LoenService", LoenService, "LoenService.xsd", uc.loen, maks, auth, n),
            "StatistikService": Tjeneste("StatistikService", StatistikService, "StatistikService.xsd",
                                         Statistiktjenester(uc.indberetning, uc.statistik), maks, auth, n),
        }
        # /soap answers every operation: the aggregate WSDL puts every binding there, for
        # generators (gSOAP) that merge the bindings of one namespace into one default address
        self.tjeneste_for_operation = {op: tj for tj in self.tjenester.values() for op in tj.operationer}
        # a service's own path, as sent (no trailing slash): __call__'s shortcut for a POST
        self._tjeneste_for_sti = {f"/soap/{navn}": tj for navn, tj in self.tjenester.items()}
        self._maks = indstillinger.max_request_bytes
        self._masse = max(self._maks, indstillinger.max_masse_request_bytes)
        # KMD's VACAB operations in KMD's own shape (issue 16): soap/kmd.py
        self.autentificering = auth
        self.kmd = kmd_wsgi(uc.kmd, indstillinger.max_request_bytes)
        self.legitimation = Legitimationslaeser(indstillinger.certifikat_header,
                                                indstillinger.betroede_proxyer)

    def basis_url(self, environ) -> str:
        return self.adresser.basis(environ)

    def __call__(self, environ, start_response):
        sti = environ.get("PATH_INFO", "")
        metode = environ.get("REQUEST_METHOD", "GET")
        tjeneste = self._tjeneste_for_sti.get(sti)
        if tjeneste is not None and metode == "POST":  # (most requests) as below, without the search
            return self._post(tjeneste, environ, start_response)
        sti = sti.rstrip("/") or "/"
        if sti in ("/soap/kmd", _SAP_PI) or sti.startswith("/soap/kmd/"):
            return self._kmd(environ, start_response, sti, metode)
        if sti == "/soap" or sti.startswith("/soap/"):
            samlet = sti == "/soap"  # every operation of every service
            tjeneste = None if samlet else self.tjenester.get(sti[len("/soap/"):])
            if tjeneste is None and not samlet:
                return _svar(start_response, "404 Not Found", b"ukendt tjeneste\n")
            if metode == "GET" and "wsdl" in {k.lower() for k in parse_qs(
                    environ.get("QUERY_STRING", ""), keep_blank_values=True)}:
                return self._wsdl(start_response, SAMLET if samlet or tjeneste is None else tjeneste.navn,
                                  environ)
            if metode != "POST":
                return _fault(start_response, "405 Method Not Allowed", "Client", "X006")
            return self._post(tjeneste, environ, start_response)
        if sti.startswith("/wsdl/") and metode == "GET" and sti.endswith(".wsdl"):
            return self._wsdl(start_response, sti[len("/wsdl/"):-len(".wsdl")], environ)
        if sti.startswith("/schemas/") and metode == "GET":
            navn = sti[len("/schemas/"):]
            if _XSD_NAVN.match(navn) and (SCHEMA_DIR / navn).is_file():
                return _svar(start_response, "200 OK", (SCHEMA_DIR / navn).read_bytes(),
                             "text/xml; charset=utf-8")
            return _svar(start_response, "404 Not Found", b"ukendt skema\n")
        if sti == "/sundhed":
            return self._sundhed(start_response)
        if sti in ("/health", "/ready", "/metrics", "/") or sti.startswith("/samples/"):
            return self._drift(sti, environ, start_response)
        return _svar(start_response, "404 Not Found", b"findes ikke\n")

    def _post(self, tjeneste: Tjeneste | None, environ, start_response):
        """A POST to /soap/<service> (`tjeneste`) or to /soap (None: the body's operation names it)."""
        # the larger body limit only where MasseindberetHaendelser is served
        masse_tilladt = tjeneste is None or tjeneste.navn == "FravaerService"
        afvisning = self._tjek_anmodning(environ, start_response, masse_tilladt)
        if afvisning is not None:
            return afvisning
        if tjeneste is None:
            tjeneste = self._tjeneste_for_anmodning(environ)
        environ[KLIENTADRESSE] = klientadresse(environ, self._betroede_proxyer)
        try:
            # a POST is an RPC: spyne's own entry point would first rebuild the request's URL
            # (only a WSDL request uses it, and those are answered before)
            return tjeneste.besvar(environ, start_response)
        except Exception:  # a bug, not the caller's fault: still a SOAP fault, not HTML
            reference = uuid.uuid4().hex[:12]
            log.exception("uventet fejl uden for operationen, reference %s", reference)
            return _fault(start_response, "500 Internal Server Error", "Server", "S002",
                          exc_info=sys.exc_info(), reference=reference)
        finally:
            # a login from the process's copy whose check never ran (the request failed after
            # the login, before its work: an unreadable value, a bug) ends with the request;
            # left in the thread's context it would be any later unit of work's first statement
            glem_udestaaende()

    def _wsdl(self, start_response, navn: str, environ):
        wsdl = wsdl_fil(navn)
        if wsdl is None:
            return _svar(start_response, "404 Not Found", b"ukendt wsdl\n")
        return _svar(start_response, "200 OK", med_adresser(wsdl, self.basis_url(environ), adresse_for(navn)),
                     "text/xml; charset=utf-8")

    def _kmd(self, environ, start_response, sti: str, metode: str):
        """KMD's paths: /soap/kmd/<Operation> and SAP PI's /XISOAPAdapter/MessageServlet?…
        interface=<Operation>… (the operation itself is read from the body, as KMD's share one
        soapAction; the path names only the WSDL)."""
        sporg = {k.lower(): v for k, v in parse_qs(environ.get("QUERY_STRING", ""),
                                                    keep_blank_values=True).items()}
        operation = sti[len("/soap/kmd/"):] if sti.startswith("/soap/kmd/") else (
            (sporg.get("interface") or [""])[0])
        if operation and operation not in OPERATIONER:
            return _svar(start_response, "404 Not Found", b"ukendt KMD-operation\n")
        if metode == "GET" and "wsdl" in sporg:
            if not operation or (wsdl := kmd_wsdl(operation)) is None:
                return _svar(start_response, "404 Not Found", b"ukendt KMD-operation\n")
            adresse = f"{self.basis_url(environ)}/soap/kmd/{operation}"
            return _svar(start_response, "200 OK", med_adresse(wsdl, adresse),
                         "text/xml; charset=utf-8")
        if metode != "POST":
            return _fault(start_response, "405 Method Not Allowed", "Client", "X006")
        afvisning = self._tjek_anmodning(environ, start_response, masse_tilladt=False)
        if afvisning is not None:
            return afvisning
        bruger, afvisning = self._kmd_bruger(environ, start_response)
        if afvisning is not None:
            return afvisning
        environ[BRUGER_NOEGLE] = bruger
        try:
            return self.kmd(environ, start_response)
        except Exception:
            reference = uuid.uuid4().hex[:12]
            log.exception("uventet fejl uden for operationen, reference %s", reference)
            return _fault(start_response, "500 Internal Server Error", "Server", "S002",
                          exc_info=sys.exc_info(), reference=reference)

    def _kmd_bruger(self, environ, start_response):
        """The caller of a KMD request: a client certificate passed by a trusted proxy, else HTTP
        Basic; never anonymous (docs/SECURITY.md). (user, None) or (None, the refusal)."""
        try:
            legitimation = self.legitimation.laes(environ)
        except UgyldigLegitimation as e:
            return None, self._ikke_logget_ind(environ, start_response,
                                               meddelelse("W006", "Authorization", fejl=str(e)))
        if legitimation is None:
            return None, self._ikke_logget_ind(environ, start_response, meddelelse("F187"))
        try:
            if isinstance(legitimation, Certifikat):
                return self.autentificering.autentificer_certifikat(legitimation.subjekt), None
            return self.autentificering.autentificer_basic(
                legitimation.brugernavn, legitimation.kodeord,
                klientadresse(environ, self._betroede_proxyer)), None
        except IkkeAutentificeret as e:
            return None, self._ikke_logget_ind(environ, start_response, e.meddelelse)
        except LagerUtilgaengeligt:
            return None, _fault(start_response, "500 Internal Server Error", "Server", "S001")

    @staticmethod
    def _ikke_logget_ind(environ, start_response, m):
        """401 with a SOAP fault naming why, and the Basic challenge (a client that sends no
        credentials until asked then sends them)."""
        try:
            _draen(environ["wsgi.input"], int(environ.get("CONTENT_LENGTH") or 0))
        except ValueError:
            pass
        krop = fault_dokument("Client", [m])
        start_response("401 Unauthorized", [("Content-Type", "text/xml; charset=utf-8"),
                                            ("Content-Length", str(len(krop))),
                                            ("WWW-Authenticate", 'Basic realm="fravaer", charset="UTF-8"')])
        return [krop]

    def _tjeneste_for_anmodning(self, environ) -> Tjeneste:
        """The service whose operation the body holds (a request for /soap), read once here; a
        body that names none goes to FravaerService, whose protocol answers it with the fault."""
        krop = _laes_hoejst(environ["wsgi.input"], int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(krop)
        return self.tjeneste_for_operation.get(_operation(krop) or "", self.tjenester["FravaerService"])

    def _tjek_anmodning(self, environ, start_response, masse_tilladt: bool = True):
        """Read the body (so that nothing after this waits on the client) and check its size:
        at most max_request_bytes, or max_masse_request_bytes for MasseindberetHaendelser
        (issue 15) — a body above the first is read on (up to the second) only when its
        operation is that one. The limit is held to what is received, whatever the declared
        length or the chunking (issue 17 item 8; see _modtaget); a body that does not arrive within the
        server's deadline gets 408 (S003)."""
        maks = self._maks
        masse = self._masse if masse_tilladt else maks
        indgang = environ["wsgi.input"]
        laengde: int | None
        try:
            laengde = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            laengde = -1
        laengde = laengde if laengde >= 0 else None  # None: chunked, no length to check
        try:
            if laengde is not None and laengde > masse:  # too large whatever it holds
                foerste = _laes_hoejst(indgang, 4096)  # only to name the limit in the fault
                _draen(indgang, laengde - len(foerste))
                return _for_stor(start_response, masse if _er_masse(foerste) else maks)
            if laengde is not None and 0 < laengde <= min(maks, _STYKKE):
                # (most bodies) _laes_hoejst's first read, its loop only if the body ended early
                krop = indgang.read(laengde)
                if krop and len(krop) < laengde:
                    krop += _laes_hoejst(indgang, laengde - len(krop), graense=laengde)
            else:
                krop = _laes_hoejst(indgang, maks + 1 if laengde is None else min(laengde, maks + 1))
            if len(krop) > maks or _modtaget(indgang, krop) > maks:
                if masse <= maks or not _er_masse(krop):
                    _draen(indgang, _MAKS_DRAEN if laengde is None else laengde - len(krop))
                    return _for_stor(start_response, maks)
                krop += _laes_hoejst(indgang, (masse + 1 if laengde is None else laengde) - len(krop),
                                     graense=masse)
                if len(krop) > masse or _modtaget(indgang, krop) > masse:
                    _draen(indgang, _MAKS_DRAEN)
                    return _for_stor(start_response, masse)
        except TimeoutError:  # the server's body deadline (server.py); the connection closes
            log.info("anmodningens krop kom ikke inden fristen")
            return _fault(start_response, "408 Request Timeout", "Client", "S003",
                          sekunder=f"{self.indstillinger.body_frist:g}")
        environ["wsgi.input"] = io.BytesIO(krop)
        environ["CONTENT_LENGTH"] = str(len(krop))
        environ[KROP] = krop  # (the direct path takes it from here, not by reading it again)
        if not _er_xml(environ.get("CONTENT_TYPE") or ""):
            return _fault(start_response, "415 Unsupported Media Type", "Client", "X006")
        return None

    def _drift(self, sti: str, environ, start_response):
        """Liveness, readiness, metrics, the front page and its samples."""
        if sti == "/health":  # the process answers: nothing else is asked
            return _svar(start_response, "200 OK", b"ok\n")
        if sti == "/ready":  # the database answers and holds the newest schema
            fejl = self._klar()
            return _svar(start_response, "503 Service Unavailable" if fejl else "200 OK",
                         (fejl or "klar").encode() + b"\n")
        if sti == "/metrics":
            from fravaer.telemetry import metrics_svar, pool_status

            pool_status(self.engine)
            krop, typ = metrics_svar()
            return _svar(start_response, "200 OK", krop, typ)
        if sti.startswith("/samples/"):
            fil = front_page.proeve_fil(sti[len("/samples/"):])
            if fil is None:
                return _svar(start_response, "404 Not Found", b"ukendt eksempel\n")
            return _svar(start_response, "200 OK", fil.read_bytes(), "text/xml; charset=utf-8")
        krop = front_page.side(self.basis_url(environ),
                            {n: (tj.skemafil, {o.rsplit("}", 1)[-1] for o in tj.operationer})
                             for n, tj in self.tjenester.items()},
                            adresse_for(SAMLET), self._klar() is None, OPERATIONER)
        return _svar(start_response, "200 OK", krop, "text/html; charset=utf-8")

    def _klar(self) -> str | None:
        """None when ready, else why not (one short line)."""
        try:
            with self.engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:
            return "databasen svarer ikke"
        if version != _nyeste_revision():
            return f"databasen er ikke migreret til nyeste version ({version})"
        return None

    def _sundhed(self, start_response):
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            return _svar(start_response, "503 Service Unavailable", b"databasen svarer ikke\n")
        return _svar(start_response, "200 OK", b"ok\n")


_MAKS_DRAEN = 8 * 1024 * 1024
_SAP_PI = "/XISOAPAdapter/MessageServlet"  # KMD's SAP PI path (issue 16)


@functools.cache
def _nyeste_revision() -> str | None:
    from fravaer.adapters.db.migrate import head_revision

    return head_revision()


def _draen(indgang, laengde: int) -> None:
    """Read (and drop) a refused body of moderate size, so that the client, still sending, gets
    to read our fault instead of a reset connection. Larger bodies are cut off, and so is one
    that stops coming (the server's deadline)."""
    rest = min(laengde, _MAKS_DRAEN)
    start = getattr(indgang, "modtaget_bytes", 0)
    try:
        while rest > 0 and getattr(indgang, "modtaget_bytes", 0) - start <= _MAKS_DRAEN:
            stykke = indgang.read(min(rest, 16384))
            if not stykke:
                break
            rest -= len(stykke)
    except TimeoutError:
        pass


def _for_stor(start_response, maks: int):
    return _fault(start_response, "413 Request Entity Too Large", "Client", "X004", maks=maks)


def _modtaget(indgang, krop: bytes) -> int:
    """The body's size as the limit counts it: `fravaer serve`'s reader adds a cost per chunk
    of a chunked body (server.py); other servers' readers give what was read."""
    return getattr(indgang, "modtaget_bytes", len(krop))


_MASSE = f"{{{TNS}}}MasseindberetHaendelser"
_SOAP_BODY = f"{{{SOAP_ENV}}}Body"


def _er_masse(krop: bytes) -> bool:
    """Is the body's operation MasseindberetHaendelser? (This decides only which size limit
    applies.)"""
    return _operation(krop) == _MASSE


_HELT_LAEST = 16 * 1024  # bytes: up to this a whole parse costs less than iterparse's start


def _operation(krop: bytes) -> str | None:
    """The tag of the Body's first element. A large body is read only up to it: the protocol
    parses and judges the whole body once, afterwards (a mass registration's megabytes were
    parsed twice: 34 ms for 1 MB, now 0.4 ms)."""
    if len(krop) <= _HELT_LAEST:
        try:
            body = etree.fromstring(krop, _PARSER).find(_SOAP_BODY)
            return next((e.tag for e in body if isinstance(e.tag, str)), None)
        except Exception:  # not XML, no Body, an unreadable encoding: the protocol says which
            return None
    i_body = False
    try:
        for _, e in etree.iterparse(io.BytesIO(krop), events=("start",), resolve_entities=False,
                                    no_network=True, load_dtd=False, huge_tree=False):
            if i_body:
                return e.tag
            i_body = e.tag == _SOAP_BODY
    except Exception:  # not XML, an unreadable encoding: the protocol says which
        pass
    return None


@functools.lru_cache(maxsize=64)  # the content types clients send (a few): judged once each
def _er_xml(indholdstype: str) -> bool:
    return indholdstype.split(";")[0].strip().lower() == "text/xml"


_STYKKE = 16384  # bytes: what _laes_hoejst reads at a time


def _laes_hoejst(indgang, n: int, graense: int | None = None) -> bytes:
    """At most `n` more bytes of the body: fewer if it ends first, or once the body counts
    more than `graense` bytes (default `n`; see _modtaget)."""
    graense = n if graense is None else graense
    dele: list[bytes] = []
    while n > 0 and getattr(indgang, "modtaget_bytes", 0) <= graense:
        stykke = indgang.read(min(n, _STYKKE))
        if not stykke:
            break
        dele.append(stykke)
        n -= len(stykke)
    return b"".join(dele)


def _svar(start_response, status: str, krop: bytes, typ: str = "text/plain; charset=utf-8",
          exc_info=None):
    start_response(status, [("Content-Type", typ), ("Content-Length", str(len(krop)))], exc_info)
    return [krop]


def _fault(start_response, status: str, kode: str, meddelelseskode: str, exc_info=None, **vaerdier):
    krop = fault_dokument(kode, [meddelelse(meddelelseskode, **vaerdier)])
    return _svar(start_response, status, krop, "text/xml; charset=utf-8", exc_info)
