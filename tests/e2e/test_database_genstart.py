"""A database that goes away and comes back: soap:Server faults meanwhile, then normal service,
without restarting the server (PostgreSQL behind a proxy the test cuts)."""

from __future__ import annotations

import time

import pytest
import zeep
from sqlalchemy.engine import make_url

from tests.conftest import ny_pg_database
from tests.e2e.conftest import fejlkoder, zeep_klient
from tests.server import Server
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


def test_service_resumes_by_itself_after_the_database_comes_back(tmp_path):
    with ny_pg_database() as url:
        u = make_url(url)
        proxy = TcpProxy(u.host or "127.0.0.1", u.port or 5432)
        port = proxy.start()
        server = Server(u.set(port=port).render_as_string(hide_password=False), tmp_path / "server.log")
        try:
            klient = zeep_klient(server)
            ans = [{"Tjenestenummer": "10000001"}]
            assert klient.HentHaendelser(Ansaettelse=ans, FraDato="2024-01-01", TilDato="2024-01-31") == []

            proxy.stop()
            for _ in range(3):
                with pytest.raises(zeep.exceptions.Fault) as e:
                    klient.OpretHaendelse(Ansaettelse=ans[0], FastAarsagskode="500",
                                          FraDato="2024-07-01", TilDato="2024-07-05")
                assert e.value.code.endswith("Server") and fejlkoder(e.value) == ["S001"]

            proxy.start()
            slut = time.monotonic() + 30
            while True:  # the first request after may still meet a connection cut under it
                try:
                    h = klient.OpretHaendelse(Ansaettelse=ans[0], FastAarsagskode="500",
                                              FraDato="2024-07-01", TilDato="2024-07-05").Haendelse
                    break
                except zeep.exceptions.Fault as f:
                    assert fejlkoder(f) == ["S001"] and time.monotonic() < slut
            fundne = klient.HentHaendelser(Ansaettelse=ans, FraDato="2024-07-01", TilDato="2024-07-31")
            assert [x.HaendelseID for x in fundne] == [h.HaendelseID]  # stored once, nothing half
        finally:
            server.stop()
            proxy.stop()
