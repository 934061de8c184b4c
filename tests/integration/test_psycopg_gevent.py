"""psycopg's wait in a gevent worker as a wait in the event loop (adapters/db/psycopg_gevent.py,
issue 13): real statements through it, the worker's other green threads going on meanwhile; a wait
cut short (gevent.Timeout, psycopg's own timeout) and a server that closes the connection end the
wait at once. Run in a process of its own, as gevent's monkey patching must not touch the test
runner; psycopg is imported before the patching, as in `fravaer serve` (the arbiter's migrations)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import psycopg.waiting
import pytest

from fravaer.adapters.db import psycopg_gevent
from tests.conftest import kraever_postgres

_SKRIPT = textwrap.dedent("""
    import psycopg
    from gevent import monkey
    monkey.patch_all()
    import sys, time
    import gevent
    from psycopg import errors, waiting
    from psycopg.generators import execute
    from sqlalchemy.engine import make_url
    from fravaer.adapters.db import pq_pipeline
    from fravaer.adapters.db.engine import normalize_url
    from fravaer.server import _psycopg_samarbejder

    _psycopg_samarbejder()
    print("i loekken", getattr(waiting.wait, "fravaer_i_loekken", False))
    url = make_url(normalize_url(sys.argv[1])).set(drivername="postgresql").render_as_string(
        hide_password=False)
    slag = []
    def ur():
        while True:
            slag.append(time.monotonic())
            gevent.sleep(0.01)
    gevent.spawn(ur)

    # 1. answers, a large one (many waits), and two slow statements at once
    c = psycopg.connect(url, autocommit=True)
    print("svar", c.execute("SELECT 1 + %s", [41]).fetchone()[0] == 42)
    raekker = c.execute("SELECT repeat('x', 200) FROM generate_series(1, 20000)").fetchall()
    print("stort svar", len(raekker) == 20000 and raekker[-1][0] == "x" * 200)
    (r,) = pq_pipeline.rundtur(c, [("SELECT %(a)s::int * 2", {"a": 21})])
    print("rundtur", pq_pipeline.raekker(c, r) == [(42,)],
          pq_pipeline._venter() is waiting.wait.fravaer_vent)
    # a round trip whose sending and answer each take many waits
    stor = "y" * 5_000_000
    r, s = pq_pipeline.rundtur(c, [("SELECT length(%(s)s)", {"s": stor}),
                                   ("SELECT repeat('x', 200) FROM generate_series(1, 20000)", None)])
    print("store", pq_pipeline.raekker(c, r) == [(5_000_000,)] and s.ntuples == 20000)

    def sov():
        with psycopg.connect(url, autocommit=True) as k:
            k.execute("SELECT pg_sleep(0.4)")
    start, foer = time.monotonic(), len(slag)
    gevent.joinall([gevent.spawn(sov), gevent.spawn(sov)], raise_error=True)
    print("samtidig", time.monotonic() - start < 0.75, "slag", len(slag) - foer >= 15)

    # 2. a wait cut short by gevent.Timeout: the round trip's connection closed (its state unknown)
    k = psycopg.connect(url, autocommit=True)
    start = time.monotonic()
    try:
        with gevent.Timeout(0.2):
            pq_pipeline.rundtur(k, [("SELECT pg_sleep(5)", None)])
        print("FEJL: ikke afbrudt")
    except gevent.Timeout:
        print("afbrudt", time.monotonic() - start < 1.0, "lukket", k.closed)

    # 3. psycopg's own timeout of a wait: _WaitTimeout, the statement then cancelled
    k = psycopg.connect(url, autocommit=True)
    k.pgconn.send_query(b"SELECT pg_sleep(5)")
    start = time.monotonic()
    try:
        k.wait(execute(k.pgconn), timeout=0.2)
        print("FEJL: ingen timeout")
    except errors._WaitTimeout:
        print("timeout", 0.19 <= time.monotonic() - start < 1.0)
    k.cancel_safe()
    k.close()

    # 4. the server closes the connection during the wait: an error at once, not a hang
    k = psycopg.connect(url, autocommit=True)
    pid = k.info.backend_pid
    def drab():
        gevent.sleep(0.2)
        with psycopg.connect(url, autocommit=True) as a:
            a.execute("SELECT pg_terminate_backend(%s)", [pid])
    gevent.spawn(drab)
    start, foer = time.monotonic(), len(slag)
    try:
        k.execute("SELECT pg_sleep(5)")
        print("FEJL: intet brud")
    except psycopg.OperationalError:
        print("brudt", time.monotonic() - start < 2.0, "slag", len(slag) - foer >= 5)
    # ... and during pq_pipeline's own wait: psycopg's error, the connection closed
    k = psycopg.connect(url, autocommit=True)
    pid = k.info.backend_pid
    gevent.spawn(drab)
    start, foer = time.monotonic(), len(slag)
    try:
        pq_pipeline.rundtur(k, [("SELECT 1", None), ("SELECT pg_sleep(5)", None)])
        print("FEJL: intet brud")
    except psycopg.OperationalError:
        print("brudt", time.monotonic() - start < 2.0, "slag", len(slag) - foer >= 5, "lukket", k.closed)

    # 5. the connection's deadline (svarfrist) on pq_pipeline's own wait
    from fravaer.adapters.db.response_deadline import SvarfristOverskredet, forbind
    k = forbind(0.3, url, autocommit=True)
    start = time.monotonic()
    try:
        pq_pipeline.rundtur(k, [("SELECT pg_sleep(5)", None)])
        print("FEJL: ingen svarfrist")
    except SvarfristOverskredet:
        print("svarfrist", 0.29 <= time.monotonic() - start < 1.5, "lukket", k.closed)
    print("ok", c.execute("SELECT 7").fetchone()[0] == 7)
""")


@kraever_postgres
def test_statements_wait_in_the_event_loop(pg_url):
    ud = subprocess.run([sys.executable, "-c", _SKRIPT, pg_url], capture_output=True, text=True,
                        timeout=60)
    assert ud.returncode == 0, ud.stderr
    assert ud.stdout.split("\n") == [
        "i loekken True", "svar True", "stort svar True", "rundtur True True", "store True",
        "samtidig True slag True", "afbrudt True lukket True", "timeout True", "brudt True slag True",
        "brudt True slag True lukket True", "svarfrist True lukket True", "ok True", ""], \
        ud.stdout + ud.stderr


@pytest.mark.parametrize("mangler", ["READY_NONE", "WAIT_RW"])
def test_psycopgs_own_wait_is_kept_when_its_internals_differ(monkeypatch, mangler):
    monkeypatch.setattr(psycopg.waiting, "wait", psycopg.waiting.wait)  # restored afterwards
    foer = psycopg.waiting.wait
    monkeypatch.delattr(psycopg.waiting, mangler)
    assert psycopg_gevent.installer() is False
    assert psycopg.waiting.wait is foer


def test_installed_where_they_are_as_expected(monkeypatch):
    monkeypatch.setattr(psycopg.waiting, "wait", psycopg.waiting.wait)
    assert psycopg_gevent.installer() is True
    assert getattr(psycopg.waiting.wait, "fravaer_i_loekken", False)
