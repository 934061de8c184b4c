"""Serve fravaer or the echo baseline with the production server settings (for bench_soap.py).

fravaer is served as `fravaer serve` serves it: its WSGI stack (fravaer.wsgi.lav_app: request ids,
metrics in PROMETHEUS_MULTIPROC_DIR) and gunicorn's log configuration and logger
(server.KonfigureretGunicorn, access log off); `--bar` serves the bare FravaerApp with plain
`Gunicorn` instead (what this script did before 2026-12-04 20:45 UTC: neither the middleware nor
gunicorn's access-line work was in the figures). The echo is served bare, as ever."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fravaer.config import Indstillinger
from fravaer.server import Gunicorn


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("app", choices=["fravaer", "echo"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--database")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--worker-class", choices=["gevent", "gthread"], default="gevent")
    p.add_argument("--bar", action="store_true",
                   help="fravaer without `fravaer serve`'s middleware and logging")
    a = p.parse_args()
    sys.argv = sys.argv[:1]
    bind = f"127.0.0.1:{a.port}"
    if a.app == "echo":
        from echo_app import lav_app

        Gunicorn(lav_app, bind, a.workers, a.threads, worker_class=a.worker_class).run()
        return
    if a.bar:
        from fravaer.soap.wsgi import FravaerApp

        indstillinger = Indstillinger.fra_miljoe(database_url=a.database)
        Gunicorn(lambda: FravaerApp(indstillinger), bind, a.workers, a.threads,
                 worker_class=a.worker_class).run()
        return
    from fravaer.server import KonfigureretGunicorn, prometheus_mappe

    metrikmappe = prometheus_mappe()  # before anything imports prometheus_client
    from fravaer.logsetup import dict_config
    from fravaer.wsgi import lav_app as fravaers

    indstillinger = Indstillinger.fra_miljoe(database_url=a.database)
    try:
        KonfigureretGunicorn(lambda: fravaers(indstillinger, migrer=False), bind, a.workers, a.threads,
                             False, worker_class=a.worker_class, header_frist=indstillinger.header_frist,
                             body_frist=indstillinger.body_frist, eksplicitte={},
                             logkonfiguration=dict_config(indstillinger.log_level, indstillinger.log_format,
                                                          False)).run()
    finally:
        if metrikmappe:
            import shutil

            shutil.rmtree(metrikmappe, ignore_errors=True)


if __name__ == "__main__":
    main()
