"""Serve fravaer or the echo baseline with the production server settings (for bench_soap.py)."""

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
    a = p.parse_args()
    if a.app == "echo":
        from echo_app import lav_app
    else:
        from fravaer.soap.wsgi import FravaerApp

        indstillinger = Indstillinger.fra_miljoe(database_url=a.database)

        def lav_app():
            return FravaerApp(indstillinger)
    sys.argv = sys.argv[:1]
    Gunicorn(lav_app, f"127.0.0.1:{a.port}", a.workers, a.threads, worker_class=a.worker_class).run()


if __name__ == "__main__":
    main()
