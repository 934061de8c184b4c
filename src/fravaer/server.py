"""Serving the WSGI application with gunicorn: several worker processes, each with its own
database connections (the application is built after the fork).

The workers are gevent workers (issue 17 item 1): a connection costs a green thread, not an OS
thread, so clients that send their request slowly cannot take every worker thread and stop the
service answering others, as they did with gthread's thread per connection. Each request's line
and headers must arrive within `header_frist` seconds, its body within `body_frist` more; the
application reads the body before anything else runs (soap/wsgi.py), so no database connection
or lock waits on a slow client."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

GC_GEN0 = 20_000
_EFTER_SVAR = 64 * 1024  # bytes of an unread body drained after the answer, at most
_PR_STYKKE = 128  # what a chunk of a chunked body counts toward the body limit, besides its data
log = logging.getLogger("fravaer.server")


class Gunicorn(BaseApplication):
    def __init__(self, lav_app: Callable[[], object], bind: str, workers: int, threads: int,
                 access_log: bool = False, graceful_timeout: int = 10, worker_class: str = "gevent",
                 header_frist: float = 10.0, body_frist: float = 60.0, forbindelser: int = 1000):
        self.lav_app = lav_app
        self.header_frist = header_frist
        self.body_frist = body_frist
        if worker_class == "gevent":
            klasse = "fravaer.server.FristArbejder"
        else:  # a thread per connection: only behind a proxy that buffers whole requests
            klasse = "gthread" if threads > 1 else "sync"
        self.options = {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": klasse,
            "worker_connections": forbindelser,
            "accesslog": "-" if access_log else None,
            "graceful_timeout": graceful_timeout,
            "timeout": 60,
            # gunicorn's own limits on the request line and headers; the body is capped by the app
            "limit_request_line": 8190,
            "limit_request_fields": 100,
        }
        super().__init__()

    def load_config(self):
        for k, v in self.options.items():
            if v is not None:
                self.cfg.set(k, v)

    def load(self):
        app = self.lav_app()
        # What start-up built lives as long as the worker: keep it out of the collector's scans.
        gc.collect()
        gc.freeze()
        # A request allocates tens of thousands of short-lived objects (rows, dates, fractions)
        # and frees them by reference counting; the default threshold (700) runs the cyclic
        # collector dozens of times per large answer for nothing.
        gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
        return app


def _psycopg_samarbejder() -> None:
    """psycopg chooses a green-thread-friendly wait when it is imported after gevent's monkey
    patching; `fravaer serve` imports it earlier, in the arbiter (migrations, demo data), so the
    worker points it at the patched `select` and `selectors` itself. Without this a statement
    or a connect waiting on the database would stop every green thread of the worker. A
    statement's wait is then a wait in the worker's event loop on the connection's socket
    (adapters/db/psycopg_gevent.py), where psycopg's internals allow it."""
    import sys

    waiting: Any = sys.modules.get("psycopg.waiting")  # patched as found at run time
    if waiting is not None:  # imported later, it detects the patching itself
        import selectors

        waiting.DefaultSelector = selectors.DefaultSelector  # wait_conn (connect)
        if waiting.wait is getattr(waiting, "wait_c", None):
            waiting.wait = waiting.wait_poll  # what psycopg itself picks when patched first
    from fravaer.adapters.db import psycopg_gevent

    psycopg_gevent.installer()


def _scrypt_i_traade() -> None:
    """hashlib.scrypt holds its OS thread for tens of milliseconds (by design: a password
    check); in a gevent worker that would be every green thread of the process, and a flood of
    wrong passwords would stop the worker (measured: others' p50 2.3 s with 8 guessing clients).
    It runs in gevent's pool of real threads instead (it releases the GIL), and the worker
    serves others meanwhile."""
    import hashlib

    import gevent

    beregn = hashlib.scrypt
    if getattr(beregn, "fravaer_i_traad", False):
        return

    def scrypt(*args, **kwargs):
        return gevent.get_hub().threadpool.apply(beregn, args, kwargs)

    setattr(scrypt, "fravaer_i_traad", True)  # noqa: B010 (mypy: no attributes on a function)
    hashlib.scrypt = scrypt


