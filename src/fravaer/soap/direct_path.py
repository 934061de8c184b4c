"""A POST to one of fravaer's services, answered without spyne's request pipeline (issue 13).

spyne stays the service definition, the WSDL's model and the dispatcher: the protocol's own
methods (protocol.TjenesteSoap11) read, judge and split the envelope, authenticate the caller,
find the operation's descriptor and read the request, exactly as under spyne's handle_rpc. What
is left out is spyne's machinery around them, which did nothing for these services: its
MethodContext with transport, protocol and event contexts (a reference cycle: context_release.py),
the request body as a generator, the layers of process_request/call_wrapper, its events without
listeners, and the answer's serialisation through ctx (the answers are written text: svar.py).

The answer is the same bytes with the same status and headers as spyne's: the operation's result
in the envelope (SvarSoap11.svar_tekst), a fault as SvarSoap11 writes it, '500 Internal Server
Error' for every fault (spyne's SOAP 1.1 rule). The listeners on the application's events
(wsgi.py: the operation's name for the latency metric, the log line of a refusal, the release of
the context) get the same events, with a `Kontekst` holding what they and the operations read.
A service whose spyne setup this path does not reproduce (an operation with no reader or several
methods, listeners on spyne's transport or output events) keeps spyne's own path: `DirekteVej.for_`
returns None for it."""

from __future__ import annotations

import cgi
import functools
from typing import Any

from spyne import BODY_STYLE_BARE, Fault
from spyne.application import get_fault_string_from_exception, logger_server
from spyne.const.http import HTTP_200
from spyne.server.wsgi import WsgiApplication, WsgiTransportContext
from spyne.service import ServiceBase

from fravaer.soap.protocol import SvarSoap11, TjenesteSoap11

# where FravaerApp leaves the body it read and checked (wsgi.input holds the same bytes again)
KROP = "fravaer.krop"


class _Transport(WsgiTransportContext):
    """The request as spyne's transport context shows it to the protocol and the listeners
    (req_env, the method, the content type). spyne's __init__ is not run: the request's headers
    it copies, its response headers and its parent are read by nothing here."""

    def __init__(self, req_env: dict):  # spyne's __init__ deliberately not called (see above)
        self.req = self.req_env = req_env


class Kontekst:
    """What the protocol, the operations (calls.py) and the listeners read of one request: the
    attributes of spyne's MethodContext they use, under the same names. No reference cycle:
    reference counting frees it with the request."""

    inprot_ctx = outprot_ctx = None
    in_string: Any = None
    in_document: Any = None
    in_header_doc: Any = None
    in_body_doc: Any = None
    in_header = in_object = in_error = None
    out_object: Any = None
    out_header = out_error = out_document = out_header_doc = out_body_doc = out_string = None
    method_request_string: Any = None
    descriptor: Any = None
    udc: Any = None
    is_closed = False

    def __init__(self, app, transport: _Transport):
        self.app = app
        self.transport = transport

    @property
    def service_class(self):
        return None if self.descriptor is None else self.descriptor.service_class


