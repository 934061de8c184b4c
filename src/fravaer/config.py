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
    # trusted to set it (and whose X-Forwarded-For's last address names the client, issue 17 item
    # 3); from any other address the header is ignored
    certifikat_header: str | None = None
    betroede_proxyer: tuple[str, ...] = ()
    # Slow clients (issue 17 item 1): a request's line and headers must arrive within
    # header_frist seconds (also the idle time of a kept-alive connection), its body within
    # body_frist seconds after them; else the connection is closed (408 with S003 for a body).
    header_frist: float = 10.0
    body_frist: float = 60.0
    # The database (issue 17 item 2). A stalled database gives S001 after at most db_svarfrist
    # seconds per wait (a connection from the pool, a connect, one round trip); statement_timeout
    # lets PostgreSQL itself stop a statement a little before. Seconds.
    db_connect_timeout: float = 3.0
    db_statement_timeout: float = 4.0
    db_svarfrist: float = 4.5
    db_idle_i_transaktion: float = 30.0
    db_keepalive: float = 30.0  # TCP keepalive idle time; probes every 5 s, 3 lost = dead
    db_pool_timeout: float = 4.0
    sqlite_busy_timeout: float = 5.0
    # failed logins (issue 17 item 3; docs/SECURITY.md): free failures per user name and per client
    # address, then a lock that starts at login_spaerring_start seconds and doubles per failure up
    # to login_spaerring_maks; a count is forgotten login_glem_efter seconds after its last failure
    login_frie_forsoeg_bruger: int = 5
    login_frie_forsoeg_adresse: int = 20
    login_spaerring_start: float = 1.0
    login_spaerring_maks: float = 900.0
    login_glem_efter: float = 3600.0
    # scrypt checks running at once per process, how long a login waits for one (seconds), and
    # the share of a core's time a process spends on them at most
    scrypt_samtidige: int = 1
    scrypt_vent: float = 0.1
    scrypt_andel: float = 0.25  # of one core's time per process, at most, spent on scrypt
    # Meddelelser in one fault at most; the rest is counted in a final X008 (issue 17 item 8)
    maks_meddelelser: int = 50

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
            **{felt: _sekunder(navn, cls.__dataclass_fields__[felt].default)
               for felt, navn in _SEKUNDER.items()},
            login_frie_forsoeg_bruger=int(os.environ.get("FRAVAER_LOGIN_FRIE_FORSOEG_BRUGER") or 5),
            login_frie_forsoeg_adresse=int(os.environ.get("FRAVAER_LOGIN_FRIE_FORSOEG_ADRESSE") or 20),
            login_spaerring_start=float(os.environ.get("FRAVAER_LOGIN_SPAERRING_START") or 1.0),
            login_spaerring_maks=float(os.environ.get("FRAVAER_LOGIN_SPAERRING_MAKS") or 900.0),
            login_glem_efter=float(os.environ.get("FRAVAER_LOGIN_GLEM_EFTER") or 3600.0),
            scrypt_samtidige=int(os.environ.get("FRAVAER_SCRYPT_SAMTIDIGE") or 1),
            scrypt_vent=float(os.environ.get("FRAVAER_SCRYPT_VENT") or 0.1),
            scrypt_andel=float(os.environ.get("FRAVAER_SCRYPT_ANDEL") or 0.25),
            maks_meddelelser=int(os.environ.get("FRAVAER_MAKS_MEDDELELSER") or 50),
        )
        v.update({k: x for k, x in overstyr.items() if x is not None})
        return cls(**v)


# settings in seconds and the environment variables that set them
_SEKUNDER = {
    "header_frist": "FRAVAER_HEADER_FRIST",
    "body_frist": "FRAVAER_BODY_FRIST",
    "db_connect_timeout": "FRAVAER_DB_CONNECT_TIMEOUT",
    "db_statement_timeout": "FRAVAER_DB_STATEMENT_TIMEOUT",
    "db_svarfrist": "FRAVAER_DB_SVARFRIST",
    "db_idle_i_transaktion": "FRAVAER_DB_IDLE_I_TRANSAKTION",
    "db_keepalive": "FRAVAER_DB_KEEPALIVE",
    "db_pool_timeout": "FRAVAER_DB_POOL_TIMEOUT",
    "sqlite_busy_timeout": "FRAVAER_SQLITE_BUSY_TIMEOUT",
}


def _sekunder(navn: str, standard: float) -> float:
    raa = os.environ.get(navn)
    if not raa:
        return standard
    try:
        v = float(raa)
    except ValueError:
        raise ValueError(f"{navn} skal være et antal sekunder, ikke {raa!r}") from None
    if not v > 0 or v == float("inf"):
        raise ValueError(f"{navn} skal være et positivt antal sekunder, ikke {raa!r}")
    return v
