"""Who an HTTP request says it is, for the KMD-compatible endpoint (issue 16): the subject of a TLS
client certificate, passed by a trusted TLS front (nginx) in a configured header, or else HTTP
Basic. Only reading: whether the named user exists and may log in is decided in
service/autentificering.py. A certificate header from an address that is not a trusted proxy is
ignored — anyone can send a header; only the proxy's is believed (docs/SECURITY.md)."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import logging
from dataclasses import dataclass

log = logging.getLogger("fravaer.sikkerhed")
MAKS_SUBJEKT = 500  # the column's width; a longer header is no subject we know


@dataclass(frozen=True)
class Certifikat:
    subjekt: str


@dataclass(frozen=True)
class Basic:
    brugernavn: str
    kodeord: str


class UgyldigLegitimation(ValueError):
    """An Authorization header that is there but not readable HTTP Basic."""


class Legitimationslaeser:
    def __init__(self, certifikat_header: str | None, betroede_proxyer: tuple[str, ...]):
        # WSGI's name of the header: HTTP_ and upper case, '-' as '_'
        self.noegle = ("HTTP_" + certifikat_header.strip().upper().replace("-", "_")
                       if certifikat_header else None)
        self.proxyer = tuple(ipaddress.ip_network(p.strip(), strict=False) for p in betroede_proxyer)

    def betroet(self, adresse: str | None) -> bool:
        try:
            ip = ipaddress.ip_address((adresse or "").strip())
        except ValueError:
            return False
        return any(ip in net for net in self.proxyer)

    def laes(self, environ) -> Certifikat | Basic | None:
        """The request's credentials: the proxy's certificate subject first, then HTTP Basic;
        None when there are none (then the request is refused: never anonymous)."""
        if self.noegle is not None:
            subjekt = (environ.get(self.noegle) or "").strip()
            if subjekt:
                if self.betroet(environ.get("REMOTE_ADDR")):
                    if len(subjekt) <= MAKS_SUBJEKT:
                        return Certifikat(subjekt)
                else:
                    log.warning("certifikat-header fra en ikke-betroet adresse ignoreret: %s",
                                environ.get("REMOTE_ADDR"))
        return basic(environ.get("HTTP_AUTHORIZATION"))


def basic(header: str | None) -> Basic | None:
    if not header:
        return None
    skema, _, vaerdi = header.strip().partition(" ")
    if skema.lower() != "basic":
        raise UgyldigLegitimation("Authorization skal være HTTP Basic")
    try:
        tekst = base64.b64decode(vaerdi.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise UgyldigLegitimation("HTTP Basic-legitimationen er ikke base64 af brugernavn:kodeord") from None
    navn, kolon, kodeord = tekst.partition(":")
    if not kolon or not navn:
        raise UgyldigLegitimation("HTTP Basic-legitimationen er ikke base64 af brugernavn:kodeord")
    return Basic(navn, kodeord)
