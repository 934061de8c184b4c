"""The client's address, for the failed-login throttle: the connection's peer, or — when the peer
is a reverse proxy named in FRAVAER_BETROEDE_PROXYER — the address that proxy appended last to
X-Forwarded-For (earlier entries are the client's own word and could be anything)."""

from __future__ import annotations

import ipaddress

NOEGLE = "fravaer.klientadresse"  # where FravaerApp leaves it in the WSGI environ


def klientadresse(environ, betroede_proxyer: frozenset[str]) -> str | None:
    peer = environ.get("REMOTE_ADDR") or None
    if peer is None or peer not in betroede_proxyer:
        return peer
    videre = [a.strip() for a in (environ.get("HTTP_X_FORWARDED_FOR") or "").split(",") if a.strip()]
    if not videre:
        return peer
    try:
        return str(ipaddress.ip_address(videre[-1]))
    except ValueError:  # not an address: the proxy is misconfigured; count the proxy itself
        return peer
