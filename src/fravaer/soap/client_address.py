"""The client's address, for the failed-login throttle: the connection's peer, or — when the peer
is a reverse proxy named in FRAVAER_BETROEDE_PROXYER (addresses or networks, the same setting the
KMD endpoint's certificate header trusts) — the address that proxy appended last to
X-Forwarded-For (earlier entries are the client's own word and could be anything)."""

from __future__ import annotations

import functools
import ipaddress
import re

NOEGLE = "fravaer.klientadresse"  # where FravaerApp leaves it in the WSGI environ
_OKTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OKTET}(?:\.{_OKTET}){{3}}", re.ASCII)  # dotted quad, no leading zeros


def betroede_net(betroede_proxyer) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in betroede_proxyer)


@functools.lru_cache(maxsize=1024)  # the server's own peers: a few proxies, a bounded cache
def _betroet(peer: str, net: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(ip in n for n in net)


def klientadresse(environ, betroede: tuple) -> str | None:
    """`betroede`: the trusted proxies as networks (betroede_net)."""
    peer = environ.get("REMOTE_ADDR") or None
    if peer is None or not betroede or not _betroet(peer, betroede):
        return peer
    videre = [a.strip() for a in (environ.get("HTTP_X_FORWARDED_FOR") or "").split(",") if a.strip()]
    if not videre:
        return peer
    if _IPV4.fullmatch(videre[-1]):  # as ipaddress writes it already (most): not parsed again
        return videre[-1]
    try:
        return str(ipaddress.ip_address(videre[-1]))
    except ValueError:  # not an address: the proxy is misconfigured; count the proxy itself
        return peer
