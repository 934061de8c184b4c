"""The load test of bench/load_test.py at a size for CI: concurrent clients against several
server processes (gevent workers) on PostgreSQL, and on a SQLite file (where the processes' writers
take turns on a file lock, woken by a byte on a FIFO: issue 13), end with exactly the expected rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ny_pg_database
from tests.server import ledig_port

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.mark.postgres
def test_concurrent_clients_store_exactly_the_expected_rows():
    import load_test

    with ny_pg_database() as url:
        ok, rapport = load_test.koer(url, klienter=4, n=40, workers=3, threads=2, maks_sekunder=120,
                                     port=ledig_port())
    assert ok, rapport


def test_concurrent_clients_on_sqlite_store_exactly_the_expected_rows(tmp_path):
    import load_test

    ok, rapport = load_test.koer(f"sqlite:///{tmp_path / 'last.sqlite'}", klienter=4, n=40, workers=3,
                                 threads=2, maks_sekunder=120, port=ledig_port())
    assert ok, rapport
