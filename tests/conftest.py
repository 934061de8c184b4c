"""Shared fixtures: databases (SQLite always; PostgreSQL when FRAVAER_TEST_DATABASE_URL is set,
in a database of this test run's own that is dropped at the end), the demo data, the server."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fravaer.adapters.db.engine import make_engine, normalize_url
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.db.tables import Base

ROD = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("FRAVAER_TEST_DATABASE_URL")

kraever_postgres = pytest.mark.skipif(not PG_URL, reason="FRAVAER_TEST_DATABASE_URL er ikke sat")


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test process, migrated; dropped afterwards."""
    if not PG_URL:
        pytest.skip("FRAVAER_TEST_DATABASE_URL er ikke sat")
    server = make_url(normalize_url(PG_URL))
    navn = f"fravaer_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    url = server.set(database=navn).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
        admin.dispose()


def _ryd(engine) -> None:
    with engine.begin() as c:
        for tabel in reversed(Base.metadata.sorted_tables):
            c.execute(tabel.delete())


@pytest.fixture(scope="session")
def _pg_engine(pg_url):
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A migrated, empty database: a new SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        e = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
        upgrade(e)
        yield e
        e.dispose()
    else:
        e = request.getfixturevalue("_pg_engine")
        _ryd(e)
        yield e
        _ryd(e)


@pytest.fixture
def demo_engine(engine):
    from fravaer.service.demo import indlaes_demo

    indlaes_demo(engine)
    return engine
