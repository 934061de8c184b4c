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
