"""Request ids and Prometheus metrics (/metrics), with prometheus_client.

Metrics: requests by route and status, SOAP faults by faultcode and message code, latency per SOAP
operation, and the database pool's connections. Under `fravaer serve` with several workers the
processes share their figures through prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, set by `fravaer serve`); any other WSGI host may set it the same way.
"""

from __future__ import annotations

import os
import re
import string
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy.pool import QueuePool

from fravaer.logsetup import REQUEST_ID

MULTIPROC_MILJOE = "PROMETHEUS_MULTIPROC_DIR"
_SAN_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")  # a client's id only if it cannot forge a log line
_CIFRE = re.compile(r"\d{6}")  # ... nor put a CPR number (ten digits) into the log

ANMODNINGER = Counter("fravaer_requests_total", "HTTP requests by route and status",
                      ["route", "method", "status"])
FAULTS = Counter("fravaer_faults_total", "SOAP faults by faultcode and message code", ["faultcode", "code"])
VARIGHED = Histogram("fravaer_operation_seconds", "time to answer a SOAP request, by operation",
                     ["operation"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
POOL = Gauge("fravaer_db_pool_connections", "database connections of the pool, by state",
             ["state"], multiprocess_mode="livesum")


def rute(sti: str) -> str:
    """A bounded label for the path (never the raw path: no unbounded label values)."""
    if sti == "/soap" or sti.startswith("/soap/"):
        return "soap"
    for navn in ("wsdl", "schemas", "samples"):
        if sti.startswith(f"/{navn}/"):
            return navn
    if sti in ("/", "/metrics", "/health", "/ready", "/sundhed"):
        return sti.strip("/") or "front"
    return "other"


def fault_skrevet(faultcode: str, koder: list[str]) -> None:
    for kode in koder or ["-"]:
        FAULTS.labels(faultcode, kode).inc()


_POOL_TILSTANDE = (("checked_out", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow"))
_POOL_SIDST: dict[str, int] = {}  # this process's last values: a gauge is written only on a change
_POOL_SIDST_QP: list = [None]  # the same three of a QueuePool, as one tuple (the fast path's)


def pool_status(engine) -> None:
    """The pool's connections into the gauge. Called after every request: in multiprocess mode
    each write of a gauge is a write to its file (tens of µs for the three), so only a value that
    changed is written — after most requests none did. A QueuePool's three (the service's pool
    is one) are read and compared as one tuple, without looking its methods up by name: after
    every request, that was 23,000 instructions (issue 13)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        vaerdier = (pool.checkedout(), pool.checkedin(), pool.overflow())
        if vaerdier == _POOL_SIDST_QP[0]:
            return
        _POOL_SIDST_QP[0] = vaerdier
        for (state, _), vaerdi in zip(_POOL_TILSTANDE, vaerdier, strict=True):
            vaerdi = max(vaerdi, 0)
            if _POOL_SIDST.get(state) != vaerdi:
                POOL.labels(state).set(vaerdi)
                _POOL_SIDST[state] = vaerdi
        return
    _POOL_SIDST_QP[0] = None  # (what the gauge shows is no longer that tuple's)
    for state, maal in _POOL_TILSTANDE:
        funktion = getattr(pool, maal, None)
        if funktion is not None:
            vaerdi = max(funktion(), 0)
            if _POOL_SIDST.get(state) != vaerdi:
                POOL.labels(state).set(vaerdi)
                _POOL_SIDST[state] = vaerdi


def _barn(metrik, cache: dict, *labels):
    """A metric's child for these labels, kept: prometheus_client's labels() checks and locks on
    every call. The cache is bounded (a client chooses the method)."""
    barn = cache.get(labels)
    if barn is None:
        barn = metrik.labels(*labels)
        if len(cache) < _MAKS_BOERN:
            cache[labels] = barn
    return barn


_MAKS_BOERN = 500
_ANMODNINGER_BOERN: dict = {}
_VARIGHED_BOERN: dict = {}


def metrics_svar() -> tuple[bytes, str]:
    if os.environ.get(MULTIPROC_MILJOE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    return generate_latest(registry), CONTENT_TYPE_LATEST


_BOGSTAVER = string.ascii_lowercase
_UNDER = 256 - 256 % 26  # bytes from 234 up are skipped: each letter equally likely
# each byte below _UNDER to its letter (b % 26), the others dropped: bytes.translate does in C
# what a comprehension over the bytes did in Python (20,000 instructions a request, issue 13)
_TIL_BOGSTAV = bytes(ord(_BOGSTAVER[b % 26]) for b in range(256))
_OVER = bytes(range(_UNDER, 256))


def ny_id() -> str:
    """16 random letters (75 bits): no digits, so no id can look like a CPR number in a log.
    The letters come from one read of the OS's random source (secrets.choice read it once per
    letter: 16 system calls, a few per cent of a small request): its bytes in order, each below
    _UNDER as the letter b % 26, the others skipped."""
    ud = os.urandom(24).translate(_TIL_BOGSTAV, _OVER)
    while len(ud) < 16:  # ~1 in 10^6 ids
        ud += os.urandom(8).translate(_TIL_BOGSTAV, _OVER)
    return ud[:16].decode("ascii")


class Telemetri:
    """WSGI middleware: a request id for every request (X-Request-ID in and out, and in every log
    line of the request), and the request metrics."""

    def __init__(self, app, engine=None):
        self.app = app
        self.engine = engine

    def __call__(self, environ, start_response):
        foreslaaet = environ.get("HTTP_X_REQUEST_ID")
        # (no header, the usual case: no regular expressions, which cost 2,400 instructions)
        rid = (foreslaaet if foreslaaet and _SAN_ID.match(foreslaaet) and not _CIFRE.search(foreslaaet)
               else ny_id())
        # set, not reset after the request: gunicorn writes its access line after we return, in
        # the same thread, and it should carry the id too; the next request sets its own
        REQUEST_ID.set(rid)
        environ["fravaer.request_id"] = rid
        start = time.perf_counter()
        status_holder: list[str] = []

        def start_med_id(status, headers, exc_info=None):
            status_holder.append(status.split(" ", 1)[0])
            return start_response(status, [*headers, ("X-Request-ID", rid)], exc_info)

        try:
            return self.app(environ, start_med_id)
        finally:
            sti = environ.get("PATH_INFO", "").rstrip("/") or "/"
            r = rute(sti)
            _barn(ANMODNINGER, _ANMODNINGER_BOERN, r, environ.get("REQUEST_METHOD", "GET"),
                  status_holder[0] if status_holder else "500").inc()
            if r == "soap":
                _barn(VARIGHED, _VARIGHED_BOERN, environ.get("fravaer.operation", "-")).observe(
                    time.perf_counter() - start)
            if self.engine is not None:
                pool_status(self.engine)