def _lav_frist_arbejder():
    import gevent
    from gunicorn.http.body import ChunkedReader
    from gunicorn.workers.ggevent import GeventWorker

    class LaesefristOverskredet(TimeoutError):
        """A request's body did not arrive within its deadline (the application answers 408)."""

    class FristKrop:
        """The request body (gunicorn's reader) read within a deadline, yielding to the other
        green threads between reads so that one large body cannot hold the worker."""

        def __init__(self, krop, frist: float, sekunder: float):
            self._krop = krop
            self._frist = frist
            self._sekunder = sekunder
            self._udloebet = False
            self._laest = 0
            self._stykker = 0
            self._efter_svar: int | None = None
            laeser = getattr(krop, "reader", None)
            if isinstance(laeser, ChunkedReader):  # count the chunks as gunicorn parses them
                parse = laeser.parse_chunk_size

                def tael(*args, **kwargs):
                    self._stykker += 1
                    return parse(*args, **kwargs)

                laeser.parse_chunk_size = tael

        @property
        def modtaget_bytes(self) -> int:
            """The body's size as its limit counts it (issue 17 item 8): the bytes read, plus
            _PR_STYKKE for each chunk of a chunked body. Parsing a chunk costs microseconds,
            so a body in one-byte chunks reaches the limit after a few thousand of them,
            instead of costing seconds of CPU before its 413; real chunks (kilobytes) add a
            few per cent."""
            return self._laest + _PR_STYKKE * self._stykker

        @property
        def failed(self) -> bool:
            # gunicorn's parser closes the connection rather than drain a failed body
            return self._udloebet or getattr(self._krop, "failed", False) is True

        def efter_svaret(self) -> None:
            """What the application left unread is drained by gunicorn before the next request
            on the connection: at most _EFTER_SVAR bytes more, else the connection closes."""
            self._efter_svar = self.modtaget_bytes

        def _laes(self, metode, *args):
            rest = self._frist - time.monotonic()
            fejl = LaesefristOverskredet(f"kroppen kom ikke inden {self._sekunder:g} s")
            efter = self._efter_svar
            if efter is not None and self.modtaget_bytes - efter > _EFTER_SVAR:
                self._udloebet = True  # gunicorn's drain stops on a TimeoutError
            if rest <= 0 or self._udloebet:
                self._udloebet = True
                raise fejl
            try:
                with gevent.Timeout(rest, fejl):
                    data = metode(*args)
            except LaesefristOverskredet:
                self._udloebet = True
                raise
            if isinstance(data, bytes):
                self._laest += len(data)
            elif isinstance(data, list):
                self._laest += sum(len(x) for x in data)
            gevent.sleep(0)
            return data

        def read(self, size=None):
            return self._laes(self._krop.read, size)

        def readline(self, size=None):
            return self._laes(self._krop.readline, size)

        def readlines(self, size=None):
            return self._laes(self._krop.readlines, size)

        def __iter__(self):
            return self

        def __next__(self):
            linje = self.readline()
            if not linje:
                raise StopIteration
            return linje

    class FristArbejder(GeventWorker):
        def patch(self):
            super().patch()
            _psycopg_samarbejder()
            _scrypt_i_traade()

        def timeout_ctx(self):
            """The wait for a request's line and headers: past `header_frist` the connection is
            closed without an answer. A kept-alive connection waits for its next request at
            most gunicorn's `keepalive` (2 s), so that idle connections do not hold a worker
            that is shutting down."""
            sekunder = self.app.header_frist
            if getattr(gevent.getcurrent(), "fravaer_betjent", False):
                sekunder = min(sekunder, self.cfg.keepalive)
            return gevent.Timeout(sekunder, False)

        def handle_request(self, listener_name, req, sock, addr):
            krop = None
            if req.body is not None:
                req.body = krop = FristKrop(req.body, time.monotonic() + self.app.body_frist,
                                            self.app.body_frist)
            try:
                return super().handle_request(listener_name, req, sock, addr)
            finally:
                gevent.getcurrent().fravaer_betjent = True
                if krop is not None:
                    krop.efter_svaret()

    return FristArbejder


