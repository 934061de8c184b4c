"""laes_regnskaber's `kun_ferie` (a write's read of the accounts for a vacation event, grundlag_for):
only the vacation codes' events of the judged ferieår are read and booked, and every vacation
event is judged exactly as against every account read whole."""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, timedelta

import pytest

from fravaer.adapters.db import repository
from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoteregler import laeser_kun_ferie, vurderede_ferieaar
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.vurdering import Grundlag, vurder_haendelse
from fravaer.service.regnskaber import annoncer_kontohaendelser_og_perioden, kontohaendelser, laes_regnskaber

KATALOG = standardkatalog()
_, FERIEKODER = KATALOG.kontokoder_delt()

# (code, first day, days, ferieår named): vacation in the spring, across 1 September, in the
# autumn's two open ferieår (the old first, or named), ferie uden løn, a long one
TILFAELDE = [
    ("500", date(2025, 3, 3), 0, None),
    ("500", date(2025, 8, 25), 10, None),
    ("500", date(2025, 10, 6), 0, None),
    ("500", date(2025, 10, 6), 4, 2026),
    ("500", date(2025, 11, 3), 30, None),
    ("505", date(2025, 10, 13), 2, None),
    ("505", date(2024, 5, 6), 0, 2024),
    ("500", date(2024, 12, 2), 40, 2025),
]


def _historik(aid: int, rnd: random.Random) -> list[KontoHaendelse]:
    ud, d, n = [], date(2023, 5, 1), 0
    while d < date(2026, 6, 1):
        if d.weekday() < 5 and rnd.random() < 0.05:
            til = d + timedelta(days=rnd.choice([0, 0, 1, 4]))
            kode = rnd.choice(["500", "500", "505", "520", "110", "600", "620", "801"])
            aar = rnd.choice([None, None, d.year, d.year + 1]) if kode in FERIEKODER else None
            n += 1
            ud.append(KontoHaendelse(f"h{n:04d}", aid, kode, d, til, None, 1 if kode == "600" else None,
                                     aar, False))
            d = til
        d += timedelta(days=1)
    return ud


def _udfald(data: HaendelseData, a, regnskab):
    try:
        grundlag = Grundlag(a, date(2025, 1, 1), Arbejdstid(a), [], None, regnskab)
        v = vurder_haendelse(data, "ny", KATALOG, grundlag)
        return v.data, v.poster, v.meddelelser
    except Afvist as e:
        return e.meddelelser


def test_kun_ferie_vurderes_som_med_alle_konti(demo_engine):
    with UnitOfWork(demo_engine, skriv=True) as uow:
        (a,) = uow.ansaettelser.find(AnsaettelsesIdent("10000001"))
        nu = datetime(2026, 1, 1)
        historik = _historik(a.id, random.Random(3))
        uow.haendelser.tilfoej_mange([
            Haendelse(h.id, a.id, 1, HaendelseData(h.kode, h.fra, h.til, barnenummer=h.barnenummer,
                                                   ferieaar=h.ferieaar), nu, nu) for h in historik])
        uow.commit()
    with UnitOfWork(demo_engine) as uow:
        alle = laes_regnskaber(uow, KATALOG, [a])[a.id]
        assert {p.konto.type.value for p in alle.poster} > {"Ferie"}  # other accounts have uses
        for kode, fra, dage, ferieaar in TILFAELDE:
            data = HaendelseData(kode, fra, fra + timedelta(days=dage), ferieaar=ferieaar)
            aar = vurderede_ferieaar(data, KATALOG.kode(kode))
            assert aar
            laest = kontohaendelser(uow, KATALOG, [a.id], aar, kun_ferie=True)
            assert laest and {h.kode for h in laest} <= set(FERIEKODER)
            assert laest == [h for h in kontohaendelser(uow, KATALOG, [a.id], aar) if h.kode in FERIEKODER]
            r = laes_regnskaber(uow, KATALOG, [a], ferieaar=aar, kun_ferie=True)[a.id]
            assert {p.konto.type.value for p in r.poster} == {"Ferie"} and not r.sygedage
            assert _udfald(data, a, r) == _udfald(data, a, alle), data
            uden = laest[0].id
            assert kontohaendelser(uow, KATALOG, [a.id], aar, uden, kun_ferie=True) == laest[1:]


