"""Instructions per request of bench_soap.py's operations, counted by valgrind's callgrind in
process through the WSGI application (warm, as bench_inprocess.py calls them), on SQLite or
PostgreSQL. Instruction counts do not move with other work on the machine, so two trees can be
compared on a loaded machine: run it with PYTHONPATH set to each. On PostgreSQL it counts the
worker only, not the server.

The database is filled natively; one child process runs every operation under callgrind, and
dumps its counts at a marker call (os.getppid, i.e. libc's getppid) before and after each
measured loop, so that start-up, imports and warm-up are left out.

`--gaettet`: OpretHaendelse's and RetHaendelse's measured writes go to employments (events) the
process wrote once before: on PostgreSQL the path of a write whose reads are guessed and sent with
its lock (without it, each is the first write there: no guess).

`--serveret`: the application as `fravaer serve` serves it (fravaer.wsgi.lav_app: the request-id
and metrics middleware, PROMETHEUS_MULTIPROC_DIR set, the log configuration gunicorn is given),
and after each request gunicorn's access-log call as its worker makes it (the echo stays as
bench_soap serves it, bare): what a served request pays beyond the application itself.

The service's clock (service.clock) is pinned to the second the child starts: it works out a new
second's datetime, Danish day and text once a second, and under callgrind (tens of times slower)
a request crossed seconds often, more often on a loaded machine, which moved the counts with load
(±30k a write). A served worker at hundreds of requests a second pays that once in hundreds.

`--laas` (SQLite): only the instructions under the write lock (SkriveLaas.holdt, from the lock
taken to the lock let go), each write's counted from a zeroing marker (os.getsid) when the lock
is taken to a dump (os.getppid) before it is let go: what the two workers' writes take turns at.

    PYTHONPATH=src .venv/bin/python bench/bench_instruktioner.py [--database URL] [--only Opret,Hent]
                                                                 [--laas] [--gaettet] [--serveret]
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import os
import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_soap import OPERATIONER, bench_database, opret_kroppe, ret_kroppe

# requests per measured loop: enough to average the collector's rounds, few enough for callgrind
ANTAL = {"OpretHaendelse": 40, "RetHaendelse": 40, "HentHaendelser 20": 40, "HentHaendelser 200": 8,
         "HentKvoter 1": 40, "HentKvoter 100": 4, "HentKvoter 1000": 2, "HentMedarbejdere 500": 4,
         "OptaelFravaer": 40, "echo": 80}


def _marker() -> None:
    os.getppid()  # callgrind dumps (and zeroes) its counts on entering libc's getppid


def _igen(krop: bytes) -> bytes:
    """A RetHaendelse body of bench_soap.ret_kroppe made the event's second change (version 2 to
    3, another remark, a new TransaktionsID)."""
    krop = krop.replace(b"<f:Version>1</f:Version>", b"<f:Version>2</f:Version>").replace(
        b">rettet<", b">rettet igen<")
    return re.sub(rb"<f:TransaktionsID>[^<]+<", f"<f:TransaktionsID>{uuid.uuid4()}<".encode(), krop)


def operationens_kald(proc, database: str, navn: str, plads: int, n: int,
                      gaettet: bool) -> tuple[Callable[[bytes], bytes], list[bytes]]:
    """An operation's call in process and the bodies of its measured loop (n + 5: five for
    `varm`), made on weekday `plads`."""
    tjeneste, lav = next((t, lav) for o, t, _, lav in OPERATIONER if o == navn)
    kroppe = (opret_kroppe(plads, n + 5) if lav == "opret" else
              ret_kroppe(database, plads, n + 5) if lav == "ret" else lav())
    kald = functools.partial(proc.kald, tjeneste)
    if gaettet and lav in ("opret", "ret"):
        # each employment (Opret, on another day) or event (Ret, to version 2) written once
        # first: the measured writes are this process's second (PostgreSQL's guess)
        for krop in (opret_kroppe(plads + 40, n + 5) if lav == "opret" else kroppe):
            kald(krop)
        if lav == "ret":
            kroppe = [_igen(k) for k in kroppe]
    return kald, kroppe


def varm(kald: Callable[[bytes], bytes], kroppe: list[bytes], n: int) -> list[bytes]:
    """Five calls to warm the operation; the bodies left for the measured loop."""
    for i in range(5):
        kald(kroppe[i % len(kroppe)])
    return kroppe[5:] if len(kroppe) > n else kroppe


class _Svar:
    """What gunicorn's access log reads of its response object."""
    status = ""
    headers: list = []
    sent = 0


def _serveret(proc, database: str) -> None:
    """proc.kald through the served stack: gunicorn's logger as `fravaer serve` configures it
    (server.KonfigureretGunicorn, access log off), fravaer.wsgi.lav_app's application, and
    gunicorn's access-log call after each request."""
    from fravaer.config import Indstillinger
    from fravaer.logsetup import dict_config
    from fravaer.server import KonfigureretGunicorn
    from fravaer.wsgi import lav_app

    g = KonfigureretGunicorn(lambda: None, "127.0.0.1:0", 1, 1, False, eksplicitte={},
                             logkonfiguration=dict_config("INFO", "plain", False))
    glog = g.cfg.logger_class(g.cfg)
    app = lav_app(Indstillinger(database_url=database), migrer=False)
    proc.engine.dispose()
    proc.engine = app.engine

    class Anmodning:
        headers = [("HOST", "127.0.0.1:8000"), ("CONTENT-TYPE", "text/xml; charset=utf-8"),
                   ("CONTENT-LENGTH", "0")]

    def kald(tjeneste: str, krop: bytes) -> bytes:
        sti = op.STI[tjeneste]
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": sti, "RAW_URI": sti, "QUERY_STRING": "",
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "50000", "wsgi.url_scheme": "http",
                   "HTTP_HOST": "127.0.0.1:8000", "CONTENT_TYPE": "text/xml; charset=utf-8",
                   "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
        start = datetime.now()
        svar = _Svar()

        def start_response(status, headers, exc_info=None):
            svar.status, svar.headers = status, headers

        tekst = b"".join(app(environ, start_response))
        svar.sent = len(tekst)
        glog.access(svar, Anmodning, environ, datetime.now() - start)
        if not svar.status.startswith("200") or b"Fault>" in tekst:
            raise RuntimeError(f"{tjeneste} fejlede: {svar.status} {tekst[:600]!r}")
        return tekst

    proc.kald = kald