def __getattr__(navn: str):
    # gunicorn loads the worker class by name in the worker; gevent is imported only there
    if navn == "FristArbejder":
        klasse = _lav_frist_arbejder()
        globals()[navn] = klasse
        return klasse
    raise AttributeError(navn)
# --- gunicorn's own configuration, the log format and the metrics' processes (issue 18) ----------
# Kept apart from the worker model above: `KonfigureretGunicorn` only adds to what `Gunicorn` sets.


class KonfigureretGunicorn(Gunicorn):
    """`Gunicorn` with the application's log format for gunicorn's own logs, the metrics'
    multiprocess clean-up, and gunicorn's own configuration (a gunicorn.conf.py, GUNICORN_CMD_ARGS)
    over `fravaer serve`'s defaults; the options given to `fravaer serve` itself win over both."""

    def __init__(self, *args, logkonfiguration: dict, eksplicitte: dict, **kwargs):
        self.logkonfiguration = logkonfiguration
        self.eksplicitte = eksplicitte
        super().__init__(*args, **kwargs)

    def load_config(self):
        super().load_config()
        self.cfg.set("logconfig_dict", self.logkonfiguration)
        self.cfg.set("child_exit", prometheus_child_exit)
        gunicorns_egen_konfiguration(self.cfg, self.eksplicitte)
        # ours unless gunicorn's configuration chose a logger (or statsd, whose logger gunicorn
        # picks itself when the default is left)
        logger = self.cfg.settings["logger_class"]
        if logger.get() in ("simple", logger.default) and self.cfg.statsd_host is None:
            self.cfg.set("logger_class", "fravaer.server.FravaerLogger")


class FravaerLogger(Logger):
    """gunicorn's logger, whose access line is built only when its logger would write it.
    gunicorn builds the line's atoms (every request and response header and environ entry, the
    time formatted) for every request once any log configuration is given, as `fravaer serve`
    gives one (logconfig_dict), and only then hands it to `gunicorn.access`, which drops it when
    the access log is off (its level WARNING): ~130,000 instructions a request for nothing
    (issue 13). With the access log on, the line is gunicorn's own."""

    def access(self, resp, req, environ, request_time):
        if self.access_log.isEnabledFor(logging.INFO):
            super().access(resp, req, environ, request_time)


def gunicorns_egen_konfiguration(cfg, eksplicitte: dict) -> None:
    """Read as gunicorn itself reads them: the file named by --config in GUNICORN_CMD_ARGS, else
    ./gunicorn.conf.py (a path or python:module); then the rest of GUNICORN_CMD_ARGS; then
    `eksplicitte`."""
    import importlib

    from gunicorn.app.base import Application
    from gunicorn.config import get_default_config_file

    env_args = cfg.parser().parse_args(cfg.get_cmd_args_from_env())
    fil = env_args.config or get_default_config_file()
    if fil:
        if fil.startswith("python:"):
            vaerdier = vars(importlib.import_module(fil[len("python:"):]))
        else:
            # gunicorn's own reader (it prints the error and exits on a broken file)
            vaerdier = Application.get_config_from_filename(None, fil.removeprefix("file:"))
        for k, v in vaerdier.items():
            if k in cfg.settings:
                cfg.set(k.lower(), v)
    for k, v in vars(env_args).items():
        if v is not None and k not in ("args", "config"):
            cfg.set(k.lower(), v)
    for k, v in eksplicitte.items():
        cfg.set(k, v)


def prometheus_child_exit(server, worker) -> None:
    """A worker's live gauges leave the metrics with it (prometheus_client multiprocess mode)."""
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def prometheus_mappe() -> str | None:
    """Several processes share their metrics through files in one folder: a fresh one for this
    server, unless PROMETHEUS_MULTIPROC_DIR names one. Set before anything imports
    prometheus_client. Returns the folder made here (to remove at exit), else None."""
    import os
    import tempfile

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    mappe = tempfile.mkdtemp(prefix="fravaer-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = mappe
    return mappe
