"""Every setting of fravaer, in one typed table (docs/CONFIGURATION.md lists them).

A setting is a field of `Indstillinger`. Its environment variable is FRAVAER_<NAME> and, unless it
is secret, its CLI option is --<name> (the `fravaer` command's own options, before the
subcommand), underscores as dashes. A field made with `indstilling(...)` says how its text is read
and checked; a plain field (`x: int = 5`) is read by its type, so adding a setting is one line.

The settings are read once: by the `fravaer` command before its subcommand runs, and by
`fravaer.wsgi` when a WSGI server imports it. A bad value raises `UgyldigIndstilling`, whose text
is one line naming the setting and what is wrong; the command prints it and exits with 2.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fravaer.errors import FravaerError

STANDARD_DATABASE = "sqlite:///fravaer.sqlite"
PRAEFIKS = "FRAVAER_"


class UgyldigIndstilling(FravaerError):
    """A setting whose value cannot be used; str() is one line: the setting, then why."""

    def __init__(self, kilde: str, grund: str):
        super().__init__(f"{kilde}: {grund}")
        self.kilde = kilde
        self.grund = grund


# --- how a setting's text is read: each returns the value or raises ValueError(why) --------------

def heltal(mindst: int, hoejst: int) -> Callable[[str], int]:
    def tolk(tekst: str) -> int:
        try:
            v = int(tekst.strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"skal være et helt tal, ikke {tekst!r}") from None
        if not mindst <= v <= hoejst:
            raise ValueError(f"skal være mellem {mindst} og {hoejst}, ikke {v}")
        return v
    return tolk


def valg(*muligheder: str) -> Callable[[str], str]:
    def tolk(tekst: str) -> str:
        v = tekst.strip()
        for m in muligheder:
            if v.lower() == m.lower():
                return m
        raise ValueError(f"skal være en af {', '.join(muligheder)}, ikke {tekst!r}")
    return tolk


def decimaltal(mindst: float, hoejst: float) -> Callable[[str], float]:
    def tolk(tekst: str) -> float:
        try:
            v = float(tekst.strip())
        except ValueError:
            raise ValueError(f"skal være et tal (fx 2.5), ikke {tekst!r}") from None
        if not mindst <= v <= hoejst:  # also refuses nan
            raise ValueError(f"skal være mellem {mindst:g} og {hoejst:g}, ikke {tekst.strip()}")
        return v
    return tolk


def sandhed(tekst: str) -> bool:
    v = tekst.strip().lower()
    if v in ("1", "true", "ja", "yes", "on"):
        return True
    if v in ("0", "false", "nej", "no", "off"):
        return False
    raise ValueError(f"skal være true eller false, ikke {tekst!r}")



def tekst(v: str) -> str:
    return v



def liste(v: str) -> tuple[str, ...]:
    return tuple(d.strip() for d in v.split(",") if d.strip())



def netvaerk_liste(v: str) -> tuple[str, ...]:
    import ipaddress

    dele = liste(v)
    for d in dele:
        try:
            ipaddress.ip_network(d, strict=False)
        except ValueError:
            raise ValueError(f"{d!r} er ingen IP-adresse eller netværk (fx 10.0.1.0/24)") from None
    return dele



def database_url(v: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(v.strip())
    except ArgumentError:
        raise ValueError("er ikke en database-URL (fx sqlite:///fravaer.sqlite eller "
                         "postgresql://bruger@vaert/db)") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"databasen skal være sqlite eller postgresql, ikke {url.get_backend_name()!r}")
    return v.strip()



def http_url(v: str) -> str:
    dele = urlsplit(v.strip())
    if dele.scheme not in ("http", "https") or not dele.hostname:
        raise ValueError(f"skal være en http(s)-adresse som https://fravaer.example.dk, ikke {v!r}")
    return v.strip()



def noegle(v: str) -> str:
    try:
        raa = base64.b64decode(v.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("skal være base64") from None
    if len(raa) != 32:
        raise ValueError(f"skal være 32 bytes i base64, ikke {len(raa)}")
    return v.strip()



def indstilling(standard, tolk: Callable[[str], object], hjaelp: str, *, hemmelig: bool = False,
                intern: bool = False, gammelt_navn: str | None = None):
    """A field of `Indstillinger` with its reader and help text. `hemmelig`: only from the
    environment (a CLI argument is visible to every user of the machine); `intern`: set by the
    program (e.g. by `fravaer serve`), not read; `gammelt_navn`: an older environment name that is
    still read."""
    return field(default=standard, metadata={"tolk": tolk, "hjaelp": hjaelp, "hemmelig": hemmelig,
                                              "intern": intern, "gammelt_navn": gammelt_navn})


@dataclass(frozen=True)
class Indstillinger:
    database_url: str = indstilling(STANDARD_DATABASE, database_url, "the database")
    max_request_bytes: int = indstilling(1024 * 1024, heltal(1024, 1 << 30),
                                         "largest request body, bytes (1 MiB: far above any real request)")
    # MasseindberetHaendelser only (issue 15): 10,000 registrations of up to ~3 KiB each
    max_masse_request_bytes: int = indstilling(32 * 1024 * 1024, heltal(1024, 1 << 31),
                                               "largest body of MasseindberetHaendelser, bytes")
    public_url: str | None = indstilling(None, http_url, "the public address written into served "
                                         "WSDLs, e.g. https://fravaer.example.dk behind a proxy")
    # host names (besides the loopback names and the bind address) whose Host header may name the
    # served WSDLs' address when public_url is unset (issue 17 item 4; docs/SECURITY.md)
    tilladte_vaerter: tuple[str, ...] = indstilling((), liste, "host names a request's Host may put "
                                                    "in served WSDLs (besides loopback and the bind address)")
    lytteadresse: str | None = indstilling(None, tekst, "host:port the server binds", intern=True)
    wsse_vindue_sekunder: int = indstilling(300, heltal(1, 86400), "how far wsu:Created may be from "
                                            "the server's clock, seconds either way",
                                            gammelt_navn="FRAVAER_WSSE_VINDUE")
    # key figures of a group of fewer employees are suppressed (docs/STATISTIK.md; issue 14 item 7)
    statistik_mindste_gruppe: int = indstilling(5, heltal(1, 1000), "key figures: smallest group "
                                                "shown (smaller ones are suppressed)")
    # the KMD endpoint (issue 16; docs/SECURITY.md): the request header in which the TLS front
    # passes the client certificate's subject
    certifikat_header: str | None = indstilling(None, tekst, "request header in which the trusted "
                                                "TLS front passes the client certificate's subject "
                                                "(the KMD endpoint; unset: no certificates)")
    # the proxies trusted to set that header, and whose X-Forwarded-For's last address names the
    # client for the login throttle (issue 17 item 3); from any other address both are ignored
    betroede_proxyer: tuple[str, ...] = indstilling((), netvaerk_liste, "addresses or networks of the "
                                                    "trusted reverse proxies (certificate header, "
                                                    "X-Forwarded-For)")
    # Slow clients (issue 17 item 1): a request's line and headers must arrive within
    # header_frist seconds (also the idle time of a kept-alive connection), its body within
    # body_frist seconds after them; else the connection is closed (408 with S003 for a body).
    header_frist: float = indstilling(10.0, decimaltal(0.1, 3600), "seconds for a request's line and "
                                      "headers to arrive (fravaer serve)")
    body_frist: float = indstilling(60.0, decimaltal(0.1, 86400), "seconds for a request's body to "
                                    "arrive after its headers (fravaer serve; S003)")
    # The database (issue 17 item 2). A stalled database gives S001 after at most db_svarfrist
    # seconds per wait (a connection from the pool, a connect, one round trip); statement_timeout
    # lets PostgreSQL itself stop a statement a little before.
    db_connect_timeout: float = indstilling(3.0, decimaltal(0.1, 3600), "seconds to connect to "
                                            "PostgreSQL")
    db_statement_timeout: float = indstilling(4.0, decimaltal(0.1, 86400), "PostgreSQL's "
                                              "statement_timeout for a request, seconds")
    db_svarfrist: float = indstilling(4.5, decimaltal(0.1, 86400), "seconds a request waits for one "
                                      "database round trip before S001 (a stalled network)")
    db_idle_i_transaktion: float = indstilling(30.0, decimaltal(0.1, 86400), "PostgreSQL's "
                                               "idle_in_transaction_session_timeout, seconds")
    db_keepalive: float = indstilling(30.0, decimaltal(1, 86400), "TCP keepalive idle time to "
                                      "PostgreSQL, seconds (then probes every 5 s, 3 lost = dead)")
    db_pool_timeout: float = indstilling(4.0, decimaltal(0.1, 3600), "seconds to wait for a "
                                         "connection from the pool")
    sqlite_busy_timeout: float = indstilling(5.0, decimaltal(0.1, 3600), "seconds SQLite waits for "
                                             "its write lock")
    # failed logins (issue 17 item 3; docs/SECURITY.md): free failures per user name and per client
    # address, then a lock that starts at login_spaerring_start seconds and doubles per failure up
    # to login_spaerring_maks; a count is forgotten login_glem_efter seconds after its last failure
    login_frie_forsoeg_bruger: int = indstilling(5, heltal(1, 1 << 30), "failed logins of one user "
                                                 "name before it is locked (W007)")
    login_frie_forsoeg_adresse: int = indstilling(20, heltal(1, 1 << 30), "failed logins from one "
                                                  "client address before it is locked (W007)")
    login_spaerring_start: float = indstilling(1.0, decimaltal(0.001, 86400), "seconds of the first "
                                               "lock; each further failure doubles it")
    login_spaerring_maks: float = indstilling(900.0, decimaltal(0.001, 1e7), "seconds no lock exceeds")
    login_glem_efter: float = indstilling(3600.0, decimaltal(1, 1e8), "seconds after its last "
                                          "failure a count is forgotten")
    # scrypt checks running at once per process, how long a login waits for one (seconds), and
    # the share of a core's time a process spends on them at most
    scrypt_samtidige: int = indstilling(1, heltal(1, 64), "scrypt checks running at once per process")
    scrypt_vent: float = indstilling(0.1, decimaltal(0.0, 60), "seconds a login waits for a scrypt "
                                     "check before W008")
    scrypt_andel: float = indstilling(0.25, decimaltal(0.01, 1.0), "share of one core's time a "
                                      "process spends on scrypt at most")
    # Meddelelser in one fault at most; the rest is counted in a final X008 (issue 17 item 8)
    maks_meddelelser: int = indstilling(50, heltal(1, 10000), "Meddelelser in one fault at most "
                                        "(then one X008 with how many more)")
    log_level: str = indstilling("INFO", valg("DEBUG", "INFO", "WARNING", "ERROR"), "log level")
    log_format: str = indstilling("plain", valg("plain", "json"), "log lines: plain text for a "
                                  "terminal, or one JSON object per line")
    migrate_on_start: bool = indstilling(True, sandhed, "fravaer.wsgi: migrate the database when "
                                         "it starts (under a lock; once however many start)")
    secret_key: str | None = indstilling(None, noegle, "server key for PasswordDigest users "
                                         "(unset: PasswordText only)", hemmelig=True)

    @classmethod
    def fra_miljoe(cls, miljoe: Mapping[str, str] | None = None, **overstyr) -> Indstillinger:
        """The settings from the environment; `overstyr` (a CLI option's text, or a value from
        code) wins over it. None in `overstyr` means "not given"."""
        miljoe = os.environ if miljoe is None else miljoe
        v: dict[str, Any] = {}  # each field's own type
        for f in dataclasses.fields(cls):
            spec = _spec(f)
            if spec.intern:
                continue
            for navn in (spec.miljoe, spec.gammelt_navn):
                if navn and miljoe.get(navn, "").strip():
                    v[f.name] = _tolk(spec, miljoe[navn], navn)
                    break
        return cls(**v).med(**overstyr)

    def med(self, **overstyr) -> Indstillinger:
        """These settings with some replaced; a text is read and checked as the CLI option's."""
        v = {}
        for navn, x in overstyr.items():
            if x is None:
                continue
            spec = _SPECS.get(navn)
            if spec is None:
                raise TypeError(f"ukendt indstilling {navn}")
            if isinstance(x, str) and not spec.intern:
                if spec.hemmelig:
                    raise UgyldigIndstilling(spec.option, "gives kun i miljøet")
                x = _tolk(spec, x, spec.option)
            v[navn] = x
        return dataclasses.replace(self, **v) if v else self


