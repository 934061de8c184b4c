"""HentAendringer end to end (issue 19 item 1): zeep over HTTP, every answer checked against the
XSD; the feed followed from its end by the cursor, with before and after, filters, rights and the
refusals."""

from __future__ import annotations

import pytest
import zeep

from fravaer.adapters.db.engine import make_engine
from fravaer.service.brugere import BrugerFejl, gem_bruger
from tests.e2e.conftest import fejlkoder, zeep_klient
from tests.integration.test_aendringer import efter_horisonten

T1 = {"Tjenestenummer": "10000001"}
DEMO5 = {"Tjenestenummer": "20000001"}  # DEMO2's
KODEORD = "feed-kodeord-1234"


def til_enden(klient, **filtre) -> str:
    """Follow the feed to its end now; the cursor to go on from."""
    token = None
    while True:
        svar = klient.HentAendringer(Fortsaettelse=token, MaksAntal=5000, **filtre)
        token = svar.Fortsaettelse
        if not svar.Flere:
            return token


def felter(indhold) -> dict:
    return {f.Navn: f.Vaerdi for f in indhold.Felt} if indhold is not None else None


@pytest.fixture
def horisont(server):
    """Wait until the feed delivers everything committed so far (PostgreSQL's read horizon)."""
    engine = make_engine(server.database_url)
    yield lambda: efter_horisonten(engine)
    engine.dispose()


@pytest.fixture
def kommune(server):
    """A user with a right at DEMO2 only."""
    engine = make_engine(server.database_url)
    try:
        gem_bruger(engine, "feedkommune", KODEORD, registrer=["DEMO2"])
    except BrugerFejl:
        gem_bruger(engine, "feedkommune", KODEORD, ny=False, registrer=["DEMO2"])
    engine.dispose()
    return zeep_klient(server, "feedkommune", KODEORD)


def test_follow_the_feed_with_before_and_after(klient, horisont):
    horisont()
    token = til_enden(klient)
    h = klient.OpretHaendelse(Ansaettelse=T1, FastAarsagskode="100", FraDato="2033-03-01").Haendelse
    klient.RetHaendelse(HaendelseID=h.HaendelseID, Version=1, Ansaettelse=T1, FastAarsagskode="100",
                        FraDato="2033-03-01", TilDato="2033-03-02")
    horisont()
    svar = klient.HentAendringer(Fortsaettelse=token, Art=["Haendelse"])
    mine = [a for a in svar.Aendring if a.Noegle == h.HaendelseID]
    assert [a.Handling for a in mine] == ["Opret", "Ret"]
    opret, ret = mine
    assert opret.Foer is None and felter(opret.Efter)["fra"] == "2033-03-01"
    assert felter(ret.Foer)["til"] is None and felter(ret.Efter)["til"] == "2033-03-02"
    assert (ret.Institution, ret.Ansaettelse.Tjenestenummer, ret.Art) == ("DEMO", "10000001", "Haendelse")
    assert ret.Tidspunkt.tzinfo is not None and ret.Bruger
    # nothing more: the same cursor back, an empty page
    videre = klient.HentAendringer(Fortsaettelse=svar.Fortsaettelse)
    assert videre.Aendring == [] and videre.Fortsaettelse == svar.Fortsaettelse and videre.Flere is False
    klient.SletHaendelse(HaendelseID=h.HaendelseID, Version=2)
    horisont()
    slet = klient.HentAendringer(Fortsaettelse=svar.Fortsaettelse).Aendring
    assert [(a.Handling, a.Efter) for a in slet] == [("Slet", None)]


def test_rights_and_filters(klient, kommune, horisont):
    token = til_enden(klient)
    # closed events: an open one would stand in other tests' way on this server
    for ans in (T1, DEMO5):
        klient.OpretHaendelse(Ansaettelse=ans, FastAarsagskode="100", FraDato="2033-04-01",
                              TilDato="2033-04-01")
    horisont()
    alle = klient.HentAendringer(Fortsaettelse=token).Aendring
    assert {a.Institution for a in alle} == {"DEMO", "DEMO2"}
    assert {a.Institution for a in klient.HentAendringer(Fortsaettelse=token, Institution="DEMO2").Aendring} \
        == {"DEMO2"}
    assert {a.Institution for a in kommune.HentAendringer(Fortsaettelse=token).Aendring} == {"DEMO2"}
    assert klient.HentAendringer(Fortsaettelse=token, Art=["Kalender"]).Aendring == []


@pytest.mark.parametrize(("felter_", "kode"), [
    ({"Fortsaettelse": "abc"}, "F200"),
    ({"Fortsaettelse": "eyJ2IjoxLCJ4IjowLCJpIjowfQ", "FraTidspunkt": "2026-01-01T00:00:00Z"}, "F202"),
    ({"Enhed": "HR"}, "F203"),
    ({"Institution": "FINDES-IKKE"}, "F088"),
])
def test_refusals(klient, felter_, kode):
    with pytest.raises(zeep.exceptions.Fault) as e:
        klient.HentAendringer(**felter_)
    assert e.value.code.endswith("Client") and fejlkoder(e.value) == [kode]


def test_another_institution_is_answered_as_unknown(kommune):
    with pytest.raises(zeep.exceptions.Fault) as e:
        kommune.HentAendringer(Institution="DEMO")
    assert fejlkoder(e.value) == ["F088"]