def _barn(database: str, navne: list[str], laas: bool = False, gaettet: bool = False,
          serveret: bool = False) -> None:
    """Run under callgrind: each operation warm, then its measured loop between two markers
    (`laas`: each write's section under the lock between a zeroing marker and a dump)."""
    from bench_inprocess import _ekko_kald
    from echo_app import lav_app

    from fravaer.server import GC_GEN0
    from fravaer.service import clock

    fast = float(int(clock.time.time()))
    clock._tid = lambda: fast  # the second pinned: see the module's docstring

    maaler = [False]
    if laas:
        from contextlib import contextmanager

        from fravaer.adapters.db import engine as modul

        oprindelig = modul.SkriveLaas.holdt

        @contextmanager
        def holdt(self):
            with oprindelig(self):
                if maaler[0]:
                    os.getsid(0)  # callgrind zeroes its counts here
                try:
                    yield
                finally:
                    if maaler[0]:
                        _marker()

        modul.SkriveLaas.holdt = holdt  # type: ignore[method-assign]

    proc = op.Inprocess(database)
    if serveret:
        _serveret(proc, database)
    ekko = lav_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
    for plads, navn in enumerate(navne, start=200):
        n = ANTAL[navn]
        if navn == "echo":
            kroppe = op.ekko()
            kald = functools.partial(_ekko_kald, ekko)
        else:
            kald, kroppe = operationens_kald(proc, database, navn, plads, n, gaettet)
        kroppe = varm(kald, kroppe, n)
        if not laas:
            _marker()
        maaler[0] = laas
        for i in range(n):
            kald(kroppe[i % len(kroppe)])
        maaler[0] = False
        if not laas:
            _marker()
    proc.engine.dispose()


def _instruktioner(fil: Path) -> int:
    m = re.search(r"^(?:summary|totals): (\d+)", fil.read_text(), re.M)
    return int(m.group(1)) if m else 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    p.add_argument("--only", help="comma-separated operation names (prefixes)")
    p.add_argument("--laas", action="store_true", help="only under SQLite's write lock (writes)")
    p.add_argument("--gaettet", action="store_true",
                   help="writes to employments/events the process wrote before (PostgreSQL's guessed path)")
    p.add_argument("--serveret", action="store_true",
                   help="through the served stack (fravaer serve's middleware, metrics, logging)")
    p.add_argument("--behold", help="a directory to keep callgrind's dumps in (for callgrind_annotate)")
    p.add_argument("--barn", help=argparse.SUPPRESS)
    p.add_argument("--navne", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.barn:
        _barn(a.barn, a.navne.split("|"), a.laas, a.gaettet, a.serveret)
        return
    navne = ["echo"] + [o[0] for o in OPERATIONER]
    if a.only:
        navne = [n for n in navne if any(n.startswith(x) for x in a.only.split(","))]
    if a.laas:
        if a.database:
            p.error("--laas: SQLite's write lock (PostgreSQL has none of ours)")
        navne = [n for n in navne if n in ("OpretHaendelse", "RetHaendelse")]
    with bench_database(a.database) as database, tempfile.TemporaryDirectory() as mappe:
        op.forbered(database)
        ud = Path(a.behold or mappe)
        ud.mkdir(parents=True, exist_ok=True)
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                        *(["--zero-before=getsid"] if a.laas else []),
                        f"--callgrind-out-file={ud}/cg.out", sys.executable, __file__,
                        "--barn", database, "--navne", "|".join(navne), *(["--laas"] if a.laas else []),
                        *(["--gaettet"] if a.gaettet else []), *(["--serveret"] if a.serveret else [])],
                       check=True, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, PROMETHEUS_MULTIPROC_DIR=mappe) if a.serveret else None)
        # dumps are numbered cg.out.1, cg.out.2, …: each operation's loop is every second one
        # (--laas: one a write, the operations' in turn)
        dumps = sorted(ud.glob("cg.out.*"), key=lambda f: int(f.suffix[1:]))
        kind = "PostgreSQL (worker only)" if a.database else "SQLite"
        hvor = ", under the write lock" if a.laas else ""
        print(f"instructions per request, in process, warm ({kind}{hvor})")
        start = 0
        for i, navn in enumerate(navne):
            if a.laas:
                egne = dumps[start:start + ANTAL[navn]]
                start += ANTAL[navn]
                print(f"{navn:22s} {sum(map(_instruktioner, egne)) / ANTAL[navn]:14,.0f}")
            else:
                print(f"{navn:22s} {_instruktioner(dumps[2 * i + 1]) / ANTAL[navn]:14,.0f}")


if __name__ == "__main__":
    main()
