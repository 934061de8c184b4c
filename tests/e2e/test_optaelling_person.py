"""OptaelFravaer per person (CPRNummer) end to end: zeep over HTTP against the gunicorn server
(seed 002 "Fravær kan optælles på den enkelte ansatte – på CPR-nummer"; docs/RETTIGHEDER.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import zeep

from fravaer.adapters.db.engine import make_engine
from fravaer.service.brugere import BrugerFejl, gem_bruger
from tests.e2e.conftest import fejlkoder, zeep_klient

CPR = "0303901234"  # two employments at DEMO: 10000003 (37 hours) and 10000004 (hourly, 15 hours)
T3, T4 = {"Tjenestenummer": "10000003"}, {"Tjenestenummer": "10000004"}
KODEORD = "hemmeligt-5678"


@pytest.fixture
def kommune(server):
    """A user who may read DEMO2 only."""
    engine = make_engine(server.database_url)
    try:
        gem_bruger(engine, "kommunelaeser", KODEORD, laes=["DEMO2"])
    except BrugerFejl:
        gem_bruger(engine, "kommunelaeser", KODEORD, laes=["DEMO2"], ny=False)
    engine.dispose()
    return zeep_klient(server, "kommunelaeser", KODEORD)


def test_counting_per_person_across_employments(klient):
    oprettet = [klient.OpretHaendelse(Ansaettelse=a, FastAarsagskode="100", FraDato=fra, TilDato=til
                                      ).Haendelse
                for a, fra, til in [(T3, "2023-10-02", "2023-10-06"), (T4, "2023-10-04", "2023-10-05")]]
    try:
        svar = klient.OptaelFravaer(CPRNummer=CPR, FraDato="2023-10-01", TilDato="2023-10-31",
                                    FastAarsagskode=["100"])
        # 2–6 October once for the person, though 4–5 October are in both employments; the
        # minutes are each employment's own: 5 × 444 and 2 × 180
        assert (svar.Dage, svar.Minutter) == (Decimal("5.00"), 5 * 444 + 2 * 180)
        assert [(d.Ansaettelse.Tjenestenummer, d.Ansaettelse.Loebenummer, d.Dage, d.Minutter)
                for d in svar.Delsum] == [("10000003", 1, Decimal("5.00"), 2220),
                                          ("10000004", 2, Decimal("2.00"), 360)]
        assert [(h.Ansaettelse.Tjenestenummer, h.FraDato) for h in svar.Haendelse] == [
            ("10000003", date(2023, 10, 2)), ("10000004", date(2023, 10, 4))]
        # per employment, the answer keeps its old shape: no Delsum
        en = klient.OptaelFravaer(Ansaettelse=T4, FraDato="2023-10-01", TilDato="2023-10-31")
        assert (en.Dage, en.Minutter, en.Delsum) == (Decimal("2.00"), 360, [])
    finally:
        for h in oprettet:
            klient.SletHaendelse(HaendelseID=h.HaendelseID, Version=h.Version)


def test_a_person_the_user_may_not_read_is_answered_as_an_unknown_one(klient, kommune):
    svar = []
    for cpr in (CPR, "0505991234"):  # another institution's employee; nobody's
        with pytest.raises(zeep.exceptions.Fault) as e:
            kommune.OptaelFravaer(CPRNummer=cpr, FraDato="2023-10-01", TilDato="2023-10-31")
        tekster = [t.text for t in e.value.detail.iter("{urn:fravaer:1}Tekst")]
        svar.append((e.value.code.endswith("Client"), fejlkoder(e.value), tekster))
        assert cpr not in str(tekster)
    assert svar[0] == svar[1] == (True, ["F030"], ["Ansættelsen for det angivne CPR-nummer findes ikke."])
    # the demo user, who may read DEMO, counts the same person
    assert klient.OptaelFravaer(CPRNummer=CPR, FraDato="2023-10-01", TilDato="2023-10-31").Delsum


def test_a_period_that_ends_before_it_starts_is_refused(klient):
    with pytest.raises(zeep.exceptions.Fault) as e:
        klient.OptaelFravaer(CPRNummer=CPR, FraDato="2023-10-31", TilDato="2023-10-01")
    assert fejlkoder(e.value) == ["F003"]
