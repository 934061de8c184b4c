"""The client's address, for the failed-login throttle: the connection's peer, or — when the peer
is a reverse proxy named in FRAVAER_BETROEDE_PROXYER (addresses or networks, the same setting the
KMD endpoint's certificate header trusts) — the address that proxy appended last to
X-Forwarded-For (earlier entries are the client's own word and could be anything)."""

from __future__ import annotations

import ipaddress

NOEGLE = "fravaer.klientadresse"  # where FravaerApp leaves it in the WSGI environ


def betroede_net(betroede_proxyer) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in betroede_proxyer)


def _betroet(peer: str, net: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(ip in n for n in net)


def klientadresse(environ, betroede: tuple) -> str | None:
    """`betroede`: the trusted proxies as networks (betroede_net)."""
    peer = environ.get("REMOTE_ADDR") or None
    if peer is None or not _betroet(peer, betroede):
        return peer
    videre = [a.strip() for a in (environ.get("HTTP_X_FORWARDED_FOR") or "").split(",") if a.strip()]
    if not videre:
        return peer
    try:
        return str(ipaddress.ip_address(videre[-1]))
    except ValueError:  # not an address: the proxy is misconfigured; count the proxy itself
        return peer
