"""The direct path (soap/direct_path.py, issue 13) answers exactly as spyne's own request pipeline:
for the samples, the invalid samples, the hostile corpus and some cases of their own, the same
status, headers and bytes, the same operation name for the latency metric, the same log lines and
the same events for the application's listeners — each request sent through both, in process, on
SQLite with the demo data. Writes are sent only where they are refused (a refusal stores nothing,
so both paths see the same database)."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from fravaer.config import Indstillinger
from fravaer.service.brugere import gem_bruger
from fravaer.soap.direct_path import DirekteVej
from fravaer.soap.wsgi import FravaerApp
from tests.conformance.test_samples_xsd import INVALID_SAMPLES, SERVICE_OF, VALID_SAMPLES

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
KORPUS = Path(__file__).resolve().parents[1] / "fjendtligt"
E = 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1"'
SIKKERHED = (f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>vej</wsse:Username>'
             "<wsse:Password>vej-kodeord</wsse:Password></wsse:UsernameToken></wsse:Security>")
HAENDELSER = ("method_context_created", "method_call", "method_return_object", "method_exception_object",
              "method_return_document", "method_exception_document", "method_return_string",
              "method_exception_string", "method_context_closed")
# what differs between two answers to the same request: a server fault's random reference, and
# the count of failed logins the log line of a wrong password gives
_REFERENCE = re.compile(rb"(Reference |reference )[0-9a-f]{12}|\d+\. fejl")
_LAESENDE = ("Hent", "Laes", "Soeg", "Optael")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.demo import indlaes_demo

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('vej') / 'v.sqlite'}")
    upgrade(engine)
    indlaes_demo(engine)
    gem_bruger(engine, "vej", "vej-kodeord", registrer=["DEMO"], godkend=["DEMO"], administrator=True)
    app = FravaerApp(Indstillinger(login_frie_forsoeg_bruger=10**9, login_frie_forsoeg_adresse=10**9,
                                   scrypt_andel=1.0), engine=engine)
    yield app
    engine.dispose()


def _med_sikkerhed(krop: bytes, sikkerhed: str = SIKKERHED) -> bytes:
    tekst = krop.decode()
    tekst, n = re.subn(r"<(\w+):Header\s*/>", lambda m: f"<{m[1]}:Header>{sikkerhed}</{m[1]}:Header>", tekst,
                       count=1)
    if not n:
        tekst = re.sub(r"<(\w+):Body", lambda m: f"<{m[1]}:Header>{sikkerhed}</{m[1]}:Header><{m[1]}:Body",
                       tekst, count=1)
    return tekst.encode()


def _kald(app, sti: str, krop: bytes, indholdstype: str, spynes: bool, caplog):
    """One request, through the direct path or (spynes) spyne's handle_rpc for every service."""
    gemt = {n: tj.besvar for n, tj in app.tjenester.items()}
    if spynes:
        for tj in app.tjenester.values():
            tj.besvar = tj.wsgi.handle_rpc
    haendelser: list[str] = []
    lyttere = []
    for tj in app.tjenester.values():
        for navn in HAENDELSER:
            def lyt(ctx, navn=navn):
                haendelser.append(navn)
            tj.wsgi.app.event_manager.add_listener(navn, lyt)
            lyttere.append((tj.wsgi.app.event_manager, navn, lyt))
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": sti, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": indholdstype,
               "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
    start: list = []
    caplog.clear()
    try:
        svar = b"".join(app(environ, lambda s, h, *a: start.append((s, h))))
    finally:
        for em, navn, lyt in lyttere:
            em.handlers[navn].discard(lyt)
        for n, tj in app.tjenester.items():
            tj.besvar = gemt[n]
    linjer = [(r.name, r.levelname, _REFERENCE.sub(b"R", r.getMessage().encode()))
              for r in caplog.records]
    return start, _REFERENCE.sub(b"R", svar), environ.get("fravaer.operation"), haendelser, linjer


def _samme(app, caplog, sti: str, krop: bytes, indholdstype: str = "text/xml; charset=utf-8"):
    direkte = _kald(app, sti, krop, indholdstype, False, caplog)
    spyne = _kald(app, sti, krop, indholdstype, True, caplog)
    assert direkte == spyne
    return direkte