class DirekteVej:
    """The direct path of one service's WsgiApplication: a WSGI callable for a POST that
    FravaerApp has checked (size, content type) and whose body it holds as a BytesIO."""

    @classmethod
    def for_(cls, wsgi: WsgiApplication) -> DirekteVej | None:
        """The direct path, or None where spyne's own path must answer (see the module)."""
        app = wsgi.app
        ind, ud = app.in_protocol, app.out_protocol
        if not isinstance(ind, TjenesteSoap11) or not isinstance(ud, SvarSoap11) or ind.laesere is None:
            return None
        if any(wsgi.event_manager.handlers.values()) or any(ud.event_manager.handlers.values()):
            return None
        for op in ind.operationer:
            handles = app.interface.service_method_map.get(op, [])
            if len(handles) != 1 or op not in ind.laesere:
                return None
            d = handles[0]
            if (d.body_style is not BODY_STYLE_BARE or not d.no_self or d.no_ctx or d.aux is not None
                    or d.mtom or d.service_class is None
                    or d.service_class.call_wrapper.__func__ is not ServiceBase.call_wrapper.__func__):
                return None
        return cls(wsgi)

    def __init__(self, wsgi: WsgiApplication):
        self.wsgi = wsgi
        self.app = wsgi.app
        self.ind: TjenesteSoap11 = self.app.in_protocol
        self.ud: SvarSoap11 = self.app.out_protocol
        self.handlers = self.app.event_manager.handlers  # event name → ordered set of listeners
        self.headere = lambda laengde: [("Content-Type", self.ud.mime_type), ("Content-Length", str(laengde))]

    def __call__(self, environ, start_response):
        laengde = int(environ.get("CONTENT_LENGTH") or 0)
        if laengde > self.wsgi.max_content_length:  # spyne's refusal, in spyne's words
            return self.wsgi.handle_rpc(environ, start_response)
        ctx = Kontekst(self.app, _Transport(environ))
        data = environ.get(KROP)
        if data is None or len(data) != laengde:  # (not from FravaerApp)
            data = environ["wsgi.input"].read(laengde)
        ctx.in_string = [data]
        if self.handlers.get("method_context_created"):  # (no descriptor yet: the app's only)
            self._fire(ctx, "method_context_created")
        ind = self.ind
        # spyne's generate_contexts: the document, the envelope judged and split (and the body
        # validated), the caller, the operation
        try:
            ind.direkte_dokument(ctx, data, _tegnsaet(environ.get("CONTENT_TYPE")))
            ind.decompose_incoming_envelope(ctx, ind.REQUEST)
            ind.generate_method_contexts(ctx)
            # spyne's get_in_object: the request read by the XSD's table
            ind.deserialize(ctx, ind.REQUEST)
        except Fault as e:
            ctx.in_object = None
            ctx.in_error = ctx.out_error = e
            self._fire(ctx, "method_exception_object")
            return self._fault(ctx, start_response)
        # spyne's process_request and call_wrapper
        descriptor = ctx.descriptor
        # the events without a listener passed over here, without a call each: the method's
        # event managers (spyne gives each method one, mostly without any listener) asked once
        handlers = self.handlers
        egne = False
        for em in descriptor.event_managers:
            if em.handlers:
                egne = True
                break
        try:
            self._fire(ctx, "method_call", egne)
            svar = descriptor.function(ctx, ctx.in_object)
            ctx.out_object = [svar]
            if egne or handlers.get("method_return_object"):
                self._fire(ctx, "method_return_object", egne)
        except Fault as e:
            ctx.out_error = e
            self._fire(ctx, "method_exception_object")
            return self._fault(ctx, start_response)
        except Exception as e:
            logger_server.critical(e, exc_info=1)  # spyne's line (the one its logger lets through)
            ctx.out_error = Fault("Server", get_fault_string_from_exception(e))
            self._fire(ctx, "method_exception_object")
            return self._fault(ctx, start_response)
        try:
            tekst = self.ud.svar_tekst(svar)
        except Exception as e:  # as spyne: a server fault, without the exception's events
            ctx.out_error = Fault("Server", get_fault_string_from_exception(e))
            return self._fault(ctx, start_response)
        if egne or handlers.get("method_return_document"):
            self._fire(ctx, "method_return_document", egne)
        if egne or handlers.get("method_return_string"):
            self._fire(ctx, "method_return_string", egne)
        start_response(HTTP_200, self.headere(len(tekst)))
        self._luk(ctx)
        return [tekst]

    def _fault(self, ctx: Kontekst, start_response):
        """spyne's handle_error: the fault written by SvarSoap11, status by the protocol."""
        tekst = self.ud.fault_tekst(ctx.out_error)
        self._fire(ctx, "method_exception_document")
        self._fire(ctx, "method_exception_string")
        start_response(self.ud.fault_to_http_response_code(ctx.out_error), self.headere(len(tekst)))
        self._luk(ctx)
        return [tekst]

    def _luk(self, ctx: Kontekst) -> None:
        """spyne's MethodContext.close (its listeners: the app's only)."""
        ctx.is_closed = True
        for h in self.handlers.get("method_context_closed", ()):
            h(ctx)

    def _fire(self, ctx: Kontekst, navn: str, egne: bool = True) -> None:
        """spyne's ctx.fire_event: the application's listeners, then the method's (an event
        manager without any listener, the usual, is passed over without a lookup; `egne`
        False: the caller found none with any)."""
        hs = self.handlers.get(navn)
        if hs:
            for h in hs:
                h(ctx)
        if egne and ctx.descriptor is not None:
            for em in ctx.descriptor.event_managers:
                if em.handlers:
                    for h in em.handlers.get(navn, ()):
                        h(ctx)


@functools.lru_cache(maxsize=64)
def _tegnsaet(indholdstype: str | None) -> str | None:
    """The charset parameter of the Content-Type, read as spyne reads it (the same function)."""
    if indholdstype is None:
        return None
    return cgi.parse_header(indholdstype)[1].get("charset", None)
