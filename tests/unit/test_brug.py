"""HentKvoter's accounts book an event's use once per account (Brug, laes_regnskaber's samlet)
where the other rules book it day by day: the balances must come out the same at every date,
across the period edges (a year's start for the running accounts, 1 May for special days, the
date asked inside an event), for part-time, hours, half days, open events and events awaiting
approval, and with the per-read cache of alike events' uses."""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

import pytest

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.kalender import STANDARDKALENDER
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Art, Barn, Konto, KvoteType, Post, Regnskab, brug
from fravaer.domain.politik import feriepolitikker
from fravaer.service.regnskaber import tilfoej_haendelser

KATALOG = standardkatalog()
BARN = Barn(1, date(2021, 3, 15))
D = date


def ansat(minutter: int = 2220, fridag: int | None = None, start: date | None = None,
          slut: date | None = None) -> Ansaettelse:
    return Ansaettelse(1, "X", "0101801234", 1, None, None, None, Loenform.MAANEDSLOEN, minutter,
                       start or D(2018, 1, 1), slut, fast_fridag=fridag)


def regnskaber(a: Ansaettelse, haendelser: list[tuple], politik: str = "stat",
               moedetider: dict[date, int] | None = None, priser: dict | None = None
               ) -> tuple[Regnskab, Regnskab]:
    """The same events booked day by day and per event (with the time bank's adjustment in both)."""
    tid = Arbejdstid(a, STANDARDKALENDER, moedetider or {})
    ds = [KontoHaendelse(f"h{i}", 1, *h) for i, h in enumerate(haendelser)]
    regulering = [Post(Konto(KvoteType.FRIHEDSBANK, None, 4), D(2024, 1, 2), Art.REGULERET, Fraction(3, 2))]
    dag = Regnskab(a, feriepolitikker()[politik], {1: BARN}, list(regulering))
    samlet = Regnskab(a, feriepolitikker()[politik], {1: BARN}, list(regulering))
    tilfoej_haendelser(dag, KATALOG, ds, tid)
    tilfoej_haendelser(samlet, KATALOG, ds, tid, {} if priser is None else priser)
    return dag, samlet


DATOER = [D(2023, 12, 31), D(2024, 1, 1), D(2024, 4, 30), D(2024, 5, 1), D(2024, 6, 18), D(2024, 6, 19),
          D(2024, 8, 31), D(2024, 9, 1), D(2024, 12, 31), D(2025, 1, 1), D(2025, 1, 2), D(2025, 5, 3),
          D(2025, 12, 31)]


def ens(dag: Regnskab, samlet: Regnskab) -> None:
    for dato in DATOER:
        assert samlet.kvoter_i_aar(dato) == dag.kvoter_i_aar(dato), dato
        for konto in dag._konti():
            assert samlet.kvote(konto, dato) == dag.kvote(konto, dato), (konto, dato)
    assert set(samlet._konti()) == set(dag._konti())


# (kode, fra, til, minutter, barnenummer, ferieaar[, afventer])
TILFAELDE = {
    "vacation inside a week": [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024)],
    "vacation over new year": [("500", D(2024, 12, 23), D(2025, 1, 3), None, None, 2025)],
    "vacation without a ferieår": [("500", D(2024, 10, 7), D(2024, 10, 11), None, None, None)],
    "special days up to 30 April": [("520", D(2024, 4, 29), D(2024, 4, 30), None, None, None)],
    "special days over 1 May": [("520", D(2024, 4, 29), D(2024, 5, 3), None, None, None)],
    "care days over new year": [("600", D(2024, 12, 30), D(2025, 1, 2), None, 1, None)],
    "half care day": [("605", D(2024, 3, 5), D(2024, 3, 5), None, 1, None)],
    "half care day on 24 December": [("615", D(2024, 12, 24), D(2024, 12, 24), None, 1, None)],
    "saved care days": [("620", D(2024, 2, 5), D(2024, 2, 6), None, None, None)],
    "time bank over new year": [("804", D(2024, 12, 30), D(2025, 1, 3), None, None, None)],
    "time bank in hours": [("804", D(2024, 12, 31), D(2025, 1, 2), 120, None, None)],
    "one day in hours": [("801", D(2024, 6, 19), D(2024, 6, 19), 200, None, None)],
    "reduced time over the date": [("500", D(2024, 6, 17), D(2024, 6, 21), 222, None, 2024)],
    "open event": [("500", D(2024, 6, 17), None, None, None, 2024)],
    "awaiting approval": [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024, True),
                          ("804", D(2024, 12, 30), D(2025, 1, 3), None, None, None, True)],
    "only days off": [("500", D(2024, 6, 22), D(2024, 6, 23), None, None, 2024)],
    "sick during vacation": [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024),
                             ("110", D(2024, 6, 18), D(2024, 6, 19), None, None, None)],
    "unpaid vacation": [("505", D(2024, 9, 2), D(2024, 9, 6), None, None, 2025)],
    "several alike": [("500", D(2024, 6, 17), D(2024, 6, 18), None, None, 2024),
                      ("500", D(2024, 6, 17), D(2024, 6, 18), None, None, 2024),
                      ("804", D(2025, 1, 2), D(2025, 1, 2), None, None, None)],
}
ANSATTE = {
    "full time": (ansat(), {}),
    "part time, Friday off": (ansat(1776, fridag=4), {}),
    "part time": (ansat(1110), {}),
    "registered working times": (ansat(), {D(2024, 6, 18): 0, D(2024, 6, 22): 300, D(2024, 12, 31): 444,
                                           D(2025, 1, 2): 0}),
    "ended in the middle": (ansat(slut=D(2024, 6, 30)), {}),
}


