"""MasseindberetHaendelser seen by a client (issue 15): zeep over HTTP against the running
server (SQLite and PostgreSQL). Each test makes an institution of its own on the server's
database (the server lives for the whole session): a unit of 50 under a top unit, one more
employee in another unit, and a user who may register there."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.service.brugere import gem_bruger
from fravaer.service.masse import MAKS_INDBERETNINGER
from fravaer.service.stamdata import importer
from tests.e2e.conftest import zeep_klient
from tests.e2e.test_konvolut import kontroller_fault
from tests.e2e.test_protocol import envelope, post
from tests.server import med_sikkerhed

KODEORD = "masse-kodeord"
I_ENHEDEN = 50


@pytest.fixture
def sted(server):
    """(klient, institution, tjenestenumre in the unit of 50, the one outside it)."""
    n = uuid.uuid4().int % 10**6
    inst = f"MA{n}"
    enheder = (f"institution_kode,institution_navn,kode,navn,overordnet_kode\n"
               f"{inst},Masse {n},TOP,Top,\n{inst},Masse {n},LUK,Lukker,TOP\n"
               f"{inst},Masse {n},AAB,Aaben,TOP\n")
    hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
             "ugentlig_arbejdstid,startdato,slutdato,enhed_kode\n")
    tjnr = [f"M{n}-{i}" for i in range(I_ENHEDEN + 1)]
    # a CPR number of this test's own: born on a day of its own in 19ii (ii: the employee)
    cpr = [f"{1 + n % 28:02d}{1 + n // 28 % 12:02d}{i:02d}{n % 10**4:04d}" for i in range(len(tjnr))]
    linjer = "".join(f"{inst},Masse {n},{cpr[i]},1,{t},0240,,1,37,2020-01-01,,"
                     f"{'LUK' if i < I_ENHEDEN else 'AAB'}\n" for i, t in enumerate(tjnr))
    engine = make_engine(server.database_url)
    try:
        assert importer(engine, laes_csv("enheder", enheder.encode()), alt_eller_intet=True).fejl == []
        r = importer(engine, laes_csv("ansaettelser", (hoved + linjer).encode()), alt_eller_intet=True)
        assert r.fejl == []
        gem_bruger(engine, f"ma{n}", KODEORD, registrer=[inst])
    finally:
        engine.dispose()
    return zeep_klient(server, f"ma{n}", KODEORD), inst, tjnr[:I_ENHEDEN], tjnr[I_ENHEDEN]


def reg(tjnr, kode="100", fra=date(2026, 3, 2), til=date(2026, 3, 3), **andet):
    return {"Ansaettelse": {"Tjenestenummer": tjnr}, "FastAarsagskode": kode, "FraDato": fra,
            "TilDato": til, **andet}


def svar_af(svar):
    return [(r.Nummer, r.Status, [m.Kode for m in r.Meddelelse]) for r in svar]


def antal(klient, tjnr) -> int:
    return len(klient.HentHaendelser(Ansaettelse=[{"Tjenestenummer": t} for t in tjnr],
                                     FraDato=date(2026, 1, 1), TilDato=date(2026, 12, 31)))


def test_good_bad_and_conflicting_registrations_each_get_their_answer(sted):
    klient, _, tjnr, _ = sted
    svar = klient.MasseindberetHaendelser(Indberetning=[
        reg(tjnr[0]),
        reg(tjnr[0], "500", date(2026, 3, 3), date(2026, 3, 4)),  # overlaps the first: refused
        reg("findes-ikke"),
        reg(tjnr[1], "999"),
        reg(tjnr[1], Timer=3),  # hours on a sickness of whole days
        reg(tjnr[2], til=None),  # open sickness
    ])
    assert svar_af(svar) == [(1, "Oprettet", []), (2, "Afvist", ["F011"]), (3, "Afvist", ["F030"]),
                             (4, "Afvist", ["F001"]), (5, "Afvist", ["F008"]), (6, "Oprettet", [])]
    assert svar[0].Haendelse.Dage == 2 and svar[0].HaendelseID == svar[0].Haendelse.HaendelseID
    assert svar[0].Ansaettelse.Tjenestenummer == tjnr[0]
    assert svar[5].Haendelse.TilDato is None
    assert antal(klient, tjnr[:3]) == 2


def test_all_or_nothing_stores_nothing_when_one_is_refused(sted):
    klient, _, tjnr, _ = sted
    svar = klient.MasseindberetHaendelser(Indberetning=[reg(tjnr[0]), reg(tjnr[1]), reg(tjnr[1])],
                                          AltEllerIntet=True)
    assert svar_af(svar) == [(1, "IkkeGemt", ["A030"]), (2, "IkkeGemt", ["A030"]), (3, "Afvist", ["F011"])]
    assert antal(klient, tjnr[:2]) == 0


def test_retrying_the_whole_batch_stores_nothing_twice(sted):
    klient, _, tjnr, _ = sted
    batch = [reg(t, TransaktionsID=str(uuid.uuid4())) for t in tjnr[:5]]
    foerste = klient.MasseindberetHaendelser(Indberetning=batch)
    anden = klient.MasseindberetHaendelser(Indberetning=batch)
    assert [r.Status for r in foerste] == ["Oprettet"] * 5
    assert [r.Status for r in anden] == ["Gentaget"] * 5
    assert [r.Haendelse.HaendelseID for r in anden] == [r.Haendelse.HaendelseID for r in foerste]
    assert antal(klient, tjnr[:5]) == 5


def test_change_and_delete_by_haendelseid_and_version(sted):
    klient, _, tjnr, _ = sted
    [ny] = klient.MasseindberetHaendelser(Indberetning=[reg(tjnr[0])])
    hid = ny.HaendelseID
    svar = klient.MasseindberetHaendelser(Indberetning=[
        {"Handling": "Ret", "HaendelseID": hid, "Version": 1, **reg(tjnr[0], til=date(2026, 3, 6))},
        {"Handling": "Slet", "HaendelseID": hid, "Version": 2},
    ])
    assert svar_af(svar) == [(1, "Rettet", []), (2, "Slettet", [])]
    assert svar[0].Haendelse.Version == 2 and svar[1].HaendelseID == hid
    assert antal(klient, tjnr[:1]) == 0


def test_a_group_of_50_dry_run_first_then_for_real_the_counts_match(sted):
    klient, inst, tjnr, udenfor = sted
    klient.OpretHaendelse(**reg(tjnr[7], "500", date(2026, 12, 28), date(2026, 12, 28)))
    gruppe = {"Gruppe": {"Institution": inst, "Enhed": "LUK"}, "FastAarsagskode": "500",
              "FraDato": date(2026, 12, 28), "TilDato": date(2026, 12, 30),
              "Bemaerkning": "Lukket mellem jul og nytår", "TransaktionsID": str(uuid.uuid4())}
    proeve = klient.MasseindberetHaendelser(Indberetning=[gruppe], Proeve=True)
    assert len(proeve) == I_ENHEDEN and {r.Nummer for r in proeve} == {1}
    assert sorted(r.Ansaettelse.Tjenestenummer for r in proeve) == sorted(tjnr)
    afvist = [(r.Ansaettelse.Tjenestenummer, [m.Kode for m in r.Meddelelse]) for r in proeve
              if r.Status == "Afvist"]
    assert afvist == [(tjnr[7], ["F011"])]
    assert {r.Status for r in proeve} == {"Proeve", "Afvist"}
    assert antal(klient, tjnr) == 1  # only the one made before

    rigtig = klient.MasseindberetHaendelser(Indberetning=[gruppe])
    assert sum(r.Status == "Oprettet" for r in rigtig) == sum(r.Status == "Proeve" for r in proeve) == 49
    assert [r.Ansaettelse.Tjenestenummer for r in rigtig if r.Status == "Afvist"] == [tjnr[7]]
    assert antal(klient, tjnr) == 50 and antal(klient, [udenfor]) == 0
    igen = klient.MasseindberetHaendelser(Indberetning=[gruppe])
    assert sum(r.Status == "Gentaget" for r in igen) == 49 and antal(klient, tjnr) == 50


def _masse(antal_: int, indberetning: str) -> bytes:
    return med_sikkerhed(envelope(f"<f:MasseindberetHaendelser>{indberetning * antal_}"
                                  "</f:MasseindberetHaendelser>"))


REG = ("<f:Indberetning><f:Ansaettelse><f:Tjenestenummer>x</f:Tjenestenummer></f:Ansaettelse>"
       "<f:FastAarsagskode>100</f:FastAarsagskode><f:FraDato>2026-03-02</f:FraDato></f:Indberetning>")


def test_above_ten_thousand_gets_f160_through_the_larger_body_limit(server):
    krop = _masse(MAKS_INDBERETNINGER + 1, REG)
    assert len(krop) > 1024 * 1024  # above the default limit: only this operation may
    status, svar = post(server, krop)
    assert status == 500 and kontroller_fault(svar, "Client") == ["F160"]


def test_the_default_limit_still_holds_for_every_other_operation(server):
    bemaerkning = "x" * 250
    opret = (f"<f:OpretHaendelse><f:Ansaettelse><f:Tjenestenummer>x</f:Tjenestenummer></f:Ansaettelse>"
             f"<f:FastAarsagskode>100</f:FastAarsagskode><f:FraDato>2026-03-02</f:FraDato>"
             f"<f:Bemaerkning>{bemaerkning}</f:Bemaerkning></f:OpretHaendelse>")
    krop = med_sikkerhed(envelope(opret * 5000))  # not even valid: the size is judged first
    assert len(krop) > 1024 * 1024
    status, svar = post(server, krop)
    assert status == 413 and kontroller_fault(svar, "Client") == ["X004"]