def _sti(fil: Path) -> str:
    return f"/soap/{SERVICE_OF.get(fil.stem.split('_')[0], 'FravaerService')}"


@pytest.fixture(autouse=True)
def _logning(caplog):
    caplog.set_level(logging.INFO)


def test_every_service_takes_the_direct_path(app):
    assert all(isinstance(tj.besvar, DirekteVej) for tj in app.tjenester.values())


@pytest.mark.parametrize("fil", [f for f in VALID_SAMPLES if f.stem.startswith(_LAESENDE)],
                         ids=lambda f: f.stem)
def test_a_read_is_answered_alike(app, caplog, fil):
    _, _, operation, haendelser, _ = _samme(app, caplog, _sti(fil), _med_sikkerhed(fil.read_bytes()))
    assert operation == fil.stem.split("_")[0] and "method_call" in haendelser
    _samme(app, caplog, "/soap", _med_sikkerhed(fil.read_bytes()))  # every operation's address


@pytest.mark.parametrize("fil", VALID_SAMPLES, ids=lambda f: f.stem)
def test_a_request_without_credentials_is_refused_alike(app, caplog, fil):
    start, svar, *_ = _samme(app, caplog, _sti(fil), fil.read_bytes())
    assert start[0][0].startswith("500") and b"soap:Client" in svar


@pytest.mark.parametrize("fil", INVALID_SAMPLES, ids=lambda f: f.stem)
def test_a_schema_violation_is_refused_alike(app, caplog, fil):
    _, svar, _, _, linjer = _samme(app, caplog, _sti(fil), _med_sikkerhed(fil.read_bytes()))
    assert b"soap:Client" in svar and linjer


@pytest.mark.parametrize("fil", sorted(KORPUS.glob("*.xml")), ids=lambda f: f.stem)
@pytest.mark.parametrize("indholdstype",
                         ["text/xml; charset=utf-8", "text/xml", 'text/xml; charset="UTF-16"'])
def test_hostile_input_is_refused_alike(app, caplog, fil, indholdstype):
    _samme(app, caplog, "/soap/FravaerService", fil.read_bytes(), indholdstype)


def _konvolut(indhold: str, sikkerhed: str = SIKKERHED) -> bytes:
    return f"<s:Envelope {E}><s:Header>{sikkerhed}</s:Header><s:Body>{indhold}</s:Body></s:Envelope>".encode()


SAERLIGE = {
    "comment before the operation": _konvolut("<!--c--><f:HentAarsagskoder/>"),
    "unknown operation": _konvolut("<f:IkkeEnOperation/>"),
    "another service's operation": _konvolut("<f:HentKvoter><f:Dato>2025-01-01</f:Dato></f:HentKvoter>"),
    "wrong password": _konvolut("<f:HentAarsagskoder/>", SIKKERHED.replace("vej-kodeord", "forkert")),
    "a refused write": _konvolut(
        "<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>X9</f:Tjenestenummer></f:Ansaettelse>"
        "<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>2025-01-02</f:FraDato>"
        "<f:TilDato>2025-01-01</f:TilDato><f:TransaktionsID>00000000-0000-4000-8000-0000000000aa"
        "</f:TransaktionsID></f:OpretHaendelse>"),
    "a year Python cannot hold": _konvolut(
        "<f:HentHaendelser><f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer></f:Ansaettelse>"
        "<f:FraDato>10000-01-01</f:FraDato><f:TilDato>10000-12-31</f:TilDato></f:HentHaendelser>"),
    "an answer built as a tree": _konvolut(
        "<f:HentKvartalsindberetning><f:Institution>DEMO</f:Institution><f:Aar>2025</f:Aar>"
        "<f:Kvartal>1</f:Kvartal></f:HentKvartalsindberetning>"),
    "a must-understand header": _konvolut("<f:HentAarsagskoder/>",
                                          SIKKERHED + '<x:Y xmlns:x="urn:x" s:mustUnderstand="1"/>'),
    "UTF-16": ('<?xml version="1.0" encoding="UTF-16"?>'
               + _konvolut("<f:HentAarsagskoder/>").decode()).encode("utf-16"),
    # the direct path's own reading of ASCII bytes (TjenesteSoap11.direkte_dokument) and what
    # it leaves to create_in_document: a '!', a declaration, whitespace first, a syntax error
    "an exclamation mark in a value": _konvolut(
        "<f:HentHaendelser><f:Ansaettelse><f:Tjenestenummer>hej!</f:Tjenestenummer></f:Ansaettelse>"
        "<f:FraDato>2021-01-01</f:FraDato><f:TilDato>2021-12-31</f:TilDato></f:HentHaendelser>"),
    "an XML declaration": b'<?xml version="1.0"?>' + _konvolut("<f:HentAarsagskoder/>"),
    "whitespace before the envelope": b"\n  " + _konvolut("<f:HentAarsagskoder/>"),
    "a syntax error": _konvolut("<f:HentAarsagskoder>")[:-3],
}


