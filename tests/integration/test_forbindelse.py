"""Without a liveness ping before each use of a pooled connection (issue 13: a round trip per
transaction), a connection that died under the pool — the server restarted, an idle timeout — costs
the request nothing: the transaction is retried once on a new connection (service/runner.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

BRUGER = Bruger("t", {"DEMO": Ret.REGISTRER})
T1 = AnsaettelsesIdent("10000001")


def _draeb_poolens_forbindelser(engine) -> int:
    """Ends every other session of the database, as a restart of the server would."""
    andet = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    try:
        with andet.connect() as c:
            return len(c.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())
    finally:
        andet.dispose()


@pytest.mark.parametrize("skriv", [False, True], ids=["laesning", "skrivning"])
def test_a_dead_pooled_connection_is_replaced_without_a_fault(demo_engine, skriv):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("a SQLite file has no connection to lose")
    t = Haendelsestjeneste(demo_engine, standardkatalog())
    t.hent([T1], date(2025, 1, 1), date(2025, 12, 31), [], BRUGER)  # a connection in the pool
    assert _draeb_poolens_forbindelser(demo_engine) >= 1
    if skriv:
        dag = date(2025, 3, 3)
        svar = t.opret(HaendelseAnmodning(T1, HaendelseData("100", dag, dag)), BRUGER)
        fundne = t.hent([T1], dag, dag, [], BRUGER)
        assert [h.id for h, _, _ in fundne] == [svar.haendelse.id]  # stored once
    else:
        assert t.hent([T1], date(2025, 1, 1), date(2025, 12, 31), [], BRUGER) == []
