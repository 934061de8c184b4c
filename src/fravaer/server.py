"""Serving the WSGI application with gunicorn: several worker processes, each with its own
database connections (the application is built after the fork)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

GC_GEN0 = 20_000


class Gunicorn(BaseApplication):
    def __init__(self, lav_app: Callable[[], object], bind: str, workers: int, threads: int,
                 access_log: bool = False, graceful_timeout: int = 10):
        self.lav_app = lav_app
        self.options = {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread" if threads > 1 else "sync",
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
