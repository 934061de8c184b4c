"""Slow clients against `fravaer serve` (issue 17 item 1): p50/p99 of 100 ordinary requests idle
and while 64 connections send their request one byte a second, per worker class.

    PYTHONPATH=src python bench/bench_langsomme.py [--database URL] [--worker-class gevent gthread]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROD))

from tests.langsomme_klienter import LangsommeKlienter, p99, svartider  # noqa: E402
from tests.server import Server  # noqa: E402


def maal(database: str | None, klasse: str, antal: int, langsomme: int) -> None:
    with tempfile.TemporaryDirectory() as mappe:
        url = database or f"sqlite:///{mappe}/b.sqlite"
        server = Server(url, Path(mappe) / "server.log", flag=("--worker-class", klasse))
        try:
            svartider(server.port, 20)  # warm: every worker has the caller's password checked
            tomgang = svartider(server.port, antal)
            with LangsommeKlienter(server.port, langsomme) as lk:
                time.sleep(2)
                try:
                    under = svartider(server.port, antal, timeout=10)
                    fejl = None
                except Exception as e:  # the figure is that it failed
                    under, fejl = [], f"{type(e).__name__}: {e}"
                genaabnet = lk.genaabnet
        finally:
            server.stop()
    print(f"{klasse}: idle p50 {statistics.median(tomgang)*1000:.1f} ms p99 {p99(tomgang)*1000:.1f} ms; "
          + (f"with {langsomme} slow: p50 {statistics.median(under)*1000:.1f} ms "
             f"p99 {p99(under)*1000:.1f} ms (ratio {p99(under)/p99(tomgang):.2f}), "
             f"{genaabnet} slow connections closed by the server" if under else
             f"with {langsomme} slow: FAILED ({fejl})"))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--database")
    p.add_argument("--worker-class", nargs="+", default=["gevent", "gthread"])
    p.add_argument("--antal", type=int, default=100)
    p.add_argument("--langsomme", type=int, default=64)
    a = p.parse_args()
    for klasse in a.worker_class:
        maal(a.database, klasse, a.antal, a.langsomme)


if __name__ == "__main__":
    main()
