"""A list the XSD leaves unbounded (no maxOccurs above the JDK's 5,000) is limited by the service:
one more than the limit gets a soap:Client fault that names the limit, and nothing else runs."""

from __future__ import annotations

from fravaer.service.kvoter import MAKS_ANSAETTELSER
from tests.e2e.test_konvolut import kontroller_fault
from tests.e2e.test_protocol import envelope, post
from tests.server import med_sikkerhed


def _hent_kvoter(antal: int) -> bytes:
    ansaettelser = "<f:Ansaettelse><f:Tjenestenummer>1</f:Tjenestenummer></f:Ansaettelse>" * antal
    return med_sikkerhed(envelope(f"<f:HentKvoter>{ansaettelser}<f:Dato>2026-07-01</f:Dato></f:HentKvoter>"))


def test_hentkvoter_above_the_limit_gets_f062_naming_the_limit(server):
    krop = _hent_kvoter(MAKS_ANSAETTELSER + 1)
    assert len(krop) < 1024 * 1024  # within the request size limit: the schema lets it through
    status, svar = post(server, krop, sti="/soap/KvoteService")
    assert status == 500 and kontroller_fault(svar, "Client") == ["F062"]
    assert f"højst spørges om {MAKS_ANSAETTELSER} ansættelser".encode() in svar
    assert f"spurgt om {MAKS_ANSAETTELSER + 1}".encode() in svar


def test_hentkvoter_at_a_small_count_passes_the_limit(server):
    """Below the limit the request reaches the rules: an unknown employment is F-coded, not F062."""
    status, svar = post(server, _hent_kvoter(2), sti="/soap/KvoteService")
    assert status == 500 and "F062" not in kontroller_fault(svar, "Client")
