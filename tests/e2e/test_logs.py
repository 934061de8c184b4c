"""The server's own log (gunicorn's access log and the application's lines) holds no CPR number,
also after requests that carry CPR numbers, fail on them, or fail validation because of them."""

from __future__ import annotations

import pytest
import zeep

from tests.conftest import CPR_MOENSTER


def test_no_cpr_number_reaches_the_server_log(server, klient):
    klient.HentHaendelser(Ansaettelse=[{"CPRNummer": "0101801234", "Loebenummer": 1}],
                          FraDato="2022-01-01", TilDato="2022-01-31")
    with pytest.raises(zeep.exceptions.Fault):
        klient.OpretHaendelse(Ansaettelse={"CPRNummer": "3112991234", "Loebenummer": 7},
                              FastAarsagskode="500", FraDato="2022-01-03", TilDato="2022-01-04")
    with pytest.raises(zeep.exceptions.Fault):
        klient.OpretHaendelse(Ansaettelse={"CPRNummer": "0101801234", "Loebenummer": 1},
                              FastAarsagskode="110", FraDato="2019-01-03", TilDato="2019-01-04")
    import urllib.request
    krop = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1">'
            b"<s:Body><f:OpretHaendelse><f:Ansaettelse><f:CPRNummer>0101801234x</f:CPRNummer>"
            b"</f:Ansaettelse></f:OpretHaendelse></s:Body></s:Envelope>")
    req = urllib.request.Request(f"{server.url}/soap/FravaerService", data=krop, method="POST",
                                 headers={"Content-Type": "text/xml"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(req, timeout=30)
    log = server.logfil.read_text(errors="replace")
    assert "afvist" in log  # the server does log the faults, only without personal data
    fund = [linje for linje in log.splitlines() if CPR_MOENSTER.search(linje)]
    assert not fund, fund
