"""Who an HTTP request says it is (the KMD endpoint): a certificate subject only from a trusted
proxy, else HTTP Basic; never anything from an untrusted address's certificate header."""

from __future__ import annotations

import base64

import pytest

from fravaer.adapters.security.http_auth import (
    Basic,
    Certifikat,
    Legitimationslaeser,
    UgyldigLegitimation,
)

SUBJEKT = "CN=os2ferie,O=Kommune,C=DK"


def _basic(navn: str, kodeord: str) -> str:
    return "Basic " + base64.b64encode(f"{navn}:{kodeord}".encode()).decode()


@pytest.mark.parametrize(
    "adresse, header, auth, forventet",
    [
        ("10.0.0.5", SUBJEKT, None, Certifikat(SUBJEKT)),  # the trusted proxy
        ("10.0.0.9", SUBJEKT, None, Certifikat(SUBJEKT)),  # ... a network of them
        ("192.0.2.1", SUBJEKT, None, None),  # untrusted: ignored
        ("192.0.2.1", SUBJEKT, _basic("a", "b:c"), Basic("a", "b:c")),  # ... Basic still counts
        ("10.0.0.5", "", _basic("a", "b"), Basic("a", "b")),  # no certificate: Basic
        ("10.0.0.5", SUBJEKT, _basic("a", "b"), Certifikat(SUBJEKT)),  # the certificate first
        ("10.0.0.5", "x" * 501, None, None),  # longer than any subject
        (None, SUBJEKT, None, None),
        ("ikke-en-adresse", SUBJEKT, None, None),
        ("10.0.0.5", None, None, None),
    ],
)
def test_laes(adresse, header, auth, forventet):
    laeser = Legitimationslaeser("X-Klientcertifikat", ("10.0.0.5", "10.0.0.8/30"))
    environ = {"REMOTE_ADDR": adresse, "HTTP_X_KLIENTCERTIFIKAT": header, "HTTP_AUTHORIZATION": auth}
    assert laeser.laes({k: v for k, v in environ.items() if v is not None}) == forventet


def test_without_a_configured_header_no_certificate_is_read():
    laeser = Legitimationslaeser(None, ("10.0.0.5",))
    assert laeser.laes({"REMOTE_ADDR": "10.0.0.5", "HTTP_X_KLIENTCERTIFIKAT": SUBJEKT}) is None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer abc",
        "Basic ikke base64!",
        "Basic " + base64.b64encode(b"uden-kolon").decode(),
        "Basic " + base64.b64encode(b":kodeord").decode(),
    ],
)
def test_unreadable_authorization(header):
    with pytest.raises(UgyldigLegitimation):
        Legitimationslaeser(None, ()).laes({"HTTP_AUTHORIZATION": header})
