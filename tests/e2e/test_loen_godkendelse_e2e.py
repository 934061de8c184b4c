"""Own registration types, approval and payroll end to end with zeep built from wsdl/FravaerService.wsdl
and wsdl/LoenService.wsdl, every answer checked against the XSD: an own type needing approval is
pending (A035), listed for its unit, approved only by a user with the right godkend (not by a
registrant, not by who registered it), then in the pay period's lines; a rejected one needs a
reason and is gone; closing a period; the decisions in the event log."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.egne_typer import EgenType
from fravaer.service import egne_typer
from fravaer.service.brugere import gem_bruger
from fravaer.service.stamdata import importer
from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient

KODEORD = "loen-kodeord"
SERIE = uuid.uuid4().int % 10**4


class LoenSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("LoenService.xsd")


def _loen(server, bruger: str):
    c = zeep.Client(str(ROD / "wsdl" / "LoenService.wsdl"), plugins=[LoenSkema()],
                    wsse=UsernameToken(bruger, KODEORD))
    return c.create_service("{urn:fravaer:1}LoenServiceBinding", f"{server.url}/soap/LoenService")


@pytest.fixture(scope="module")
def institution(server):
    """An institution with a unit U and two employments; own type 951 (løndel 5070, approval); a
    registrant, two approvers and a reader."""
    inst = f"LN{uuid.uuid4().hex[:8].upper()}"
    engine = make_engine(server.database_url)
    try:
        enheder = f"institution_kode,institution_navn,kode,navn,overordnet_kode\n{inst},Loen,U,U,\n".encode()
        assert importer(engine, laes_csv("enheder", enheder)).fejl == []
        linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                  "ugentlig_arbejdstid,startdato,slutdato,enhed_kode"]
        linjer += [f"{inst},Loen,{i + 1:02d}0580{SERIE:04d},1,{inst}-{i},0240,1100,1,37,2020-01-01,,U"
                   for i in range(2)]
        assert importer(engine, laes_csv("ansaettelser", "\n".join(linjer).encode())).fejl == []
        egne_typer.tilfoej(engine, inst, EgenType("951", "Egen betalt fridag", "5070", (), True), "e2e")
        gem_bruger(engine, f"reg-{inst}", KODEORD, registrer=[inst])
        gem_bruger(engine, f"chef-{inst}", KODEORD, godkend=[inst])
        gem_bruger(engine, f"chef2-{inst}", KODEORD, godkend=[inst])
        gem_bruger(engine, f"laes-{inst}", KODEORD, laes=[inst])
    finally:
        engine.dispose()
    return inst


def _forrige_maaned() -> tuple[str, date]:
    """Last month (begun, so it can be closed) and a Wednesday in it."""
    i_dag = datetime.now(UTC).date()
    foerste = (i_dag.replace(day=1) - timedelta(days=1)).replace(day=1)
    dag = foerste + timedelta(days=7 + (2 - foerste.weekday()) % 7)
    return f"{foerste:%Y-%m}", dag


def test_pending_approved_in_payroll_rejected_gone_and_the_rights(server, institution):
    inst = institution
    periode, dag = _forrige_maaned()
    reg = zeep_klient(server, f"reg-{inst}", KODEORD)
    chef = zeep_klient(server, f"chef-{inst}", KODEORD)
    oprettet = reg.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"{inst}-0"}, FastAarsagskode="951",
                                  FraDato=dag, TilDato=dag)
    h = oprettet.Haendelse
    assert (h.Status, h.Aarsagstekst) == ("Afventer", "Egen betalt fridag")
    assert [m.Kode for m in oprettet.Meddelelse] == ["A035"]
    # the own type in HentAarsagskoder for an employment of the institution
    koder = reg.HentAarsagskoder(Type="Fravaer", Ansaettelse={"Tjenestenummer": f"{inst}-0"})
    egen = next(k for k in koder if k.Kode == "951")
    assert (egen.Loendel, egen.Loenenhed, egen.KraeverGodkendelse) == ("5070", "Dage", True)

    afventer = chef.HentAfventendeHaendelser(Institution=inst, Enhed="U")
    assert [x.HaendelseID for x in afventer.Haendelse] == [h.HaendelseID] and not afventer.FlereFindes
    assert afventer.Haendelse[0].Aarsagstekst == "Egen betalt fridag"  # the institution's own type
    loen = _loen(server, f"laes-{inst}")
    assert [x for x in loen.HentLoenlinjer(Institution=inst, Loenperiode=periode).Loenlinje or []
            if x.Loendel == "5070"] == []

    for klient, kode in ((reg, "F222"), (zeep_klient(server, f"laes-{inst}", KODEORD), "F222")):
        with pytest.raises(zeep.exceptions.Fault) as e:
            klient.GodkendHaendelse(HaendelseID=h.HaendelseID, Version=h.Version)
        assert fejlkoder(e.value) == [kode]
    godkendt = chef.GodkendHaendelse(HaendelseID=h.HaendelseID, Version=h.Version)
    assert (godkendt.Status, godkendt.Version) == ("Godkendt", 2)
    [linje] = [x for x in loen.HentLoenlinjer(Institution=inst, Loenperiode=periode).Loenlinje
               if x.Loendel == "5070"]
    assert (linje.Ansaettelse.Tjenestenummer, linje.Antal, linje.Minutter, linje.Art, linje.Kilde,
            linje.KildeID) == (f"{inst}-0", Decimal("1.00"), 444, "Ordinaer", "Haendelse", h.HaendelseID)

    # a second one, registered by one approver: not hers to decide; the other rejects it
    chef2 = zeep_klient(server, f"chef2-{inst}", KODEORD)
    anden = chef2.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"{inst}-1"}, FastAarsagskode="951",
                                 FraDato=dag, TilDato=dag).Haendelse
    with pytest.raises(zeep.exceptions.Fault) as e:
        chef2.GodkendHaendelse(HaendelseID=anden.HaendelseID, Version=1)
    assert fejlkoder(e.value) == ["F225"]
    with pytest.raises(zeep.exceptions.Fault) as e:
        chef.AfvisHaendelse(HaendelseID=anden.HaendelseID, Version=1)
    assert fejlkoder(e.value) == ["F216"]
    afvist = chef.AfvisHaendelse(HaendelseID=anden.HaendelseID, Version=1, Begrundelse="Travl periode")
    assert (afvist.Status, afvist.Begrundelse) == ("Afvist", "Travl periode")
    assert reg.HentHaendelser(Ansaettelse=[{"Tjenestenummer": f"{inst}-1"}], FraDato=dag, TilDato=dag) == []
    assert chef.HentAfventendeHaendelser(Institution=inst).Haendelse == []

    # closing the period; again is refused
    lukket = _loen(server, f"reg-{inst}").LukLoenperiode(Institution=inst, Loenperiode=periode)
    assert lukket.Lukket is not None and [x.Loendel for x in lukket.Loenlinje] == ["5070"]
    with pytest.raises(zeep.exceptions.Fault) as e:
        _loen(server, f"reg-{inst}").LukLoenperiode(Institution=inst, Loenperiode=periode)
    assert fejlkoder(e.value) == ["F217"]
    with pytest.raises(zeep.exceptions.Fault) as e:
        loen.LukLoenperiode(Institution=inst, Loenperiode=periode)  # a reader may not close
    assert fejlkoder(e.value) == ["R001"]

    # the decisions in the event log
    log = chef.HentHaendelseLog(FraTidspunkt=datetime.now(UTC) - timedelta(hours=1),
                                TilTidspunkt=datetime.now(UTC) + timedelta(minutes=1)).Logpost
    mine = [(p.Handling, p.Efter.Status if p.Efter else None) for p in log
            if p.HaendelseID in (h.HaendelseID, anden.HaendelseID)]
    assert mine == [("Opret", "Afventer"), ("Godkend", "Godkendt"), ("Opret", "Afventer"),
                    ("Afvis", "Afvist")]