@dataclass(frozen=True)
class Spec:
    """One row of the table: a setting, its names and how it is read."""
    navn: str
    miljoe: str
    option: str
    tolk: Callable[[str], object]
    standard: object
    hjaelp: str
    hemmelig: bool
    intern: bool
    gammelt_navn: str | None


def _spec(f: dataclasses.Field) -> Spec:
    m = f.metadata
    return Spec(f.name, PRAEFIKS + f.name.upper(), "--" + f.name.replace("_", "-"),
                m.get("tolk") or _tolk_for_type(f.type), f.default, m.get("hjaelp", f.name),
                m.get("hemmelig", False), m.get("intern", False), m.get("gammelt_navn"))


def _tolk_for_type(typ) -> Callable[[str], object]:
    """A plain field's reader, from its annotation (text, under `from __future__ import annotations`)."""
    navn = typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))
    return _TYPER.get(navn.replace(" | None", "").strip(), tekst)


def _tolk(spec: Spec, tekst_: str, kilde: str):
    try:
        return spec.tolk(tekst_)
    except ValueError as e:
        raise UgyldigIndstilling(kilde, str(e)) from None


def ingen_adgangskode(url: str | None, kilde: str) -> None:
    """A database URL given on the command line must not hold a password."""
    from sqlalchemy.engine import make_url

    if url and make_url(url).password is not None:
        raise UgyldigIndstilling(kilde, "en adgangskode på kommandolinjen kan ses af alle på maskinen "
                                 "(ps); giv URL'en i FRAVAER_DATABASE_URL eller kodeordet i PGPASSWORD")


_TYPER: dict[str, Callable[[str], object]] = {
    "int": heltal(-(1 << 63), (1 << 63) - 1), "float": decimaltal(0.0, 1e9), "bool": sandhed, "str": tekst,
    "tuple[str, ...]": liste}
TABEL: tuple[Spec, ...] = tuple(_spec(f) for f in dataclasses.fields(Indstillinger))
_SPECS = {s.navn: s for s in TABEL}
