"""The body limit held whatever the chunking (issue 17 item 8): `_tjek_anmodning` against a body
reader that, like `fravaer serve`'s (server.py), counts each chunk of a chunked body 128 bytes
besides its data."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from fravaer.adapters.db.engine import make_engine
from fravaer.config import Indstillinger
from fravaer.server import _PR_STYKKE
from fravaer.soap.wsgi import FravaerApp

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
MIB = 1024 * 1024
PR_STYKKE = _PR_STYKKE


class Krop:
    """A body as the server hands it over: in chunks of `stykke` bytes (None: with a length);
    `frist_efter`: bytes after which the read deadline runs out."""

    def __init__(self, data: bytes, stykke: int | None = None, frist_efter: int | None = None):
        self._data = io.BytesIO(data)
        self._stykke = stykke
        self._frist_efter = frist_efter
        self.laest = 0

    @property
    def modtaget_bytes(self) -> int:
        stykker = -(-self.laest // self._stykke) if self._stykke else 0
        return self.laest + PR_STYKKE * stykker

    def read(self, n: int = -1) -> bytes:
        if self._frist_efter is not None:  # the rest comes too slowly
            if self.laest >= self._frist_efter:
                raise TimeoutError("kroppen kom ikke inden fristen")
            n = min(n, self._frist_efter - self.laest) if n >= 0 else self._frist_efter - self.laest
        stykke = self._data.read(n)
        self.laest += len(stykke)
        return stykke


@pytest.fixture(scope="module")
def app():
    return FravaerApp(Indstillinger(), engine=make_engine("sqlite://"))


def _tjek(app, krop: Krop, sti_masse: bool = True, laengde: int | None = None):
    env = {"wsgi.input": krop, "CONTENT_TYPE": "text/xml; charset=utf-8"}
    if laengde is not None:
        env["CONTENT_LENGTH"] = str(laengde)
    status = []
    svar = app._tjek_anmodning(env, lambda s, h, exc_info=None: status.append(s), sti_masse)
    return (status[0] if status else None), (b"".join(svar) if svar else None), env


def _kode(svar: bytes) -> list[str]:
    return [e.text for e in etree.fromstring(svar).iter(f"{{{TNS}}}Kode")]


def _envelope(operation: str, fyld: int) -> bytes:
    return (f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:f="{TNS}"><s:Body><f:{operation}><!--'
            + "x" * fyld + f"--></f:{operation}></s:Body></s:Envelope>").encode()


def test_one_byte_chunks_are_refused_after_little_data(app):
    krop = Krop(_envelope("HentAarsagskoder", 1_100_000), stykke=1)
    status, svar, _ = _tjek(app, krop)
    assert status.startswith("413") and _kode(svar) == ["X004"]
    # each chunk counts 129 bytes: over the limit after 8 KiB, seen after the first piece read;
    # the drain (so the client can read the fault) stops at 8 MiB counted: 65,000 chunks
    assert krop.laest <= 16384 + 8 * MIB // (PR_STYKKE + 1) + 16384, krop.laest


@pytest.mark.parametrize("stykke", [None, 4096])
def test_a_body_within_the_limit_is_read_whole(app, stykke):
    data = _envelope("HentAarsagskoder", MIB - 64 * 1024)
    status, _, env = _tjek(app, Krop(data, stykke=stykke), laengde=None if stykke else len(data))
    assert status is None and env["wsgi.input"].read() == data and env["CONTENT_LENGTH"] == str(len(data))


def test_chunks_count_toward_the_limit(app):
    data = _envelope("HentAarsagskoder", MIB - 4096)  # within 1 MiB, not with 256 chunks' cost
    status, svar, _ = _tjek(app, Krop(data))
    assert status is None
    status, svar, _ = _tjek(app, Krop(data, stykke=4096))
    assert status.startswith("413") and _kode(svar) == ["X004"]


def test_a_chunked_mass_registration_reads_on_to_its_own_limit(app):
    data = _envelope("MasseindberetHaendelser", 3 * MIB)
    status, _, env = _tjek(app, Krop(data, stykke=65536))
    assert status is None and env["wsgi.input"].read() == data
    # not where it is not served
    status, svar, _ = _tjek(app, Krop(data, stykke=65536), sti_masse=False)
    assert status.startswith("413") and _kode(svar) == ["X004"]


@pytest.mark.parametrize("laengde", [None, 5000])
def test_a_body_past_the_read_deadline_gets_408_s003(app, laengde):
    data = _envelope("HentAarsagskoder", 5000 - 150)
    status, svar, _ = _tjek(app, Krop(data, frist_efter=100), laengde=laengde)
    assert status.startswith("408") and _kode(svar) == ["S003"]
    assert b"<faultcode>soap:Client</faultcode>" in svar and b"60 sekunder" in svar


class StykvisKrop(Krop):
    """A body with a length whose reader hands over at most `hoejst` bytes a read (a socket's)."""

    def __init__(self, data: bytes, hoejst: int):
        super().__init__(data)
        self._hoejst = hoejst
        self.laesninger = 0

    def read(self, n: int = -1) -> bytes:
        self.laesninger += 1
        return super().read(min(n, self._hoejst) if n >= 0 else self._hoejst)


@pytest.mark.parametrize("hoejst", [1, 100, 700, 100_000])
def test_a_small_body_read_short_is_read_on_to_its_length(app, hoejst):
    """The one read of a small body with a length (_tjek_anmodning's shortcut) reads on as
    _laes_hoejst does when the reader gives less; the body is left for the direct path."""
    data = _envelope("HentAarsagskoder", 500)
    krop = StykvisKrop(data, hoejst)
    status, _, env = _tjek(app, krop, laengde=len(data))
    assert status is None and env["wsgi.input"].read() == data and env["fravaer.krop"] == data
    assert krop.laesninger == -(-len(data) // hoejst)  # no read past the length


def test_a_body_shorter_than_its_length_is_what_came(app):
    data = _envelope("HentAarsagskoder", 500)
    for krop in (Krop(data), StykvisKrop(data, 100)):
        status, _, env = _tjek(app, krop, laengde=len(data) + 300)
        assert status is None and env["wsgi.input"].read() == data and env["CONTENT_LENGTH"] == str(len(data))
