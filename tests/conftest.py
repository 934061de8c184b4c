"""Shared fixtures: databases (SQLite always; PostgreSQL when FRAVAER_TEST_DATABASE_URL is set,
in a database of this test run's own that is dropped at the end), the demo data, the server."""

from __future__ import annotations

import logging
import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fravaer.adapters.db.engine import make_engine, normalize_url
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.db.reference_cache import cache_for
from fravaer.adapters.db.tables import Base
from tests.server import Server

ROD = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("FRAVAER_TEST_DATABASE_URL")
# One server key for the test run, shared by the servers the tests start (they inherit the
# environment) and the test process, so PasswordDigest users can be made on either side.
os.environ.setdefault("FRAVAER_SECRET_KEY", "dGVzdC1ub2VnbGUtdGlsLWZyYXZhZXItMzItYnl0ZXM=")

kraever_postgres = pytest.mark.skipif(not PG_URL, reason="FRAVAER_TEST_DATABASE_URL er ikke sat")


@contextmanager
def ny_pg_database():
    """A new, empty PostgreSQL database of this test run's own; dropped afterwards."""
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


@pytest.fixture(scope="session")
def pg_url():
    """The PostgreSQL database of this test process's integration tests."""
    with ny_pg_database() as url:
        yield url


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
        # the run's engine outlives the test: its process copy's guesses (by tjenestenummer, for
        # a write's reads ahead) are of an earlier test's employments, not this test's
        cache_for(e).gaetninger.clear()
        yield e
        _ryd(e)


@pytest.fixture
def demo_engine(engine):
    from fravaer.service.demo import indlaes_demo

    indlaes_demo(engine)
    return engine


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    mappe = tmp_path_factory.mktemp(f"server-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{mappe / 'e2e.sqlite'}"
        s = Server(url, mappe / "server.log")
        yield s
        s.stop()
    else:
        with ny_pg_database() as url:  # its own: the integration tests empty theirs
            s = Server(url, mappe / "server.log")
            yield s
            s.stop()




# ---------------------------------------------------------------- no CPR number in any log line

CPR_MOENSTER = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}(?!\d)")


class _CprVagt(logging.Handler):
    """Collects every log line of the test process that looks like it holds a CPR number."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.fund: list[str] = []

    def emit(self, record):
        try:
            linje = record.getMessage()
        except Exception:  # a broken format string is not ours to judge here
            linje = str(record.msg)
        if record.exc_info:
            linje += "\n" + logging.Formatter().formatException(record.exc_info)
        if CPR_MOENSTER.search(linje):
            self.fund.append(f"{record.name}: {linje}")


_cpr_vagt = _CprVagt()


def pytest_configure(config):
    rod = logging.getLogger()
    rod.addHandler(_cpr_vagt)
    # INFO for everyone (the test clients zeep and suds dump whole bodies at DEBUG: they are
    # the callers, not the service), every line of the service's own code down to DEBUG.
    rod.setLevel(logging.INFO)
    logging.getLogger("fravaer").setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)  # as the CLI sets it


@pytest.fixture(autouse=True)
def ingen_cpr_i_loggen():
    """Fails the test during which any log line with a CPR number was written."""
    start = len(_cpr_vagt.fund)
    yield
    nye = _cpr_vagt.fund[start:]
    assert not nye, f"CPR-nummer i loggen: {nye}"
