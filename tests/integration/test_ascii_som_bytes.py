"""ASCII bytes named UTF-8 or ASCII are parsed as they are, not decoded first (protocol.py,
issue 13): every answer — with or without an XML declaration, a declared encoding, a DOCTYPE,
other charsets, bytes that are not ASCII — is the one the decoded reading gives."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from fravaer.config import Indstillinger
from fravaer.service.brugere import gem_bruger
from fravaer.soap import protocol
from fravaer.soap.protocol import TjenesteSoap11
from fravaer.soap.wsgi import FravaerApp

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
KONVOLUT = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1">'
            f'<s:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
            "<wsse:Username>asc</wsse:Username><wsse:Password>asc-kodeord</wsse:Password>"
            "</wsse:UsernameToken></wsse:Security></s:Header><s:Body>"
            "<f:HentHaendelser><f:Ansaettelse><f:Tjenestenummer>{tjnr}</f:Tjenestenummer></f:Ansaettelse>"
            "<f:FraDato>2021-01-01</f:FraDato><f:TilDato>2021-12-31</f:TilDato></f:HentHaendelser>"
            "</s:Body></s:Envelope>")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.service.demo import indlaes_demo

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('asc') / 'a.sqlite'}")
    upgrade(engine)
    indlaes_demo(engine)
    gem_bruger(engine, "asc", "asc-kodeord", registrer=["DEMO"])
    yield FravaerApp(Indstillinger(login_frie_forsoeg_bruger=10**9, login_frie_forsoeg_adresse=10**9,
                                   scrypt_andel=1.0), engine=engine)
    engine.dispose()


def _kald(app, krop: bytes, indholdstype: str):
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/soap/FravaerService", "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "CONTENT_TYPE": indholdstype,
               "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
    start: list = []
    svar = b"".join(app(environ, lambda s, h, *a: start.append((s, h))))
    return start, svar


_KROP = KONVOLUT.format(tjnr="10000001").encode()
KROPPE = {
    "plain": _KROP,
    "declaration": b'<?xml version="1.0"?>' + _KROP,
    "declared UTF-8": b'<?xml version="1.0" encoding="UTF-8"?>\n' + _KROP,
    "declared ISO-8859-1": b"<?xml version='1.0' encoding='ISO-8859-1'?>" + _KROP,
    "declared UTF-16": b'<?xml version="1.0" encoding="UTF-16"?>' + _KROP,
    "standalone": b'<?xml version="1.0" standalone="yes"?>' + _KROP,
    "space before the declaration": b' <?xml version="1.0"?>' + _KROP,
    "declaration and DOCTYPE": b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE s:Envelope>' + _KROP,
    "comment first": b"<!-- c -->" + _KROP,
    "not well-formed": _KROP[:-5],
    "UTF-8, not ASCII": KONVOLUT.format(tjnr="1000000\u00e6").encode(),
    "not UTF-8": KONVOLUT.format(tjnr="1000000\u00e6").encode("latin-1"),
    "BOM": b"\xef\xbb\xbf" + _KROP,
}


@pytest.mark.parametrize("navn", KROPPE)
@pytest.mark.parametrize("indholdstype", ["text/xml; charset=utf-8", "text/xml; charset=US-ASCII", "text/xml",
                                          "text/xml; charset=utf-16", "text/xml; charset=latin-1"])
def test_an_answer_is_the_decoded_readings(app, monkeypatch, navn, indholdstype):
    krop = KROPPE[navn]
    som_bytes = _kald(app, krop, indholdstype)
    monkeypatch.setattr(TjenesteSoap11, "ascii_som_bytes", False)
    assert som_bytes == _kald(app, krop, indholdstype)


def test_ascii_bytes_are_parsed_as_bytes(app, monkeypatch):
    """(Else the test above compares the decoded reading with itself.)"""
    laest: list = []
    fromstring = etree.fromstring

    def spion(tekst, *args, **kwargs):
        laest.append(type(tekst))
        return fromstring(tekst, *args, **kwargs)

    monkeypatch.setattr(protocol.etree, "fromstring", spion)
    start, svar = _kald(app, _KROP, "text/xml; charset=utf-8")
    assert start[0][0].startswith("200") and b"HentHaendelserSvar" in svar
    _kald(app, KROPPE["UTF-8, not ASCII"], "text/xml; charset=utf-8")
    _kald(app, _KROP, "text/xml; charset=latin-1")
    assert laest == [bytes, str, str]
