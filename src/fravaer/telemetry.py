"""Request ids and Prometheus metrics (/metrics), with prometheus_client.

Metrics: requests by route and status, SOAP faults by faultcode and message code, latency per SOAP
operation, and the database pool's connections. Under `fravaer serve` with several workers the
processes share their figures through prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, set by `fravaer serve`); any other WSGI host may set it the same way.

A request's figures are counted in plain Python and written to prometheus_client's values at most
once a second (INTERVAL), by a background thread of the process, by a /metrics scrape the process
serves (before it reads them), and at the process's exit: each of prometheus_client's writes in
multiprocess mode takes a lock, asks the OS for the process id and packs into its file — three a
request, 30,000 instructions, with the pool's gauge 50,000, 3 % of a served write (issue 13). A
scrape served by another worker sees this one's figures up to a second old.
"""

from __future__ import annotations

import atexit
import bisect
import logging
import os
import re
import string
import threading
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
    with _LAAS:
        for kode in koder or ["-"]:
            noegle = (faultcode, kode)
            _FAULTS_UDE[noegle] = _FAULTS_UDE.get(noegle, 0) + 1
    if not _SKRIVER[0]:
        _start_skriver()


INTERVAL = 1.0  # seconds: the longest a request's figures wait before they are written
log = logging.getLogger("fravaer.telemetry")
# what this process counted since the last write (skriv_ud), under _LAAS: requests by their labels,
# faults by theirs, and per operation the sum of its durations and its count per bucket (the
# histogram's own buckets, +Inf last)
_LAAS = threading.Lock()
_ANMODNINGER_UDE: dict[tuple[str, str, str], int] = {}
_FAULTS_UDE: dict[tuple[str, str], int] = {}
_VARIGHED_UDE: dict[str, list] = {}
_MOTOR_UDE: list = [None]  # the engine of the last request since the last write: its pool's gauge
_GRAENSER = tuple(VARIGHED._upper_bounds)  # (with +Inf last)
_SKRIVER = [False]  # whether this process has its writing thread
_SKRIVLAAS = threading.Lock()  # one write at a time (the thread, a scrape, the exit)


def skriv_ud() -> None:
    """Everything the process counted since the last write, written to prometheus_client's values
    (in multiprocess mode: this process's files, which every worker's scrape reads), and the
    gauge of the pool of the last request's engine."""
    with _SKRIVLAAS:
        with _LAAS:
            if not (_ANMODNINGER_UDE or _FAULTS_UDE or _VARIGHED_UDE or _MOTOR_UDE[0] is not None):
                return
            anmodninger, faults, varigheder = (dict(_ANMODNINGER_UDE), dict(_FAULTS_UDE),
                                               dict(_VARIGHED_UDE))
            motor = _MOTOR_UDE[0]
            _ANMODNINGER_UDE.clear()
            _FAULTS_UDE.clear()
            _VARIGHED_UDE.clear()
            _MOTOR_UDE[0] = None
        for labels, antal in anmodninger.items():
            _barn(ANMODNINGER, _ANMODNINGER_BOERN, *labels).inc(antal)
        for (faultcode, kode), antal in faults.items():
            FAULTS.labels(faultcode, kode).inc(antal)
        for operation, (summen, *spande) in varigheder.items():
            # the histogram's sum and buckets, as its observe() writes them one observation at a
            # time (test_telemetri_udskrivning compares the two)
            barn = _barn(VARIGHED, _VARIGHED_BOERN, operation)
            barn._sum.inc(summen)
            for spand, antal in zip(barn._buckets, spande, strict=True):
                if antal:
                    spand.inc(antal)
        if motor is not None:
            pool_status(motor)


def _skriver() -> None:
    while True:
        time.sleep(INTERVAL)
        try:
            skriv_ud()
        except Exception:  # (the figures of that second are lost; the next are written)
            log.exception("metrikkerne kunne ikke skrives")


def _start_skriver() -> None:
    """The process's writing thread, started with its first request (after a server's fork:
    under gevent a greenlet, threading being patched by then)."""
    with _LAAS:
        if _SKRIVER[0]:
            return
        _SKRIVER[0] = True
    threading.Thread(target=_skriver, name="fravaer-metrikker", daemon=True).start()


def _efter_fork() -> None:
    """A forked child has no thread and counted nothing yet (what the parent counted is the
    parent's to write)."""
    global _LAAS, _SKRIVLAAS
    _LAAS, _SKRIVLAAS = threading.Lock(), threading.Lock()
    _SKRIVER[0] = False
    _ANMODNINGER_UDE.clear()
    _FAULTS_UDE.clear()
    _VARIGHED_UDE.clear()
    _MOTOR_UDE[0] = None


os.register_at_fork(after_in_child=_efter_fork)
atexit.register(skriv_ud)  # the last second's figures of a worker that stops


_POOL_TILSTANDE = (("checked_out", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow"))
_POOL_SIDST: dict[str, int] = {}  # this process's last values: a gauge is written only on a change
_POOL_SIDST_QP: list = [None]  # the same three of a QueuePool, as one tuple (the fast path's)


def pool_status(engine) -> None:
    """The pool's connections into the gauge. Called by skriv_ud (at most once a second; it was
    after every request): in multiprocess mode each write of a gauge is a write to its file (tens
    of µs for the three), so only a value that changed is written. A QueuePool's three (the
    service's pool is one) are read and compared as one tuple, without looking its methods up by
    name (23,000 instructions a call before; issue 13)."""
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
    skriv_ud()  # (this process's own figures as they are now)
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
            noegle = (r, environ.get("REQUEST_METHOD", "GET"), status_holder[0] if status_holder else "500")
            # counted here, written by skriv_ud (the module's docstring)
            with _LAAS:
                _ANMODNINGER_UDE[noegle] = _ANMODNINGER_UDE.get(noegle, 0) + 1
                if r == "soap":
                    sekunder = time.perf_counter() - start
                    operation = environ.get("fravaer.operation", "-")
                    tal = _VARIGHED_UDE.get(operation)
                    if tal is None:
                        tal = _VARIGHED_UDE[operation] = [0.0] + [0] * len(_GRAENSER)
                    tal[0] += sekunder
                    # observe()'s bucket: the first whose bound is at least the value
                    tal[1 + bisect.bisect_left(_GRAENSER, sekunder)] += 1
                if self.engine is not None:
                    _MOTOR_UDE[0] = self.engine
            if not _SKRIVER[0]:
                _start_skriver()
