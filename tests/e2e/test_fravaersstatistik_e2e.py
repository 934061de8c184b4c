"""StatistikService.HentFravaersstatistik end to end with zeep built from wsdl/StatistikService.wsdl,
every answer checked against schemas/StatistikService.xsd: an institution's figures per unit and
month, a small group suppressed (not zero), the rights (a unit only to who may read its
institution), and the checks of the request as faults."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.service.brugere import gem_bruger
from fravaer.service.stamdata import importer
from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient

KODEORD = "statistik-kodeord"
SERIE = uuid.uuid4().int % 10**4  # the CPR numbers' last four digits: this run's own


class StatistikSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("StatistikService.xsd")


def _klient(server, bruger: str):
    c = zeep.Client(str(ROD / "wsdl" / "StatistikService.wsdl"), plugins=[StatistikSkema()],
                    wsse=UsernameToken(bruger, KODEORD))
    return c.create_service("{urn:fravaer:1}StatistikServiceBinding", f"{server.url}/soap/StatistikService")


@pytest.fixture(scope="module")
def institution(server):
    """Unit A with six full-timers, unit B with two; one sick in A 2–6 March 2026, one in B 9–10
    March; a reader of the institution and one of another."""
    inst = f"ST{uuid.uuid4().hex[:8].upper()}"
    engine = make_engine(server.database_url)
    try:
        enheder = (f"institution_kode,institution_navn,kode,navn,overordnet_kode\n"
                   f"{inst},Statistik,A,A,\n{inst},Statistik,B,B,\n").encode()
        assert importer(engine, laes_csv("enheder", enheder)).fejl == []
        linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                  "ugentlig_arbejdstid,startdato,slutdato,enhed_kode"]
        linjer += [f"{inst},Statistik,{i + 1:02d}0370{SERIE:04d},1,{inst}-{i},0240,1100,1,37,2020-01-01,,"
                   f"{'A' if i < 6 else 'B'}" for i in range(8)]
        assert importer(engine, laes_csv("ansaettelser", "\n".join(linjer).encode())).fejl == []
        gem_bruger(engine, f"reg-{inst}", KODEORD, registrer=[inst])
        gem_bruger(engine, f"laes-{inst}", KODEORD, laes=[inst])
        gem_bruger(engine, f"frem-{inst}", KODEORD, laes=["DEMO"])
    finally:
        engine.dispose()
    fravaer = zeep_klient(server, f"reg-{inst}", KODEORD)
    for i, fra, til in ((0, date(2026, 3, 2), date(2026, 3, 6)), (6, date(2026, 3, 9), date(2026, 3, 10))):
        fravaer.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"{inst}-{i}"}, FastAarsagskode="100",
                               FraDato=fra, TilDato=til)
    return inst


def test_an_institutions_figures_per_unit_and_month_with_a_small_group_suppressed(server, institution):
    k = _klient(server, f"laes-{institution}")
    svar = k.HentFravaersstatistik(Institution=institution, FraDato=date(2026, 3, 1),
                                   TilDato=date(2026, 4, 30), Gruppering=["Enhed", "Maaned"])
    pr = {(n.Enhed, n.Maaned): n for n in svar.Noegletal}
    assert sorted(pr) == [("A", "2026-03"), ("A", "2026-04"), ("B", "2026-03"), ("B", "2026-04")]
    a = pr[("A", "2026-03")]
    assert (a.Undertrykt, a.Medarbejdere, a.Aarsvaerk, a.PlanlagteDage) == (False, 6, Decimal("6.00"),
                                                                          Decimal("132.00"))
    assert (a.Fravaersdage, a.Fravaerstimer, a.Forloeb, a.MedarbejdereMedFravaer) == (
        Decimal("5.00"), Decimal("37.00"), 1, 1)
    assert a.Fravaersprocent == Decimal("3.78")  # 5 of 132 days: 3,787… rounded down
    assert [(f.Laengde, f.Antal) for f in a.ForloebEfterLaengde] == [("1-3", 0), ("4-14", 1), ("15-28", 0),
                                                                     ("over 28", 0)]
    assert pr[("A", "2026-04")].PlanlagteDage == Decimal("114.00")  # 19 working days each (Easter)
    b = pr[("B", "2026-03")]  # two employees: suppressed, not zero
    assert b.Undertrykt is True and b.Medarbejdere is None and b.Fravaersdage is None
    assert [m.Kode for m in svar.Meddelelse] == ["A025"]


def test_a_unit_subtree_and_per_type(server, institution):
    k = _klient(server, f"laes-{institution}")
    svar = k.HentFravaersstatistik(Institution=institution, Enhed="A", FraDato=date(2026, 3, 1),
                                   TilDato=date(2026, 3, 31), Gruppering=["Type"])
    assert [n.Type for n in svar.Noegletal] == list("abcdefghi")
    assert svar.Noegletal[0].Fravaersdage == Decimal("5.00") and svar.Noegletal[1].Fravaersdage == 0


@pytest.mark.parametrize("bruger, kw, kode", [
    ("frem", {}, "F088"),  # may not read the institution: answered as unknown
    ("laes", {"Enhed": "X"}, "F089"),
    ("laes", {"TilDato": date(2026, 2, 1)}, "F003"),
    ("laes", {"FraDato": date(2020, 1, 1)}, "F150"),
    ("laes", {"Gruppering": ["Type", "Type"]}, "F151"),
])
def test_refused_requests_are_client_faults(server, institution, bruger, kw, kode):
    k = _klient(server, f"{bruger}-{institution}")
    anmodning = {"Institution": institution, "FraDato": date(2026, 3, 1), "TilDato": date(2026, 3, 31), **kw}
    with pytest.raises(zeep.exceptions.Fault) as e:
        k.HentFravaersstatistik(**anmodning)
    assert "Client" in e.value.code and fejlkoder(e.value) == [kode]
