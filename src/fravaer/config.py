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
    # failed logins (issue 17 item 3; docs/SECURITY.md): free failures per user name and per client
    # address, then a lock that starts at login_spaerring_start seconds and doubles per failure up
    # to login_spaerring_maks; a count is forgotten login_glem_efter seconds after its last failure
    login_frie_forsoeg_bruger: int = 5
    login_frie_forsoeg_adresse: int = 20
    login_spaerring_start: float = 1.0
    login_spaerring_maks: float = 900.0
    login_glem_efter: float = 3600.0
    # addresses of reverse proxies whose X-Forwarded-For names the client (its last address)
    betroede_proxyer: tuple[str, ...] = ()
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
            login_frie_forsoeg_bruger=int(os.environ.get("FRAVAER_LOGIN_FRIE_FORSOEG_BRUGER") or 5),
            login_frie_forsoeg_adresse=int(os.environ.get("FRAVAER_LOGIN_FRIE_FORSOEG_ADRESSE") or 20),
            login_spaerring_start=float(os.environ.get("FRAVAER_LOGIN_SPAERRING_START") or 1.0),
            login_spaerring_maks=float(os.environ.get("FRAVAER_LOGIN_SPAERRING_MAKS") or 900.0),
            login_glem_efter=float(os.environ.get("FRAVAER_LOGIN_GLEM_EFTER") or 3600.0),
            betroede_proxyer=tuple(v.strip() for v in
                                   (os.environ.get("FRAVAER_BETROEDE_PROXYER") or "").split(",")
                                   if v.strip()),
            scrypt_samtidige=int(os.environ.get("FRAVAER_SCRYPT_SAMTIDIGE") or 1),
            scrypt_vent=float(os.environ.get("FRAVAER_SCRYPT_VENT") or 0.1),
            scrypt_andel=float(os.environ.get("FRAVAER_SCRYPT_ANDEL") or 0.25),
            maks_meddelelser=int(os.environ.get("FRAVAER_MAKS_MEDDELELSER") or 50),
        )
        v.update({k: x for k, x in overstyr.items() if x is not None})
        return cls(**v)