def test_kun_ferie_i_een_laesning_med_perioden(demo_engine):
    """The write's combined read (annoncer_kontohaendelser_og_perioden, kun_ferie): on PostgreSQL
    one statement, with the vacation codes and ferieår written in and no other codes
    (_haendelser_og_konto_skrevet((), ferie, …)), gives each read the rows it gives on its own."""
    with UnitOfWork(demo_engine, skriv=True) as uow:
        (a,) = uow.ansaettelser.find(AnsaettelsesIdent("10000001"))
        nu = datetime(2026, 1, 1)
        uow.haendelser.tilfoej_mange([
            Haendelse(h.id, a.id, 1, HaendelseData(h.kode, h.fra, h.til, barnenummer=h.barnenummer,
                                                   ferieaar=h.ferieaar), nu, nu)
            for h in _historik(a.id, random.Random(5))])
        uow.commit()
    for kode, fra, dage, ferieaar in TILFAELDE:
        data = HaendelseData(kode, fra, fra + timedelta(days=dage), ferieaar=ferieaar)
        aar = vurderede_ferieaar(data, KATALOG.kode(kode))
        til = data.slut + timedelta(days=30)
        for uden in (None, "h0003"):
            with UnitOfWork(demo_engine) as uow:  # each read on its own
                konto = kontohaendelser(uow, KATALOG, [a.id], aar, uden, kun_ferie=True)
                perioden = uow.haendelser.i_perioden([a.id], fra, til, uden=uden)
            with StatementTaeller(demo_engine) as taeller, UnitOfWork(demo_engine) as uow:
                taeller.nulstil()  # announced: one statement, each read takes its rows from it
                uow.session.laes_sammen(functools.partial(annoncer_kontohaendelser_og_perioden, uow, KATALOG,
                                                          a.id, aar, fra, til, uden, kun_ferie=True))
                assert kontohaendelser(uow, KATALOG, [a.id], aar, uden, kun_ferie=True) == konto, (data, uden)
                assert uow.haendelser.i_perioden([a.id], fra, til, uden=uden) == perioden, (data, uden)
                tekster = [t for t in taeller.o.tekster if t.upper().startswith("SELECT")]
                if demo_engine.dialect.name == "postgresql":  # (SQLite: each read on its own)
                    assert len(tekster) == 1, tekster
            assert konto and {h.kode for h in konto} <= set(FERIEKODER)
            assert uden is None or all(h.id != uden for h in konto + perioden)


@pytest.mark.parametrize("koder, ferie, skrevet", [
    ((), ("500", "505"), True),  # kun_ferie's read: the vacation codes alone
    (("110",), ("500",), True),
    ((), None, False),
    ((), (), False),
    ((), ("5'0",), False),
])
def test_skrevne_koder_uden_andre(koder, ferie, skrevet):
    assert (repository._kontohaendelser_med_koder(koder, ferie, False) is not None) is skrevet
    aar = None if ferie is None else (2025,)
    assert (repository._haendelser_og_konto_skrevet(koder, ferie, aar, False) is not None) is skrevet


@pytest.mark.parametrize("kode, kun_ferie", [
    ("500", True), ("505", True),  # the vacation codes: their ferieår's vacation alone
    ("520", False), ("110", False), ("600", False), ("620", False), ("801", False), ("100", False),
    ("findes-ikke", False),  # an unknown code: nothing narrowed
])
def test_laeser_kun_ferie(kode, kun_ferie):
    k = KATALOG.kode(kode)
    assert laeser_kun_ferie(k) is kun_ferie
    assert laeser_kun_ferie(k) == (k is not None and k.kode in FERIEKODER)