@pytest.mark.parametrize("navn", SAERLIGE)
@pytest.mark.parametrize("sti", ["/soap/FravaerService", "/soap", "/soap/StatistikService"])
def test_the_edge_cases_are_answered_alike(app, caplog, navn, sti):
    for indholdstype in ("text/xml; charset=utf-8", "text/xml", "TEXT/XML; Charset=utf-16"):
        _samme(app, caplog, sti, SAERLIGE[navn], indholdstype)


def test_a_bug_outside_kald_is_a_server_fault_alike(app, caplog):
    """An operation that raises past calls.kald: spyne's Fault('Server'), its CRITICAL log line
    and the S002 of faults.py, on both paths."""
    d = app.tjenester["FravaerService"].wsgi.app.interface.service_method_map["{urn:fravaer:1}HentBoern"][0]
    gammel = d.function

    def fejl(ctx, r):
        raise RuntimeError("en fejl i operationen")

    d.function = fejl
    try:
        _, svar, _, _, linjer = _samme(app, caplog, "/soap/FravaerService", _konvolut(
            "<f:HentBoern><f:Ansaettelse><f:Tjenestenummer>10000001</f:Tjenestenummer></f:Ansaettelse>"
            "</f:HentBoern>"))
    finally:
        d.function = gammel
    assert b"S002" in svar and ("spyne.application.server", "CRITICAL", b"en fejl i operationen") in linjer


def test_a_service_with_listeners_on_spynes_transport_keeps_spynes_path(app):
    tj = app.tjenester["LoenService"]
    def lyt(ctx):
        pass

    tj.wsgi.event_manager.add_listener("wsgi_call", lyt)
    try:
        assert DirekteVej.for_(tj.wsgi) is None
    finally:
        tj.wsgi.event_manager.handlers["wsgi_call"].discard(lyt)
    assert DirekteVej.for_(tj.wsgi) is not None


def test_a_listener_on_the_methods_own_events_hears_them_alike(app, caplog):
    """Listeners on an operation's own event manager (spyne gives each method one, mostly
    without any): the direct path passes over the method's managers only when none has any."""
    tj = app.tjenester["FravaerService"]
    d = tj.wsgi.app.interface.service_method_map["{urn:fravaer:1}HentAarsagskoder"][0]
    egne: list[str] = []
    lyttere = []
    for em in d.event_managers:
        for navn in HAENDELSER:
            def lyt(ctx, navn=navn):
                egne.append(navn)
            em.add_listener(navn, lyt)
            lyttere.append((em, navn, lyt))
    krop = _med_sikkerhed(f"<s:Envelope {E}><s:Body><f:HentAarsagskoder/></s:Body></s:Envelope>".encode())
    try:
        direkte = _kald(app, "/soap/FravaerService", krop, "text/xml; charset=utf-8", False, caplog)
        direkte_egne, egne[:] = list(egne), []
        spyne = _kald(app, "/soap/FravaerService", krop, "text/xml; charset=utf-8", True, caplog)
    finally:
        for em, navn, lyt in lyttere:
            em.handlers[navn].discard(lyt)
    assert direkte == spyne and b"Fault>" not in direkte[1]
    assert direkte_egne == egne
    assert {"method_call", "method_return_object", "method_return_string"} <= set(egne)
