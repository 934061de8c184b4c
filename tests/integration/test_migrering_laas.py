"""Several hosts starting together migrate once (issue 18 item 5): `fravaer db upgrade` takes a
PostgreSQL advisory lock for its transaction, so a second process waits for the first and then finds
nothing to do. Real processes against a fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from fravaer.adapters.db.engine import normalize_url
from fravaer.adapters.db.migrate import LAAS_NOEGLE, head_revision
from tests.conftest import kraever_postgres, ny_pg_database

ROD = Path(__file__).resolve().parents[2]


def _upgrade(url: str) -> subprocess.Popen:
    miljoe = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROD / "src"), str(ROD)]),
                  FRAVAER_DATABASE_URL=url)
    return subprocess.Popen([sys.executable, "-m", "fravaer.cli", "db", "upgrade"], env=miljoe,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _versioner(url: str) -> list[str]:
    e = create_engine(normalize_url(url))
    try:
        with e.connect() as c:
            return [r[0] for r in c.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        e.dispose()


@kraever_postgres
def test_two_processes_starting_together_migrate_once():
    with ny_pg_database() as url:
        processer = [_upgrade(url), _upgrade(url)]
        ud = [p.communicate(timeout=180)[0] for p in processer]
        assert [p.returncode for p in processer] == [0, 0], ud
        assert _versioner(url) == [head_revision()]


def _venter_paa_laasen(c, p: subprocess.Popen) -> bool:
    """Whether the process comes to wait for the advisory lock (before it ends, within 120 s)."""
    slut = time.monotonic() + 120
    while time.monotonic() < slut and p.poll() is None:
        if c.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                     ).scalar():
            return True
        c.commit()
        time.sleep(0.1)
    return False


@kraever_postgres
def test_a_process_waits_while_another_holds_the_migration_lock():
    with ny_pg_database() as url:
        e = create_engine(normalize_url(url))
        try:
            with e.connect() as c:
                c.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LAAS_NOEGLE})
                c.commit()
                p = _upgrade(url)
                venter = _venter_paa_laasen(c, p)
                tabeller = c.execute(text("SELECT count(*) FROM pg_tables WHERE tablename = 'ansaettelse'")
                                     ).scalar()
                c.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LAAS_NOEGLE})
                c.commit()
            ud = p.communicate(timeout=180)[0]
        finally:
            e.dispose()
        assert venter and tabeller == 0, ud
        assert p.returncode == 0, ud
        assert _versioner(url) == [head_revision()]
