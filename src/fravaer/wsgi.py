"""The WSGI entry point, for any WSGI server: `gunicorn fravaer.wsgi:app` (or uWSGI, mod_wsgi, …).

The application is built when the server first asks for `app` (in each worker, after the fork),
from the settings in the environment (fravaer/config.py). With migrate_on_start (the default) it
migrates the database first, under a lock, so that many workers and hosts starting together
migrate once. `fravaer serve` builds the same application with `lav_app`."""

from __future__ import annotations

import logging
import sys

from fravaer.config import Indstillinger, UgyldigIndstilling


def lav_app(indstillinger: Indstillinger | None = None, migrer: bool | None = None):
    """The whole WSGI application: the SOAP services behind request ids and metrics."""
    from fravaer.adapters.db.engine import Tidsgraenser, make_engine
    from fravaer.soap.wsgi import FravaerApp
    from fravaer.telemetry import Telemetri

    if indstillinger is None:
        try:
            indstillinger = Indstillinger.fra_miljoe()
        except UgyldigIndstilling as e:
            print(f"fravaer: {e}", file=sys.stderr)  # one line, not a traceback per worker
            # 3: gunicorn's "worker failed to boot", on which it stops instead of starting the
            # worker again (the `fravaer` command itself exits with 2)
            raise SystemExit(3) from None
    if not logging.getLogger().handlers:  # a host that set up no logging gets ours
        from fravaer.logsetup import opsaet

        opsaet(indstillinger.log_level, indstillinger.log_format)
    # the request's bounds on the database (issue 17 item 2): a stalled database → S001 in time
    engine = make_engine(indstillinger.database_url, Tidsgraenser.fra(indstillinger))
    if indstillinger.migrate_on_start if migrer is None else migrer:
        from fravaer.adapters.db.migrate import upgrade

        upgrade(engine)
    return Telemetri(FravaerApp(indstillinger, engine=engine), engine)


def __getattr__(navn: str):
    # `app` is made on first access (PEP 562), so importing this module builds nothing
    if navn == "app":
        app = lav_app()
        globals()["app"] = app
        return app
    raise AttributeError(navn)
