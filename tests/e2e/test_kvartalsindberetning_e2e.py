"""StatistikService's HentKvartalsindberetning end to end with zeep (from wsdl/StatistikService.wsdl,
every answer checked against the XSD): the records of events registered through FravaerService,
a partial sickness with its hours per day, an event split at the quarter's end, the same run when
asked again, and faults."""

from __future__ import annotations

from datetime import date

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient
from tests.e2e.test_kvote_service import ny_ansaettelse
from tests.server import DEMO_BRUGER, DEMO_KODEORD


class StatistikSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("StatistikService.xsd")


@pytest.fixture(scope="module")
def statistik(server):
    c = zeep.Client(str(ROD / "wsdl" / "StatistikService.wsdl"), plugins=[StatistikSkema()],
                    wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    return c.create_service("{urn:fravaer:1}StatistikServiceBinding", f"{server.url}/soap/StatistikService")


def _mine(svar, tjnr: str):
    return sorted(((p.FastAarsagskode, p.Type, p.DSTKategori, p.FraDato, p.TilDato, p.Aaben, p.TimerPrDag,
                    p.MinutterPrDag) for p in svar.Indberetningspost if p.Ansaettelse.Tjenestenummer == tjnr),
                  key=lambda r: r[3])


def test_the_quarterly_report_over_soap(server, statistik):
    a = ny_ansaettelse(server, start="2018-01-01")
    klient = zeep_klient(server)
    klient.OpretHaendelse(Ansaettelse=a, FastAarsagskode="155", FraDato="2019-02-04", TilDato="2019-02-15",
                          Timer=3, Minutter=42)
    klient.OpretHaendelse(Ansaettelse=a, FastAarsagskode="100", FraDato="2019-03-25", TilDato="2019-04-05")
    klient.OpretHaendelse(Ansaettelse=a, FastAarsagskode="100", FraDato="2019-01-07", TilDato="2019-01-07",
                          Timer=7, Minutter=24)
    klient.OpretHaendelse(Ansaettelse=a, FastAarsagskode="500", FraDato="2019-01-14", TilDato="2019-01-18")
    svar = statistik.HentKvartalsindberetning(Institution="DEMO", Aar=2019, Kvartal=1)
    assert svar.Frist == date(2019, 4, 10) and svar.Fortsaettelse is None and not svar.Meddelelse
    assert _mine(svar, a["Tjenestenummer"]) == [
        ("100", "a", "1100", date(2019, 1, 7), date(2019, 1, 7), False, None, None),  # 7 h 24 min: a day
        ("155", "h", "1100", date(2019, 2, 4), date(2019, 2, 15), False, 3, 42),
        ("100", "a", "1100", date(2019, 3, 25), date(2019, 3, 31), False, None, None),  # to the quarter's end
    ]
    igen = statistik.HentKvartalsindberetning(Institution="DEMO", Aar=2019, Kvartal=1)
    assert (igen.Koersel, igen.Dannet, igen.AntalPoster) == (svar.Koersel, svar.Dannet, svar.AntalPoster)
    q2 = statistik.HentKvartalsindberetning(Institution="DEMO", Aar=2019, Kvartal=2)
    assert _mine(q2, a["Tjenestenummer"]) == [
        ("100", "a", "1100", date(2019, 4, 1), date(2019, 4, 5), False, None, None)]


@pytest.mark.parametrize("anmodning, kode", [
    ({"Institution": "UKENDT", "Aar": 2025, "Kvartal": 1}, "F088"),
    ({"Institution": "DEMO", "Aar": 2999, "Kvartal": 1}, "F140"),
    ({"Institution": "DEMO", "Aar": 2025, "Kvartal": 1, "Fortsaettelse": "999999999"}, "F141"),
])
def test_faults(statistik, anmodning, kode):
    with pytest.raises(zeep.exceptions.Fault) as e:
        statistik.HentKvartalsindberetning(**anmodning)
    assert fejlkoder(e.value) == [kode] and e.value.code.endswith("Client")