@pytest.mark.parametrize("tilfaelde", list(TILFAELDE))
@pytest.mark.parametrize("hvem", list(ANSATTE))
def test_per_event_and_per_day_booking_give_the_same_quotas(tilfaelde, hvem):
    a, moedetider = ANSATTE[hvem]
    dag, samlet = regnskaber(a, TILFAELDE[tilfaelde], moedetider=moedetider)
    ens(dag, samlet)


@pytest.mark.parametrize("tilfaelde", ["vacation over new year", "reduced time over the date",
                                       "awaiting approval", "several alike"])
def test_salary_deduction_policy_walks_the_same_days(tilfaelde):
    dag, samlet = regnskaber(ansat(start=D(2024, 3, 1)), TILFAELDE[tilfaelde], politik="loentraek")
    ens(dag, samlet)


def test_an_event_over_1_may_is_one_use_of_each_special_days_year():
    a = ansat()
    stykker = brug(KATALOG.kode("520"), D(2024, 4, 29), D(2024, 5, 3), None, None, None, Arbejdstid(a))
    assert [(b.konto.aar, b.fra, b.til, b.dage) for b in stykker] == [
        (2022, D(2024, 4, 29), D(2024, 4, 30), 2), (2023, D(2024, 5, 1), D(2024, 5, 3), 3)]
    assert brug(KATALOG.kode("500"), D(2024, 6, 17), None, None, None, 2024, Arbejdstid(a)) == []


def test_the_cache_serves_alike_events_and_keeps_each_events_own_id_and_flag():
    priser: dict = {}
    afventer = ("500", D(2024, 6, 17), D(2024, 6, 18), None, None, 2024, True)
    haendelser = [*TILFAELDE["several alike"], afventer]
    dag, samlet = regnskaber(ansat(), haendelser, priser=priser)
    ens(dag, samlet)

    def udregnet() -> int:  # uses worked out (_prisen's keys), not the rows as stored that find them
        return sum(1 for k in priser if len(k) == 7)

    assert udregnet() == 2  # the three alike vacations' uses worked out once
    assert [(b.kilde, b.afventer) for b in samlet.brug] == [
        ("h0", False), ("h1", False), ("h2", False), ("h3", True)]
    # another employment's events of the same shape and working time find them there
    _, anden = regnskaber(ansat(), haendelser, priser=priser)
    assert anden.brug == samlet.brug and udregnet() == 2
    assert all(b.dagene is c.dagene for b, c in zip(anden.brug, samlet.brug, strict=True))  # shared


def test_registered_working_times_are_not_shared_through_the_cache():
    priser: dict = {}
    haendelse = [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024)]
    _, uden = regnskaber(ansat(), haendelse, priser=priser)
    _, med = regnskaber(ansat(), haendelse, moedetider={D(2024, 6, 18): 0}, priser=priser)
    assert uden.brug[0].dage == 5 and med.brug[0].dage == 4


def test_the_day_postings_are_not_asked_of_per_event_accounts():
    _, samlet = regnskaber(ansat(), TILFAELDE["vacation inside a week"])
    with pytest.raises(ValueError):
        samlet.egne_poster(Konto(KvoteType.FERIE, 2024))
    assert samlet.uden("h0").brug == []


