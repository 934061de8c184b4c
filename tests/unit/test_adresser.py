"""The served documents' base address (soap/base_address.py; issue 17 item 4): FRAVAER_PUBLIC_URL, else
an allowed Host header, else the address the server listens on — never the raw header."""

from __future__ import annotations

import pytest

from fravaer.config import Indstillinger
from fravaer.soap.base_address import Adresser
from fravaer.soap.wsdl_files import med_adresser, wsdl_fil

LYT = "127.0.0.1:8123"
STANDARD = "http://127.0.0.1:8123"


@pytest.mark.parametrize("host, tilladte, forventet", [
    ("127.0.0.1:8123", (), "http://127.0.0.1:8123"),
    ("localhost:9000", (), "http://localhost:9000"),
    ("LOCALHOST", (), "http://LOCALHOST"),
    ("[::1]:8123", (), "http://[::1]:8123"),
    ("fravaer.kommune.dk", ("fravaer.kommune.dk",), "http://fravaer.kommune.dk"),
    ("Fravaer.Kommune.DK:8443", (" fravaer.kommune.dk ",), "http://Fravaer.Kommune.DK:8443"),
    ("fravaer.kommune.dk", (), STANDARD),                       # not allowed
    ("ond.example", ("fravaer.kommune.dk",), STANDARD),
    ("fravaer.kommune.dk.ond.example", ("fravaer.kommune.dk",), STANDARD),
    ('x"/><wsdl:import location="http://ond.example/"/>', (), STANDARD),  # markup
    ("localhost'&\"", (), STANDARD),                              # quotes
    ("localhost:80/sti", (), STANDARD),                           # a path
    ("localhost:123456", (), STANDARD),                           # not a port
    ("user@localhost", (), STANDARD),
    ("", (), STANDARD),
    (None, (), STANDARD),
])
def test_the_host_header_counts_only_when_allowed_and_well_formed(host, tilladte, forventet):
    a = Adresser(Indstillinger(lytteadresse=LYT, tilladte_vaerter=tilladte))
    environ = {} if host is None else {"HTTP_HOST": host}
    assert a.basis(environ) == forventet


@pytest.mark.parametrize("lyt, host, forventet", [
    ("0.0.0.0:8000", "ond.example", "http://127.0.0.1:8000"),   # a wildcard bind is no address
    ("0.0.0.0:8000", "0.0.0.0:8000", "http://127.0.0.1:8000"),
    ("10.0.0.5:8000", "10.0.0.5:8000", "http://10.0.0.5:8000"),  # the bind address is allowed
    ("10.0.0.5:8000", "ond.example", "http://10.0.0.5:8000"),
    (None, "ond.example", "http://127.0.0.1:8000"),              # no bind given: the default
])
def test_the_fallback_is_the_bind_address(lyt, host, forventet):
    assert Adresser(Indstillinger(lytteadresse=lyt)).basis({"HTTP_HOST": host}) == forventet


def test_the_public_url_wins_and_is_escaped():
    a = Adresser(Indstillinger(public_url='https://fravaer.example.dk/a?b=1&c="2"/',
                               lytteadresse=LYT))
    assert a.basis({"HTTP_HOST": "localhost"}) == "https://fravaer.example.dk/a?b=1&amp;c=&quot;2&quot;"


def test_https_is_kept_for_an_allowed_host():
    a = Adresser(Indstillinger(lytteadresse=LYT))
    assert a.basis({"HTTP_HOST": "localhost", "wsgi.url_scheme": "https"}) == "https://localhost"
    assert a.basis({"HTTP_HOST": "localhost", "wsgi.url_scheme": "<x>"}) == "http://localhost"


def test_the_environment_setting_is_read(monkeypatch):
    monkeypatch.setenv("FRAVAER_TILLADTE_VAERTER", "a.example, b.example ,,")
    assert Indstillinger.fra_miljoe().tilladte_vaerter == ("a.example", "b.example")
    monkeypatch.delenv("FRAVAER_TILLADTE_VAERTER")
    assert Indstillinger.fra_miljoe().tilladte_vaerter == ()


def test_a_served_wsdl_with_an_escaped_public_url_stays_well_formed():
    from lxml import etree

    a = Adresser(Indstillinger(public_url="https://x.example/?a=1&b=2"))
    wsdl = med_adresser(wsdl_fil("KvoteService"), a.basis({}), "/soap/KvoteService")
    adresse = etree.fromstring(wsdl).find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert adresse.get("location") == "https://x.example/?a=1&b=2/soap/KvoteService"
