"""The hostile-input corpus (tests/fjendtligt/cases.toml) against the running server: every case
gets a SOAP fault (or a 4xx), nothing is stored, no file's content leaks, and the server still
answers afterwards."""

from __future__ import annotations

import http.client
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.tables import Base
from tests.server import med_sikkerhed

KORPUS = Path(__file__).resolve().parents[1] / "fjendtligt"
CASES = tomllib.loads((KORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
E = 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1"'
MAKS_SVAR = 64 * 1024  # no answer to a hostile request is bigger than this (unless the case says)


def _lav(navn: str) -> bytes:
    if navn == "dyb":
        return (f"<s:Envelope {E}><s:Body><f:HentAarsagskoder>" + "<f:Type>" * 20_000
                + "</f:Type>" * 20_000 + "</f:HentAarsagskoder></s:Body></s:Envelope>").encode()
    if navn == "stor":
        return (f"<s:Envelope {E}><s:Body><f:HentAarsagskoder><!--" + "x" * (5 * 1024 * 1024)
                + "--></f:HentAarsagskoder></s:Body></s:Envelope>").encode()
    if navn == "lige_over":
        fyld = 1024 * 1024 + 1 - len(f"<s:Envelope {E}><s:Body><f:HentAarsagskoder><!--"
                                     "--></f:HentAarsagskoder></s:Body></s:Envelope>")
        return (f"<s:Envelope {E}><s:Body><f:HentAarsagskoder><!--" + "x" * fyld
                + "--></f:HentAarsagskoder></s:Body></s:Envelope>").encode()
    if navn == "mange_attributter":
        return (f"<s:Envelope {E}><s:Body><f:HentAarsagskoder "
                + " ".join(f'a{i}=""' for i in range(20_000)) + "/></s:Body></s:Envelope>").encode()
    if navn == "ti_tusind_ukendte":
        ansaettelser = "".join(f"<f:Ansaettelse><f:Tjenestenummer>X{i}</f:Tjenestenummer></f:Ansaettelse>"
                               for i in range(10_000))
        return med_sikkerhed(f"<s:Envelope {E}><s:Body><f:HentKvoter>{ansaettelser}<f:Dato>2026-06-01"
                             "</f:Dato></f:HentKvoter></s:Body></s:Envelope>".encode())
    if navn == "gyldig_polstret":  # a valid request, then whitespace to 1.5 MiB
        return med_sikkerhed(f"<s:Envelope {E}><s:Body><f:HentAarsagskoder/></s:Body></s:Envelope>"
                             .encode()) + b" " * (1536 * 1024)
    raise ValueError(navn)


def _raekker(engine) -> dict[str, int]:
    with engine.connect() as c:
        return {t.name: c.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
                if t.name not in ("nonce", "login_spaerring")}  # a wrong password is counted


def _send(server, metode: str, sti: str, krop: bytes | None, content_type: str,
          chunked: bool = False, hoveder: dict[str, str] | None = None):
    """`chunked`: the body with Transfer-Encoding: chunked in pieces of 64 KiB, no Content-Length;
    `content_type` "": no Content-Type header."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        hoved = {"Content-Type": content_type} if krop is not None and content_type else {}
        hoved.update(hoveder or {})
        if chunked:
            hoved["Transfer-Encoding"] = "chunked"
            krop = [krop[i:i + 65536] for i in range(0, len(krop), 65536)]
        conn.request(metode, sti, body=krop, headers=hoved, encode_chunked=chunked)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES, ids=[c["navn"] for c in CASES])
def test_hostile_input_gets_a_fault_and_changes_nothing(server, case):
    engine = make_engine(server.database_url)
    foer = _raekker(engine)
    if "lav" in case:
        krop = _lav(case["lav"])
    elif "fil" in case:
        krop = (KORPUS / case["fil"]).read_bytes()
    else:
        krop = None
    status, svar = _send(server, case.get("metode", "POST"), case.get("sti", "/soap/FravaerService"),
                         krop, case.get("content_type", "text/xml; charset=utf-8"),
                         chunked=case.get("overfoersel") == "chunked", hoveder=case.get("hoveder"))

    assert status == case["status"], svar[:300]
    assert b"root:" not in svar and b"/bin/" not in svar  # nothing of /etc/passwd
    assert len(svar) <= case.get("maks_svar", MAKS_SVAR), f"et svar på {len(svar)} bytes"
    if "koder" in case:
        fault = etree.fromstring(svar).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
        assert fault is not None and fault.findtext("faultcode").endswith(case.get("faultcode", "Client"))
        koder = {k.text for k in fault.iter(f"{{{TNS}}}Kode")}
        assert koder and koder <= set(case["koder"]), koder
    if case.get("som_uden_hoveder"):
        _, uden = _send(server, case["metode"], case["sti"], None, "")
        assert svar == uden
        etree.fromstring(svar)  # well-formed
    assert _raekker(engine) == foer

    # and the server still answers a normal request
    ok, _ = _send(server, "POST", "/soap/FravaerService",
                  med_sikkerhed(f"<s:Envelope {E}><s:Body><f:HentAarsagskoder/></s:Body></s:Envelope>"
                                .encode()), "text/xml; charset=utf-8")
    assert ok == 200
    engine.dispose()