def test_random_events_give_the_same_quotas():
    rnd = random.Random(13)
    priser: dict = {}  # one read's: alike events' uses and alike quotas shared across the rounds
    husk: dict = {}
    laest = []
    koder = ["500", "505", "520", "600", "605", "620", "801", "804", "110"]
    for _ in range(60):
        a, moedetider = ANSATTE[rnd.choice(list(ANSATTE))]
        haendelser = []
        for _ in range(rnd.randint(1, 8)):
            kode = rnd.choice(koder)
            fra = D(2024, 1, 1) + timedelta(days=rnd.randint(-20, 520))
            til = None if rnd.random() < 0.05 else fra + timedelta(days=rnd.choice([0, 0, 1, 3, 6, 13]))
            minutter = rnd.choice([None, None, None, 60, 222]) if kode != "605" else None
            if kode == "605" and til is not None:
                til = fra
            ferieaar = (rnd.choice([None, fra.year, fra.year + 1]) if kode in ("500", "505") else None)
            haendelser.append((kode, fra, til, minutter, 1 if kode in ("600", "605") else None, ferieaar,
                               rnd.random() < 0.15))
        politik = rnd.choice(["stat", "stat", "loentraek"])
        dag, samlet = regnskaber(a, haendelser, politik=politik, moedetider=moedetider, priser=priser)
        ens(dag, samlet)
        laest.append(samlet)  # husk's ids hold while every account of the read lives
        for dato in DATOER:
            assert samlet.kvoter_i_aar(dato, husk) == dag.kvoter_i_aar(dato), dato


def test_a_reads_alike_quotas_are_one_object_and_the_same_as_each_worked_out():
    priser: dict = {}
    husk: dict = {}
    haendelser = [*TILFAELDE["several alike"], *TILFAELDE["special days over 1 May"],
                  *TILFAELDE["awaiting approval"]]
    dag1, samlet1 = regnskaber(ansat(), haendelser, priser=priser)
    dag2, samlet2 = regnskaber(ansat(), haendelser, priser=priser)
    dag3, samlet3 = regnskaber(ansat(), haendelser, moedetider={D(2024, 6, 18): 0}, priser=priser)
    for dato in DATOER:
        en, to, tre = (r.kvoter_i_aar(dato, husk) for r in (samlet1, samlet2, samlet3))
        assert (en, to, tre) == (dag1.kvoter_i_aar(dato), dag2.kvoter_i_aar(dato), dag3.kvoter_i_aar(dato))
        # the accounts with only uses of the cache's days are the first's own objects
        delte = [k for k in en if k.konto.type is not KvoteType.FRIHEDSBANK and (k.afholdt or k.planlagt)]
        assert delte and all(any(k is j for j in to) for k in delte), dato
        if dato == D(2024, 6, 19):  # the registered day off in the vacation: its own quota
            assert not any(k is j for k in delte for j in tre if k.konto.type is KvoteType.FERIE)


def test_accounts_with_stored_postings_alike_share_a_quota_and_others_keep_their_own():
    """husk keys a stored posting by what opgoer reads of it (day, kind, awaiting, days), not by
    its id: the same adjustment of two employments is one quota; another day, kind or amount is
    its own, and every quota is as worked out without husk."""
    frihedsbank = Konto(KvoteType.FRIHEDSBANK, None, 4)
    haendelser = TILFAELDE["several alike"]

    def med(*poster: tuple) -> Regnskab:
        _, samlet = regnskaber(ansat(), haendelser, priser=priser)
        samlet.poster = [Post(frihedsbank, d, art, dage, kilde=f"r{i}")
                         for i, (d, art, dage) in enumerate(poster)]
        samlet._pr_konto = None
        return samlet

    priser: dict = {}
    husk: dict = {}
    alike = (D(2024, 1, 2), Art.REGULERET, Fraction(3, 2))
    varianter = [med(alike), med(alike), med((D(2024, 1, 3), Art.REGULERET, Fraction(3, 2))),
                 med((D(2024, 1, 2), Art.OVERFOERT, Fraction(3, 2))),
                 med((D(2024, 1, 2), Art.REGULERET, Fraction(2))),
                 med(alike, alike), med()]
    for dato in (D(2024, 1, 2), D(2024, 6, 19), D(2025, 1, 1)):
        kvoter = [r.kvoter_i_aar(dato, husk) for r in varianter]
        alene = [r.kvoter_i_aar(dato) for r in varianter]
        assert kvoter == alene, dato
        banker = [[k for k in ks if k.konto == frihedsbank] for ks in kvoter]
        assert banker[0][0] is banker[1][0]  # alike: one object
        for j in (2, 3, 4, 5, 6):  # (the events' uses of the time bank give each a quota)
            assert banker[0][0] is not banker[j][0], (dato, j)
