"""An institution's særregel seen by a client: zeep over HTTP against the running server, the
rule set up with the CLI on the server's database, an identical request at another institution
judged by the default matrix."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import zeep

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.katalog import Matrixregel, Samtidighed, standardkatalog
from fravaer.service import saerregler
from fravaer.service.brugere import gem_bruger
from fravaer.service.stamdata import importer
from tests.e2e.conftest import fejlkoder, zeep_klient

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
         "ugentlig_arbejdstid,startdato,slutdato\n")


def test_open_sickness_over_planned_vacation_only_where_the_institution_ordered_it(server):
    # two institutions of this test's own (the server lives for the whole session), a user with
    # rights to both, and the seed's særregel for one of them, written to the server's database
    n = uuid.uuid4().int % 10**6
    med, uden = f"SR{n}", f"SU{n}"
    linjer = laes_csv("ansaettelser", (
        HOVED + f"{med},Med særregel,0101702{n % 1000:03d},1,SR{n},0240,,1,37,2020-01-01,\n"
        f"{uden},Uden særregel,0101702{n % 1000:03d},2,SU{n},0240,,1,37,2020-01-01,\n").encode())
    engine = make_engine(server.database_url)
    try:
        assert importer(engine, linjer).oprettet == 2
        gem_bruger(engine, f"sr{n}", "saerregel-kodeord", registrer=[med, uden])
        saerregler.tilfoej(engine, standardkatalog(), med, [
            Matrixregel(k, a, Samtidighed.JA, kode_aaben=True, anden_planlagt=True)
            for k in ("100", "130", "140", "150", "154", "155", "760") for a in ("500", "505", "520")],
            "test")
    finally:
        engine.dispose()
    klient = zeep_klient(server, f"sr{n}", "saerregel-kodeord")

    naeste_sommer = date(date.today().year + 1, 7, 5)
    syg_fra = date.today() - timedelta(days=7)
    for tjnr in (f"SR{n}", f"SU{n}"):
        klient.OpretHaendelse(Ansaettelse={"Tjenestenummer": tjnr}, FastAarsagskode="500",
                              FraDato=naeste_sommer, TilDato=naeste_sommer + timedelta(days=4))
    svar = klient.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"SR{n}"}, FastAarsagskode="100",
                                 FraDato=syg_fra)
    assert svar.Haendelse.TilDato is None
    assert [(m.Kode, m.Alvor) for m in svar.Meddelelse] == [("A016", "Advis")]
    with pytest.raises(zeep.exceptions.Fault) as e:
        klient.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"SU{n}"}, FastAarsagskode="100",
                              FraDato=syg_fra)
    assert fejlkoder(e.value) == ["F011"]
