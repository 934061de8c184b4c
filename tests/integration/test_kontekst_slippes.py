"""A worker must not keep what a request read and answered (issue 13: worker memory). spyne's
request context is a reference cycle, freed only by the cyclic collector, which a worker runs
rarely; its trees, text and results are let go when spyne closes it (soap/context_release.py).
The services' direct path (soap/direct_path.py) closes its context the same way, and its context
is no cycle: reference counting frees it with the request."""

from __future__ import annotations

import gc
import io
import weakref

from fravaer.config import Indstillinger
from fravaer.service.brugere import gem_bruger
from fravaer.soap.wsgi import FravaerApp

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


def _kald(app, sti: str, indhold: str) -> bytes:
    krop = (f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1">'
            f'<s:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>hukommelse'
            "</wsse:Username><wsse:Password>hukommelse-kodeord</wsse:Password></wsse:UsernameToken>"
            f"</wsse:Security></s:Header><s:Body>{indhold}</s:Body></s:Envelope>").encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": sti, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "CONTENT_TYPE": "text/xml; charset=utf-8",
               "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
    return b"".join(app(environ, lambda s, h, *a: None))


def test_a_closed_request_context_holds_neither_trees_nor_answer(demo_engine):
    gem_bruger(demo_engine, "hukommelse", "hukommelse-kodeord", registrer=["DEMO"])
    app = FravaerApp(Indstillinger(), engine=demo_engine)
    kontekster = []
    for tjeneste in app.tjenester.values():
        tjeneste.wsgi.app.event_manager.add_listener("method_call", kontekster.append)
    svar = _kald(app, "/soap/MedarbejderService",
                 "<f:HentMedarbejdere><f:Institution>DEMO</f:Institution><f:Omraade>Persondata</f:Omraade>"
                 "<f:MaksAntal>2</f:MaksAntal></f:HentMedarbejdere>")
    assert b"Medarbejder>" in svar and b"Fault" not in svar
    [ctx] = kontekster
    assert ctx.is_closed
    assert (ctx.in_document, ctx.in_body_doc, ctx.in_object, ctx.out_object, ctx.out_document,
            ctx.out_body_doc, ctx.out_string) == (None,) * 7


def test_the_direct_paths_context_is_freed_without_the_collector(demo_engine):
    gem_bruger(demo_engine, "hukommelse", "hukommelse-kodeord", registrer=["DEMO"])
    app = FravaerApp(Indstillinger(), engine=demo_engine)
    refs = []
    for tjeneste in app.tjenester.values():
        tjeneste.wsgi.app.event_manager.add_listener("method_call", lambda ctx: refs.append(weakref.ref(ctx)))
    gc.disable()
    try:
        svar = _kald(app, "/soap/FravaerService", "<f:HentAarsagskoder/>")
        assert b"Aarsagskode>" in svar and b"Fault" not in svar
        [ref] = refs
        assert ref() is None
    finally:
        gc.enable()
