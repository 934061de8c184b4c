"""Settings from the environment (and the CLI's options, which override them)."""

from __future__ import annotations

import os
from dataclasses import dataclass

STANDARD_DATABASE = "sqlite:///fravaer.sqlite"


@dataclass(frozen=True)
class Indstillinger:
    database_url: str = STANDARD_DATABASE
    max_request_bytes: int = 1024 * 1024  # 1 MiB: far above any real request
    # MasseindberetHaendelser only (issue 15): 10,000 registrations of up to ~3 KiB each
    max_masse_request_bytes: int = 32 * 1024 * 1024
    public_url: str | None = None  # e.g. https://fravaer.example.dk when behind a proxy
    # host names (besides the loopback names and the bind address) whose Host header may name the
    # served WSDLs' address when public_url is unset (issue 17 item 4; docs/SECURITY.md)
    tilladte_vaerter: tuple[str, ...] = ()
    lytteadresse: str | None = None  # host:port the server binds (set by `fravaer serve`)
    wsse_vindue_sekunder: int = 300  # how far wsu:Created may be from the server's clock
    # key figures of a group of fewer employees are suppressed (docs/STATISTIK.md; issue 14 item 7)
    statistik_mindste_gruppe: int = 5
    # the KMD endpoint (issue 16; docs/SECURITY.md): the request header in which the TLS front
    # passes the client certificate's subject, and the addresses (IPs or networks) of the proxies
    # trusted to set it; from any other address the header is ignored
    certifikat_header: str | None = None
    betroede_proxyer: tuple[str, ...] = ()

    @classmethod
    def fra_miljoe(cls, **overstyr) -> Indstillinger:
        v = dict(
            database_url=os.environ.get("FRAVAER_DATABASE_URL") or STANDARD_DATABASE,
            max_request_bytes=int(os.environ.get("FRAVAER_MAX_REQUEST_BYTES") or 1024 * 1024),
            max_masse_request_bytes=int(os.environ.get("FRAVAER_MAX_MASSE_REQUEST_BYTES")
                                        or 32 * 1024 * 1024),
            public_url=os.environ.get("FRAVAER_PUBLIC_URL") or None,
            tilladte_vaerter=tuple(v.strip() for v in
                                   (os.environ.get("FRAVAER_TILLADTE_VAERTER") or "").split(",")
                                   if v.strip()),
            wsse_vindue_sekunder=int(os.environ.get("FRAVAER_WSSE_VINDUE") or 300),
            statistik_mindste_gruppe=int(os.environ.get("FRAVAER_STATISTIK_MINDSTE_GRUPPE") or 5),
            certifikat_header=os.environ.get("FRAVAER_CERTIFIKAT_HEADER") or None,
            betroede_proxyer=tuple(v.strip() for v in
                                   (os.environ.get("FRAVAER_BETROEDE_PROXYER") or "").split(",")
                                   if v.strip()),
        )
        v.update({k: x for k, x in overstyr.items() if x is not None})
        return cls(**v)
